/** `hoc admin init | add-user | sign`: set up an organisation folder and issue signed profiles. */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../../shared/errors';
import type { Lang } from '../../shared/i18n';
import { parseCidr } from '../../shared/net';
import { parsePayloadBytes, validatePayload, type Profile } from '../../shared/profile';
import { renderGuide } from './guide';
import { generatePresharedKey, generateSigningKeyPem, generateWireGuardKeyPair, rawPublicKey, signEnvelope } from './keys';
import {
  ADDRESS_BOOK_FILE,
  SIGNING_KEY_FILE,
  TEMPLATE_FILE,
  readAddressBook,
  readSigningKey,
  readTemplate,
  readText,
  slugOf,
  usersDir,
  writeAddressBook,
  writeFileAtomic,
  type AddressBook,
  type OrgTemplate,
} from './org-dir';
import { fingerprintOf } from '../profile/verify';
import { createPrivateKey, type KeyObject } from 'node:crypto';

export interface InitOptions {
  readonly orgId: string;
  readonly orgName: string;
  readonly domain: string;
  readonly endpoint: string;
  /** The firewall's WireGuard public key. */
  readonly serverKey: string;
  readonly allowedIPs: readonly string[];
  readonly dns?: readonly string[];
  readonly searchDomains?: readonly string[];
  readonly addressPool?: string;
  readonly mtu?: number;
  readonly keepalive?: number;
  readonly presharedKeys?: boolean;
  readonly validityDays?: number;
  readonly support: { readonly name: string; readonly phone: string; readonly email: string; readonly hours: string };
  readonly now?: Date;
}

export interface InitResult {
  readonly fingerprint: string;
  readonly keyFile: string;
  readonly templateFile: string;
}

const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Creates the organisation folder: signing key (0600), org.json, empty address book. Never overwrites. */
export async function initOrg(dir: string, o: InitOptions): Promise<InitResult> {
  for (const name of [TEMPLATE_FILE, SIGNING_KEY_FILE, ADDRESS_BOOK_FILE]) {
    if ((await readText(join(dir, name), true)) !== undefined) throw new UserError('admin.orgDir.exists', { dir, file: name });
  }
  const template: OrgTemplate = {
    version: 1,
    org: { id: o.orgId, name: o.orgName, domain: o.domain },
    support: { ...o.support },
    tunnel: {
      addressPool: o.addressPool ?? '10.99.0.0/24',
      dns: { servers: [...(o.dns ?? [])], searchDomains: [...(o.searchDomains ?? [o.domain])] },
      mtu: o.mtu ?? 1380,
      presharedKeys: o.presharedKeys ?? true,
      peer: { publicKey: o.serverKey, endpoint: o.endpoint, allowedIPs: [...o.allowedIPs], persistentKeepalive: o.keepalive ?? 25 },
    },
    validityDays: o.validityDays ?? 365,
    services: [],
    drives: [],
    printers: [],
    roles: { staff: { services: [], drives: [], printers: [] } },
  };
  // Build a throw-away profile now, so a typo shows up at init and not at the first employee.
  poolHosts(template.tunnel.addressPool);
  buildPayload(template, 'staff', { name: 'Test', address: '10.0.0.2/32', ...generateWireGuardKeyPair(), presharedKey: generatePresharedKey() }, 1, o.now ?? new Date());

  await mkdir(dir, { recursive: true });
  const pem = generateSigningKeyPem();
  const keyFile = join(dir, SIGNING_KEY_FILE);
  try {
    await writeFile(keyFile, pem, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    throw new UserError('admin.file.write', { file: keyFile, detail: String((err as NodeJS.ErrnoException).code ?? err) });
  }
  const templateFile = join(dir, TEMPLATE_FILE);
  await writeFileAtomic(templateFile, `${JSON.stringify(template, null, 2)}\n`, 0o644);
  await writeAddressBook(dir, { version: 1, nextSerial: 1, users: [] });
  return { fingerprint: fingerprintOf(rawPublicKey(createPrivateKey(pem))), keyFile, templateFile };
}

/** The usable host addresses of the pool: network+2 … broadcast-1 (network+1 is the firewall's). */
function poolHosts(pool: string): { first: bigint; last: bigint } {
  const cidr = parseCidr(pool);
  if (!cidr || cidr.family !== 4 || cidr.prefix < 16 || cidr.prefix > 30) throw new UserError('admin.pool.invalid', { pool });
  const size = 1n << BigInt(32 - cidr.prefix);
  return { first: cidr.network + 2n, last: cidr.network + size - 2n };
}

const ipv4 = (n: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');

/** Days a revoked employee's address stays reserved, so a new colleague never inherits a stale firewall rule or log line. */
export const REVOKED_ADDRESS_HOLD_DAYS = 30;

/** The book entry that holds this address now (active, or revoked less than 30 days ago), if any. */
export function nextAddressHeld(book: AddressBook, address: string, now: Date = new Date()): AddressBook['users'][number] | undefined {
  const ip = address.replace(/\/\d+$/, '');
  return book.users.find((u) => u.address.replace(/\/\d+$/, '') === ip && holdUntil(u) > now.getTime());
}

const holdUntil = (u: AddressBook['users'][number]): number => (u.revokedAt ? Date.parse(u.revokedAt) + REVOKED_ADDRESS_HOLD_DAYS * 86_400_000 : Infinity);

/** The next free /32 in the pool: skips every address in the book, except those revoked more than 30 days ago. */
export function nextAddress(pool: string, book: AddressBook, now: Date = new Date()): string {
  const { first, last } = poolHosts(pool);
  const used = new Set(book.users.filter((u) => holdUntil(u) > now.getTime()).map((u) => u.address.replace(/\/\d+$/, '')));
  for (let n = first; n <= last; n++) {
    const ip = ipv4(n);
    if (!used.has(ip)) return `${ip}/32`;
  }
  throw new UserError('admin.pool.full', { pool });
}

interface PayloadUser {
  readonly name: string;
  readonly address: string;
  readonly privateKey: string;
  readonly presharedKey?: string | undefined;
}

/** Builds and validates the payload for one employee from the template and their role. */
export function buildPayload(tpl: OrgTemplate, role: string, user: PayloadUser, serial: number, now: Date, tunnelOverride?: Partial<Profile['tunnel']>): Profile {
  const r = Object.prototype.hasOwnProperty.call(tpl.roles, role) ? tpl.roles[role] : undefined;
  if (!r) throw new UserError('admin.role.unknown', { role, roles: Object.keys(tpl.roles).join(', ') || '–' });
  const pick = (list: readonly Record<string, unknown>[], key: string, refs: readonly string[]): Record<string, unknown>[] =>
    refs.map((ref) => {
      const found = list.find((x) => x[key] === ref);
      if (!found) throw new UserError('admin.role.entry', { role, entry: ref });
      return found;
    });
  const expires = new Date(now.getTime() + tpl.validityDays * 86_400_000);
  const payload = {
    org: tpl.org,
    serial,
    issuedAt: isoSeconds(now),
    expiresAt: isoSeconds(expires),
    user: { name: user.name, role },
    support: tpl.support,
    tunnel: tunnelOverride
      ? { ...tunnelOverride }
      : {
          address: [user.address],
          privateKey: user.privateKey,
          dns: tpl.tunnel.dns,
          mtu: tpl.tunnel.mtu,
          peer: {
            publicKey: tpl.tunnel.peer.publicKey,
            ...(user.presharedKey ? { presharedKey: user.presharedKey } : {}),
            endpoint: tpl.tunnel.peer.endpoint,
            allowedIPs: tpl.tunnel.peer.allowedIPs,
            persistentKeepalive: tpl.tunnel.peer.persistentKeepalive,
          },
        },
    services: pick(tpl.services, 'id', r.services),
    drives: pick(tpl.drives, 'letter', r.drives),
    printers: pick(tpl.printers, 'name', r.printers),
    ...(tpl.office ? { office: tpl.office } : {}),
  };
  // The same rules as on the employee's machine: what passes here will import there.
  return validatePayload(payload, { now });
}

/** One field of OPNsense's WireGuard peer form. */
export interface OpnsenseField {
  readonly field: string;
  /** null: leave the field empty; 'instance': select the server instance; secret: printed only when asked. */
  readonly value: string | null | 'instance';
  readonly secret?: boolean;
}

export interface AddUserOptions {
  readonly name: string;
  readonly role: string;
  readonly lang?: Lang;
  readonly now?: Date;
  /** Overrides org.json's validityDays for this profile. */
  readonly validityDays?: number;
  /** Kept in the address book (whom to tell about a renewal); not part of the profile. */
  readonly email?: string;
}

export interface AddUserResult {
  readonly profile: Profile;
  readonly profileFile: string;
  readonly guideFile: string;
  readonly fingerprint: string;
  readonly address: string;
  readonly publicKey: string;
  /** The preshared key (secret: the CLI prints it only with --show-secrets). */
  readonly presharedKey?: string | undefined;
  readonly opnsense: readonly OpnsenseField[];
}

/** What one issued profile is made of; shared by add-user, add-users and renew. */
export interface IssueInput {
  readonly name: string;
  readonly slug: string;
  readonly role: string;
  readonly address: string;
  readonly keys: { readonly privateKey: string; readonly publicKey: string };
  readonly presharedKey?: string | undefined;
  readonly lang: Lang;
  readonly now: Date;
  readonly validityDays?: number | undefined;
  readonly email?: string | undefined;
}

/** Builds, checks, signs and writes one profile and its guide, and records it in the book (next serial). */
export async function issueProfile(dir: string, tpl: OrgTemplate, book: AddressBook, key: KeyObject, u: IssueInput): Promise<{ result: AddUserResult; book: AddressBook }> {
  if (u.validityDays !== undefined && (!Number.isInteger(u.validityDays) || u.validityDays < 1 || u.validityDays > 3650)) {
    throw new UserError('admin.arg.invalid', { option: '--validity-days', value: String(u.validityDays) });
  }
  const serial = book.nextSerial;
  const template = u.validityDays !== undefined ? { ...tpl, validityDays: u.validityDays } : tpl;
  const profile = buildPayload(template, u.role, { name: u.name, address: u.address, privateKey: u.keys.privateKey, presharedKey: u.presharedKey }, serial, u.now);
  const signed = signEnvelope(Buffer.from(JSON.stringify(profile), 'utf8'), key);
  const users = await usersDir(dir);
  const profileFile = join(users, `${u.slug}.hocprofile`);
  const guideFile = join(users, `${u.slug}-${u.lang === 'de' ? 'anleitung' : 'guide'}.html`);
  await writeFileAtomic(profileFile, signed.text, 0o600);
  await writeFileAtomic(guideFile, renderGuide({ profile, fingerprint: signed.fingerprint, fileName: basename(profileFile), lang: u.lang }), 0o644);
  const entry = { name: u.name, slug: u.slug, role: u.role, address: u.address, publicKey: u.keys.publicKey, serial, issuedAt: profile.issuedAt, expiresAt: profile.expiresAt, profile: `users/${u.slug}.hocprofile`, ...(u.email ? { email: u.email } : {}) };
  const next: AddressBook = { ...book, nextSerial: serial + 1, users: [...book.users.filter((x) => x.slug !== u.slug), entry] };
  await writeAddressBook(dir, next);
  const opnsense: OpnsenseField[] = [
    { field: 'Enabled', value: '✓' },
    { field: 'Name', value: u.slug },
    { field: 'Public key', value: u.keys.publicKey },
    { field: 'Pre-shared key', value: u.presharedKey ?? null, secret: true },
    { field: 'Allowed IPs', value: u.address },
    { field: 'Endpoint address', value: null },
    { field: 'Endpoint port', value: null },
    { field: 'Instances', value: 'instance' },
    { field: 'Keepalive interval', value: null },
  ];
  return {
    result: { profile, profileFile, guideFile, fingerprint: signed.fingerprint, address: u.address, publicKey: u.keys.publicKey, presharedKey: u.presharedKey, opnsense },
    book: next,
  };
}

/** Checks a person's name as the profile shows it: 1–80 characters, no control characters. */
export function checkPersonName(raw: string): string {
  const name = raw.trim();
  if (!name || name.length > 80 || /[\u0000-\u001f\u007f-\u009f]/.test(name)) throw new UserError('admin.user.name', { name: name.slice(0, 80) });
  return name;
}

/** Issues a profile for a new employee: address, key pair, signed profile, guide, firewall peer data. */
export async function addUser(dir: string, o: AddUserOptions): Promise<AddUserResult> {
  const tpl = await readTemplate(dir);
  const book = await readAddressBook(dir);
  const key = await readSigningKey(dir);
  return (await addUserTo(dir, tpl, book, key, o)).result;
}

/** addUser on an already loaded book (add-users issues many in one run). */
export async function addUserTo(dir: string, tpl: OrgTemplate, book: AddressBook, key: KeyObject, o: AddUserOptions): Promise<{ result: AddUserResult; book: AddressBook }> {
  const now = o.now ?? new Date();
  const name = checkPersonName(o.name);
  const existing = book.users.find((u) => u.name.toLowerCase() === name.toLowerCase());
  if (existing) throw new UserError('admin.user.exists', { name, file: existing.profile });
  let slug = slugOf(name);
  for (let i = 2; book.users.some((u) => u.slug === slug); i++) slug = `${slugOf(name)}-${i}`;
  const address = nextAddress(tpl.tunnel.addressPool, book, now);
  const keys = generateWireGuardKeyPair();
  const presharedKey = tpl.tunnel.presharedKeys ? generatePresharedKey() : undefined;
  return issueProfile(dir, tpl, book, key, { name, slug, role: o.role, address, keys, presharedKey, lang: o.lang ?? 'de', now, validityDays: o.validityDays, email: o.email });
}

/** Validates a hand-written payload and signs it with the org key; the output file is 0600. */
export async function signPayloadFile(dir: string, payloadFile: string, outFile: string, now: Date = new Date()): Promise<{ fingerprint: string; profile: Profile }> {
  const key = await readSigningKey(dir);
  const text = await readText(payloadFile);
  const profile = validatePayload(parsePayloadBytes(Buffer.from(text ?? '', 'utf8')), { now });
  // Sign the validated, re-serialised form: exactly what the client will accept, nothing more.
  const signed = signEnvelope(Buffer.from(JSON.stringify(profile), 'utf8'), key);
  await writeFileAtomic(outFile, signed.text, 0o600);
  return { fingerprint: signed.fingerprint, profile };
}
