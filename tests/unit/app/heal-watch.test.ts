/**
 * The app's watch maps dropped drives again at most every 30 s while connected
 * (SessionControl.refresh, through the drives stage's heal). With a fake
 * clock, an in-memory drive adapter and a stand-in helper on a real Unix
 * socket that reports the tunnel up (the real helper needs root; the lab runs
 * it) — no test waits 30 real seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionControl } from '../../../src/core/app/session-control';
import { FileSecretStore, importProfile, verifyProfileBytes, type SecretStores } from '../../../src/core/profile';
import { saveOfficeAccount } from '../../../src/core/account';
import { updateSessionRecord } from '../../../src/core/session/record';
import { fakeDriveAdapter } from '../session/fakes';
import { startTestHelper } from '../../fixtures/helper';
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

describe('the drive heal watch (fake clock, in-memory drive adapter, stand-in helper)', () => {
  it('maps dropped drives again on the first look while connected, then not again until 30 s have passed', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const env = { HOC_HOME: home, HOC_SECRET_STORE: 'file' };
    const secrets: SecretStores = { preference: 'file', file: new FileSecretStore(join(home, 'secrets')), keyring: async () => null };
    const payload = examplePayload();
    // The import installs the profile in a real helper of its own (tests/fixtures/helper.ts); the watch then talks to the stand-in.
    const installer = await startTestHelper(() => NOW);
    await importProfile(verifyProfileBytes(Buffer.from(signPayload(payload, makeOrgKey())), { now: NOW }), { env, now: NOW, helper: { socketPath: installer.socketPath } }).finally(() => installer.close());
    await saveOfficeAccount(payload.org.id, { user: 'anna', domain: 'BUERO', password: 'Anna-Lab-2026!' }, secrets);
    await updateSessionRecord(home, { id: payload.org.id, name: payload.org.name }, (r) => ({
      ...r,
      tunnel: { requestedAt: NOW.toISOString() },
      drives: [{ letter: 'P', share: '\\\\fs.buero.local\\projekte', owner: 'ours' }],
    }));
    // The system dropped P: the adapter has nothing mapped; each heal is one mapDrive call.
    const drives = fakeDriveAdapter(home);
    const healedAt = () => drives.recordAtMap.length;

    let clock = NOW.getTime();
    const healed: number[] = [];
    let seen = 0;
    const note = () => {
      while (seen < healedAt()) {
        healed.push(clock - NOW.getTime());
        seen++;
      }
    };
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
      office: { platform: drives.platform },
    });
    expect((await control.sessionSnapshot()).phase).toBe('ready');

    await control.refresh();
    note();
    expect(healed).toEqual([0]);
    expect(logged).toContain('drive P: was dropped by the system, mapped again');
    for (const at of [5_000, 29_999]) {
      clock = NOW.getTime() + at;
      await control.refresh();
      note();
    }
    expect(healed).toEqual([0]);
    clock = NOW.getTime() + 30_000;
    await control.refresh();
    note();
    clock = NOW.getTime() + 45_000;
    await control.refresh();
    note();
    expect(healed).toEqual([0, 30_000]);
    clock = NOW.getTime() + 60_000;
    await control.refresh();
    note();
    expect(healed).toEqual([0, 30_000, 60_000]);
  });
});
