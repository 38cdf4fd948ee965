/**
 * The diagnostics package: written by the employee with `hoc doctor`, it
 * carries what support needs and none of the profile's or the office
 * account's secrets — scanned here byte by byte.
 */
import { chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endsClean, startsClean } from './clean';
import { employee, ensureOfficeAccount, officeAccount, profilePath } from './lab';

const anna = employee('hocuser');
const payload = JSON.parse(Buffer.from(JSON.parse(readFileSync(profilePath, 'utf8')).payload, 'base64').toString('utf8'));
const secrets = {
  privateKey: payload.tunnel.privateKey as string,
  presharedKey: payload.tunnel.peer.presharedKey as string,
  officePassword: officeAccount.password,
};

const logs = join(anna.home, 'logs');
const out = join(anna.home, 'diag.zip');

beforeAll(async () => {
  await startsClean(anna);
  await ensureOfficeAccount(anna);
  const c = await anna.hoc(['connect', '--profile', profilePath]);
  expect(c.exitCode, c.all).toBe(0);
  // A log that (wrongly) recorded secrets: the package must still not carry them.
  mkdirSync(logs, { recursive: true });
  writeFileSync(
    join(logs, 'app.log'),
    [
      `[info] rendered config: PrivateKey = ${secrets.privateKey}`,
      `[debug] peer {"presharedKey":"${secrets.presharedKey}"}`,
      `[debug] office sign-in password=${secrets.officePassword}`,
      '[info] connected',
    ].join('\n'),
  );
  const uid = Number(readFileSync('/etc/passwd', 'utf8').match(/^hocuser:x:(\d+)/m)?.[1]);
  chownSync(logs, uid, -1);
  chownSync(join(logs, 'app.log'), uid, -1);
});

afterAll(async () => {
  // What this file made: the planted log and the package; then the session and the sign-in.
  rmSync(logs, { recursive: true, force: true });
  rmSync(out, { force: true });
  await endsClean(anna, { forgetAccount: true });
});

describe('diagnostics package', () => {
  it('holds versions, profile, status, routes, DNS and logs, and no secret of the profile or the office account', async () => {
    const r = await anna.hoc(['doctor', '--out', out, '--profile', profilePath]);
    expect(r.exitCode, r.all).toBe(0);
    const zip = readFileSync(out);
    const files = unzipSync(new Uint8Array(zip));
    const names = Object.keys(files).map((n) => n.replace(/^homeoffice-connect-diagnostics\//, ''));
    for (const want of ['versions.json', 'profile.json', 'tunnel-status.json', 'checks.json', 'routes.txt', 'resolv.conf', 'logs/app.log']) {
      expect(names).toContain(want);
    }
    const all = Object.values(files).map((f) => strFromU8(f)).join('\n');
    expect(all).toContain('Architekturbüro Müller');
    expect(all).toContain('10.77.0.0/24');
    expect(all).toContain('[info] connected');
    for (const [name, value] of Object.entries(secrets)) {
      expect(all.includes(value), `${name} found in the package`).toBe(false);

      expect(zip.includes(Buffer.from(value)), `${name} found in the zip bytes`).toBe(false);
    }
    const status = JSON.parse(strFromU8(files['homeoffice-connect-diagnostics/tunnel-status.json']!));
    expect(status.state).toBe('up');
  });
});
