/**
 * The app's watch maps dropped drives again at most every 30 s while connected
 * (SessionControl.refresh). With a fake clock, a fake drive healer and a
 * stand-in helper on a real Unix socket that reports the tunnel up (the real
 * helper needs root; the lab runs it) — no test waits 30 real seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionControl } from '../../../src/core/app/session-control';
import { FileSecretStore, importProfile, verifyProfileBytes, type SecretStores } from '../../../src/core/profile';
import { writeSessionRecord } from '../../../src/core/session/record';
import { NOW, examplePayload, makeOrgKey, signPayload } from '../../fixtures/profiles/make';

let server: Server;
let dir: string;
let socketPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoc-heal-watch-'));
  socketPath = join(dir, 'helper.sock');
  const up = { state: 'up', interface: 'hoc0', addresses: ['10.99.0.2/32'], endpoint: '100.64.3.10:51820', latestHandshake: Math.floor(NOW.getTime() / 1000), rxBytes: 1, txBytes: 1, ownerUid: 1000, since: NOW.toISOString() };
  server = createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const req = JSON.parse(buf.slice(0, i)) as { v: number; id: number };
        buf = buf.slice(i + 1);
        sock.write(`${JSON.stringify({ v: req.v, id: req.id, ok: true, result: up })}\n`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(socketPath, r));
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the drive heal watch (fake clock, fake drive healer, stand-in helper)', () => {
  it('maps dropped drives again on the first look while connected, then not again until 30 s have passed', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const env = { HOC_HOME: home, HOC_SECRET_STORE: 'file' };
    const secrets: SecretStores = { preference: 'file', file: new FileSecretStore(join(home, 'secrets')), keyring: async () => null };
    const payload = examplePayload();
    await importProfile(verifyProfileBytes(Buffer.from(signPayload(payload, makeOrgKey())), { now: NOW }), { env, now: NOW, secrets });
    await writeSessionRecord(home, { orgId: payload.org.id, orgName: payload.org.name, connectedAt: NOW.toISOString(), tunnel: true, drives: ['P'], printers: [] });

    let clock = NOW.getTime();
    const healed: number[] = [];
    const logged: string[] = [];
    const control = new SessionControl({
      env,
      home,
      secrets,
      now: () => new Date(clock),
      helperDeps: () => ({ home, helper: { socketPath } }),
      log: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
      changed: () => {},
      step: () => {},
      profileFailed: () => {},
      healDrives: async () => {
        healed.push(clock - NOW.getTime());
        return { remapped: ['P'], errors: [] };
      },
    });
    expect((await control.sessionSnapshot()).phase).toBe('ready');

    await control.refresh();
    expect(healed).toEqual([0]);
    expect(logged).toContain('drive P: was dropped by the system, mapped again');
    for (const at of [5_000, 29_999]) {
      clock = NOW.getTime() + at;
      await control.refresh();
    }
    expect(healed).toEqual([0]);
    clock = NOW.getTime() + 30_000;
    await control.refresh();
    clock = NOW.getTime() + 45_000;
    await control.refresh();
    expect(healed).toEqual([0, 30_000]);
    clock = NOW.getTime() + 60_000;
    await control.refresh();
    expect(healed).toEqual([0, 30_000, 60_000]);
  });
});
