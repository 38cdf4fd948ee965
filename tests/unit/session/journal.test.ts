/**
 * The undo record through the whole pipeline, on the failure paths a user
 * hits: a failed connect keeps it, the next connect merges into it, what the
 * user had is recorded as theirs and left alone, and every entry is on disk
 * before the change it stands for. Fakes say so in the test names: a fake
 * helper on a real socket, an in-memory drive adapter, a given profile.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/shared/errors';
import type { StepEvent } from '../../../src/shared/session';
import { saveOfficeAccount } from '../../../src/core/account';
import { FileSecretStore, type SecretStores } from '../../../src/core/profile/secrets';
import { readSessionRecord, updateSessionRecord, type SessionRecord } from '../../../src/core/session/record';
import { connectSession, disconnectSession } from '../../../src/core/session/session';
import type { Pipeline } from '../../../src/core/session/stage';
import { createDrivesStage } from '../../../src/core/stages/drives';
import { createNamesStage } from '../../../src/core/stages/names';
import { createPrintersStage } from '../../../src/core/stages/printers';
import { createTunnelStage } from '../../../src/core/stages/tunnel';
import { DOWN, UP, fakeDriveAdapter, fakeHelper, freshHome, givenProfileStage, helperDown, recordOnDisk, type FakeHelper } from './fakes';

const PLOTTER = 'ipp://print.buero.local:631/printers/Plotter';
const ORG = { id: 'buero-mueller', name: 'Architekturbüro Müller' };

const helpers: FakeHelper[] = [];
afterEach(async () => {
  for (const h of helpers.splice(0)) await h.close();
});

async function secretsWithSignIn(home: string): Promise<SecretStores> {
  const secrets: SecretStores = { preference: 'file', file: new FileSecretStore(join(home, 'secrets')), keyring: async () => null };
  await saveOfficeAccount(ORG.id, { user: 'anna', domain: 'BUERO', password: 'Anna-Lab-2026!' }, secrets);
  return secrets;
}

/** A fake helper that brings the tunnel up and adds printers; overrides per command. */
async function workingHelper(home: string, overrides: Parameters<typeof fakeHelper>[0] = {}, seen: Record<string, SessionRecord | null> = {}): Promise<FakeHelper> {
  let up = false;
  const h = await fakeHelper({
    'tunnel.up': () => {
      seen['tunnel.up'] = recordOnDisk(home);
      up = true;
      return { result: UP };
    },
    'tunnel.down': () => {
      up = false;
      return { result: DOWN };
    },
    'tunnel.status': () => ({ result: up ? UP : DOWN }),
    'printer.add': (req) => {
      seen['printer.add'] = recordOnDisk(home);
      return { result: { kind: 'printer.added', printer: { name: req.name, uri: req.uri, managed: true }, created: true, driver: 'everywhere' } };
    },
    'printer.remove': (req) => ({ result: { kind: 'printer.removed', name: req.name, removed: true } }),
    ...overrides,
  });
  helpers.push(h);
  return h;
}

function pipeline(platform: ReturnType<typeof fakeDriveAdapter>['platform'], secrets: SecretStores): Pipeline {
  return [
    givenProfileStage(),
    createTunnelStage(),
    createNamesStage({ resolve: async () => '10.77.0.10' }),
    [createDrivesStage({ platform, secrets }), createPrintersStage({ platform })],
  ];
}

/** A record as an earlier connect left it: tunnel, drive P and the plotter, all ours. */
async function earlierConnectLeft(home: string): Promise<void> {
  await updateSessionRecord(home, ORG, (r) => ({
    ...r,
    tunnel: { requestedAt: '2026-12-01T08:00:00.000Z' },
    drives: [{ letter: 'P', share: '\\\\fs.buero.local\\projekte', owner: 'ours' }],
    printers: [{ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' }],
  }));
}

describe('a failed connect keeps the record', () => {
  it('keeps the drive and printer of an earlier connect when the helper is down (fake drive adapter)', async () => {
    const home = freshHome();
    await earlierConnectLeft(home);
    const drives = fakeDriveAdapter(home);
    const events: string[] = [];
    const result = await connectSession(pipeline(drives.platform, await secretsWithSignIn(home)), {
      home,
      helper: { socketPath: helperDown() },
      onEvent: (e: StepEvent) => events.push(`${e.step}:${e.state}`),
    });
    expect(result).toMatchObject({ phase: 'error', error: { code: 'error.helper.unreachable' } });
    expect(events).toEqual(['profile:running', 'profile:ok', 'tunnel:running', 'tunnel:failed', 'dns:skipped', 'drives:skipped', 'printers:skipped']);
    const after = recordOnDisk(home);
    expect(after?.drives).toEqual([{ letter: 'P', share: '\\\\fs.buero.local\\projekte', owner: 'ours' }]);
    expect(after?.printers).toEqual([{ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' }]);
    // The earlier tunnel entry stays: nothing proves that tunnel is gone.
    expect(after?.tunnel).toEqual({ requestedAt: '2026-12-01T08:00:00.000Z' });
  });

  it('writes every entry before its change: the fake helper and fake adapter find it on disk when called', async () => {
    const home = freshHome();
    const drives = fakeDriveAdapter(home);
    const seen: Record<string, SessionRecord | null> = {};
    const helper = await workingHelper(home, {}, seen);
    const result = await connectSession(pipeline(drives.platform, await secretsWithSignIn(home)), { home, helper: { socketPath: helper.socketPath }});
    expect(result.phase).toBe('ready');
    expect(seen['tunnel.up']?.tunnel).not.toBeNull();
    expect(seen['printer.add']?.printers).toContainEqual({ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' });
    expect(drives.recordAtMap.map((r) => r?.drives.map((d) => d.letter))).toEqual([['P'], ['P', 'Q']]);
    const after = recordOnDisk(home);
    expect(after?.drives.map((d) => [d.letter, d.owner])).toEqual([['P', 'ours'], ['Q', 'ours']]);
    expect(after?.printers).toEqual([{ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' }]);
  });

  it('keeps what the other stages recorded when one stage fails (fake drive adapter refuses every mount)', async () => {
    const home = freshHome();
    const drives = fakeDriveAdapter(home, { failMap: ['P', 'Q'] });
    const helper = await workingHelper(home);
    const result = await connectSession(pipeline(drives.platform, await secretsWithSignIn(home)), { home, helper: { socketPath: helper.socketPath } });
    expect(result).toMatchObject({ phase: 'degraded', error: { code: 'drives.mapFailed', params: { letter: 'P' } } });
    const after = recordOnDisk(home);
    expect(after?.tunnel).not.toBeNull();
    expect(after?.drives).toEqual([]);
    expect(after?.printers).toEqual([{ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' }]);
  });
});

describe('reconnect with things already in place', () => {
  it('keeps a drive mapped by an earlier failed connect as ours when it is found in place, and disconnect removes it (fake drive adapter)', async () => {
    const home = freshHome();
    await earlierConnectLeft(home);
    const drives = fakeDriveAdapter(home, { mapped: { P: '\\\\fs.buero.local\\projekte' } });
    const helper = await workingHelper(home);
    const secrets = await secretsWithSignIn(home);
    expect((await connectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } })).phase).toBe('ready');
    expect(recordOnDisk(home)?.drives.find((d) => d.letter === 'P')?.owner).toBe('ours');
    expect((await disconnectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } })).errors).toEqual([]);
    expect(drives.unmapped.map((d) => d.letter).sort()).toEqual(['P', 'Q']);
    expect(drives.mapped.size).toBe(0);
    expect(recordOnDisk(home)).toBeNull();
  });

  it('records a drive the user had before as theirs and leaves it mapped at disconnect (fake drive adapter)', async () => {
    const home = freshHome();
    const drives = fakeDriveAdapter(home, { mapped: { P: '\\\\fs.buero.local\\projekte' } });
    const helper = await workingHelper(home);
    const secrets = await secretsWithSignIn(home);
    await connectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    expect(recordOnDisk(home)?.drives).toEqual([
      { letter: 'P', share: '\\\\fs.buero.local\\projekte', owner: 'theirs' },
      { letter: 'Q', share: '\\\\fs.buero.local\\vorlagen', owner: 'ours' },
    ]);
    await disconnectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    expect(drives.unmapped.map((d) => d.letter)).toEqual(['Q']);
    expect(drives.mapped.get('P')).toBe('\\\\fs.buero.local\\projekte');
    expect(recordOnDisk(home)).toBeNull();
  });

  it("records the user's own queue with the same address as theirs and never asks the fake helper to remove it", async () => {
    const home = freshHome();
    const drives = fakeDriveAdapter(home);
    const helper = await workingHelper(home, {
      'printer.add': (req) => ({ error: new UserError('printers.exists', { name: String(req.name), uri: PLOTTER }) }),
    });
    const secrets = await secretsWithSignIn(home);
    expect((await connectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } })).phase).toBe('ready');
    expect(recordOnDisk(home)?.printers).toEqual([{ name: 'Plotter-DesignJet', route: 'helper', owner: 'theirs' }]);
    await disconnectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    expect(helper.commands).not.toContain('printer.remove');
    expect(recordOnDisk(home)).toBeNull();
  });
});

describe('disconnect when something cannot be undone', () => {
  it('still undoes the drives when the helper is down, and keeps the tunnel and helper-printer entries (fake drive adapter)', async () => {
    const home = freshHome();
    await earlierConnectLeft(home);
    const drives = fakeDriveAdapter(home, { mapped: { P: '\\\\fs.buero.local\\projekte' } });
    const result = await disconnectSession(pipeline(drives.platform, await secretsWithSignIn(home)), { home, helper: { socketPath: helperDown() } });
    expect(result.wasConnected).toBe(true);
    expect(result.errors.map((e) => e.code)).toEqual(['error.helper.unreachable', 'error.helper.unreachable']);
    expect(drives.unmapped.map((d) => d.letter)).toEqual(['P']);
    const after = recordOnDisk(home);
    expect(after?.drives).toEqual([]);
    expect(after?.printers).toEqual([{ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' }]);
    expect(after?.tunnel).not.toBeNull();
  });

  it('keeps the letter of an unmount that fails, and the next disconnect removes it (fake drive adapter: device busy)', async () => {
    const home = freshHome();
    await earlierConnectLeft(home);
    const busy = fakeDriveAdapter(home, { mapped: { P: '\\\\fs.buero.local\\projekte' }, failUnmap: ['P'] });
    const helper = await workingHelper(home);
    const secrets = await secretsWithSignIn(home);
    const first = await disconnectSession(pipeline(busy.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    expect(first.errors).toEqual([expect.objectContaining({ code: 'drives.unmapFailed', params: expect.objectContaining({ letter: 'P' }) })]);
    expect(recordOnDisk(home)?.drives.map((d) => d.letter)).toEqual(['P']);
    expect(recordOnDisk(home)?.tunnel).toBeNull();
    const free = fakeDriveAdapter(home, { mapped: { P: '\\\\fs.buero.local\\projekte' } });
    expect((await disconnectSession(pipeline(free.platform, secrets), { home, helper: { socketPath: helper.socketPath } })).errors).toEqual([]);
    expect(free.unmapped.map((d) => d.letter)).toEqual(['P']);
    expect(recordOnDisk(home)).toBeNull();
  });
});

describe('the tunnel stage against a fake helper', () => {
  it('keeps the tunnel entry when tunnel.up fails part-way and the tunnel is still up, and disconnect takes it down', async () => {
    const home = freshHome();
    const helper = await workingHelper(home, {
      'tunnel.up': () => ({ error: new UserError('error.tunnel.upFailed', { detail: 'fake: resolvectl failed, cleanup failed' }) }),
      'tunnel.status': () => ({ result: UP }),
    });
    const drives = fakeDriveAdapter(home);
    const secrets = await secretsWithSignIn(home);
    const result = await connectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    expect(result).toMatchObject({ phase: 'error', error: { code: 'error.tunnel.upFailed' } });
    expect(recordOnDisk(home)?.tunnel).not.toBeNull();
    expect((await disconnectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } })).errors).toEqual([]);
    expect(helper.commands).toContain('tunnel.down');
    expect(recordOnDisk(home)).toBeNull();
  });

  it('withdraws the new tunnel entry when tunnel.up fails and the fake helper reports nothing up', async () => {
    const home = freshHome();
    const helper = await workingHelper(home, { 'tunnel.up': () => ({ error: new UserError('error.tunnel.upFailed', { detail: 'fake: wg-quick failed' }) }) });
    const drives = fakeDriveAdapter(home);
    await connectSession(pipeline(drives.platform, await secretsWithSignIn(home)), { home, helper: { socketPath: helper.socketPath } });
    expect(recordOnDisk(home)).toBeNull();
  });

  it('says the tunnel belongs to another user, records no tunnel of ours, and disconnect then has nothing to report', async () => {
    const home = freshHome();
    const other = () => ({ error: new UserError('error.tunnel.ownedByOther') });
    const helper = await workingHelper(home, { 'tunnel.up': other, 'tunnel.down': other, 'tunnel.status': () => ({ result: { ...UP, ownerUid: 1002 } }) });
    const drives = fakeDriveAdapter(home);
    const secrets = await secretsWithSignIn(home);
    const result = await connectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    expect(result).toMatchObject({ phase: 'error', error: { code: 'error.tunnel.ownedByOther' } });
    expect(recordOnDisk(home)).toBeNull();
    expect((await disconnectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } })).errors).toEqual([]);
  });
});

describe('mounts and printers that fail', () => {
  it('rolls back the entry of a mount that fails and still maps the next drive (fake drive adapter refuses P)', async () => {
    const home = freshHome();
    const drives = fakeDriveAdapter(home, { failMap: ['P'] });
    const helper = await workingHelper(home);
    const result = await connectSession(pipeline(drives.platform, await secretsWithSignIn(home)), { home, helper: { socketPath: helper.socketPath } });
    expect(result).toMatchObject({ phase: 'degraded', error: { code: 'drives.mapFailed' } });
    // P was on disk while its mount was tried, and is gone after it failed.
    expect(drives.recordAtMap[0]?.drives.map((d) => d.letter)).toEqual(['P']);
    expect(recordOnDisk(home)?.drives.map((d) => d.letter)).toEqual(['Q']);
  });

  it('rolls back the entry of a printer the fake helper could add with no driver', async () => {
    const home = freshHome();
    const helper = await workingHelper(home, {
      'printer.add': (req) => ({ error: new UserError('printers.addFailed', { name: String(req.name), detail: 'everywhere: Unable to query printer; raw: lpadmin failed' }) }),
    });
    const drives = fakeDriveAdapter(home);
    const result = await connectSession(pipeline(drives.platform, await secretsWithSignIn(home)), { home, helper: { socketPath: helper.socketPath } });
    expect(result).toMatchObject({ phase: 'degraded', error: { code: 'printers.addFailed' } });
    expect(recordOnDisk(home)?.printers).toEqual([]);
  });

  it("adds a Windows shared printer in the user's session, recorded before, and removes it on undo (fake user-printer adapter)", async () => {
    const home = freshHome();
    const queues = new Map<string, string>();
    const drives = fakeDriveAdapter(home, { userPrinters: queues });
    const helper = await workingHelper(home);
    const secrets = await secretsWithSignIn(home);
    await connectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    expect(recordOnDisk(home)?.printers).toEqual([{ name: '\\\\print.buero.local\\printers', route: 'user', owner: 'ours' }]);
    expect(queues.size).toBe(1);
    await disconnectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    expect(queues.size).toBe(0);
    expect(helper.commands).not.toContain('printer.add');
    expect(recordOnDisk(home)).toBeNull();
  });
});

describe('records from disk', () => {
  it('reads a record of the first format and undoes exactly what it lists', async () => {
    const home = freshHome();
    mkdirSync(home, { recursive: true });
    writeFileSync(
      join(home, 'session.json'),
      JSON.stringify({
        orgId: ORG.id,
        orgName: ORG.name,
        connectedAt: '2026-11-30T08:00:00.000Z',
        tunnel: true,
        drives: ['P'],
        driveDetails: [{ letter: 'P', share: '\\\\fs.buero.local\\projekte', linkOnly: true }],
        printers: ['Plotter-DesignJet'],
      }),
    );
    expect(await readSessionRecord(home)).toEqual({
      version: 2,
      orgId: ORG.id,
      orgName: ORG.name,
      connectedAt: '2026-11-30T08:00:00.000Z',
      tunnel: { requestedAt: '2026-11-30T08:00:00.000Z' },
      drives: [{ letter: 'P', share: '\\\\fs.buero.local\\projekte', linkOnly: true, owner: 'ours' }],
      printers: [{ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' }],
    });
    const drives = fakeDriveAdapter(home, { mapped: { P: '\\\\fs.buero.local\\projekte' } });
    const helper = await workingHelper(home);
    const result = await disconnectSession(pipeline(drives.platform, await secretsWithSignIn(home)), { home, helper: { socketPath: helper.socketPath } });
    expect(result.errors).toEqual([]);
    expect(drives.unmapped).toEqual([{ letter: 'P', share: '\\\\fs.buero.local\\projekte', linkOnly: true }]);
    expect(helper.commands).toEqual(expect.arrayContaining(['printer.remove', 'tunnel.down']));
    expect(recordOnDisk(home)).toBeNull();
  });

  it('moves an unreadable record aside instead of overwriting it', async () => {
    const home = freshHome();
    writeFileSync(join(home, 'session.json'), '{"orgId": "buero-mueller", "drives": [');
    const drives = fakeDriveAdapter(home);
    const helper = await workingHelper(home);
    await connectSession(pipeline(drives.platform, await secretsWithSignIn(home)), { home, helper: { socketPath: helper.socketPath } });
    expect(readFileSync(join(home, 'session.json.unreadable'), 'utf8')).toBe('{"orgId": "buero-mueller", "drives": [');
    expect(recordOnDisk(home)?.drives.map((d) => d.letter)).toEqual(['P', 'Q']);
  });

  it('keeps every entry when stages update the record at the same time', async () => {
    const home = freshHome();
    const letters = 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    await Promise.all([
      ...letters.map((letter) => updateSessionRecord(home, ORG, (r) => ({ ...r, drives: [...r.drives, { letter, owner: 'ours' as const }] }))),
      ...letters.map((letter) => updateSessionRecord(home, ORG, (r) => ({ ...r, printers: [...r.printers, { name: `Drucker-${letter}`, route: 'helper' as const, owner: 'ours' as const }] }))),
    ]);
    const r = recordOnDisk(home);
    expect(r?.drives.map((d) => d.letter).sort()).toEqual(letters);
    expect(r?.printers).toHaveLength(letters.length);
  });
});

describe('a connect that dies in the middle of a change', () => {
  /**
   * A crash is simulated by a fake that never answers: what is on disk while
   * it hangs is what a killed process leaves. The lock of the "dead" connect
   * is removed as the next process would take over a dead owner's lock.
   */
  async function diesDuring(where: 'tunnel.up' | 'mapDrive' | 'printer.add') {
    const home = freshHome();
    let hung!: () => void;
    const hang = new Promise<void>((r) => (hung = r));
    let reached!: () => void;
    const atChange = new Promise<void>((r) => (reached = r));
    const stall = async <T>(value: T): Promise<T> => {
      reached();
      await hang;
      return value;
    };
    const helper = await workingHelper(home, {
      ...(where === 'tunnel.up' ? { 'tunnel.up': () => stall({ result: UP }) } : {}),
      ...(where === 'printer.add' ? { 'printer.add': () => stall({ error: new UserError('printers.addFailed', { name: 'x', detail: 'killed' }) }) } : {}),
    });
    const drives = fakeDriveAdapter(home);
    const platform = where === 'mapDrive' ? { ...drives.platform, mapDrive: () => stall({ status: 'mapped' as const, path: 'P:' }) } : drives.platform;
    const secrets = await secretsWithSignIn(home);
    const dying = connectSession(pipeline(platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    await atChange;
    const left = recordOnDisk(home);
    rmSync(join(home, 'session.lock'), { force: true });
    const next = await disconnectSession(pipeline(drives.platform, secrets), { home, helper: { socketPath: helper.socketPath } });
    hung();
    await dying.catch(() => undefined);
    return { left, next, helper, drives };
  }

  it('in tunnel.up: the tunnel entry is on disk and the next disconnect asks the fake helper to take it down', async () => {
    const { left, next, helper } = await diesDuring('tunnel.up');
    expect(left?.tunnel).not.toBeNull();
    expect(next.errors).toEqual([]);
    expect(helper.commands).toContain('tunnel.down');
  });

  it('in a mount: the drive entry is on disk and the next disconnect unmaps it (fake drive adapter)', async () => {
    const { left, next, drives } = await diesDuring('mapDrive');
    expect(left?.drives).toEqual([{ letter: 'P', share: '\\\\fs.buero.local\\projekte', owner: 'ours' }]);
    expect(next.errors).toEqual([]);
    expect(drives.unmapped.map((d) => d.letter)).toEqual(['P']);
  });

  it('in a printer add: the queue entry is on disk and the next disconnect asks the fake helper to remove it', async () => {
    const { left, next, helper } = await diesDuring('printer.add');
    expect(left?.printers).toEqual([{ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' }]);
    expect(next.errors).toEqual([]);
    expect(helper.commands).toContain('printer.remove');
  });
});
