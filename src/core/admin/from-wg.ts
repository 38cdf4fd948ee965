/**
 * `hoc admin from-wg FILE.conf`: takes over an existing WireGuard client config as a profile
 * payload. Any syntax wg-quick(8), wg(8) or WireGuard for Windows accept is read (wg-conf.ts);
 * what the app cannot honour is refused naming file and line: commands (PreUp …), routing
 * policy (Table, FwMark), SaveConfig, more than one peer, a peer that is not the org's firewall,
 * a key or address already issued, and anything the profile rules refuse.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../../shared/errors';
import { isIPLiteral, isWireGuardKey, parseEndpoint } from '../../shared/net';
import type { Lang, MessageKey } from '../../shared/i18n';
import type { Profile } from '../../shared/profile';
import { wireGuardPublicKey } from './keys';
import { buildPayload, nextAddressHeld } from './org';
import { readAddressBook, readTemplate, readText, slugOf, usersDir, writeAddressBook, writeFileAtomic, type OrgTemplate } from './org-dir';
import { WG_CONF_MAX_BYTES, parseWgSections, splitList, withPrefix, type WgEntry, type WgSection } from './wg-conf';

/** The entries of a client config the app uses, each with the line it came from. */
export interface WgConfig {
  readonly privateKey: string;
  readonly addresses: string[];
  readonly dns: string[];
  readonly mtu?: number;
  /** Entries read but without effect in the app (ListenPort on a client), for the admin's eyes. */
  readonly ignored: string[];
  readonly peer: {
    readonly publicKey: string;
    readonly presharedKey?: string;
    readonly endpoint: string;
    readonly allowedIPs: string[];
    readonly persistentKeepalive?: number;
  };
  /** Line of each entry by lower-case key, for messages. */
  readonly lines: Readonly<Record<string, number>>;
}

const SCRIPTS = new Set(['preup', 'postup', 'predown', 'postdown']);
const INTERFACE_KEYS = new Set(['privatekey', 'address', 'dns', 'mtu', 'listenport', 'table', 'fwmark', 'saveconfig', ...SCRIPTS]);
const PEER_KEYS = new Set(['publickey', 'presharedkey', 'endpoint', 'allowedips', 'persistentkeepalive']);
const LISTS = new Set(['address', 'dns', 'allowedips']);

function refuse(code: MessageKey, file: string, e: WgEntry): never {
  throw new UserError(code, { file, line: e.line, key: e.name, value: e.value.slice(0, 60) });
}

/** Collects a section's entries: lists add up, other keys take the last value (as wg(8)). */
function collect(s: WgSection, allowed: Set<string>, file: string): Map<string, WgEntry> {
  const out = new Map<string, WgEntry>();
  for (const e of s.entries) {
    if (!allowed.has(e.key)) refuse('admin.wg.unknownKey', file, e);
    const prev = out.get(e.key);
    out.set(e.key, prev && LISTS.has(e.key) ? { ...e, value: `${prev.value},${e.value}`, line: prev.line } : e);
  }
  return out;
}

/** Reads a client config and refuses, naming file and line, what the app cannot honour. */
export function parseWgConfig(text: string, file: string): WgConfig {
  const sections = parseWgSections(text, file);
  const ifaces = sections.filter((s) => s.name === 'interface');
  const peers = sections.filter((s) => s.name === 'peer');
  if (ifaces.length !== 1) throw new UserError('admin.wg.interfaces', { file, count: ifaces.length, line: ifaces[1]?.line ?? 1 });
  if (peers.length !== 1) throw new UserError('admin.wg.peers', { file, count: peers.length, line: peers[1]?.line ?? ifaces[0]!.line });
  const i = collect(ifaces[0]!, INTERFACE_KEYS, file);
  const p = collect(peers[0]!, PEER_KEYS, file);
  const ignored: string[] = [];
  for (const [key, e] of i) {
    const v = e.value.toLowerCase();
    if (SCRIPTS.has(key)) refuse('admin.wg.scripts', file, e);
    if (key === 'table' && v !== 'auto') refuse('admin.wg.table', file, e);
    if (key === 'fwmark' && v !== 'off' && v !== '0') refuse('admin.wg.fwMark', file, e);
    if (key === 'saveconfig' && v !== 'false') refuse('admin.wg.saveConfig', file, e);
    if (key === 'listenport') ignored.push(`ListenPort (${file}:${e.line})`);
  }
  const need = (m: Map<string, WgEntry>, key: string, label: string, section: WgSection): WgEntry => {
    const e = m.get(key);
    if (!e || !e.value) throw new UserError('admin.wg.missing', { file, key: label, line: e?.line ?? section.line });
    return e;
  };
  const key = (e: WgEntry): string => (isWireGuardKey(e.value) ? e.value : refuse('admin.wg.badKey', file, e));
  const int = (e: WgEntry | undefined, off: boolean, max: number): number | undefined => {
    if (!e || e.value === '') return undefined;
    if (off && e.value.toLowerCase() === 'off') return 0;
    if (!/^\d{1,5}$/.test(e.value) || Number(e.value) > max) refuse('admin.wg.badNumber', file, e);
    return Number(e.value);
  };
  const addressEntry = need(i, 'address', 'Address', ifaces[0]!);
  const addresses = splitList(addressEntry.value).map((a) => withPrefix(a) ?? refuse('admin.wg.badAddress', file, { ...addressEntry, value: a }));
  const allowedEntry = need(p, 'allowedips', 'AllowedIPs', peers[0]!);
  const allowedIPs = splitList(allowedEntry.value).map((a) => withPrefix(a) ?? refuse('admin.wg.badAddress', file, { ...allowedEntry, value: a }));
  const endpoint = need(p, 'endpoint', 'Endpoint', peers[0]!);
  if (!parseEndpoint(endpoint.value)) refuse('admin.wg.badEndpoint', file, endpoint);
  const psk = p.get('presharedkey');
  const mtu = int(i.get('mtu'), false, 65535);
  const keepalive = int(p.get('persistentkeepalive'), true, 65535);
  const lines = Object.fromEntries([...i, ...p].map(([k, e]) => [k, e.line]));
  return {
    privateKey: key(need(i, 'privatekey', 'PrivateKey', ifaces[0]!)),
    addresses,
    dns: splitList(i.get('dns')?.value ?? ''),
    ...(mtu !== undefined ? { mtu } : {}),
    ignored,
    peer: {
      publicKey: key(need(p, 'publickey', 'PublicKey', peers[0]!)),
      ...(psk?.value ? { presharedKey: key(psk) } : {}),
      endpoint: endpoint.value,
      allowedIPs,
      ...(keepalive !== undefined ? { persistentKeepalive: keepalive } : {}),
    },
    lines,
  };
}

/** Refuses a config whose peer is not this organisation's firewall (key and endpoint from org.json). */
export function checkPeerIsFirewall(conf: WgConfig, tpl: OrgTemplate, file: string): void {
  if (conf.peer.publicKey !== tpl.tunnel.peer.publicKey) {
    throw new UserError('admin.wg.otherPeer', { file, line: conf.lines.publickey ?? 0, key: conf.peer.publicKey, expected: tpl.tunnel.peer.publicKey });
  }
  const a = parseEndpoint(conf.peer.endpoint);
  const b = parseEndpoint(tpl.tunnel.peer.endpoint);
  if (!a || !b || a.host.toLowerCase().replace(/\.$/, '') !== b.host.toLowerCase().replace(/\.$/, '') || a.port !== b.port) {
    throw new UserError('admin.wg.otherEndpoint', { file, line: conf.lines.endpoint ?? 0, endpoint: conf.peer.endpoint, expected: tpl.tunnel.peer.endpoint });
  }
}

const PATH_KEYS: [RegExp, string][] = [
  [/^\$\.tunnel\.address/, 'address'],
  [/^\$\.tunnel\.privateKey/, 'privatekey'],
  [/^\$\.tunnel\.dns/, 'dns'],
  [/^\$\.tunnel\.mtu/, 'mtu'],
  [/^\$\.tunnel\.peer\.publicKey/, 'publickey'],
  [/^\$\.tunnel\.peer\.presharedKey/, 'presharedkey'],
  [/^\$\.tunnel\.peer\.endpoint/, 'endpoint'],
  [/^\$\.tunnel\.peer\.allowedIPs/, 'allowedips'],
  [/^\$\.tunnel\.peer\.persistentKeepalive/, 'persistentkeepalive'],
];

export interface FromWgOptions {
  readonly name: string;
  readonly role: string;
  /** Where the payload goes; default `users/<slug>.payload.json` in the org folder. */
  readonly out?: string;
  readonly now?: Date;
  /** Language of a profile rule's reason inside a refusal that names the line. */
  readonly lang?: Lang;
}

/**
 * Builds a payload from a client config plus the org template (org, support, the role's
 * services), validates it with the client's rules and writes it (0600: it holds the private
 * key) for review and `hoc admin sign`. The address and key are recorded in the address book.
 */
export async function payloadFromWireGuard(dir: string, confFile: string, o: FromWgOptions): Promise<{ payloadFile: string; profileFile: string; profile: Profile; ignored: string[] }> {
  const now = o.now ?? new Date();
  const file = basename(confFile);
  const size = await stat(confFile).then((s) => s.size, () => 0);
  if (size > WG_CONF_MAX_BYTES) throw new UserError('admin.wg.tooLarge', { file, max: WG_CONF_MAX_BYTES });
  const conf = parseWgConfig((await readText(confFile)) ?? '', file);
  const tpl = await readTemplate(dir);
  const book = await readAddressBook(dir);
  checkPeerIsFirewall(conf, tpl, file);
  const existing = book.users.find((u) => u.name.toLowerCase() === o.name.trim().toLowerCase());
  if (existing) throw new UserError('admin.user.exists', { name: o.name, file: existing.profile });
  const publicKey = wireGuardPublicKey(conf.privateKey);
  const sameKey = book.users.find((u) => u.publicKey === publicKey);
  if (sameKey) throw new UserError('admin.wg.keyIssued', { file, line: conf.lines.privatekey ?? 0, name: sameKey.name });
  for (const address of conf.addresses) {
    const holder = nextAddressHeld(book, address, now);
    if (holder) throw new UserError('admin.wg.addressIssued', { file, line: conf.lines.address ?? 0, address, name: holder.name });
  }
  // In wg-quick, DNS entries that are not IP addresses are search domains.
  const servers = conf.dns.filter(isIPLiteral);
  const searchDomains = conf.dns.filter((d) => !isIPLiteral(d));
  const tunnel = {
    address: conf.addresses,
    privateKey: conf.privateKey,
    dns: { servers, searchDomains: searchDomains.length ? searchDomains : tpl.tunnel.dns.searchDomains },
    mtu: conf.mtu ?? tpl.tunnel.mtu,
    peer: {
      publicKey: conf.peer.publicKey,
      ...(conf.peer.presharedKey ? { presharedKey: conf.peer.presharedKey } : {}),
      endpoint: conf.peer.endpoint,
      allowedIPs: conf.peer.allowedIPs,
      persistentKeepalive: conf.peer.persistentKeepalive ?? 0,
    },
  };
  const serial = book.nextSerial;
  let profile: Profile;
  try {
    profile = buildPayload(tpl, o.role, { name: o.name, address: '', privateKey: '' }, serial, now, tunnel);
  } catch (err) {
    const key = err instanceof UserError && err.detail ? PATH_KEYS.find(([re]) => re.test(err.detail ?? ''))?.[1] : undefined;
    if (!key || !(err instanceof UserError)) throw err;
    throw new UserError('admin.wg.refused', { file, line: conf.lines[key] ?? 0, reason: err.localized(o.lang ?? 'de') }, err.detail);
  }
  const slug = slugOf(o.name);
  const users = await usersDir(dir);
  const payloadFile = o.out ?? join(users, `${slug}.payload.json`);
  await writeFileAtomic(payloadFile, `${JSON.stringify(profile, null, 2)}\n`, 0o600);
  await writeAddressBook(dir, {
    ...book,
    nextSerial: serial + 1,
    users: [
      ...book.users,
      { name: o.name, slug, role: o.role, address: conf.addresses[0] ?? '', publicKey, serial, issuedAt: profile.issuedAt, expiresAt: profile.expiresAt, profile: `users/${slug}.hocprofile` },
    ],
  });
  return { payloadFile, profileFile: join(users, `${slug}.hocprofile`), profile, ignored: conf.ignored };
}
