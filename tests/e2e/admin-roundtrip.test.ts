/**
 * The IT provider's afternoon, in the lab: `hoc admin init`, one CSV of ten employees, `add-users
 * --push` through the office firewall's API (the OPNsense API stand-in, which applies the peers
 * to the office's real WireGuard), ten employees at ten homes connecting at the same time, each
 * with a handshake. Then a renewed profile is imported as an update, and a revoked employee's
 * home loses the office while the other nine keep it. The admin works from the office LAN
 * (hoc-lan) with the shipped `hoc` CLI, as root; employees run it unprivileged.
 */
import { chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employee, inLab, lab, labDir, officeAccount, repo } from './lab';

const COUNT = 10;
const orgDir = join(labDir, 'org-roundtrip');
const hocCli = join(repo, 'out/cli/hoc.mjs');
const apiUrl = 'https://10.77.0.1:8443';

/** `hoc admin` as the IT provider on a machine in the office LAN. */
function admin(...args: string[]) {
  return inLab('lan', ['node', hocCli, 'admin', '--org-dir', orgDir, ...args], { env: { HOC_LANG: 'en' }, timeoutMs: 120_000 });
}

const people = Array.from({ length: COUNT }, (_, i) => ({
  name: `Mitarbeiter ${String.fromCharCode(65 + i)}`,
  slug: `mitarbeiter-${String.fromCharCode(97 + i)}`,
  ns: `hoc-home${i + 1}` as const,
  socket: join(labDir, `helper${i + 1}/helper.sock`),
}));
const clients = people.map((p, i) => employee('hocuser', { ns: p.ns, socket: p.socket, homeDir: `roundtrip-${i + 1}` }));
const uid = () => Number(readFileSync('/etc/passwd', 'utf8').match(/^hocuser:x:(\d+):/m)?.[1]);

/** Hands an employee their profile file (it carries their key: only theirs to read). */
function give(i: number, file: string, as: string): string {
  const target = join(clients[i]!.home, as);
  mkdirSync(clients[i]!.home, { recursive: true });
  copyFileSync(join(orgDir, 'users', file), target);
  chownSync(target, uid(), -1);
  chmodSync(target, 0o600);
  return target;
}

/** The office's view: public key → latest handshake (0 = never). */
async function officeHandshakes(): Promise<Map<string, number>> {
  const r = await inLab('office', ['wg', 'show', 'wg0', 'latest-handshakes']);
  return new Map(r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]).map(([k, v]) => [k, Number(v)]));
}

/** Can this home reach the office file server (TCP 445) through its tunnel? */
const ping = (ns: (typeof people)[number]['ns']) => inLab(ns, ['timeout', '3', 'bash', '-c', 'exec 3<>/dev/tcp/10.77.0.10/445']);

let started = 0;

beforeAll(async () => {
  rmSync(orgDir, { recursive: true, force: true });
  const serverKey = readFileSync(join(labDir, 'office-wg.pub'), 'utf8').trim();
  const init = await admin(
    'init', '--org-id', 'buero-mueller', '--org-name', 'Architekturbüro Müller', '--domain', 'buero.local',
    '--endpoint', 'vpn.buero-mueller.example:51820', '--server-key', serverKey,
    '--allowed-ips', '10.77.0.0/24,10.99.0.0/24', '--dns', '10.77.0.1', '--address-pool', '10.99.0.64/26',
    '--support-name', 'IT-Service', '--support-phone', '+49 621 1234567', '--support-email', 'hilfe@it-service.example',
    '--support-hours', 'Mo–Fr 8–18 Uhr',
  );
  expect(init.exitCode, init.all).toBe(0);
  // What the IT provider edits by hand: the office's services, drive and role.
  const template = JSON.parse(readFileSync(join(orgDir, 'org.json'), 'utf8'));
  template.services = [{ id: 'files', label: 'Dateiserver', kind: 'smb', host: 'fs.buero.local' }];
  template.drives = [{ letter: 'P', label: 'Projekte', share: '\\\\fs.buero.local\\projekte' }];
  template.roles = { drafter: { services: ['files'], drives: ['P'], printers: [] } };
  writeFileSync(join(orgDir, 'org.json'), JSON.stringify(template, null, 2));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.hoc(['disconnect'])));
  // Leave the office firewall as it was: every peer of this organisation revoked and pushed away.
  for (const p of people) await admin('revoke', p.name);
  await admin('opnsense', 'push');
  const down = await lab('homes-down');
  expect(down.exitCode, down.all).toBe(0);
  const left = await inLab('office', ['ip', 'netns', 'list']);
  expect(left.stdout).not.toMatch(/hoc-home\d/);
  // What else this file made: the employees' app folders (their imports pin this run's company key) and the org folder.
  for (const c of clients) rmSync(c.home, { recursive: true, force: true });
  rmSync(orgDir, { recursive: true, force: true });
}, 180_000);

describe('admin round trip: one CSV, the firewall API, ten homes', () => {
  it('sets up the firewall API (TLS checked against the office CA) and finds the WireGuard instance by its key', async () => {
    started = performance.now();
    const credentials = join(labDir, 'office/opnsense-apikey.txt');
    // The firewall's certificate comes from the office's own CA: without --ca it is not trusted.
    const noCa = await admin('opnsense', 'setup', '--url', apiUrl, '--credentials', credentials);
    expect(noCa.exitCode).not.toBe(0);
    expect(noCa.all).toContain('is not trusted');
    const r = await admin('opnsense', 'setup', '--url', apiUrl, '--credentials', credentials, '--ca', join(labDir, 'ca/ca.pem'));
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('WireGuard instance "HomeOffice"');
  });

  it('issues ten profiles and guides from one CSV and pushes ten peers in the same run', async () => {
    const csv = `\uFEFFName;Rolle\r\n${people.map((p) => `${p.name};drafter`).join('\r\n')}\r\n`;
    writeFileSync(join(orgDir, 'team.csv'), csv);
    const r = await admin('add-users', join(orgDir, 'team.csv'), '--push');
    expect(r.exitCode, r.all).toBe(0);
    for (const p of people) expect(r.all).toContain(`+ ${p.slug} (${p.name}): added`);
    expect(r.all).toContain('10 changes saved and applied');
    // No secret on the admin's terminal.
    const book = JSON.parse(readFileSync(join(orgDir, 'address-book.json'), 'utf8'));
    expect(book.users).toHaveLength(COUNT);
    const office = await officeHandshakes();
    for (const u of book.users) expect(office.has(u.publicKey), u.name).toBe(true);
    const again = await admin('opnsense', 'push');
    expect(again.all).toContain('Nothing to do');
  });

  it('connects all ten at the same time, each with a handshake and its own address', async () => {
    const homes = await lab('homes', String(COUNT));
    expect(homes.exitCode, homes.all).toBe(0);
    // Employee A imports first (the renew below is an update of this import); the others connect with the file.
    // Each home is a fresh machine with a helper of its own: the first import pins the company key there (after
    // the fingerprint comparison, here --yes) and hands the profile to the helper (no keychain involved); a
    // connect with a file alone never pins.
    const files = people.map((p, i) => give(i, `${p.slug}.hocprofile`, 'profile.hocprofile'));
    const imports = await Promise.all(clients.map((c, i) => c.hoc(['profile', 'import', files[i]!, '--yes'])));
    imports.forEach((r, i) => expect(r.exitCode, `${people[i]!.name}: ${r.all}`).toBe(0));
    const results = await Promise.all(clients.map((c, i) => c.hoc(i === 0 ? ['connect'] : ['connect', '--profile', files[i]!])));
    results.forEach((r, i) => expect(r.all, people[i]!.name).toMatch(/VPN-Tunnel aufbauen … ok/));
    const statuses = await Promise.all(clients.map((c) => c.hoc(['status', '--json'])));
    const parsed = statuses.map((s) => JSON.parse(s.stdout) as { addresses: string[]; latestHandshake: string | null });
    parsed.forEach((s, i) => expect(s.latestHandshake, people[i]!.name).not.toBeNull());
    expect(new Set(parsed.map((s) => s.addresses[0])).size).toBe(COUNT);
    const office = await officeHandshakes();
    const book = JSON.parse(readFileSync(join(orgDir, 'address-book.json'), 'utf8'));
    for (const u of book.users) expect(office.get(u.publicKey), u.name).toBeGreaterThan(0);
    const shares = await Promise.all(
      people.map((p) => inLab(p.ns, ['smbclient', '//fs.buero.local/projekte', '-U', `${officeAccount.user}%${officeAccount.password}`, '-c', 'ls'], { user: true })),
    );
    shares.forEach((r, i) => expect(r.all, people[i]!.name).toContain('Willkommen.txt'));
    // Measured, printed, never asserted: the machine is shared.
    console.log(`admin round trip: CSV of ${COUNT} → profiles, guides, peers pushed → ${COUNT} homes with a handshake in ${Math.round(performance.now() - started)} ms`);
  }, 240_000);

  it('renew: the app takes the new profile as an update and still connects', async () => {
    const r = await admin('renew', people[0]!.name);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('the app takes it as an update');
    const renewed = give(0, `${people[0]!.slug}.hocprofile`, 'renewed.hocprofile');
    const imported = await clients[0]!.hoc(['profile', 'import', renewed, '--yes']);
    expect(imported.exitCode, imported.all).toBe(0);
    expect(imported.all).toMatch(/Aktualisierung: Seriennummer 1 → 11/);
    // Same key, same address: the firewall needs nothing.
    expect((await admin('opnsense', 'push')).all).toContain('Nothing to do');
    await clients[0]!.hoc(['disconnect']);
    const again = await clients[0]!.hoc(['connect']);
    expect(again.all).toMatch(/VPN-Tunnel aufbauen … ok/);
  }, 120_000);

  it('revoke + push: that home loses the office, the other nine keep it', async () => {
    const revoked = people[1]!;
    const r = await admin('revoke', revoked.name);
    expect(r.exitCode, r.all).toBe(0);
    // Before the push the firewall still lets the revoked employee in.
    expect((await ping(revoked.ns)).exitCode).toBe(0);
    const pushed = await admin('opnsense', 'push');
    expect(pushed.all).toContain(`- ${revoked.slug} (${revoked.name}): removed (revoked)`);
    expect((await ping(revoked.ns)).exitCode).not.toBe(0);
    const others = people.filter((p) => p !== revoked);
    const pings = await Promise.all(others.map((p) => ping(p.ns)));
    pings.forEach((p, i) => expect(p.exitCode, others[i]!.name).toBe(0));
    // A fresh connect from the revoked home gets no handshake.
    const i = people.indexOf(revoked);
    await clients[i]!.hoc(['disconnect']);
    const retry = await clients[i]!.hoc(['connect', '--profile', join(clients[i]!.home, 'profile.hocprofile')]);
    expect(retry.exitCode).not.toBe(0);
    expect(retry.all).toMatch(/kein Handshake|antwortet nicht/);
    const status = await admin('opnsense', 'status');
    expect(status.all).toContain(`${revoked.slug} (${revoked.name}): revoked, removed`);
  }, 180_000);
});
