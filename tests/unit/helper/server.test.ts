import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHelperServer } from '../../../src/helper/server';
import { TunnelService } from '../../../src/helper/tunnel-service';
import { InstalledProfiles } from '../../../src/helper/profile-store';
import type { PeerIdentity } from '../../../src/helper/peer-credentials';
import { linuxPlatform } from '../../../src/helper/platform/linux';
import { validSpec } from './fixtures';

// The kernel's identity lookup is replaced here by fake identities (the real one is
// exercised by peer-credentials.test.ts, server-bounds.test.ts and the lab
// tests, where a real unprivileged user talks to the real helper as root).
const GID = 4242;
let identity: PeerIdentity | null = { pid: 1, uid: 1000, gids: [GID] };
let dir: string;
let server: Server;
let socketPath: string;

function ask(line: string, replies = 1): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const s = connect(socketPath);
    let buf = '';
    s.setEncoding('utf8');
    s.on('connect', () => s.write(line));
    s.on('data', (c: string) => {
      buf += c;
      if (buf.endsWith('\n') && buf.trim().split('\n').length >= replies) {
        s.end();
        resolve(buf.trim().split('\n').map((l) => JSON.parse(l)));
      }
    });
    s.on('error', reject);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoc-helper-test-'));
  socketPath = join(dir, 'sock', 'helper.sock');
  const tunnels = new TunnelService({ stateDir: join(dir, 'state'), log: () => undefined, platform: linuxPlatform });
  const profiles = new InstalledProfiles({ dir: join(dir, 'profiles'), log: () => undefined });
  server = await startHelperServer({ socketPath, groupName: 'hoc', gid: GID, tunnels, profiles, log: () => undefined, identify: async () => identity });
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('helper socket server (the kernel identity lookup replaced by a fixed identity)', () => {
  it('creates its socket readable and writable by owner and group only', () => {
    expect(statSync(socketPath).mode & 0o777).toBe(0o660);
  });
  it('answers a status request from a member of the allowed group', async () => {
    identity = { pid: 1, uid: 1000, gids: [100, GID] };
    expect(await ask('{"v":1,"id":7,"cmd":"tunnel.status"}\n')).toEqual([{ v: 1, id: 7, ok: true, result: { state: 'down' } }]);
  });
  it('refuses a caller outside the group, naming the group', async () => {
    identity = { pid: 1, uid: 1001, gids: [100] };
    const [reply] = (await ask('{"v":1,"id":1,"cmd":"tunnel.status"}\n')) as { ok: boolean; error: { code: string; params: { group: string } } }[];
    expect(reply).toMatchObject({ ok: false, error: { code: 'error.helper.denied', params: { group: 'hoc' } } });
  });
  it('refuses a caller whose identity cannot be determined', async () => {
    identity = null;
    const [reply] = (await ask('{"v":1,"id":1,"cmd":"tunnel.status"}\n')) as { error: { code: string } }[];
    expect(reply?.error.code).toBe('error.helper.denied');
  });
  it('answers garbage and unknown commands with a clear error and keeps serving', async () => {
    identity = { pid: 1, uid: 0, gids: [0] };
    const replies = (await ask('not json\n{"v":1,"id":5,"cmd":"exec","argv":["id"]}\n{"v":1,"id":6,"cmd":"tunnel.status"}\n', 3)) as {
      id: number;
      ok: boolean;
      error?: { code: string };
    }[];
    expect(replies.map((r) => [r.id, r.ok, r.error?.code])).toEqual([
      [0, false, 'error.helper.badRequest'],
      [5, false, 'error.helper.badRequest'],
      [6, true, undefined],
    ]);
  });
  it('refuses a tunnel.up that carries tunnel content (unsigned), before touching anything', async () => {
    identity = { pid: 1, uid: 1000, gids: [GID] };
    for (const req of [
      { v: 1, id: 9, cmd: 'tunnel.up', spec: { ...validSpec(), PostUp: 'touch /tmp/pwned' } },
      { v: 1, id: 9, cmd: 'tunnel.up', spec: validSpec() },
      { v: 1, id: 9, cmd: 'tunnel.up', org: 'buero-mueller', spec: validSpec() },
    ]) {
      const [reply] = (await ask(`${JSON.stringify(req)}\n`)) as { id: number; ok: boolean; error: { code: string; params: { detail: string } } }[];
      expect(reply).toMatchObject({ id: 9, ok: false, error: { code: 'error.helper.badRequest' } });
    }
    expect(statSync(join(dir, 'state'), { throwIfNoEntry: false })).toBeUndefined();
  });
  it('refuses a tunnel.up and a printer.add for an organisation the caller has not installed', async () => {
    identity = { pid: 1, uid: 1000, gids: [GID] };
    const up = { v: 1, id: 3, cmd: 'tunnel.up', org: 'buero-mueller' };
    const printer = { v: 1, id: 4, cmd: 'printer.add', org: 'buero-mueller', name: 'Fremd', uri: 'socket://127.0.0.1:22' };
    const replies = (await ask(`${JSON.stringify(up)}\n${JSON.stringify(printer)}\n`, 2)) as { id: number; error: { code: string } }[];
    expect(replies.map((r) => [r.id, r.error.code])).toEqual([
      [3, 'error.helper.notInstalled'],
      [4, 'error.helper.notInstalled'],
    ]);
    expect(statSync(join(dir, 'state'), { throwIfNoEntry: false })).toBeUndefined();
  });
});

describe('helper socket server limits (fake identity)', () => {
  it('refuses a message longer than 64 KiB even when its newline arrives with it', async () => {
    identity = { pid: 1, uid: 1000, gids: [GID] };
    const huge = `{"v":1,"id":1,"cmd":"tunnel.status","pad":"${'x'.repeat(70 * 1024)}"}\n`;
    const [reply] = (await ask(huge)) as { ok: boolean; error: { params: { detail: string } } }[];
    expect(reply).toMatchObject({ ok: false, error: { params: { detail: 'message too long' } } });
  });
});
