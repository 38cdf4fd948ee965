/**
 * Imported profiles under `$HOC_HOME/profiles/`: one record per organisation,
 * the org key pinned on first import, updates only with the same key and a
 * higher serial. The WireGuard keys never reach this folder: import hands the
 * signed envelope to the helper (`profile.install`), which keeps it root-only;
 * the record here has no key at all.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../shared/errors';
import { ORG_ID, validateStoredProfile, type StoredProfile } from '../../shared/profile';
import type { HelperClientOptions } from '../helper-client';
import { helperSocketPath, hocHome } from '../paths';
import { installInHelper, removeFromHelper } from './install';
import { asEarlierRecord, removeEarlierSecret } from './earlier-record';
import { defaultSecretStores, type SecretStores } from './secrets';
import type { VerifiedProfile } from './verify';

export interface StoreOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
  /** The helper that keeps the tunnel material; default: `$HOC_HELPER_SOCKET` or the OS's socket. */
  readonly helper?: HelperClientOptions;
  /** Where an earlier version kept the tunnel keys (removed when its record is replaced); default: the OS's. */
  readonly secrets?: SecretStores;
}

/** What is on disk for one organisation (never any key). */
interface ProfileRecord {
  readonly version: 2;
  readonly orgId: string;
  readonly orgKey: string;
  readonly fingerprint: string;
  readonly serial: number;
  readonly importedAt: string;
  readonly profile: StoredProfile;
}

/** What importing would do: pin a new org, or update a pinned one. */
export type ImportPlan =
  | { readonly kind: 'first' }
  | { readonly kind: 'update'; readonly currentSerial: number };

export interface ImportResult {
  readonly orgId: string;
  readonly plan: ImportPlan;
  /** `new`: this import pinned the company key on the machine (the helper's pin); `pinned`: it was pinned already. */
  readonly machinePin: 'new' | 'pinned';
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
}

/** The imported profile a connect uses (no keys: the helper has them). */
export interface ActiveProfile {
  readonly profile: StoredProfile;
  readonly fingerprint: string;
  readonly orgKey: string;
}

/** The folder of imported profiles. */
export function profilesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(hocHome(env), 'profiles');
}

const recordFile = (dir: string, orgId: string): string => join(dir, `org-${orgId}.json`);
const activeFile = (dir: string): string => join(dir, 'active.json');

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
  if (asEarlierRecord(raw, orgId)) throw new UserError('profile.store.earlierVersion', { id: orgId }, 'record version 1');
  const r = raw as Partial<ProfileRecord> | null;
  try {
    if (!r || r.version !== 2 || r.orgId !== orgId || typeof r.orgKey !== 'string' || typeof r.fingerprint !== 'string') {
      throw new Error('bad record');
    }
    if (typeof r.serial !== 'number' || typeof r.importedAt !== 'string') throw new Error('bad record');
    const profile = validateStoredProfile(r.profile, { now, allowExpired: true });
    if (profile.org.id !== orgId || profile.serial !== r.serial) throw new Error('record does not match its profile');
    return { ...(r as ProfileRecord), profile };
  } catch (err) {
    throw new UserError('profile.store.corrupt', { id: orgId }, err instanceof Error ? err.message : String(err));
  }
}

function helperOf(opts: StoreOptions): HelperClientOptions {
  return opts.helper ?? { socketPath: helperSocketPath(opts.env ?? process.env) };
}

/** Checks a verified profile against the pinned key and serial; throws a UserError when it must be refused. */
export async function planImport(vp: VerifiedProfile, opts: StoreOptions = {}): Promise<ImportPlan> {
  const dir = profilesDir(opts.env);
  const earlier = asEarlierRecord(await readJson(recordFile(dir, vp.profile.org.id)), vp.profile.org.id);
  const existing = earlier ?? (await readRecord(dir, vp.profile.org.id, opts.now ?? new Date()));
  if (!existing) return { kind: 'first' };
  const org = vp.profile.org.name;
  if (existing.orgKey !== vp.orgKey) {
    throw new UserError(
      'profile.store.keyChanged',
      { org, fingerprint: vp.fingerprint, pinned: existing.fingerprint },
      `org ${vp.profile.org.id}: pinned ${existing.fingerprint}, got ${vp.fingerprint}`,
    );
  }
  // An earlier version's record takes the same file again (the helper has no copy of it yet).
  if (earlier ? vp.profile.serial < existing.serial : vp.profile.serial <= existing.serial) {
    throw new UserError(
      'profile.store.notNewer',
      { org, serial: vp.profile.serial, current: existing.serial },
      `org ${vp.profile.org.id}: serial ${vp.profile.serial} <= ${existing.serial}`,
    );
  }
  return { kind: 'update', currentSerial: existing.serial };
}

/**
 * Imports a verified profile (after planImport's checks, repeated here): the
 * helper installs the signed envelope first (and pins the key when the
 * machine has no pin: the user has just compared the fingerprint), then the
 * key-free record is stored here and made the active one.
 */
export async function importProfile(vp: VerifiedProfile, opts: StoreOptions = {}): Promise<ImportResult> {
  const plan = await planImport(vp, opts);
  const dir = profilesDir(opts.env);
  const orgId = vp.profile.org.id;
  const earlier = asEarlierRecord(await readJson(recordFile(dir, orgId)), orgId);
  const installed = await installInHelper(vp, { helper: helperOf(opts), firstPin: true });
  const { privateKey: _privateKey, ...tunnelRest } = vp.profile.tunnel;
  const { presharedKey: _presharedKey, ...peerRest } = tunnelRest.peer;
  const stored: StoredProfile = { ...vp.profile, tunnel: { ...tunnelRest, peer: peerRest } };
  // What a failed write must put back: the record's bytes (the helper keeps its own, newer copy).
  const previousText = plan.kind === 'update' ? await readFile(recordFile(dir, orgId), 'utf8').catch(() => undefined) : undefined;
  const record: ProfileRecord = {
    version: 2,
    orgId,
    orgKey: vp.orgKey,
    fingerprint: vp.fingerprint,
    serial: vp.profile.serial,
    importedAt: (opts.now ?? new Date()).toISOString(),
    profile: stored,
  };
  try {
    await writePrivate(dir, recordFile(dir, orgId), `${JSON.stringify(record, null, 2)}\n`);
    await writePrivate(dir, activeFile(dir), `${JSON.stringify({ orgId })}\n`);
  } catch (err) {
    await rollBack(dir, orgId, previousText);
    throw new UserError('profile.store.write', { detail: errorText(err) }, errorText(err));
  }
  if (earlier) await removeEarlierSecret(orgId, earlier, opts.secrets ?? defaultSecretStores(opts.env ?? process.env));
  return { orgId, plan, machinePin: installed.pin };
}


/** Undoes a half-written import: a first import leaves no record; an update gets its previous record back. */
async function rollBack(dir: string, orgId: string, previousText: string | undefined): Promise<void> {
  if (previousText === undefined) {
    await rm(recordFile(dir, orgId), { force: true }).catch(() => undefined);
    return;
  }
  await writePrivate(dir, recordFile(dir, orgId), previousText).catch(() => undefined);
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
    });
  }
  return out;
}

/**
 * Removes an imported profile and its pinned key here, and its installed copy
 * in the helper (first: when the helper cannot be reached, nothing is removed
 * and the error says so). The machine-wide pin in the helper stays; only root changes it.
 */
export async function removeProfile(orgId: string, opts: StoreOptions = {}): Promise<void> {
  const dir = profilesDir(opts.env);
  if (!ORG_ID.test(orgId)) throw new UserError('profile.store.notFound', { id: orgId.slice(0, 80) }, 'invalid id');
  const raw = await readJson(recordFile(dir, orgId));
  if (raw === undefined) throw new UserError('profile.store.notFound', { id: orgId });
  await removeFromHelper(orgId, helperOf(opts));
  const earlier = asEarlierRecord(raw, orgId);
  if (earlier) await removeEarlierSecret(orgId, earlier, opts.secrets ?? defaultSecretStores(opts.env ?? process.env));
  await rm(recordFile(dir, orgId), { force: true });
  const a = (await readJson(activeFile(dir))) as { orgId?: unknown } | null | undefined;
  if (a === null || a?.orgId === orgId) await rm(activeFile(dir), { force: true });
}

/**
 * The profile a connect uses (the last imported one, or the only one); null
 * when none is imported. Throws a UserError when it is expired or damaged.
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
  return { profile: r.profile, fingerprint: r.fingerprint, orgKey: r.orgKey };
}
