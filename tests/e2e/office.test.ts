/**
 * The notebook in the office (docs/office.md), end to end in the simulated
 * office: the employee's computer moved to the office Wi-Fi proves the
 * office by the intranet's pinned key, connects without a tunnel and maps
 * `P:` and the plotter directly; moved back home, the tunnel comes up and the
 * drive keeps working; at home with a fake office (same names, a certificate
 * the lab CA signed, another key) it stays "at home" and uses the tunnel.
 * Runs the shipped `hoc` as the lab user in their desktop session.
 */
import { lstatSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employee, inLab, lab, labDir, labSh, officeAccount } from './lab';

const who = employee('hocuser', { homeDir: 'office-seat' });
const officeProfile = join(labDir, 'anna-office.hocprofile');
const driveLink = join(labDir, 'desktop/home', 'Netzlaufwerke', 'P - Projekte');
const homeCups = join(labDir, 'home/cups/run/cups.sock');

const tunnelUp = async () => (await inLab('home', ['ip', 'link', 'show', 'hoc0'])).exitCode === 0;
const homeQueues = async () => (await execa('lpstat', ['-h', homeCups, '-v'], { reject: false })).stdout;
/** The files the employee sees on P: (read in their desktop session: root cannot enter their FUSE mount). */
async function driveFiles(): Promise<string[]> {
  const r = await execa(labSh, ['desktop', 'exec', '--', 'ls', '-1', driveLink], { reject: false, stdin: 'ignore', timeout: 30_000 });
  return r.exitCode === 0 ? String(r.stdout).split('\n').filter(Boolean) : [];
}
/** Whether the drive link exists at all (lstat: not following it into the mount). */
const linkExists = () => {
  try {
    lstatSync(driveLink);
    return true;
  } catch {
    return false;
  }
};

async function place(where: 'office' | 'home' | 'spoof'): Promise<void> {
  const r = await lab('place', where);
  if (r.exitCode !== 0) throw new Error(`lab.sh place ${where}: ${r.all}`);
}

beforeAll(async () => {
  await place('home');
  const imported = await who.hoc(['profile', 'import', officeProfile, '--yes']);
  if (imported.exitCode !== 0) throw new Error(`import: ${imported.all}`);
  const account = await who.hoc(['account', 'set', '--profile', officeProfile, '--user', officeAccount.user, '--domain', 'BUERO', '--password-stdin'], {}, officeAccount.password);
  if (account.exitCode !== 0) throw new Error(`account set: ${account.all}`);
});

afterAll(async () => {
  await who.hoc(['disconnect']);
  await place('home');
  await who.hoc(['account', 'forget', '--profile', officeProfile]);
  // The app folder holds the imported profile (serial 2): a second run of this file imports it again.
  rmSync(who.home, { recursive: true, force: true });
});

describe('the notebook in the office', () => {
  it('in the office: the proof holds, no tunnel comes up, P: and the plotter are mapped directly, the checks are green', async () => {
    await place('office');
    const r = await who.hoc(['connect']);
    expect(r.all).toContain('Im Büro – direkt verbunden');
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/VPN-Tunnel aufbauen … übersprungen/);
    expect(r.all).toMatch(/Dienste im Büro prüfen … ok/);
    expect(await tunnelUp()).toBe(false);
    expect(await driveFiles(), r.all).toContain('Willkommen.txt');
    expect(await homeQueues()).toContain('Plotter-DesignJet');
    const status = await who.hoc(['status']);
    expect(status.all).toContain('Im Büro – direkt verbunden');
  });

  it('moved back home: disconnect and connect again, the tunnel comes up and P: works through it', async () => {
    await place('home');
    // The office mount's SMB connection belonged to the office address; it does not survive the move.
    expect((await who.hoc(['disconnect'])).exitCode).toBe(0);
    const r = await who.hoc(['connect']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).not.toContain('Im Büro');
    expect(await tunnelUp()).toBe(true);
    expect(await driveFiles(), r.all).toContain('Willkommen.txt');
    const off = await who.hoc(['disconnect']);
    expect(off.exitCode).toBe(0);
    expect(await tunnelUp()).toBe(false);
    expect(linkExists()).toBe(false);
    expect(await homeQueues()).not.toContain('Plotter-DesignJet');
  });

  it('a spoofed office (the same names and addresses at home, another key) stays at home and uses the tunnel', async () => {
    await place('spoof');
    const status = await who.hoc(['status', '--json']);
    expect(JSON.parse(status.stdout).place).toBe('home');
    const r = await who.hoc(['connect']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).not.toContain('Im Büro');
    expect(await tunnelUp()).toBe(true);
    expect(await driveFiles(), r.all).toContain('Willkommen.txt');
    expect((await who.hoc(['disconnect'])).exitCode).toBe(0);
    await place('home');
  });
});
