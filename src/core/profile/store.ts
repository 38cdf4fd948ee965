/**
 * Imported profiles under `$HOC_HOME/profiles/`: one record per organisation,
 * the org key pinned on first import, updates only with the same key and a
 * higher serial, and the WireGuard keys kept in protected storage.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../shared/errors';
import { ORG_ID, validateStoredProfile, type StoredProfile } from '../../shared/profile';
import { hocHome } from '../paths';
import { defaultSecretStores, storeSecret, withFileConsent, type SecretStore, type SecretStoreKind, type SecretStores } from './secrets';
import type { VerifiedProfile } from './verify';

export interface StoreOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
  /** Tests pass their own; default: keychain, files only with consent. */
  readonly secrets?: SecretStores;
  /** The user agreed that the keys may go into a file when there is no keychain (`storeSecret`). */
  readonly fileConsent?: boolean;
}

/** What is on disk for one organisation (never any key). */
interface ProfileRecord {
  readonly version: 1;
  readonly orgId: string;
  readonly orgKey: string;
  readonly fingerprint: string;
  readonly serial: number;
  readonly importedAt: string;
  readonly secretStore: SecretStoreKind;
  readonly profile: StoredProfile;
}

/** The secrets of one profile, as kept in protected storage. */
interface TunnelSecrets {
  readonly privateKey: string;
  readonly presharedKey?: string;
}

/** What importing would do: pin a new org, or update a pinned one. */
export type ImportPlan =
  | { readonly kind: 'first' }
  | { readonly kind: 'update'; readonly currentSerial: number };

export interface ImportResult {
  readonly orgId: string;
  readonly plan: ImportPlan;
  /** Where the private key went. */
  readonly secretStore: SecretStoreKind;
  readonly secretLocation: string;
}

export interface ProfileSummary {
  readonly orgId: string;
  readonly orgName: string;
  readonly userName: string;
  readonly serial: number;
  readonly expiresAt: string;
  readonly expired: boolean;
  readonly fingerprint: string;
  readonly active: boolean;
  readonly secretStore: SecretStoreKind;
}

/** The imported profile a connect uses, with its keys merged back from protected storage. */
export interface ActiveProfile {
  /** The stored profile; `tunnel.peer.presharedKey` is filled in again when there is one. */
  readonly profile: StoredProfile;
  readonly privateKey: string;
  readonly fingerprint: string;
  readonly orgKey: string;
  readonly secretStore: SecretStoreKind;
}

/** The folder of imported profiles. */
export function profilesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(hocHome(env), 'profiles');
}

const recordFile = (dir: string, orgId: string): string => join(dir, `org-${orgId}.json`);
const activeFile = (dir: string): string => join(dir, 'active.json');
const account = (orgId: string): string => `org:${orgId}`;

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

async function writePrivate(dir: string, path: string, data: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { mode: 0o600, flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Reads one record and re-validates its profile; undefined when absent. */
async function readRecord(dir: string, orgId: string, now: Date): Promise<ProfileRecord | undefined> {
  const raw = await readJson(recordFile(dir, orgId));
  if (raw === undefined) return undefined;
  const r = raw as Partial<ProfileRecord> | null;
  try {
    if (!r || r.version !== 1 || r.orgId !== orgId || typeof r.orgKey !== 'string' || typeof r.fingerprint !== 'string') {
      throw new Error('bad record');
    }
    if (typeof r.serial !== 'number' || (r.secretStore !== 'keyring' && r.secretStore !== 'file') || typeof r.importedAt !== 'string') {
      throw new Error('bad record');
    }
    const profile = validateStoredProfile(r.profile, { now, allowExpired: true });
    if (profile.org.id !== orgId || profile.serial !== r.serial) throw new Error('record does not match its profile');
    return { ...(r as ProfileRecord), profile };
  } catch (err) {
    throw new UserError('profile.store.corrupt', { id: orgId }, err instanceof Error ? err.message : String(err));
  }
}

function storesOf(opts: StoreOptions): SecretStores {
  return withFileConsent(opts.secrets ?? defaultSecretStores(opts.env ?? process.env), opts.fileConsent);
}

async function storeFor(kind: SecretStoreKind, stores: SecretStores): Promise<SecretStore | null> {
  return kind === 'file' ? stores.file : stores.keyring();
}

/** Checks a verified profile against the pinned key and serial; throws a UserError when it must be refused. */
export async function planImport(vp: VerifiedProfile, opts: StoreOptions = {}): Promise<ImportPlan> {
  const dir = profilesDir(opts.env);
  const existing = await readRecord(dir, vp.profile.org.id, opts.now ?? new Date());
  if (!existing) return { kind: 'first' };
  const org = vp.profile.org.name;
  if (existing.orgKey !== vp.orgKey) {
    throw new UserError(
      'profile.store.keyChanged',
      { org, fingerprint: vp.fingerprint, pinned: existing.fingerprint },
      `org ${vp.profile.org.id}: pinned ${existing.fingerprint}, got ${vp.fingerprint}`,
    );
  }
  if (vp.profile.serial <= existing.serial) {
    throw new UserError(
      'profile.store.notNewer',
      { org, serial: vp.profile.serial, current: existing.serial },
      `org ${vp.profile.org.id}: serial ${vp.profile.serial} <= ${existing.serial}`,
    );
  }
  return { kind: 'update', currentSerial: existing.serial };
}

/** Stores a verified profile (after planImport's checks, repeated here) and makes it the active one. */
export async function importProfile(vp: VerifiedProfile, opts: StoreOptions = {}): Promise<ImportResult> {
  const plan = await planImport(vp, opts);
  const dir = profilesDir(opts.env);
  const orgId = vp.profile.org.id;
  const stores = storesOf(opts);
  const { privateKey, ...tunnelRest } = vp.profile.tunnel;
  const { presharedKey, ...peerRest } = tunnelRest.peer;
  const secrets: TunnelSecrets = presharedKey === undefined ? { privateKey } : { privateKey, presharedKey };
  const stored: StoredProfile = { ...vp.profile, tunnel: { ...tunnelRest, peer: peerRest } };

  const previous = plan.kind === 'update' ? await readRecord(dir, orgId, opts.now ?? new Date()) : undefined;
  // What a failed write must put back: the record's bytes and the secret it pointed to.
  const previousText = previous ? await readFile(recordFile(dir, orgId), 'utf8') : undefined;
  const previousStore = previous ? await storeFor(previous.secretStore, stores) : null;
  const previousSecret = previousStore ? await previousStore.get(account(orgId)).catch(() => null) : null;
  const store = await putSecret(account(orgId), JSON.stringify(secrets), stores);
  const record: ProfileRecord = {
    version: 1,
    orgId,
    orgKey: vp.orgKey,
    fingerprint: vp.fingerprint,
    serial: vp.profile.serial,
    importedAt: (opts.now ?? new Date()).toISOString(),
    secretStore: store.kind,
    profile: stored,
  };
  try {
    await writePrivate(dir, recordFile(dir, orgId), `${JSON.stringify(record, null, 2)}\n`);
    await writePrivate(dir, activeFile(dir), `${JSON.stringify({ orgId })}\n`);
  } catch (err) {
    await rollBack(dir, orgId, store, previousText, previousStore, previousSecret);
    throw new UserError('profile.store.write', { detail: errorText(err) }, errorText(err));
  }
  if (previous && previous.secretStore !== store.kind) {
    const old = await storeFor(previous.secretStore, stores);
    await old?.delete(account(orgId)).catch(() => false);
  }
  return { orgId, plan, secretStore: store.kind, secretLocation: store.location };
}

/**
 * Undoes a half-written import: a first import leaves neither record nor
 * secret; an update gets its previous record and secret back.
 */
async function rollBack(
  dir: string,
  orgId: string,
  store: SecretStore,
  previousText: string | undefined,
  previousStore: SecretStore | null,
  previousSecret: string | null,
): Promise<void> {
  if (previousText === undefined) {
    await rm(recordFile(dir, orgId), { force: true }).catch(() => undefined);
    await store.delete(account(orgId)).catch(() => false);
    return;
  }
  await writePrivate(dir, recordFile(dir, orgId), previousText).catch(() => undefined);
  if (previousStore && previousStore.kind !== store.kind) await store.delete(account(orgId)).catch(() => false);
  if (previousStore && previousSecret !== null) await previousStore.set(account(orgId), previousSecret).catch(() => undefined);
}

/** Puts the secret into the keychain, or into the file store when the user agreed (secrets.ts decides). */
async function putSecret(name: string, secret: string, stores: SecretStores): Promise<SecretStore> {
  try {
    // The old copy in the other store goes only after the record points to the new one (importProfile).
    return await storeSecret(stores, name, secret, { keepOtherCopy: true });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('profile.store.secretFailed', { detail: errorText(err) }, errorText(err));
  }
}

function errorText(err: unknown): string {
  if (err instanceof UserError) return err.detail ?? err.message;
  return err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
}

async function recordIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map((n) => /^org-(.+)\.json$/.exec(n)?.[1])
    .filter((id): id is string => id !== undefined && ORG_ID.test(id))
    .sort();
}

async function activeId(dir: string, ids: readonly string[]): Promise<string | undefined> {
  const a = (await readJson(activeFile(dir))) as { orgId?: unknown } | null | undefined;
  if (a && typeof a.orgId === 'string' && ids.includes(a.orgId)) return a.orgId;
  return ids.length === 1 ? ids[0] : undefined;
}

/** All imported profiles, for `hoc profile list` and the app's settings. */
export async function listProfiles(opts: StoreOptions = {}): Promise<ProfileSummary[]> {
  const dir = profilesDir(opts.env);
  const now = opts.now ?? new Date();
  const ids = await recordIds(dir);
  const active = await activeId(dir, ids);
  const out: ProfileSummary[] = [];
  for (const id of ids) {
    const r = await readRecord(dir, id, now);
    if (!r) continue;
    out.push({
      orgId: id,
      orgName: r.profile.org.name,
      userName: r.profile.user.name,
      serial: r.serial,
      expiresAt: r.profile.expiresAt,
      expired: Date.parse(r.profile.expiresAt) <= now.getTime(),
      fingerprint: r.fingerprint,
      active: id === active,
      secretStore: r.secretStore,
    });
  }
  return out;
}

/** Removes an imported profile, its pinned key and its secret; throws a UserError when there is none. */
export async function removeProfile(orgId: string, opts: StoreOptions = {}): Promise<void> {
  const dir = profilesDir(opts.env);
  if (!ORG_ID.test(orgId)) throw new UserError('profile.store.notFound', { id: orgId.slice(0, 80) }, 'invalid id');
  const raw = (await readJson(recordFile(dir, orgId))) as { secretStore?: unknown } | null | undefined;
  if (raw === undefined) throw new UserError('profile.store.notFound', { id: orgId });
  const stores = storesOf(opts);
  // Delete from both places: a record may be damaged, and a secret must never outlive its profile.
  await stores.file.delete(account(orgId));
  const keyring = await stores.keyring();
  if (keyring) await keyring.delete(account(orgId)).catch(() => false);
  await rm(recordFile(dir, orgId), { force: true });
  const a = (await readJson(activeFile(dir))) as { orgId?: unknown } | null | undefined;
  if (a === null || a?.orgId === orgId) await rm(activeFile(dir), { force: true });
}

/**
 * The profile a connect uses (the last imported one, or the only one) with
 * its keys from protected storage; null when none is imported. Throws a
 * UserError when it is expired, damaged or its key is missing.
 */
export async function getActiveProfile(env: NodeJS.ProcessEnv = process.env, opts: Omit<StoreOptions, 'env'> = {}): Promise<ActiveProfile | null> {
  const dir = profilesDir(env);
  const now = opts.now ?? new Date();
  const ids = await recordIds(dir);
  const id = await activeId(dir, ids);
  if (id === undefined) return null;
  const r = await readRecord(dir, id, now);
  if (!r) return null;
  // Same rules as on import, now including expiry.
  validateStoredProfile(r.profile, { now });
  const stores = opts.secrets ?? defaultSecretStores(env);
  const store = await storeFor(r.secretStore, stores);
  const text = store ? await store.get(account(id)).catch(() => null) : null;
  const secrets = parseSecrets(text);
  if (!secrets) throw new UserError('profile.store.secretMissing', { id }, `secret store ${r.secretStore}`);
  const peer = secrets.presharedKey === undefined ? r.profile.tunnel.peer : { ...r.profile.tunnel.peer, presharedKey: secrets.presharedKey };
  return {
    profile: { ...r.profile, tunnel: { ...r.profile.tunnel, peer } },
    privateKey: secrets.privateKey,
    fingerprint: r.fingerprint,
    orgKey: r.orgKey,
    secretStore: r.secretStore,
  };
}

function parseSecrets(text: string | null): TunnelSecrets | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as { privateKey?: unknown; presharedKey?: unknown };
    if (typeof v.privateKey !== 'string') return null;
    return typeof v.presharedKey === 'string' ? { privateKey: v.privateKey, presharedKey: v.presharedKey } : { privateKey: v.privateKey };
  } catch {
    return null;
  }
}
