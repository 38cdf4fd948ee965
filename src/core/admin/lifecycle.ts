/**
 * `hoc admin renew | revoke | add-users`: a profile's life after `add-user`. Renew signs a new
 * profile with a higher serial (the app takes it as an update); revoke marks the employee in
 * the address book so the next push removes the peer and the address rests for 30 days.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../shared/errors';
import { PREIMPORT_KEY_FILE, PREIMPORT_PROFILE_FILE } from '../profile/preimport';
import { fingerprintOf } from '../profile/verify';
import type { Lang } from '../../shared/i18n';
import { generatePresharedKey, generateWireGuardKeyPair, rawPublicKey, wireGuardPublicKey } from './keys';
import { addUserTo, checkPersonName, issueProfile, type AddUserResult } from './org';
import { readAddressBook, readIssuedPayload, readSigningKey, readTemplate, readText, writeAddressBook, writeFileAtomic, type AddressBook, type AddressBookUser } from './org-dir';
import type { CsvEmployee } from './csv';

const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The book entry for a name or file name (slug), case-insensitive. */
export function findUser(book: AddressBook, name: string): AddressBookUser {
  const wanted = name.trim().toLowerCase();
  const u = book.users.find((x) => x.name.toLowerCase() === wanted || x.slug === wanted);
  if (!u) throw new UserError('admin.user.unknown', { name });
  return u;
}

export interface RenewOptions {
  readonly name: string;
  /** New WireGuard key pair and preshared key (the firewall needs a push afterwards). */
  readonly newKey?: boolean;
  readonly validityDays?: number;
  readonly lang?: Lang;
  readonly now?: Date;
}

/** Signs a new profile for an employee: higher serial, same address; same keys unless `newKey`. */
export async function renewUser(dir: string, o: RenewOptions): Promise<AddUserResult & { newKey: boolean }> {
  const tpl = await readTemplate(dir);
  const book = await readAddressBook(dir);
  const key = await readSigningKey(dir);
  const u = findUser(book, o.name);
  if (u.revokedAt) throw new UserError('admin.user.revoked', { name: u.name, date: u.revokedAt });
  const old = await readIssuedPayload(dir, u);
  const keys = o.newKey ? generateWireGuardKeyPair() : { privateKey: old.tunnel.privateKey, publicKey: wireGuardPublicKey(old.tunnel.privateKey) };
  const presharedKey = o.newKey ? (tpl.tunnel.presharedKeys ? generatePresharedKey() : undefined) : old.tunnel.peer.presharedKey;
  const { result } = await issueProfile(dir, tpl, book, key, {
    name: u.name,
    slug: u.slug,
    role: u.role,
    ...(u.email ? { email: u.email } : {}),
    address: u.address,
    keys,
    presharedKey,
    lang: o.lang ?? 'de',
    now: o.now ?? new Date(),
    validityDays: o.validityDays,
  });
  return { ...result, newKey: o.newKey === true };
}

/** Marks an employee revoked; the peer is removed on the next `opnsense push`. */
export async function revokeUser(dir: string, name: string, now: Date = new Date()): Promise<AddressBookUser> {
  const book = await readAddressBook(dir);
  const u = findUser(book, name);
  if (u.revokedAt) throw new UserError('admin.user.revoked', { name: u.name, date: u.revokedAt });
  const revoked = { ...u, revokedAt: isoSeconds(now) };
  await writeAddressBook(dir, { ...book, users: book.users.map((x) => (x === u ? revoked : x)) });
  return revoked;
}

/**
 * Issues one profile per CSV row. Every row is checked before the first profile is written
 * (role known, name valid, no duplicate in the file or the book), so a typo in row 9 does not
 * leave eight issued and one missing.
 */
export async function addUsers(dir: string, rows: readonly CsvEmployee[], o: { lang?: Lang; now?: Date; validityDays?: number } = {}): Promise<AddUserResult[]> {
  const tpl = await readTemplate(dir);
  let book = await readAddressBook(dir);
  const key = await readSigningKey(dir);
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (!Object.prototype.hasOwnProperty.call(tpl.roles, r.role)) {
      throw new UserError('admin.csv.role', { file: r.file, line: r.line, role: r.role, roles: Object.keys(tpl.roles).join(', ') });
    }
    try {
      checkPersonName(r.name);
    } catch {
      throw new UserError('admin.csv.name', { file: r.file, line: r.line, name: r.name.slice(0, 80) });
    }
    const lower = r.name.trim().toLowerCase();
    const earlier = seen.get(lower);
    if (earlier !== undefined) throw new UserError('admin.csv.duplicate', { file: r.file, line: r.line, name: r.name, other: earlier });
    seen.set(lower, r.line);
    const existing = book.users.find((u) => u.name.toLowerCase() === lower);
    if (existing) throw new UserError('admin.csv.exists', { file: r.file, line: r.line, name: r.name, profile: existing.profile });
  }
  const results: AddUserResult[] = [];
  for (const r of rows) {
    const issued = await addUserTo(dir, tpl, book, key, { name: r.name, role: r.role, ...(r.email ? { email: r.email } : {}), ...o });
    book = issued.book;
    results.push(issued.result);
  }
  return results;
}

/**
 * The two files a silent install pre-imports (see core/profile/preimport.ts): the employee's
 * profile and the company key to pin, as `profile.hocprofile` (0600) and `company-key.txt`.
 */
export async function writeInstallerFiles(dir: string, name: string, outDir: string): Promise<{ profileFile: string; keyFile: string; fingerprint: string }> {
  const tpl = await readTemplate(dir);
  const book = await readAddressBook(dir);
  const u = findUser(book, name);
  if (u.revokedAt) throw new UserError('admin.user.revoked', { name: u.name, date: u.revokedAt });
  const raw = rawPublicKey(await readSigningKey(dir));
  const fingerprint = fingerprintOf(raw);
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const profileFile = join(outDir, PREIMPORT_PROFILE_FILE);
  const keyFile = join(outDir, PREIMPORT_KEY_FILE);
  await writeFileAtomic(profileFile, (await readText(join(dir, u.profile))) ?? '', 0o600);
  await writeFileAtomic(keyFile, `# HomeOffice Connect: company key of ${tpl.org.name} (${tpl.org.id})\n# fingerprint ${fingerprint}\n${raw.toString('base64')}\n`, 0o644);
  return { profileFile, keyFile, fingerprint };
}
