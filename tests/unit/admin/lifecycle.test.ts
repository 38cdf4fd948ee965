/** Ten at once from a spreadsheet, renew taken by the app as an update, revoke holding the address, the expiry warning. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { adminCommand } from '../../../src/cli/commands/admin';
import type { CliIo } from '../../../src/cli/io';
import { addUser, generateWireGuardKeyPair, nextAddress, parseEmployeeCsv, renewUser, revokeUser } from '../../../src/core/admin';
import { importProfile, loadProfileFile, planImport, preimportOnFirstStart } from '../../../src/core/profile';
import { startTestHelper, type TestHelper } from '../../fixtures/helper';
import { expiryWarning } from '../../../src/shared/profile';
import { t } from '../../../src/shared/i18n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoc-life-'));
  const init = ['--org-dir', dir, 'init', '--org-id', 'buero-mueller', '--org-name', 'Büro Müller', '--domain', 'buero.local', '--endpoint', 'vpn.buero-mueller.example:51820',
    '--server-key', generateWireGuardKeyPair().publicKey, '--allowed-ips', '10.77.0.0/24,10.99.0.0/24', '--dns', '10.77.0.1', '--support-name', 'IT-Service',
    '--support-phone', '+49 621 1234567', '--support-email', 'hilfe@it-service.example', '--support-hours', 'Mo–Fr'];
  expect(await adminCommand(init, io())).toBe(0);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lang: 'en', env: {}, lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), confirm: async () => false };
}

describe('employee list (CSV)', () => {
  it('reads a German spreadsheet export: BOM, ;, CRLF, German headers, quoted names with the separator', () => {
    const rows = parseEmployeeCsv('\uFEFFName;Rolle;E-Mail\r\nAnna Schmidt;staff;anna@buero.example\r\n"Müller; Jörg";staff;\r\n\r\n', 'team.csv');
    expect(rows).toEqual([
      { name: 'Anna Schmidt', role: 'staff', email: 'anna@buero.example', file: 'team.csv', line: 2 },
      { name: 'Müller; Jörg', role: 'staff', file: 'team.csv', line: 3 },
    ]);
    expect(parseEmployeeCsv('name,role\nAnna,staff\n', 'a.csv')).toEqual([{ name: 'Anna', role: 'staff', file: 'a.csv', line: 2 }]);
  });

  it('refuses, naming file and line: no header, an empty cell, a stray quote, too many columns, a bad e-mail', () => {
    expect(() => parseEmployeeCsv('vorname;nachname\nA;B\n', 't.csv')).toThrow('t.csv, line 1: the header must have the columns "name" and "role"');
    expect(() => parseEmployeeCsv('name;role\nAnna;\n', 't.csv')).toThrow('t.csv, line 2: the column "role" is empty.');
    expect(() => parseEmployeeCsv('name;role\nAn"na;staff\n', 't.csv')).toThrow('t.csv, line 2: a quote');
    expect(() => parseEmployeeCsv('name,role\nSchmidt, Anna,staff\n', 't.csv')).toThrow('t.csv, line 2: 3 columns, the header has 2');
    expect(() => parseEmployeeCsv('name;role;email\nAnna;staff;anna(at)x\n', 't.csv')).toThrow('t.csv, line 2: "anna(at)x" is not an e-mail address.');
    expect(() => parseEmployeeCsv(`name;role\n${'A;staff\n'.repeat(40_000)}`, 't.csv')).toThrow('t.csv is too large');
  });

  it('checks every row before issuing any: an unknown role in row 4 leaves nothing issued', async () => {
    await writeFile(join(dir, 'team.csv'), 'name;role\nAnna;staff\nBernd;staff\nCarla;chef\n');
    const out = io();
    expect(await adminCommand(['--org-dir', dir, 'add-users', join(dir, 'team.csv')], out)).toBe(2);
    expect(out.errors[0]).toBe('team.csv, line 4: there is no role "chef" in org.json (there are: staff).');
    expect(JSON.parse(await readFile(join(dir, 'address-book.json'), 'utf8')).users).toEqual([]);
  });

  it('issues ten from one file with ten addresses, ten serials, ten guides', async () => {
    await writeFile(join(dir, 'team.csv'), `name,role\n${Array.from({ length: 10 }, (_, i) => `Mitarbeiter ${i + 1},staff`).join('\n')}\n`);
    const out = io();
    expect(await adminCommand(['--org-dir', dir, 'add-users', join(dir, 'team.csv')], out)).toBe(0);
    const book = JSON.parse(await readFile(join(dir, 'address-book.json'), 'utf8'));
    expect(new Set(book.users.map((u: { address: string }) => u.address)).size).toBe(10);
    expect(book.users.map((u: { serial: number }) => u.serial)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(out.lines.at(-1)).toMatch(/^10 profiles issued/);
  });
});

describe('renew and revoke', () => {
  it('renew: higher serial, same address and key, and the app imports it as an update', async () => {
    const first = await addUser(dir, { name: 'Anna Schmidt', role: 'staff' });
    // What Anna got first (the renewed file replaces it in the org folder).
    const firstCopy = join(dir, 'first.hocprofile');
    await writeFile(firstCopy, await readFile(first.profileFile));
    const renewed = await renewUser(dir, { name: 'anna-schmidt', validityDays: 90 });
    expect(renewed.profile.serial).toBeGreaterThan(first.profile.serial);
    expect(renewed.address).toBe(first.address);
    expect(renewed.publicKey).toBe(first.publicKey);
    expect(Date.parse(renewed.profile.expiresAt) - Date.parse(renewed.profile.issuedAt)).toBe(90 * 86_400_000);
    // The app's own import path: the first profile pins, the renewed one is an update.
    const home = join(dir, 'employee');
    // The real helper server, unprivileged on a temporary socket (tests/fixtures/helper.ts), installs the profile.
    const helper = await startTestHelper();
    onTestFinished(() => helper.close());
    const opts = { env: { HOC_HOME: home }, helper: { socketPath: helper.socketPath } };
    expect((await importProfile(await loadProfileFile(firstCopy), opts)).plan).toEqual({ kind: 'first' });
    expect(await planImport(await loadProfileFile(renewed.profileFile), opts)).toEqual({ kind: 'update', currentSerial: first.profile.serial });
  });

  it('renew --new-key: a new key pair for the same address', async () => {
    const first = await addUser(dir, { name: 'Anna Schmidt', role: 'staff' });
    const renewed = await renewUser(dir, { name: 'Anna Schmidt', newKey: true });
    expect(renewed.publicKey).not.toBe(first.publicKey);
    expect(renewed.address).toBe(first.address);
  });

  it('revoke: the address is not handed out again for 30 days, then it is; a revoked employee is not renewed', async () => {
    const anna = await addUser(dir, { name: 'Anna Schmidt', role: 'staff' });
    const day0 = new Date();
    await revokeUser(dir, 'Anna Schmidt', day0);
    const bernd = await addUser(dir, { name: 'Bernd Bauer', role: 'staff', now: new Date(day0.getTime() + 29 * 86_400_000) });
    expect(bernd.address).not.toBe(anna.address);
    const book = JSON.parse(await readFile(join(dir, 'address-book.json'), 'utf8'));
    expect(nextAddress('10.99.0.0/24', { ...book, users: book.users.filter((u: { name: string }) => u.name !== 'Bernd Bauer') }, new Date(day0.getTime() + 31 * 86_400_000))).toBe(anna.address);
    await expect(renewUser(dir, { name: 'Anna Schmidt' })).rejects.toThrow(/was revoked on/);
  });

  it('add-user and renew never print a private or preshared key unless --show-secrets', async () => {
    const out = io();
    await adminCommand(['--org-dir', dir, 'add-user', 'Anna Schmidt', '--role', 'staff'], out);
    const renewOut = io();
    await adminCommand(['--org-dir', dir, 'renew', 'Anna Schmidt'], renewOut);
    const v = await loadProfileFile(join(dir, 'users', 'anna-schmidt.hocprofile'));
    for (const text of [out.lines.join('\n'), renewOut.lines.join('\n')]) {
      expect(text).not.toContain(v.profile.tunnel.privateKey);
      expect(text).not.toContain(v.profile.tunnel.peer.presharedKey!);
    }
    expect(renewOut.lines.join('\n')).toContain('the app takes it as an update');
    const shown = io();
    await adminCommand(['--org-dir', dir, 'renew', 'Anna Schmidt', '--show-secrets'], shown);
    expect(shown.lines.join('\n')).toContain(`PresharedKey = ${v.profile.tunnel.peer.presharedKey}`);
  });
});

describe('the app warns 30 days before a profile expires, with the support number', () => {
  const support = { name: 'IT-Service', phone: '+49 621 1234567' };
  const now = new Date('2027-01-01T12:00:00Z');
  it('says nothing 31 days ahead, warns with days, date and phone within 30, says "today" on the last day', () => {
    expect(expiryWarning({ expiresAt: '2027-02-01T12:00:01Z', support }, now)).toBeNull();
    const w = expiryWarning({ expiresAt: '2027-01-31T12:00:00Z', support }, now)!;
    expect(t('de', w.key, w.params)).toBe('Ihr Firmenprofil läuft in 30 Tagen ab (2027-01-31). Bitte rechtzeitig IT-Service anrufen: +49 621 1234567.');
    const today = expiryWarning({ expiresAt: '2027-01-01T18:00:00Z', support }, now)!;
    expect(t('en', today.key, today.params)).toContain('expires today');
    expect(expiryWarning({ expiresAt: '2027-01-01T11:00:00Z', support }, now)).toBeNull();
  });
});

describe('pre-import for a silent install', () => {
  let helper: TestHelper;
  beforeEach(async () => {
    // The real helper server, unprivileged on a temporary socket (tests/fixtures/helper.ts), installs the profile.
    helper = await startTestHelper();
  });
  afterEach(() => helper.close());
  const stores = (home: string) => ({ env: { HOC_HOME: home }, helper: { socketPath: helper.socketPath } });

  it('installer-files writes profile + company key; the first start imports it once, a later start leaves the import alone', async () => {
    await addUser(dir, { name: 'Anna Schmidt', role: 'staff' });
    const out = join(dir, 'beside-installer');
    const cli = io();
    expect(await adminCommand(['--org-dir', dir, 'installer-files', 'Anna Schmidt', '--out', out], cli)).toBe(0);
    expect(await readFile(join(out, 'company-key.txt'), 'utf8')).toMatch(/^# HomeOffice Connect: company key of Büro Müller/);
    const home = join(dir, 'employee');
    const first = await preimportOnFirstStart({ ...stores(home), dir: out });
    expect(first).toMatchObject({ orgId: 'buero-mueller', plan: { kind: 'first' } });
    expect(await preimportOnFirstStart({ ...stores(home), dir: out })).toBeNull();
    expect(await preimportOnFirstStart({ ...stores(join(dir, 'nobody')), dir: join(dir, 'no-such-folder') })).toBeNull();
  });

  it('refuses a profile the installed company key did not sign (swapped files), importing nothing', async () => {
    await addUser(dir, { name: 'Anna Schmidt', role: 'staff' });
    const out = join(dir, 'beside-installer');
    await adminCommand(['--org-dir', dir, 'installer-files', 'Anna Schmidt', '--out', out], io());
    await writeFile(join(out, 'company-key.txt'), `${generateWireGuardKeyPair().publicKey}\n`);
    const home = join(dir, 'employee');
    await expect(preimportOnFirstStart({ ...stores(home), dir: out })).rejects.toThrow(/is not signed by the company key installed with it/);
    await writeFile(join(out, 'company-key.txt'), 'garbage\n');
    await expect(preimportOnFirstStart({ ...stores(home), dir: out })).rejects.toThrow(/company key file .* is missing or damaged/);
  });
});
