/**
 * The printers stage on its own, on every path a user hits: a queue added
 * (entry on disk as ours before the add), the user's own queue (recorded as
 * theirs, never removed), a queue of that name printing elsewhere (an error),
 * an add that fails (entry withdrawn unless an earlier connect recorded it),
 * the Windows route in the user's session, and undo in reverse order that
 * removes only ours. Fakes say so in the test names: a fake helper on a real
 * socket, a fake user-printer adapter (the in-memory adapter of fakes.ts with
 * the Windows route rule of win32.ts: `smb://` queues are the user's session's).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/shared/errors';
import type { ProfilePrinter, StoredProfile } from '../../../src/shared/profile/types';
import type { PlatformAdapter } from '../../../src/core/platform/types';
import { recordSlice, updateSessionRecord, type PrinterEntry } from '../../../src/core/session/record';
import { createPrintersStage, type PrinterEvent } from '../../../src/core/stages/printers';
import { fakeDriveAdapter, fakeHelper, freshHome, recordOnDisk, storedProfile, type FakeHandler, type FakeHelper } from './fakes';

const PLOTTER: ProfilePrinter = { name: 'Plotter-DesignJet', label: 'Plotter (DesignJet)', uri: 'ipp://print.buero.local:631/printers/Plotter' };
const LASER: ProfilePrinter = { name: 'Laser-Flur', label: 'Laser (Flur)', uri: 'ipp://print.buero.local:631/printers/Laser' };
/** A Windows shared queue: added in the user's session, recorded as its `\\host\queue` connection. */
const COPIER: ProfilePrinter = { name: 'Kopierer', label: 'Kopierer', uri: 'smb://print.buero.local/Kopierer' };
const COPIER_QUEUE = '\\\\print.buero.local\\Kopierer';

const ours = (name: string, route: 'helper' | 'user' = 'helper'): PrinterEntry => ({ name, route, owner: 'ours' });
const theirs = (name: string, route: 'helper' | 'user' = 'helper'): PrinterEntry => ({ name, route, owner: 'theirs' });

const helpers: FakeHelper[] = [];
afterEach(async () => {
  for (const h of helpers.splice(0)) await h.close();
});

interface World {
  readonly home: string;
  readonly profile: StoredProfile;
  /** Every ask of either fake, in order: `helper printer.add NAME`, `user add NAME`, `user remove QUEUE`. */
  readonly asked: string[];
  /** The printers slice on disk at each `printer.add` / `addUserPrinter` (null: no record file). */
  readonly recordAtAdd: (readonly PrinterEntry[] | null)[];
  /** The body of each `printer.add` the fake helper received. */
  readonly addBodies: Record<string, unknown>[];
  readonly events: PrinterEvent[];
  readonly removed: string[];
  /** The Windows shared queues connected on the fake computer: connection → name. */
  readonly userQueues: Map<string, string>;
  readonly socketPath: string;
  readonly platform: PlatformAdapter;
}

const printersOnDisk = (home: string): readonly PrinterEntry[] | null => recordOnDisk(home)?.printers ?? null;

/**
 * A fake helper whose `printer.add` / `printer.remove` answer by default as the real one does for a
 * new queue of its own (added with the `everywhere` driver / removed), and a fake user-printer adapter.
 */
async function world(
  printers: readonly ProfilePrinter[],
  opts: { add?: FakeHandler; remove?: FakeHandler; userQueues?: Record<string, string>; record?: PrinterEntry[] } = {},
): Promise<World> {
  const home = freshHome();
  const profile = { ...storedProfile(), printers } as StoredProfile;
  const asked: string[] = [];
  const recordAtAdd: (readonly PrinterEntry[] | null)[] = [];
  const addBodies: Record<string, unknown>[] = [];
  const helper = await fakeHelper({
    'printer.add': (req) => {
      asked.push(`helper printer.add ${String(req.name)}`);
      recordAtAdd.push(printersOnDisk(home));
      addBodies.push(req);
      return (opts.add ?? ((r) => ({ result: { kind: 'printer.added', printer: { name: r.name, uri: r.uri, managed: true }, created: true, driver: 'everywhere' } })))(req);
    },
    'printer.remove': (req) => {
      asked.push(`helper printer.remove ${String(req.name)}`);
      return (opts.remove ?? ((r) => ({ result: { kind: 'printer.removed', name: r.name, removed: true } })))(req);
    },
  });
  helpers.push(helper);
  const userQueues = new Map(Object.entries(opts.userQueues ?? {}));
  const base = fakeDriveAdapter(home, { userPrinters: userQueues }).platform;
  const platform: PlatformAdapter = {
    ...base,
    // As win32.ts: a shared (smb) queue is connected in the user's session, everything else by the helper.
    printerRoute: (uri: string) => (uri.startsWith('smb://') ? 'user' : 'helper'),
    async addUserPrinter(name: string, uri: string) {
      asked.push(`user add ${name}`);
      recordAtAdd.push(printersOnDisk(home));
      return base.addUserPrinter(name, uri);
    },
    async removeUserPrinter(queue: string) {
      asked.push(`user remove ${queue}`);
      return base.removeUserPrinter(queue);
    },
  };
  if (opts.record) {
    const entries = opts.record;
    await updateSessionRecord(home, profile.org, (r) => ({ ...r, printers: entries }));
  }
  return { home, profile, asked, recordAtAdd, addBodies, events: [], removed: [], userQueues, socketPath: helper.socketPath, platform };
}

function stage(w: World) {
  return createPrintersStage({ platform: w.platform, onPrinter: (e) => w.events.push(e), onRemoved: (n) => w.removed.push(n) });
}

function connect(w: World) {
  const ctx = { home: w.home, helper: { socketPath: w.socketPath }, loaded: { profile: w.profile, fingerprint: 'f', secrets: [] } };
  return stage(w).run(ctx, recordSlice(w.home, 'printers', w.profile.org));
}

function disconnect(w: World) {
  return stage(w).undo(recordSlice(w.home, 'printers', w.profile.org), { home: w.home, helper: { socketPath: w.socketPath } });
}

const exists = (uri: string): FakeHandler => (req) => ({ error: new UserError('printers.exists', { name: String(req.name), uri }) });
const addFailed: FakeHandler = (req) => ({ error: new UserError('printers.addFailed', { name: String(req.name), detail: 'everywhere: Unable to query printer; raw: lpadmin failed' }) });

describe('printers stage connect: helper queues (fake helper)', () => {
  it('writes a new queue as ours before the fake helper adds it, keeps it ours, and names the driver the helper used', async () => {
    const w = await world([PLOTTER]);
    expect(await connect(w)).toEqual({ ok: true });
    expect(w.asked).toEqual(['helper printer.add Plotter-DesignJet']);
    expect(w.addBodies[0]).toMatchObject({ cmd: 'printer.add', org: 'buero-mueller', name: PLOTTER.name, uri: PLOTTER.uri });
    expect(w.recordAtAdd).toEqual([[ours(PLOTTER.name)]]);
    expect(printersOnDisk(w.home)).toEqual([ours(PLOTTER.name)]);
    expect(w.events).toEqual([{ name: PLOTTER.name, status: 'added', driver: 'everywhere' }]);
  });

  it("records the user's own queue with the same address as theirs, reports it reused, and undo never asks the fake helper to remove it", async () => {
    const w = await world([PLOTTER], { add: exists(PLOTTER.uri) });
    expect(await connect(w)).toEqual({ ok: true });
    expect(printersOnDisk(w.home)).toEqual([theirs(PLOTTER.name)]);
    expect(w.events).toEqual([{ name: PLOTTER.name, status: 'reused' }]);

    expect(await disconnect(w)).toEqual([]);
    expect(w.asked).toEqual(['helper printer.add Plotter-DesignJet']);
    expect(w.removed).toEqual([]);
    expect(recordOnDisk(w.home)).toBeNull();
  });

  it('reports an error, not theirs, when the fake helper finds a queue of that name printing somewhere else', async () => {
    const w = await world([PLOTTER], { add: exists('ipp://print.buero.local:631/printers/Other') });
    const outcome = await connect(w);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'printers.exists', params: { name: PLOTTER.name, uri: 'ipp://print.buero.local:631/printers/Other' } } });
    expect(w.events).toEqual([{ name: PLOTTER.name, error: outcome.error }]);
    expect(w.recordAtAdd).toEqual([[ours(PLOTTER.name)]]);
    expect(recordOnDisk(w.home)).toBeNull();
  });

  it('withdraws the entry of a queue the fake helper fails to add and keeps the queue added before it', async () => {
    const w = await world([LASER, PLOTTER], { add: (req) => (req.name === PLOTTER.name ? addFailed(req) : { result: { kind: 'printer.added', printer: { name: req.name, uri: req.uri, managed: true }, created: true, driver: 'raw' } }) });
    const outcome = await connect(w);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'printers.addFailed', params: { name: PLOTTER.name } } });
    expect(w.recordAtAdd).toEqual([[ours(LASER.name)], [ours(LASER.name), ours(PLOTTER.name)]]);
    expect(printersOnDisk(w.home)).toEqual([ours(LASER.name)]);
    expect(w.events).toEqual([
      { name: LASER.name, status: 'added', driver: 'raw' },
      { name: PLOTTER.name, error: outcome.error },
    ]);
  });

  it('keeps an entry an earlier connect recorded when the fake helper now fails to add that queue', async () => {
    const w = await world([PLOTTER], { add: addFailed, record: [ours(PLOTTER.name)] });
    expect(await connect(w)).toMatchObject({ ok: false, error: { code: 'printers.addFailed' } });
    expect(w.recordAtAdd).toEqual([[ours(PLOTTER.name)]]);
    expect(printersOnDisk(w.home)).toEqual([ours(PLOTTER.name)]);
  });

  it('writes a new queue before the fake helper adds it even when the record already lists another printer, and keeps that one', async () => {
    const w = await world([PLOTTER], { record: [ours(LASER.name)] });
    expect(await connect(w)).toEqual({ ok: true });
    expect(w.recordAtAdd).toEqual([[ours(LASER.name), ours(PLOTTER.name)]]);
    expect(printersOnDisk(w.home)).toEqual([ours(LASER.name), ours(PLOTTER.name)]);
  });

  it('keeps an entry an earlier connect recorded as ours when the fake helper reports it added again', async () => {
    const w = await world([PLOTTER], { record: [ours(PLOTTER.name)] });
    expect(await connect(w)).toEqual({ ok: true });
    expect(printersOnDisk(w.home)).toEqual([ours(PLOTTER.name)]);
    expect(w.events).toEqual([{ name: PLOTTER.name, status: 'added', driver: 'everywhere' }]);
  });

  it("keeps a queue recorded as theirs as theirs, before and after the add, when the fake helper still finds the user's queue", async () => {
    const w = await world([PLOTTER], { add: exists(PLOTTER.uri), record: [theirs(PLOTTER.name)] });
    expect(await connect(w)).toEqual({ ok: true });
    expect(w.recordAtAdd).toEqual([[theirs(PLOTTER.name)]]);
    expect(printersOnDisk(w.home)).toEqual([theirs(PLOTTER.name)]);
  });

  it('leaves an entry an earlier connect recorded as ours as it is when the fake helper finds a same-address queue it does not manage', async () => {
    // Undo then asks the helper, which refuses a queue it did not add (printers.notManaged): nothing of the user's is removed.
    const w = await world([PLOTTER], { add: exists(PLOTTER.uri), record: [ours(PLOTTER.name)] });
    expect(await connect(w)).toEqual({ ok: true });
    expect(printersOnDisk(w.home)).toEqual([ours(PLOTTER.name)]);
    expect(w.events).toEqual([{ name: PLOTTER.name, status: 'reused' }]);
  });

  it("records as ours a queue recorded as theirs once the fake helper adds it (the user's queue is gone)", async () => {
    const w = await world([PLOTTER], { record: [theirs(PLOTTER.name)] });
    expect(await connect(w)).toEqual({ ok: true });
    expect(printersOnDisk(w.home)).toEqual([ours(PLOTTER.name)]);
  });
});

describe('printers stage connect: refusals (fake helper, fake user-printer adapter)', () => {
  it('says the profile is missing when none was loaded, and asks and records nothing', async () => {
    const w = await world([PLOTTER]);
    const ctx = { home: w.home, helper: { socketPath: w.socketPath } };
    await expect(stage(w).run(ctx, recordSlice(w.home, 'printers', w.profile.org))).rejects.toMatchObject({ code: 'error.profile.notFound' });
    expect(w.asked).toEqual([]);
    expect(recordOnDisk(w.home)).toBeNull();
  });

  it('reports ok for a profile with no printers and asks neither the fake helper nor the fake user-printer adapter', async () => {
    const w = await world([]);
    expect(await connect(w)).toEqual({ ok: true });
    expect(w.asked).toEqual([]);
    expect(w.events).toEqual([]);
    expect(recordOnDisk(w.home)).toBeNull();
  });

  it('refuses a Windows shared printer outside the company (printers.outsideDomain): the fake user-printer adapter is not asked, nothing recorded', async () => {
    const outside = { name: 'Fremd', label: 'Fremd', uri: 'smb://print.evil.example.com/Fremd' };
    const w = await world([outside, COPIER]);
    const outcome = await connect(w);
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ code: 'printers.outsideDomain', params: { name: 'Fremd', host: 'print.evil.example.com', domain: 'buero.local' } }) });
    expect(w.events).toEqual([
      { name: 'Fremd', error: outcome.error },
      { name: COPIER.name, status: 'added' },
    ]);
    expect(w.asked).toEqual([`user add ${COPIER.name}`]);
    expect(printersOnDisk(w.home)).toEqual([ours(COPIER_QUEUE, 'user')]);
  });

  it('refuses a helper printer outside the company (printers.outsideDomain) without asking the fake helper', async () => {
    const w = await world([{ name: 'Fremd', label: 'Fremd', uri: 'ipp://print.evil.example.com/printers/Fremd' }]);
    expect(await connect(w)).toMatchObject({ ok: false, error: { code: 'printers.outsideDomain', params: { host: 'print.evil.example.com' } } });
    expect(w.asked).toEqual([]);
    expect(recordOnDisk(w.home)).toBeNull();
  });
});

describe("printers stage: Windows shared queues in the user's session (fake user-printer adapter)", () => {
  it('connects a shared queue through the fake user-printer adapter, recorded as \\\\host\\queue before, and removes it at undo', async () => {
    const w = await world([COPIER]);
    expect(await connect(w)).toEqual({ ok: true });
    expect(w.recordAtAdd).toEqual([[ours(COPIER_QUEUE, 'user')]]);
    expect(printersOnDisk(w.home)).toEqual([ours(COPIER_QUEUE, 'user')]);
    expect(w.events).toEqual([{ name: COPIER.name, status: 'added' }]);
    expect(w.userQueues.has(COPIER_QUEUE)).toBe(true);

    expect(await disconnect(w)).toEqual([]);
    expect(w.asked).toEqual([`user add ${COPIER.name}`, `user remove ${COPIER_QUEUE}`]);
    expect(w.removed).toEqual([COPIER_QUEUE]);
    expect(w.userQueues.has(COPIER_QUEUE)).toBe(false);
    expect(recordOnDisk(w.home)).toBeNull();
  });

  it('records a shared queue the user had as theirs, reports it reused, and leaves it connected at undo (fake user-printer adapter)', async () => {
    const w = await world([COPIER], { userQueues: { [COPIER_QUEUE]: 'Kopierer (eigener)' } });
    expect(await connect(w)).toEqual({ ok: true });
    expect(printersOnDisk(w.home)).toEqual([theirs(COPIER_QUEUE, 'user')]);
    expect(w.events).toEqual([{ name: COPIER.name, status: 'reused' }]);

    expect(await disconnect(w)).toEqual([]);
    expect(w.asked).toEqual([`user add ${COPIER.name}`]);
    expect(w.removed).toEqual([]);
    expect(w.userQueues.get(COPIER_QUEUE)).toBe('Kopierer (eigener)');
    expect(recordOnDisk(w.home)).toBeNull();
  });
});

describe('printers stage undo (fake helper, fake user-printer adapter)', () => {
  it('undoes in reverse order, each queue through its own route: the fake helper for system queues, the fake user-printer adapter for shared ones', async () => {
    const w = await world([], { record: [ours(PLOTTER.name), ours(COPIER_QUEUE, 'user'), ours(LASER.name)], userQueues: { [COPIER_QUEUE]: COPIER.name } });
    expect(await disconnect(w)).toEqual([]);
    expect(w.asked).toEqual([`helper printer.remove ${LASER.name}`, `user remove ${COPIER_QUEUE}`, `helper printer.remove ${PLOTTER.name}`]);
    expect(w.removed).toEqual([LASER.name, COPIER_QUEUE, PLOTTER.name]);
    expect(recordOnDisk(w.home)).toBeNull();
  });

  it('never asks to remove an entry recorded as theirs, on either route, and forgets it (fake helper, fake user-printer adapter)', async () => {
    const w = await world([], { record: [theirs(PLOTTER.name), theirs(COPIER_QUEUE, 'user')], userQueues: { [COPIER_QUEUE]: 'eigener' } });
    expect(await disconnect(w)).toEqual([]);
    expect(w.asked).toEqual([]);
    expect(w.removed).toEqual([]);
    expect(w.userQueues.has(COPIER_QUEUE)).toBe(true);
    expect(recordOnDisk(w.home)).toBeNull();
  });

  it('forgets a queue the fake helper says it does not manage (printers.notManaged) without reporting it removed', async () => {
    const w = await world([], { record: [ours(PLOTTER.name)], remove: (req) => ({ error: new UserError('printers.notManaged', { name: String(req.name) }) }) });
    expect(await disconnect(w)).toEqual([]);
    expect(w.asked).toEqual([`helper printer.remove ${PLOTTER.name}`]);
    expect(w.removed).toEqual([]);
    expect(recordOnDisk(w.home)).toBeNull();
  });

  it('keeps the entry when the fake helper fails to remove the queue for any other reason, and still undoes the others', async () => {
    const w = await world([], {
      record: [ours(LASER.name), ours(PLOTTER.name)],
      remove: (req) => (req.name === PLOTTER.name ? { error: new UserError('printers.removeFailed', { name: String(req.name) }) } : { result: { kind: 'printer.removed', name: req.name, removed: true } }),
    });
    const errors = await disconnect(w);
    expect(errors).toEqual([expect.objectContaining({ code: 'printers.removeFailed', params: { name: PLOTTER.name } })]);
    expect(w.asked).toEqual([`helper printer.remove ${PLOTTER.name}`, `helper printer.remove ${LASER.name}`]);
    expect(w.removed).toEqual([LASER.name]);
    expect(printersOnDisk(w.home)).toEqual([ours(PLOTTER.name)]);
  });

  it('forgets the entry but reports nothing removed when the fake helper answers removed: false (the queue was already gone)', async () => {
    const w = await world([], { record: [ours(PLOTTER.name)], remove: (req) => ({ result: { kind: 'printer.removed', name: req.name, removed: false } }) });
    expect(await disconnect(w)).toEqual([]);
    expect(w.asked).toEqual([`helper printer.remove ${PLOTTER.name}`]);
    expect(w.removed).toEqual([]);
    expect(recordOnDisk(w.home)).toBeNull();
  });
});
