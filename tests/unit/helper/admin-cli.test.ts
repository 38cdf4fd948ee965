/**
 * `hoc-helper pin|unpin|pins`, the administrator's side of the machine-wide
 * pin, against a real profile folder. These run only as root (the command
 * refuses anyone else), as the test machines do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../../src/helper/admin-cli';
import { InstalledProfiles } from '../../../src/helper/profile-store';
import { examplePayload, makeOrgKey, signPayload } from '../../fixtures/profiles/make';

let dir: string;
const asRoot = process.getuid?.() === 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hoc-admin-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A currently valid profile file signed by a fresh key. */
function profileFile(name: string, key = makeOrgKey()) {
  const p = examplePayload();
  p.issuedAt = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  p.expiresAt = new Date(Date.now() + 86_400_000 * 30).toISOString().replace(/\.\d+Z$/, 'Z');
  const file = join(dir, name);
  writeFileSync(file, signPayload(p, key));
  return file;
}

describe.runIf(asRoot)('hoc-helper pin / unpin / pins (as root)', () => {
  it('pins the key of a verified file, replaces it when the company changed its key, and unpins', async () => {
    const profiles = join(dir, 'profiles');
    const first = await run('pin', '--profile', profileFile('a.hocprofile'), '--profile-dir', profiles);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^pinned buero-mueller: ([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    const second = await run('pin', '--profile', profileFile('b.hocprofile'), '--profile-dir', profiles);
    expect(second.out).toMatch(/\(replaces ([0-9a-f]{4} ){7}[0-9a-f]{4}\)$/);
    expect((await run('pins', '--profile-dir', profiles)).out).toMatch(/^buero-mueller\t.*\tadmin\t/);
    expect((await new InstalledProfiles({ dir: profiles, log: () => undefined }).pins())['buero-mueller']?.how).toBe('admin');
    expect((await run('unpin', 'buero-mueller', '--profile-dir', profiles)).out).toBe('buero-mueller: pin removed, 0 installed profile(s) removed');
    expect((await run('pins', '--profile-dir', profiles)).out).toBe('no company key is pinned on this machine');
  });

  it('refuses a file whose signature is bad, and pins nothing', async () => {
    const file = profileFile('bad.hocprofile');
    const envelope = JSON.parse(readFileSync(file, 'utf8'));
    envelope.signature = envelope.signature.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A'));
    writeFileSync(file, JSON.stringify(envelope));
    const r = await run('pin', '--profile', file, '--profile-dir', join(dir, 'profiles'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('signature');
    expect((await run('pins', '--profile-dir', join(dir, 'profiles'))).out).toBe('no company key is pinned on this machine');
  });

  it('answers a wrong call with its usage', async () => {
    expect((await run('unpin')).code).toBe(2);
    expect((await run('pin', '--force')).code).toBe(2);
  });
});
