/**
 * The helper's installed profiles and the machine-wide key pin, in one
 * root-only folder (0700, files 0600) — like WireGuard for Windows, whose
 * tunnel configs only SYSTEM can read while limited operators may only start
 * and stop them.
 *
 * - `pins.json`: org id → pinned Ed25519 key. The first install on a machine
 *   without any pin pins its key, when the caller says the user compared the
 *   fingerprint (`firstPin`, sent by import). Any other key — a different key
 *   for a pinned org, or a second company — needs root (`hoc-helper pin`,
 *   `hoc-helper unpin`, see ./admin-cli.ts).
 * - `installed/<uid>/<org>.json`: the signed envelope exactly as installed
 *   (it carries the WireGuard private key). Updates need a serial ≥ the
 *   installed one. Every read verifies signature, pin and content again.
 */
import { chmod, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../shared/errors';
import { EnvelopeWireSchema, type EnvelopeWire, type ProfileResult, type TunnelSpec } from '../shared/helper-protocol';
import { parseCidr, type Cidr } from '../shared/net';
import { ORG_ID, readEnvelope, verifyEnvelope, type Profile, type VerifiedEnvelope } from '../shared/profile';
import type { PeerIdentity } from './peer-credentials';
import { helperSignatureCrypto } from './signature';

/** One pinned company key. */
export interface Pin {
  readonly orgKey: string;
  readonly fingerprint: string;
  readonly pinnedAt: string;
  /** `first-import` (by a group member, after the fingerprint comparison) or `admin` (root, hoc-helper pin). */
  readonly how: 'first-import' | 'admin';
}

interface PinFile {
  readonly version: 1;
  readonly pins: Record<string, Pin>;
}

interface InstalledFile {
  readonly version: 1;
  readonly orgId: string;
  readonly uid: number;
  readonly serial: number;
  readonly installedAt: string;
  readonly envelope: EnvelopeWire;
}

/** The company a profile describes, as far as the host rule needs it. */
export interface CompanyScope {
  readonly domain: string;
  readonly routed: readonly Cidr[];
}

export interface InstalledProfilesOptions {
  /** Root-only folder (created 0700). */
  readonly dir: string;
  readonly log: (line: string) => void;
  /** The clock expiry is judged by (tests pass a fixed one). */
  readonly now?: () => Date;
}

/** The default folder of installed profiles and pins for this OS (persistent, root / SYSTEM only). */
export function defaultProfileDir(os: NodeJS.Platform = process.platform): string {
  return os === 'win32'
    ? 'C:\\ProgramData\\HomeOffice Connect\\profiles'
    : os === 'darwin'
      ? '/Library/Application Support/HomeOffice Connect/profiles'
      : '/var/lib/homeoffice-connect/profiles';
}

/** The tunnel spec the helper renders a config from, taken from a verified profile (keys included). */
export function tunnelSpecOf(profile: Profile): TunnelSpec {
  const t = profile.tunnel;
  return {
    addresses: [...t.address],
    privateKey: t.privateKey,
    mtu: t.mtu,
    dns: { servers: [...t.dns.servers], searchDomains: [...t.dns.searchDomains] },
    peer: {
      publicKey: t.peer.publicKey,
      ...(t.peer.presharedKey ? { presharedKey: t.peer.presharedKey } : {}),
      endpoint: t.peer.endpoint,
      allowedIPs: [...t.peer.allowedIPs],
      persistentKeepalive: t.peer.persistentKeepalive,
    },
  };
}

async function writePrivate(dir: string, file: string, data: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError('error.internal', { detail: `${file} is damaged` }, String(err));
  }
}

/** Installs, verifies and hands out the signed profiles of the machine's users. */
export class InstalledProfiles {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: InstalledProfilesOptions) {}

  private get pinFile(): string {
    return join(this.opts.dir, 'pins.json');
  }

  private userDir(uid: number): string {
    return join(this.opts.dir, 'installed', String(uid));
  }

  private installedFile(uid: number, orgId: string): string {
    if (!ORG_ID.test(orgId) || !Number.isSafeInteger(uid) || uid < 0) throw new UserError('error.helper.badRequest', { detail: 'org id' });
    return join(this.userDir(uid), `${orgId}.json`);
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** One change at a time: two installs must not race on the pin. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The pins of this machine. */
  async pins(): Promise<Record<string, Pin>> {
    const raw = (await readJson(this.pinFile)) as PinFile | undefined;
    if (raw === undefined) return {};
    if (raw.version !== 1 || typeof raw.pins !== 'object' || raw.pins === null) throw new UserError('error.internal', { detail: 'pins.json is damaged' });
    return raw.pins;
  }

  private async writePins(pins: Record<string, Pin>): Promise<void> {
    const file: PinFile = { version: 1, pins };
    await writePrivate(this.opts.dir, this.pinFile, `${JSON.stringify(file, null, 2)}\n`);
  }

  /** Signature and content of an envelope (at the helper's clock); throws the validator's UserError. */
  private verify(envelope: unknown): VerifiedEnvelope {
    return verifyEnvelope(readEnvelope(envelope), helperSignatureCrypto, { now: this.now() });
  }

  /** Throws unless the verified profile's key is the one pinned for its org. */
  private checkPinned(v: VerifiedEnvelope, pins: Record<string, Pin>): void {
    const org = v.profile.org.id;
    const pin = pins[org];
    if (pin && pin.orgKey === v.orgKey) return;
    if (pin) throw new UserError('error.helper.pinMismatch', { org, fingerprint: v.fingerprint, pinned: pin.fingerprint }, `org ${org}: pinned ${pin.fingerprint}, got ${v.fingerprint}`);
    if (Object.keys(pins).length > 0) throw new UserError('error.helper.otherCompanyPinned', { org, fingerprint: v.fingerprint }, `org ${org} is not pinned`);
    throw new UserError('error.helper.notPinned', { org, fingerprint: v.fingerprint }, `no pin on this machine`);
  }

  /** Installs a signed profile for the caller: signature, pin (or first pin), serial, then the root-only file. */
  install(envelope: EnvelopeWire, firstPin: boolean, caller: PeerIdentity): Promise<Extract<ProfileResult, { kind: 'profile.installed' }>> {
    return this.exclusive(async () => {
      const v = this.verify(envelope);
      const orgId = v.profile.org.id;
      const pins = await this.pins();
      let pin: 'new' | 'pinned' = 'pinned';
      if (firstPin && Object.keys(pins).length === 0) {
        await this.writePins({ [orgId]: { orgKey: v.orgKey, fingerprint: v.fingerprint, pinnedAt: this.now().toISOString(), how: 'first-import' } });
        this.opts.log(`uid ${caller.uid}: pinned ${orgId} (${v.fingerprint}) at its first import on this machine`);
        pin = 'new';
      } else {
        this.checkPinned(v, pins);
      }
      const file = this.installedFile(caller.uid, orgId);
      const current = await this.readInstalled(caller.uid, orgId);
      if (current && v.profile.serial < current.serial) {
        throw new UserError('error.helper.serialOlder', { org: orgId, serial: v.profile.serial, current: current.serial }, `serial ${v.profile.serial} < ${current.serial}`);
      }
      const record: InstalledFile = { version: 1, orgId, uid: caller.uid, serial: v.profile.serial, installedAt: this.now().toISOString(), envelope };
      await mkdir(join(this.opts.dir, 'installed'), { recursive: true, mode: 0o700 });
      await writePrivate(this.userDir(caller.uid), file, `${JSON.stringify(record)}\n`);
      this.opts.log(`uid ${caller.uid}: installed ${orgId} serial ${v.profile.serial}`);
      return { kind: 'profile.installed', orgId, serial: v.profile.serial, fingerprint: v.fingerprint, pin };
    });
  }

  private async readInstalled(uid: number, orgId: string): Promise<InstalledFile | null> {
    const raw = (await readJson(this.installedFile(uid, orgId))) as Partial<InstalledFile> | undefined;
    if (raw === undefined) return null;
    const envelope = EnvelopeWireSchema.safeParse(raw.envelope);
    if (raw.version !== 1 || raw.orgId !== orgId || raw.uid !== uid || typeof raw.serial !== 'number' || !envelope.success) {
      throw new UserError('error.internal', { detail: `installed profile ${orgId} is damaged` });
    }
    return { ...(raw as InstalledFile), envelope: envelope.data };
  }

  /** The caller's installed profile of `orgId`, verified again now (signature, pin, expiry, content). */
  async verified(orgId: string, caller: PeerIdentity): Promise<VerifiedEnvelope> {
    const installed = await this.readInstalled(caller.uid, orgId);
    if (!installed) throw new UserError('error.helper.notInstalled', { org: orgId }, `uid ${caller.uid} has no installed ${orgId}`);
    const v = this.verify(installed.envelope);
    if (v.profile.org.id !== orgId) throw new UserError('error.internal', { detail: `installed profile ${orgId} names another org` });
    this.checkPinned(v, await this.pins());
    return v;
  }

  /** The spec for tunnel.up, rendered only from the caller's installed, signed profile. */
  async tunnelSpec(orgId: string, caller: PeerIdentity): Promise<TunnelSpec> {
    return tunnelSpecOf((await this.verified(orgId, caller)).profile);
  }

  /** The company domain and routed ranges of the caller's installed profile (for the printer host rule). */
  async scope(orgId: string, caller: PeerIdentity): Promise<CompanyScope> {
    const p = (await this.verified(orgId, caller)).profile;
    return { domain: p.org.domain.toLowerCase(), routed: p.tunnel.peer.allowedIPs.map((r) => parseCidr(r)!) };
  }

  /** Removes the caller's installed profile of `orgId`; the pin stays. */
  remove(orgId: string, caller: PeerIdentity): Promise<Extract<ProfileResult, { kind: 'profile.removed' }>> {
    return this.exclusive(async () => {
      const file = this.installedFile(caller.uid, orgId);
      const existed = (await readJson(file)) !== undefined;
      await rm(file, { force: true });
      if (existed) this.opts.log(`uid ${caller.uid}: removed installed ${orgId}`);
      return { kind: 'profile.removed', orgId, removed: existed };
    });
  }

  /** Root only (hoc-helper pin): pins the key of a signed profile for its org, replacing any pin of that org. */
  pinAsAdmin(envelope: unknown): Promise<{ orgId: string; fingerprint: string; replaced: string | null }> {
    return this.exclusive(async () => {
      const v = this.verify(envelope);
      const pins = await this.pins();
      const orgId = v.profile.org.id;
      const replaced = pins[orgId] && pins[orgId].orgKey !== v.orgKey ? pins[orgId].fingerprint : null;
      await this.writePins({ ...pins, [orgId]: { orgKey: v.orgKey, fingerprint: v.fingerprint, pinnedAt: this.now().toISOString(), how: 'admin' } });
      return { orgId, fingerprint: v.fingerprint, replaced };
    });
  }

  /** Root only (hoc-helper unpin): removes the pin of `orgId` and every installed profile of it. */
  unpin(orgId: string): Promise<{ removedPin: boolean; removedInstalls: number }> {
    return this.exclusive(async () => {
      if (!ORG_ID.test(orgId)) throw new UserError('error.helper.badRequest', { detail: 'org id' });
      const pins = await this.pins();
      const removedPin = orgId in pins;
      const rest = Object.fromEntries(Object.entries(pins).filter(([id]) => id !== orgId));
      if (Object.keys(rest).length === 0) await rm(this.pinFile, { force: true });
      else await this.writePins(rest);
      let removedInstalls = 0;
      const users = await readdir(join(this.opts.dir, 'installed')).catch(() => [] as string[]);
      for (const uid of users.filter((u) => /^\d+$/.test(u))) {
        const file = join(this.userDir(Number(uid)), `${orgId}.json`);
        if ((await readJson(file).catch(() => null)) !== undefined) removedInstalls++;
        await rm(file, { force: true });
      }
      return { removedPin, removedInstalls };
    });
  }
}
