/**
 * A share whose name has an umlaut, end to end in the simulated office: the
 * lab's Samba serves `\\fs.buero.local\Pläne`, a signed profile maps it as
 * `Q: Pläne`, and `hoc connect` in the employee's desktop session mounts it
 * for real (gvfs), reads and writes through the link; `hoc disconnect`
 * removes exactly that. (Before one share rule, the adapters refused it.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employee, ensureOfficeAccount, inLab, lab, labDir, labSh } from './lab';
import { execa } from 'execa';

const anna = employee('hocuser');
const profile = join(labDir, 'anna-plaene.hocprofile');
const link = join(labDir, 'desktop/home', 'Netzlaufwerke', 'Q - Pläne');
const stamp = `${process.pid}`;

/** Runs argv as the employee inside their desktop session (where gvfs runs). */
async function desktop(argv: string[]) {
  const r = await execa(labSh, ['desktop', 'exec', '--', ...argv], { reject: false, all: true, stdin: 'ignore', timeout: 60_000 });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), all: String(r.all ?? '') };
}

beforeAll(async () => {
  const d = await lab('desktop', 'start');
  if (d.exitCode !== 0) throw new Error(`lab desktop start: ${d.all}`);
  await ensureOfficeAccount(anna);
  // Whatever an earlier file left: undone through the record.
  await anna.hoc(['disconnect']);
});

afterAll(async () => {
  await anna.hoc(['disconnect']);
});

describe('the share `Pläne` (umlaut in the name), for real', () => {
  it('is mapped by hoc connect: the drives step succeeds and the record lists Q as ours', async () => {
    const r = await anna.hoc(['connect', '--profile', profile]);
    expect(r.all).toContain('Q: Pläne verbunden');
    expect(r.all).toMatch(/\[5\/6\] [^\n]* … ok/);
    expect([0, 3], r.all).toContain(r.exitCode);
    const record = JSON.parse(readFileSync(join(anna.home, 'session.json'), 'utf8'));
    expect(record.drives).toEqual([{ letter: 'Q', share: '\\\\fs.buero.local\\Pläne', owner: 'ours' }]);
  });

  it('reads the office file through the drive link', async () => {
    const r = await desktop(['cat', join(link, 'Grundriss.txt')]);
    expect(r.stdout, r.all).toContain('Grundriss Erdgeschoss');
  });

  it('writes a file that appears in the share on the office server', async () => {
    const name = `Änderung-${stamp}.txt`;
    expect((await desktop(['cp', '/etc/hostname', join(link, name)])).exitCode).toBe(0);
    const onServer = await inLab('lan', ['cat', join(labDir, 'lan/Pläne', name)]);
    expect(onServer.exitCode, onServer.all).toBe(0);
    expect(onServer.stdout).toBe(readFileSync('/etc/hostname', 'utf8').trim());
    await inLab('lan', ['rm', '-f', join(labDir, 'lan/Pläne', name)]);
  });

  it('is unmounted by hoc disconnect, which leaves no link and no record', async () => {
    const r = await anna.hoc(['disconnect']);
    expect(r.exitCode, r.all).toBe(0);
    const mounts = await desktop(['gio', 'mount', '-l']);
    expect(mounts.stdout).not.toMatch(/fs\.buero\.local\/Pl(ä|%C3%A4)ne/i);
    expect((await desktop(['ls', '-A', join(labDir, 'desktop/home', 'Netzlaufwerke')])).stdout).not.toContain('Q - Pläne');
    expect(() => readFileSync(join(anna.home, 'session.json'), 'utf8')).toThrow();
  });
});
