/**
 * The IT provider's organisation folder: the signing key (0600, never
 * printed), the template `org.json` (org, support, tunnel, catalogue of
 * services/drives/printers, roles) and the address book of issued profiles.
 */
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { UserError } from '../../shared/errors';
import { describeIssues } from '../../shared/helper-protocol';
import { parseEnvelope, parsePayloadBytes, validatePayload, type Profile } from '../../shared/profile';

export const SIGNING_KEY_FILE = 'org-signing-key.pem';
export const TEMPLATE_FILE = 'org.json';
export const ADDRESS_BOOK_FILE = 'address-book.json';
export const USERS_DIR = 'users';

const roleName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'role names: lowercase letters, digits, hyphens');
const entry = z.record(z.string(), z.unknown());

/** The template every profile of the organisation is built from. Content rules are checked on the built profile. */
export const TemplateSchema = z.strictObject({
  version: z.literal(1),
  org: z.strictObject({ id: z.string(), name: z.string(), domain: z.string() }),
  support: z.strictObject({ name: z.string(), phone: z.string(), email: z.string(), hours: z.string() }),
  tunnel: z.strictObject({
    /** IPv4 range employee addresses are taken from; the first host is the firewall's. */
    addressPool: z.string(),
    dns: z.strictObject({ servers: z.array(z.string()), searchDomains: z.array(z.string()) }),
    mtu: z.number().int(),
    /** Give every employee a WireGuard preshared key as well. */
    presharedKeys: z.boolean(),
    peer: z.strictObject({
      publicKey: z.string(),
      endpoint: z.string(),
      allowedIPs: z.array(z.string()),
      persistentKeepalive: z.number().int(),
    }),
  }),
  validityDays: z.number().int().min(1).max(3650),
  services: z.array(entry),
  drives: z.array(entry),
  printers: z.array(entry),
  roles: z.record(roleName, z.strictObject({ services: z.array(z.string()), drives: z.array(z.string()), printers: z.array(z.string()) })),
  /** Optional proof of being in the office (docs/office.md), copied into every profile. */
  office: z.strictObject({ host: z.string(), port: z.number().int(), spki: z.string() }).optional(),
});
export type OrgTemplate = z.infer<typeof TemplateSchema>;

const BookUser = z.strictObject({
  name: z.string(),
  slug: z.string(),
  role: z.string(),
  address: z.string(),
  publicKey: z.string(),
  serial: z.number().int(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  profile: z.string(),
  /** When the profile was revoked: the peer goes on the next push, the address is held for 30 days. */
  revokedAt: z.string().optional(),
  email: z.string().optional(),
});
/** Who got which tunnel address and serial. */
export const AddressBookSchema = z.strictObject({ version: z.literal(1), nextSerial: z.number().int().min(1), users: z.array(BookUser) });
export type AddressBook = z.infer<typeof AddressBookSchema>;
export type AddressBookUser = z.infer<typeof BookUser>;

function errText(err: unknown): string {
  return err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
}

/** Reads a file or throws admin.file.read (undefined for a missing file when `optional`). */
export async function readText(file: string, optional = false): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError('admin.file.read', { file, detail: errText(err) }, errText(err));
  }
}

/** Writes a file atomically with the given mode; never follows an existing temp file. */
export async function writeFileAtomic(file: string, data: string, mode: number): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { mode, flag: 'wx' });
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw new UserError('admin.file.write', { file, detail: errText(err) }, errText(err));
  }
}

/** Reads and checks org.json. */
export async function readTemplate(dir: string): Promise<OrgTemplate> {
  const text = await readText(join(dir, TEMPLATE_FILE), true);
  if (text === undefined) throw new UserError('admin.orgDir.missing', { dir });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError('admin.template.invalid', { detail: errText(err) }, errText(err));
  }
  const parsed = TemplateSchema.safeParse(value);
  if (!parsed.success) {
    const detail = describeIssues(parsed.error);
    throw new UserError('admin.template.invalid', { detail }, detail);
  }
  return parsed.data;
}

/** Reads the address book (empty when there is none yet). */
export async function readAddressBook(dir: string): Promise<AddressBook> {
  const text = await readText(join(dir, ADDRESS_BOOK_FILE), true);
  if (text === undefined) return { version: 1, nextSerial: 1, users: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError('admin.book.invalid', { detail: errText(err) }, errText(err));
  }
  const parsed = AddressBookSchema.safeParse(value);
  if (!parsed.success) {
    const detail = describeIssues(parsed.error);
    throw new UserError('admin.book.invalid', { detail }, detail);
  }
  return parsed.data;
}

/** Saves the address book. */
export async function writeAddressBook(dir: string, book: AddressBook): Promise<void> {
  await writeFileAtomic(join(dir, ADDRESS_BOOK_FILE), `${JSON.stringify(book, null, 2)}\n`, 0o644);
}

/** Loads the signing key; refuses one that others can read (POSIX). */
export async function readSigningKey(dir: string): Promise<KeyObject> {
  const file = join(dir, SIGNING_KEY_FILE);
  const pem = await readText(file, true);
  if (pem === undefined) throw new UserError('admin.orgDir.missing', { dir });
  if (process.platform !== 'win32') {
    const mode = (await stat(file)).mode & 0o777;
    if (mode & 0o077) throw new UserError('admin.key.permissions', { file, mode: mode.toString(8).padStart(4, '0') });
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`key type ${key.asymmetricKeyType ?? '?'}`);
    return key;
  } catch (err) {
    throw new UserError('admin.key.invalid', { file }, errText(err));
  }
}

/** The payload of a profile this organisation issued (read back for renew and push; the folder is the admin's own). */
export async function readIssuedPayload(dir: string, user: AddressBookUser): Promise<Profile> {
  const text = await readText(join(dir, user.profile));
  try {
    const value = parsePayloadBytes(parseEnvelope(Buffer.from(text ?? '', 'utf8')).payload) as { issuedAt?: unknown };
    // Judged at its own issue time: an old profile is still read back to renew it.
    return validatePayload(value, { now: new Date(Date.parse(String(value.issuedAt))) });
  } catch (err) {
    throw new UserError('admin.profile.unreadable', { file: user.profile, detail: errText(err) }, errText(err));
  }
}

/** Makes sure the users folder exists (0700: it holds private keys). */
export async function usersDir(dir: string): Promise<string> {
  const users = join(dir, USERS_DIR);
  await mkdir(users, { recursive: true, mode: 0o700 });
  return users;
}

/** A file-name-safe slug of a person's name: "Jörg Müller" → "joerg-mueller". */
export function slugOf(name: string): string {
  const folded = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return folded || 'user';
}
