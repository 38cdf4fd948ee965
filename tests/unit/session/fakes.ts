/**
 * Fakes for the pipeline's failure-path tests, each named after what it
 * stands in for: a fake helper answering scripted replies on a real Unix
 * socket (the real one needs root and wg; the lab runs it), an in-memory
 * drive adapter that can fail on purpose, and a stage that hands the
 * pipeline a profile without the profile store.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../../src/shared/errors';
import type { StoredProfile } from '../../../src/shared/profile/types';
import type { MapOutcome, PlatformAdapter, RecordedDrive } from '../../../src/core/platform/types';
import type { SessionRecord } from '../../../src/core/session/record';
import type { Stage } from '../../../src/core/session/stage';
import { examplePayload } from '../../fixtures/profiles/make';

/** A fresh `$HOC_HOME`. */
export function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'hoc-journal-'));
}

/** The record on disk right now (null when there is no file). */
export function recordOnDisk(home: string): SessionRecord | null {
  try {
    return JSON.parse(readFileSync(join(home, 'session.json'), 'utf8')) as SessionRecord;
  } catch {
    return null;
  }
}

/** A reply of the fake helper: a result, or an error with a catalogue code. */
export type FakeReply = { result: unknown } | { error: UserError };
export type FakeHandler = (req: { cmd: string; [k: string]: unknown }) => FakeReply | Promise<FakeReply>;

export interface FakeHelper {
  readonly socketPath: string;
  /** Every command it received, in order. */
  readonly commands: string[];
  close(): Promise<void>;
}

export const UP = { state: 'up', interface: 'hoc0', addresses: ['10.99.0.2/32'], endpoint: '100.64.3.10:51820', latestHandshake: null, rxBytes: 0, txBytes: 0, ownerUid: 1000, since: '2026-12-01T00:00:00.000Z' };
export const DOWN = { state: 'down' };

/** A fake helper: answers each command through `handlers[cmd]` (unknown commands: an error). */
export async function fakeHelper(handlers: Record<string, FakeHandler>): Promise<FakeHelper> {
  const socketPath = join(mkdtempSync(join(tmpdir(), 'hoc-fake-helper-')), 'helper.sock');
  const commands: string[] = [];
  const server: Server = createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const req = JSON.parse(buf.slice(0, nl)) as { v: number; id: number; cmd: string };
      buf = '';
      commands.push(req.cmd);
      const handler = handlers[req.cmd] ?? (() => ({ error: new UserError('error.helper.badRequest', { detail: `fake helper has no ${req.cmd}` }) }));
      void Promise.resolve(handler(req)).then((reply) => {
        const body = 'result' in reply ? { ok: true, result: reply.result } : { ok: false, error: reply.error.toData() };
        sock.end(`${JSON.stringify({ v: req.v, id: req.id, ...body })}\n`);
      });
    });
  });
  await new Promise<void>((r) => server.listen(socketPath, r));
  return { socketPath, commands, close: () => new Promise((r) => server.close(() => r())) };
}

/** A socket path nothing listens on: the helper is not running. */
export function helperDown(): string {
  return join(mkdtempSync(join(tmpdir(), 'hoc-no-helper-')), 'helper.sock');
}

export interface FakeDrives {
  readonly platform: PlatformAdapter;
  /** Letter → share currently mapped on the fake computer. */
  readonly mapped: Map<string, string>;
  readonly unmapped: RecordedDrive[];
  /** The record on disk at the moment each mapDrive was called. */
  readonly recordAtMap: (SessionRecord | null)[];
}

/**
 * An in-memory drive adapter: a letter already mapped to the share is
 * `reused`; letters in `failMap` / `failUnmap` fail like a refused mount or
 * a busy unmount. User-session printers (Windows route) when `userPrinters`.
 */
export function fakeDriveAdapter(
  home: string,
  opts: { mapped?: Record<string, string>; failMap?: string[]; failUnmap?: string[]; userPrinters?: Map<string, string> } = {},
): FakeDrives {
  const mapped = new Map(Object.entries(opts.mapped ?? {}));
  const unmapped: RecordedDrive[] = [];
  const recordAtMap: (SessionRecord | null)[] = [];
  const failUnmap = new Set(opts.failUnmap ?? []);
  const platform = {
    os: 'linux',
    async mapDrive(d: { letter: string; share: string }): Promise<MapOutcome> {
      recordAtMap.push(recordOnDisk(home));
      if (opts.failMap?.includes(d.letter)) throw new UserError('drives.mapFailed', { letter: d.letter, share: d.share, detail: 'fake: Connection refused' });
      if (mapped.get(d.letter) === d.share) return { status: 'reused', path: `${d.letter}:` };
      mapped.set(d.letter, d.share);
      return { status: 'mapped', path: `${d.letter}:` };
    },
    async unmapDrive(d: RecordedDrive) {
      if (failUnmap.has(d.letter)) throw new UserError('drives.unmapFailed', { letter: d.letter, detail: 'fake: device busy' });
      unmapped.push(d);
      return { removed: mapped.delete(d.letter) };
    },
    printerRoute: () => (opts.userPrinters ? 'user' : 'helper'),
    async addUserPrinter(name: string, uri: string) {
      const queue = `\\\\${new URL(uri).hostname}\\${new URL(uri).pathname.split('/')[1] ?? ''}`;
      if (opts.userPrinters?.has(queue)) return { queue, created: false };
      opts.userPrinters?.set(queue, name);
      return { queue, created: true };
    },
    async removeUserPrinter(queue: string) {
      return { removed: opts.userPrinters?.delete(queue) ?? false };
    },
  } as unknown as PlatformAdapter;
  return { platform, mapped, unmapped, recordAtMap };
}

/** The example profile of PROFILE-FORMAT.md as stored (no private key), with one drive and one printer. */
export function storedProfile(): StoredProfile {
  const p = examplePayload();
  const { privateKey: _k, ...tunnel } = p.tunnel as { privateKey: string };
  return {
    ...p,
    tunnel,
    drives: [
      { letter: 'P', label: 'Projekte', share: '\\\\fs.buero.local\\projekte' },
      { letter: 'Q', label: 'Vorlagen', share: '\\\\fs.buero.local\\vorlagen' },
    ],
  } as unknown as StoredProfile;
}

/** A profile stage that hands over `profile` without the profile store (the store has its own tests). */
export function givenProfileStage(profile: StoredProfile = storedProfile()): Stage<null> {
  return {
    step: 'profile',
    slice: null,
    critical: true,
    async run(ctx) {
      ctx.loaded = { profile, secrets: [], fingerprint: '0000 0000 0000 0000 0000 0000 0000 0000' };
      return { ok: true };
    },
    undo: async () => [],
  };
}
