/**
 * The spine, end to end in the simulated office: an unprivileged employee in
 * the home namespace runs `hoc connect`, the office servers answer through a
 * real WireGuard tunnel, and `hoc disconnect` leaves nothing behind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopMounts, endsClean, expectClean, homeQueues, startsClean } from './clean';
import { employee, ensureOfficeAccount, helperSocket, inLab, labDir, officeAccount, profilePath } from './lab';

const anna = employee('hocuser');

beforeAll(async () => {
  // A crashed earlier run of this file may have left a session: undo it, then the home must be clean.
  await startsClean(anna);
  await ensureOfficeAccount(anna);
});

afterAll(async () => {
  await endsClean(anna, { forgetAccount: true });
});

describe('spine: connect from home to the office through the helper', () => {
  it('connects as an unprivileged employee with a line of progress per step', async () => {
    const id = await inLab('home', ['id', '-u'], { user: true });
    expect(Number(id.stdout)).toBeGreaterThan(0);
    const r = await anna.hoc(['connect', '--profile', profilePath]);
    expect(r.all).toMatch(/\[1\/6\] Profil prüfen … ok: Architekturbüro Müller \(([0-9a-f]{4} ){7}[0-9a-f]{4}\)/);
    expect(r.all).toMatch(/\[2\/6\] VPN-Tunnel aufbauen … ok \(\d+ ms\)/);
    expect(r.all).toMatch(/\[3\/6\] Firmen-Namen auflösen … ok/);
    for (const step of ['4/6] Dienste im Büro prüfen', '5/6] Netzlaufwerke verbinden', '6/6] Drucker einrichten']) {
      expect(r.all).toContain(`${step} … ok`);
    }
    expect(r.exitCode, r.all).toBe(0);
    // What the two last steps claim, seen on the computer: the share mounted, the plotter queue added.
    expect(await desktopMounts()).toEqual([expect.stringContaining('smb://BUERO;anna@fs.buero.local/projekte')]);
    expect(await homeQueues()).toContain('Plotter-DesignJet ipp://print.buero.local:631/printers/Plotter');
  });

  it('resolves company names through the office DNS', async () => {
    const r = await inLab('home', ['getent', 'hosts', 'fs.buero.local'], { user: true });
    expect(r.stdout).toMatch(/^10\.77\.0\.10\s+fs\.buero\.local/);
  });

  it('lists the office file share through the tunnel', async () => {
    const r = await inLab('home', ['smbclient', '//fs.buero.local/projekte', '-U', `${officeAccount.user}%${officeAccount.password}`, '-c', 'ls'], { user: true });
    expect(r.all).toContain('Willkommen.txt');
    expect(r.exitCode, r.all).toBe(0);
  });

  it('gets the IMAP greeting from the office mail server', async () => {
    const r = await inLab('home', ['node', '-e', `
      const s = require('net').connect(143, 'mail.buero.local');
      s.setTimeout(5000, () => { console.log('timeout'); process.exit(1); });
      s.once('data', (d) => { console.log(String(d).trim()); s.end(); process.exit(0); });`], { user: true });
    expect(r.stdout).toMatch(/^\* OK/);
  });

  it('reads the plotter queue attributes over IPP', async () => {
    const r = await inLab('home', ['ipptool', '-tv', 'ipp://print.buero.local:631/printers/Plotter', 'get-printer-attributes.test'], { user: true });
    expect(r.all).toMatch(/printer-state \(enum\) = (idle|processing)/);
    expect(r.all).toMatch(/printer-name \(nameWithoutLanguage\) = Plotter/);
  });

  it('reports a fresh handshake and traffic in hoc status --json', async () => {
    const r = await anna.hoc(['status', '--json']);
    expect(r.exitCode, r.all).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ connected: true, interface: 'hoc0', org: { id: 'buero-mueller' }, addresses: ['10.99.0.2/32'] });
    expect(s.handshakeAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(s.handshakeAgeSeconds).toBeLessThan(30);
    expect(s.rxBytes).toBeGreaterThan(0);
    expect(s.txBytes).toBeGreaterThan(0);
    expect(JSON.stringify(s)).not.toMatch(/privateKey|presharedKey/i);
    const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
    const key = JSON.parse(Buffer.from(profile.payload, 'base64').toString('utf8')).tunnel.privateKey as string;
    expect(r.all).not.toContain(key);
  });

  it('keeps the rendered config root-only while connected', async () => {
    const r = await inLab('home', ['stat', '-c', '%a %U', join(labDir, 'helper-state'), join(labDir, 'helper-state/hoc0.conf')]);
    expect(r.stdout).toBe('700 root\n600 root');
    const asUser = await inLab('home', ['cat', join(labDir, 'helper-state/hoc0.conf')], { user: true });
    expect(asUser.exitCode).not.toBe(0);
  });

  it('disconnects and leaves no interface, route, DNS entry, config file, mount, drive link, added queue or record behind', async () => {
    const r = await anna.hoc(['disconnect']);
    expect(r.exitCode, r.all).toBe(0);
    await expectClean([anna.home]);
    const s = JSON.parse((await anna.hoc(['status', '--json'])).stdout);
    expect(s.connected).toBe(false);
  });
});

describe('spine: the helper only serves allowed users', () => {
  it('refuses a user outside the hoc group with a clear message and exit code 4', async () => {
    // 'nobody' is not in group hoc; the socket's mode already keeps it out.
    const r = await inLab('home', ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', 'node', join(labDir, 'app/hoc.mjs'), 'status'], {
      env: { HOC_HELPER_SOCKET: helperSocket, HOC_HOME: '/tmp', HOC_LANG: 'en' },
    });
    expect(r.exitCode).toBe(4);
    expect(r.all).toMatch(/not allowed to use the HomeOffice service|cannot be reached/);
  });
});
