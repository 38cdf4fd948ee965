/**
 * The notebook in the office (docs/office.md), end to end in the simulated
 * office: the employee's computer moved to the office Wi-Fi proves the
 * office by the intranet's pinned key, connects without a tunnel and maps
 * `P:` and the plotter directly; moved back home, the tunnel comes up and the
 * drive keeps working; at home with a fake office (same names, a certificate
 * the lab CA signed, another key) it stays "at home" and uses the tunnel.
 * Runs the shipped `hoc` as the lab user in their desktop session.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employee, inLab, lab, labDir, officeAccount } from './lab';

const who = employee('hocuser', { homeDir: 'office-seat' });
const officeProfile = join(labDir, 'anna-office.hocprofile');
const driveLink = join(labDir, 'desktop/home', 'Netzlaufwerke', 'P - Projekte');
const homeCups = join(labDir, 'home/cups/run/cups.sock');

const tunnelUp = async () => (await inLab('home', ['ip', 'link', 'show', 'hoc0'])).exitCode === 0;
const homeQueues = async () => (await execa('lpstat', ['-h', homeCups, '-v'], { reject: false })).stdout;
const driveFiles = () => (existsSync(driveLink) ? readdirSync(driveLink) : []);

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
});

describe('the notebook in the office', () => {
  it('in the office: the proof holds, no tunnel comes up, P: and the plotter are mapped directly, the checks are green', async () => {
    await place('office');
    const r = await who.hoc(['connect']);
    expect(r.all).toContain('Im Büro – direkt verbunden');
    expect(r.exitCode).toBe(0);
    expect(r.all).toMatch(/VPN-Tunnel aufbauen … übersprungen/);
    expect(r.all).toMatch(/Dienste im Büro prüfen … ok/);
    expect(await tunnelUp()).toBe(false);
    expect(driveFiles()).toContain('Willkommen.txt');
    expect(await homeQueues()).toContain('Plotter-DesignJet');
    const status = await who.hoc(['status']);
    expect(status.all).toContain('Im Büro – direkt verbunden');
  });

  it('moved back home: the tunnel comes up, and the drive keeps working without being mapped again', async () => {
    await place('home');
    expect(driveFiles()).toEqual([]); // away from the office the mount has nothing to talk to … until the tunnel is up
    const r = await who.hoc(['connect']);
    expect(r.exitCode).toBe(0);
    expect(r.all).not.toContain('Im Büro');
    expect(await tunnelUp()).toBe(true);
    expect(driveFiles()).toContain('Willkommen.txt');
    const off = await who.hoc(['disconnect']);
    expect(off.exitCode).toBe(0);
    expect(await tunnelUp()).toBe(false);
    expect(existsSync(driveLink)).toBe(false);
    expect(await homeQueues()).not.toContain('Plotter-DesignJet');
  });

  it('a spoofed office (the same names and addresses at home, another key) stays at home and uses the tunnel', async () => {
    await place('spoof');
    const status = await who.hoc(['status', '--json']);
    expect(JSON.parse(status.stdout).place).toBe('home');
    const r = await who.hoc(['connect']);
    expect(r.exitCode).toBe(0);
    expect(r.all).not.toContain('Im Büro');
    expect(await tunnelUp()).toBe(true);
    expect(driveFiles()).toContain('Willkommen.txt');
    expect((await who.hoc(['disconnect'])).exitCode).toBe(0);
    await place('home');
  });
});
