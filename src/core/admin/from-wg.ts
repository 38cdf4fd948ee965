/**
 * `hoc admin from-wg FILE.conf`: turns an existing WireGuard client config into
 * a profile payload. Entries that would run commands or change the routing
 * policy of the employee's machine are refused, each with the reason.
 */
import { basename, join } from 'node:path';
import { UserError } from '../../shared/errors';
import { isIPLiteral } from '../../shared/net';
import type { MessageKey } from '../../shared/i18n';
import type { Profile } from '../../shared/profile';
import { wireGuardPublicKey } from './keys';
import { buildPayload } from './org';
import { readAddressBook, readTemplate, readText, slugOf, usersDir, writeAddressBook, writeFileAtomic } from './org-dir';

/** The entries of a wg-quick config this tool understands. */
export interface WgConfig {
  readonly privateKey: string;
  readonly addresses: string[];
  readonly dns: string[];
  readonly mtu?: number;
  readonly peer: {
    readonly publicKey: string;
    readonly presharedKey?: string;
    readonly endpoint: string;
    readonly allowedIPs: string[];
    readonly persistentKeepalive?: number;
  };
}

const REFUSED: Record<string, MessageKey> = {
  preup: 'admin.wg.scripts',
  postup: 'admin.wg.scripts',
  predown: 'admin.wg.scripts',
  postdown: 'admin.wg.scripts',
  saveconfig: 'admin.wg.saveConfig',
  table: 'admin.wg.table',
  fwmark: 'admin.wg.fwMark',
};
const INTERFACE_KEYS = new Set(['privatekey', 'address', 'dns', 'mtu', 'listenport']);
const PEER_KEYS = new Set(['publickey', 'presharedkey', 'endpoint', 'allowedips', 'persistentkeepalive']);

/** Parses wg-quick INI text (keys case-insensitive, `#` comments); throws a UserError naming file and line. */
export function parseWgConfig(text: string, file: string): WgConfig {
  const sections: { name: string; entries: Map<string, { value: string; line: number }> }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.replace(/#.*$/, '').trim();
    if (!content) return;
    const section = /^\[(\w+)\]$/.exec(content);
    if (section) {
      sections.push({ name: (section[1] ?? '').toLowerCase(), entries: new Map() });
      return;
    }
    const kv = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(content);
    const current = sections[sections.length - 1];
    if (!kv || !current) throw new UserError('admin.wg.syntax', { file, line });
    const key = (kv[1] ?? '').toLowerCase();
    const refused = REFUSED[key];
    if (refused) throw new UserError(refused, { file, line, key: kv[1] ?? key });
    const allowed = current.name === 'interface' ? INTERFACE_KEYS : current.name === 'peer' ? PEER_KEYS : new Set<string>();
    if (!allowed.has(key)) throw new UserError('admin.wg.unknownKey', { file, line, key: kv[1] ?? key });
    const previous = current.entries.get(key);
    const value = (kv[2] ?? '').trim();
    // wg-quick accepts repeated Address/DNS/AllowedIPs lines and joins them.
    current.entries.set(key, { value: previous ? `${previous.value},${value}` : value, line });
  });
  const iface = sections.filter((s) => s.name === 'interface');
  const peers = sections.filter((s) => s.name === 'peer');
  if (iface.length !== 1 || peers.length !== 1 || sections.length !== 2) throw new UserError('admin.wg.sections', { file });
  const i = iface[0]!.entries;
  const p = peers[0]!.entries;
  const need = (m: Map<string, { value: string }>, key: string, label: string): string => {
    const v = m.get(key)?.value;
    if (!v) throw new UserError('admin.wg.missing', { file, key: label });
    return v;
  };
  const list = (v: string | undefined): string[] => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);
  const int = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));
  const presharedKey = p.get('presharedkey')?.value;
  const keepalive = int(p.get('persistentkeepalive')?.value);
  const mtu = int(i.get('mtu')?.value);
  return {
    privateKey: need(i, 'privatekey', 'PrivateKey'),
    addresses: list(need(i, 'address', 'Address')),
    dns: list(i.get('dns')?.value),
    ...(mtu !== undefined ? { mtu } : {}),
    peer: {
      publicKey: need(p, 'publickey', 'PublicKey'),
      ...(presharedKey ? { presharedKey } : {}),
      endpoint: need(p, 'endpoint', 'Endpoint'),
      allowedIPs: list(need(p, 'allowedips', 'AllowedIPs')),
      ...(keepalive !== undefined ? { persistentKeepalive: keepalive } : {}),
    },
  };
}

export interface FromWgOptions {
  readonly name: string;
  readonly role: string;
  /** Where the payload goes; default `users/<slug>.payload.json` in the org folder. */
  readonly out?: string;
  readonly now?: Date;
}

/**
 * Builds a payload from a wg-quick config plus the org template (org, support,
 * the role's services), validates it with the client's rules and writes it
 * (0600: it contains the private key) for review and `hoc admin sign`.
 */
export async function payloadFromWireGuard(dir: string, confFile: string, o: FromWgOptions): Promise<{ payloadFile: string; profileFile: string; profile: Profile }> {
  const now = o.now ?? new Date();
  const conf = parseWgConfig((await readText(confFile)) ?? '', basename(confFile));
  const tpl = await readTemplate(dir);
  const book = await readAddressBook(dir);
  const serial = book.nextSerial;
  const existing = book.users.find((u) => u.name.toLowerCase() === o.name.trim().toLowerCase());
  if (existing) throw new UserError('admin.user.exists', { name: o.name, file: existing.profile });
  let publicKey: string;
  try {
    publicKey = wireGuardPublicKey(conf.privateKey);
  } catch {
    throw new UserError('profile.key.invalid', { path: '$.tunnel.privateKey' }, '$.tunnel.privateKey');
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
  const profile = buildPayload(tpl, o.role, { name: o.name, address: '', privateKey: '' }, serial, now, tunnel);
  const slug = slugOf(o.name);
  const users = await usersDir(dir);
  const payloadFile = o.out ?? join(users, `${slug}.payload.json`);
  await writeFileAtomic(payloadFile, `${JSON.stringify(profile, null, 2)}\n`, 0o600);
  await writeAddressBook(dir, {
    ...book,
    nextSerial: serial + 1,
    users: [
      ...book.users,
      {
        name: o.name,
        slug,
        role: o.role,
        address: conf.addresses[0] ?? '',
        publicKey,
        serial,
        issuedAt: profile.issuedAt,
        expiresAt: profile.expiresAt,
        profile: `users/${slug}.hocprofile`,
      },
    ],
  });
  return { payloadFile, profileFile: join(users, `${slug}.hocprofile`), profile };
}
