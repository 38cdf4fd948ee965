/**
 * Strict content validation of a profile payload (docs/profiles.md). Runs on
 * every profile, even one with a good signature: the signature says who wrote
 * it, these rules say it cannot hurt the employee's machine.
 */
import { isHostname, isIPLiteral, isWireGuardKey, parseCidr, type Cidr } from '../net';
import { UserError } from '../errors';
import { parsePrinterUri } from '../helper-protocol';
import { isDriveLetter, isPrinterName, parseShare, parseUri, placeHost, uriScheme } from './addresses';
import { readOffice } from './office';
import { fail, has, readArray, readInt, readObject, readString, shown } from './reader';
import { checkRoute, dnsServerProblem, endpointProblem, interfaceAddressProblem, isLocalhostName, isSearchDomainInside } from './tunnel-rules';
import {
  DEFAULT_SERVICE_PORTS,
  PROFILE_LIMITS as L,
  SERVICE_KINDS,
  isUrlServiceKind,
  type Profile,
  type ProfileDrive,
  type ProfilePeer,
  type ProfilePrinter,
  type ProfileService,
  type ProfileTunnel,
  type ServiceKind,
  type StoredProfile,
} from './types';

/** Lowercase id: letters, digits, inner hyphens. Org ids up to 63, service ids up to 32 characters. */
export const ORG_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const SERVICE_ID = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const PHONE = /^[0-9 +\-/()]{3,40}$/;
const EMAIL_LOCAL = /^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const PRINTER_SCHEMES = ['ipp', 'ipps', 'smb', 'lpd', 'socket'] as const;

export interface ValidateOptions {
  /** The time expiry and `issuedAt` are judged against. */
  readonly now: Date;
}

type KeyMode = 'required' | 'absent';

interface Ctx {
  readonly now: Date;
  readonly domain: string;
  readonly routed: readonly Cidr[];
}

/**
 * Validates a parsed payload and returns it as a `Profile`; throws a UserError
 * (code = rule, detail = JSON path) at the first rule it breaks. Never throws anything else.
 */
export function validatePayload(value: unknown, opts: ValidateOptions): Profile {
  return readProfile(value, opts.now, 'required', false) as Profile;
}

/**
 * Validates a profile at rest (no private key, preshared key optional) with the
 * same rules; `allowExpired` lets a listing show an expired profile.
 */
export function validateStoredProfile(value: unknown, opts: ValidateOptions & { readonly allowExpired?: boolean }): StoredProfile {
  return readProfile(value, opts.now, 'absent', opts.allowExpired === true);
}

/** Like validatePayload, but returns the error as a value. */
export function checkPayload(value: unknown, opts: ValidateOptions): { ok: true; profile: Profile } | { ok: false; error: UserError } {
  try {
    return { ok: true, profile: validatePayload(value, opts) };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: err };
    throw err;
  }
}

function readProfile(value: unknown, now: Date, keyMode: KeyMode, allowExpired: boolean): StoredProfile | Profile {
  const root = readObject(value, '$', [
    'org',
    'serial',
    'issuedAt',
    'expiresAt',
    'user',
    'support',
    'tunnel',
    'services',
    'drives',
    'printers',
  ], ['office']);

  const o = readObject(root.org, '$.org', ['id', 'name', 'domain']);
  const id = readString(o.id, '$.org.id', 63);
  if (!ORG_ID.test(id)) fail('profile.org.id', '$.org.id', { value: shown(id) });
  const name = readLabel(o.name, '$.org.name');
  const domain = readString(o.domain, '$.org.domain', 253);
  if (!isHostname(domain) || domain.endsWith('.') || isIPLiteral(domain) || !domain.includes('.') || isLocalhostName(domain)) {
    fail('profile.org.domain', '$.org.domain', { value: shown(domain) });
  }

  const serial = readInt(root.serial, '$.serial', 1, Number.MAX_SAFE_INTEGER, 'profile.serial');
  const issuedAt = readDate(root.issuedAt, '$.issuedAt');
  const expiresAt = readDate(root.expiresAt, '$.expiresAt');
  if (issuedAt.time > now.getTime() + L.issuedAtSkewMs) {
    fail('profile.issuedInFuture', '$.issuedAt', { date: issuedAt.text });
  }
  if (expiresAt.time <= issuedAt.time) fail('profile.expiresBeforeIssued', '$.expiresAt');
  if (!allowExpired && expiresAt.time <= now.getTime()) fail('profile.expired', '$.expiresAt', { date: expiresAt.text });

  const u = readObject(root.user, '$.user', ['name', 'role']);
  const user = { name: readLabel(u.name, '$.user.name'), role: readLabel(u.role, '$.user.role') };

  const s = readObject(root.support, '$.support', ['name', 'phone', 'email', 'hours']);
  const support = {
    name: readLabel(s.name, '$.support.name'),
    phone: readPhone(s.phone, '$.support.phone'),
    email: readEmail(s.email, '$.support.email'),
    hours: readLabel(s.hours, '$.support.hours'),
  };

  const lowerDomain = domain.toLowerCase();
  const tunnel = readTunnel(root.tunnel, lowerDomain, keyMode);
  const ctx: Ctx = { now, domain: lowerDomain, routed: tunnel.peer.allowedIPs.map((r) => parseCidr(r)!) };

  const serviceValues = readArray(root.services, '$.services', 0, L.services);
  const services: ProfileService[] = [];
  const serviceIds = new Set<string>();
  serviceValues.forEach((v, i) => {
    const service = readService(v, `$.services[${i}]`, ctx);
    if (serviceIds.has(service.id)) fail('profile.service.duplicateId', `$.services[${i}].id`, { id: service.id });
    serviceIds.add(service.id);
    services.push(service);
  });

  const driveValues = readArray(root.drives, '$.drives', 0, L.drives);
  const drives: ProfileDrive[] = [];
  const letters = new Set<string>();
  driveValues.forEach((v, i) => {
    const drive = readDrive(v, `$.drives[${i}]`, ctx);
    if (letters.has(drive.letter)) fail('profile.drive.duplicateLetter', `$.drives[${i}].letter`, { letter: drive.letter });
    letters.add(drive.letter);
    drives.push(drive);
  });

  const printerValues = readArray(root.printers, '$.printers', 0, L.printers);
  const printers: ProfilePrinter[] = [];
  const printerNames = new Set<string>();
  printerValues.forEach((v, i) => {
    const printer = readPrinter(v, `$.printers[${i}]`, ctx);
    const key = printer.name.toLowerCase();
    if (printerNames.has(key)) fail('profile.printer.duplicateName', `$.printers[${i}].name`, { name: printer.name });
    printerNames.add(key);
    printers.push(printer);
  });

  const office = has(root, 'office') ? readOffice(root.office, ctx.domain, ctx.routed) : undefined;

  return {
    org: { id, name, domain },
    serial,
    issuedAt: issuedAt.text,
    expiresAt: expiresAt.text,
    user,
    support,
    tunnel,
    services,
    drives,
    printers,
    ...(office ? { office } : {}),
  };
}

function readLabel(value: unknown, path: string): string {
  return readString(value, path, L.label);
}

function readDate(value: unknown, path: string): { text: string; time: number } {
  const text = readString(value, path, 40);
  const m = ISO_DATE.exec(text);
  if (!m) fail('profile.date.invalid', path);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const time = Date.parse(text);
  if (
    y < 2000 ||
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s ||
    !Number.isFinite(time)
  ) {
    fail('profile.date.invalid', path);
  }
  return { text, time };
}

function readPhone(value: unknown, path: string): string {
  const phone = readString(value, path, 40);
  if (!PHONE.test(phone) || !/\d/.test(phone)) fail('profile.support.phone', path, { value: shown(phone) });
  return phone;
}

function readEmail(value: unknown, path: string): string {
  const email = readString(value, path, 254);
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const host = email.slice(at + 1);
  if (at < 1 || local.length > 64 || !EMAIL_LOCAL.test(local) || !isHostname(host) || !host.includes('.') || host.endsWith('.')) {
    fail('profile.support.email', path, { value: shown(email) });
  }
  return email;
}

function readKey(value: unknown, path: string): string {
  const key = readString(value, path, 64);
  if (!isWireGuardKey(key)) fail('profile.key.invalid', path);
  return key;
}

function readTunnel(value: unknown, domain: string, keyMode: KeyMode): ProfileTunnel {
  const keys = ['address', 'dns', 'mtu', 'peer'] as const;
  const t =
    keyMode === 'required'
      ? readObject(value, '$.tunnel', [...keys, 'privateKey'])
      : (readObject(value, '$.tunnel', keys) as { readonly [K in (typeof keys)[number] | 'privateKey']?: unknown });

  const address = readArray(t.address, '$.tunnel.address', 1, L.addresses).map((v, i) => {
    const path = `$.tunnel.address[${i}]`;
    const text = readString(v, path, 64);
    const problem = interfaceAddressProblem(text);
    if (problem === 'invalid') fail('profile.tunnel.address', path, { value: shown(text) });
    if (problem === 'tooBroad') fail('profile.tunnel.addressTooBroad', path, { value: text });
    if (problem === 'special') fail('profile.tunnel.addressSpecial', path, { value: text });
    return text;
  });
  const privateKey = keyMode === 'required' ? readKey(t.privateKey, '$.tunnel.privateKey') : undefined;

  // The peer comes before dns: DNS servers must lie inside its allowedIPs.
  const peer = readPeer(t.peer);
  const routed = peer.allowedIPs.map((r) => parseCidr(r)!);

  const d = readObject(t.dns, '$.tunnel.dns', ['servers', 'searchDomains']);
  const servers = readArray(d.servers, '$.tunnel.dns.servers', 0, L.dnsServers).map((v, i) => {
    const path = `$.tunnel.dns.servers[${i}]`;
    const ip = readString(v, path, 45);
    const problem = dnsServerProblem(ip, routed);
    if (problem === 'notIp') fail('profile.dns.serverNotIp', path, { value: shown(ip) });
    if (problem === 'special') fail('profile.dns.serverSpecial', path, { value: ip });
    if (problem === 'outside') fail('profile.dns.serverOutside', path, { value: ip });
    return ip;
  });
  const searchDomains = readArray(d.searchDomains, '$.tunnel.dns.searchDomains', 0, L.searchDomains).map((v, i) => {
    const path = `$.tunnel.dns.searchDomains[${i}]`;
    const name = readString(v, path, 253);
    if (!isSearchDomainInside(name, domain)) {
      fail('profile.dns.searchDomain', path, { value: shown(name), domain });
    }
    return name;
  });

  const mtu = readInt(t.mtu, '$.tunnel.mtu', L.mtu.min, L.mtu.max, 'profile.tunnel.mtu');
  const tunnel = { address, dns: { servers, searchDomains }, mtu, peer };
  return (privateKey === undefined ? tunnel : { address, privateKey, dns: tunnel.dns, mtu, peer }) as ProfileTunnel;
}

function readPeer(value: unknown): ProfilePeer {
  const p = readObject(value, '$.tunnel.peer', ['publicKey', 'endpoint', 'allowedIPs', 'persistentKeepalive'], ['presharedKey']);
  const publicKey = readKey(p.publicKey, '$.tunnel.peer.publicKey');
  const presharedKey = has(p, 'presharedKey') ? readKey(p.presharedKey, '$.tunnel.peer.presharedKey') : undefined;
  const endpoint = readString(p.endpoint, '$.tunnel.peer.endpoint', 260);
  const endpointCheck = endpointProblem(endpoint);
  if (endpointCheck === 'invalid') fail('profile.tunnel.endpoint', '$.tunnel.peer.endpoint', { value: shown(endpoint) });
  if (endpointCheck === 'local') fail('profile.tunnel.endpointLocal', '$.tunnel.peer.endpoint', { value: shown(endpoint) });
  const allowedIPs = readArray(p.allowedIPs, '$.tunnel.peer.allowedIPs', 1, L.allowedIPs).map((v, i) => {
    const path = `$.tunnel.peer.allowedIPs[${i}]`;
    const text = readString(v, path, 64);
    const route = checkRoute(text);
    if (!route.ok) {
      if (route.problem === 'invalid') fail('profile.tunnel.allowedIP', path, { value: shown(text) });
      if (route.problem === 'defaultRoute') fail('profile.tunnel.defaultRoute', path, { value: text });
      if (route.problem === 'tooBroad') fail('profile.tunnel.routeTooBroad', path, { value: text });
      fail('profile.tunnel.routeSpecial', path, { value: text });
    }
    return text;
  });
  const persistentKeepalive = readInt(
    p.persistentKeepalive,
    '$.tunnel.peer.persistentKeepalive',
    L.keepalive.min,
    L.keepalive.max,
    'profile.tunnel.keepalive',
  );
  return presharedKey === undefined
    ? { publicKey, endpoint, allowedIPs, persistentKeepalive }
    : { publicKey, presharedKey, endpoint, allowedIPs, persistentKeepalive };
}

function readService(value: unknown, path: string, ctx: Ctx): ProfileService {
  const v = readObject(value, path, ['id', 'label', 'kind'], ['host', 'port', 'url', 'timeoutMs']);
  const id = readString(v.id, `${path}.id`, 32);
  if (!SERVICE_ID.test(id)) fail('profile.service.id', `${path}.id`, { value: shown(id) });
  const label = readLabel(v.label, `${path}.label`);
  const kindText = readString(v.kind, `${path}.kind`, 16);
  if (!(SERVICE_KINDS as readonly string[]).includes(kindText)) fail('profile.service.kind', `${path}.kind`, { id, value: shown(kindText) });
  const kind = kindText as ServiceKind;
  const timeoutMs = has(v, 'timeoutMs')
    ? readInt(v.timeoutMs, `${path}.timeoutMs`, L.timeoutMs.min, L.timeoutMs.max, 'profile.service.timeout', { id })
    : undefined;
  const extra = timeoutMs === undefined ? {} : { timeoutMs };

  if (isUrlServiceKind(kind)) {
    for (const field of ['host', 'port'] as const) {
      if (has(v, field)) fail('profile.service.fieldNotAllowed', `${path}.${field}`, { id, kind, field });
    }
    if (!has(v, 'url')) fail('profile.service.needsUrl', `${path}.url`, { id, kind });
    const schemes = kind === 'https' ? ['https'] : ['ipp', 'ipps'];
    const url = readUri(v.url, `${path}.url`, schemes, ctx, (place, host) =>
      fail(place === 'outsideDomain' ? 'profile.service.hostOutside' : 'profile.service.ipOutside', `${path}.url`, {
        id,
        host,
        domain: ctx.domain,
      }),
    );
    return { id, label, kind, url, ...extra };
  }

  if (has(v, 'url')) fail('profile.service.fieldNotAllowed', `${path}.url`, { id, kind, field: 'url' });
  if (!has(v, 'host')) fail('profile.service.needsHost', `${path}.host`, { id, kind });
  const host = readString(v.host, `${path}.host`, 253);
  const place = placeHost(host, ctx.domain, ctx.routed);
  if (place === 'invalid') fail('profile.service.host', `${path}.host`, { id, value: shown(host) });
  if (place === 'outsideDomain') fail('profile.service.hostOutside', `${path}.host`, { id, host, domain: ctx.domain });
  if (place === 'outsideTunnel') fail('profile.service.ipOutside', `${path}.host`, { id, host });
  if (!has(v, 'port')) {
    if (DEFAULT_SERVICE_PORTS[kind] === null) fail('profile.service.needsPort', `${path}.port`, { id, kind });
    return { id, label, kind, host, ...extra };
  }
  const port = readInt(v.port, `${path}.port`, 1, 65535, 'profile.service.port', { id });
  return { id, label, kind, host, port, ...extra };
}

/** Reads a URI and applies the host rule; `outside` reports a host outside the company. */
function readUri(
  value: unknown,
  path: string,
  schemes: readonly string[],
  ctx: Ctx,
  outside: (place: 'outsideDomain' | 'outsideTunnel', host: string) => never,
): string {
  const text = readString(value, path, L.text);
  const parsed = parseUri(text, schemes);
  if (parsed === 'scheme') {
    fail('profile.url.scheme', path, { scheme: shown(uriScheme(text) ?? '', 20), allowed: schemes.map((s) => `${s}://`).join(', ') });
  }
  if (parsed === 'userinfo') fail('profile.url.userinfo', path);
  if (parsed === 'syntax') fail('profile.url.invalid', path, { value: shown(text) });
  const place = placeHost(parsed.host, ctx.domain, ctx.routed);
  if (place === 'invalid') fail('profile.url.invalid', path, { value: shown(text) });
  if (place !== 'inside') outside(place, parsed.host);
  return text;
}

function readDrive(value: unknown, path: string, ctx: Ctx): ProfileDrive {
  const v = readObject(value, path, ['letter', 'label', 'share']);
  const letter = readString(v.letter, `${path}.letter`, 8);
  if (!isDriveLetter(letter)) fail('profile.drive.letter', `${path}.letter`, { value: shown(letter) });
  const label = readLabel(v.label, `${path}.label`);
  const share = readString(v.share, `${path}.share`, L.text);
  const parsed = parseShare(share);
  if (parsed === 'dotdot') fail('profile.drive.shareDotDot', `${path}.share`, { letter, value: shown(share) });
  if (parsed === 'syntax') fail('profile.drive.share', `${path}.share`, { letter, value: shown(share) });
  const place = placeHost(parsed.host, ctx.domain, ctx.routed);
  if (place === 'outsideDomain') fail('profile.drive.hostOutside', `${path}.share`, { letter, host: parsed.host, domain: ctx.domain });
  if (place !== 'inside') fail('profile.drive.ipOutside', `${path}.share`, { letter, host: parsed.host });
  return { letter, label, share };
}

function readPrinter(value: unknown, path: string, ctx: Ctx): ProfilePrinter {
  const v = readObject(value, path, ['name', 'label', 'uri']);
  const name = readString(v.name, `${path}.name`, 127);
  if (!isPrinterName(name)) fail('profile.printer.name', `${path}.name`, { value: shown(name) });
  const label = readLabel(v.label, `${path}.label`);
  const uri = readString(v.uri, `${path}.uri`, L.text);
  const parsed = parseUri(uri, PRINTER_SCHEMES);
  if (parsed === 'scheme') fail('profile.printer.scheme', `${path}.uri`, { name, scheme: shown(uriScheme(uri) ?? uri, 20) });
  if (parsed === 'userinfo') fail('profile.url.userinfo', `${path}.uri`);
  // The same URI shape the OS adapters and the helper accept (no query, no IPv6 literal): never signed, then refused at connect.
  if (parsed === 'syntax' || parsePrinterUri(uri) === null) fail('profile.printer.uri', `${path}.uri`, { name, value: shown(uri) });
  const place = placeHost(parsed.host, ctx.domain, ctx.routed);
  if (place === 'outsideDomain') fail('profile.printer.hostOutside', `${path}.uri`, { name, host: parsed.host, domain: ctx.domain });
  if (place !== 'inside') fail('profile.printer.ipOutside', `${path}.uri`, { name, host: parsed.host });
  return { name, label, uri };
}
