/**
 * The `drives` step of a connect and its undo: maps every drive of the
 * profile with the office sign-in from the keychain, recording each one
 * before it is added; a letter that already pointed to the same share is
 * reused and not recorded. Undo removes exactly the recorded drives, also
 * from a record left by a crash.
 */
import type { ProfileDrive } from '../../shared/profile/types';
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import { cidrContains, isIPLiteral, isInsideDomain, parseCidr } from '../../shared/net';
import { requireOfficeAccount } from '../account';
import { defaultSecretStores, type SecretStores } from '../profile/secrets';
import { currentPlatform } from '../platform';
import type { MapOutcome, MappedDrive, PlatformAdapter } from '../platform/types';
import { checkDrive } from '../platform/validate';
import { readSessionRecord, type SessionRecord } from '../session/record';
import { updateRecord, withDrive, withoutDrive, type DrivesSessionRecord } from './session-record';

/** The profile parts the drives and printers steps read. */
export interface DrivesProfile {
  readonly org: { readonly id: string; readonly name: string; readonly domain: string };
  readonly tunnel?: { readonly peer?: { readonly allowedIPs?: readonly string[] } };
  readonly drives?: readonly ProfileDrive[];
}

/** One drive's result, for progress lines. */
export type DriveEvent =
  | { readonly letter: string; readonly label: string; readonly outcome: MapOutcome }
  | { readonly letter: string; readonly label: string; readonly error: UserErrorData };

export interface DrivesStageDeps {
  readonly platform?: PlatformAdapter;
  readonly secrets?: SecretStores;
  readonly onDrive?: (event: DriveEvent) => void;
}

/** The outcome of a stage, as `StageRunner` expects it. */
export interface StageOutcome {
  ok: boolean;
  error?: UserErrorData;
}

/** True when `host` is inside the company domain or an IP inside the tunnel's ranges. */
export function isCompanyHost(host: string, profile: DrivesProfile): boolean {
  if (isIPLiteral(host)) {
    return (profile.tunnel?.peer?.allowedIPs ?? []).some((r) => {
      const c = parseCidr(r);
      return c !== null && cidrContains(c, host);
    });
  }
  return isInsideDomain(host, profile.org.domain);
}

/** A `drives` step runner for `connectSession` (StageRunner-compatible). */
export function createDrivesStage(deps: DrivesStageDeps = {}) {
  return async (ctx: { readonly profile: DrivesProfile; readonly home: string }): Promise<StageOutcome> => {
    const drives = ctx.profile.drives ?? [];
    if (drives.length === 0) return { ok: true };
    const platform = deps.platform ?? currentPlatform();
    let account;
    try {
      account = await requireOfficeAccount(ctx.profile.org.id, deps.secrets ?? defaultSecretStores());
    } catch (err) {
      return { ok: false, error: asUserError(err).toData() };
    }
    let firstError: UserErrorData | undefined;
    for (const drive of drives) {
      try {
        const parts = checkDrive(drive);
        if (!isCompanyHost(parts.host, ctx.profile)) {
          throw new UserError('drives.outsideDomain', { host: parts.host, domain: ctx.profile.org.domain });
        }
        // Recorded before it exists: a crash in between still gets undone.
        await updateRecord(ctx.home, ctx.profile.org, withDrive({ letter: drive.letter, share: drive.share }));
        let outcome: MapOutcome;
        try {
          outcome = await platform.mapDrive(drive, account);
        } catch (err) {
          await updateRecord(ctx.home, ctx.profile.org, withoutDrive(drive.letter));
          throw err;
        }
        if (outcome.status === 'reused') await updateRecord(ctx.home, ctx.profile.org, withoutDrive(drive.letter));
        if (outcome.status === 'linked') {
          await updateRecord(ctx.home, ctx.profile.org, withDrive({ letter: drive.letter, share: drive.share, linkOnly: true }));
        }
        deps.onDrive?.({ letter: drive.letter, label: drive.label, outcome });
      } catch (err) {
        const error = asUserError(err).toData();
        firstError ??= error;
        deps.onDrive?.({ letter: String(drive.letter), label: String(drive.label), error });
      }
    }
    return firstError ? { ok: false, error: firstError } : { ok: true };
  };
}

/** The `drives` step with this computer's adapter and the user's keychain. */
export const drivesStage = createDrivesStage();

export interface UndoOptions {
  readonly platform?: PlatformAdapter;
  /** When given, each undone entry is taken off the record file at once. */
  readonly home?: string;
}

/** Unmaps the drives a record lists (newest first); returns the letters removed and the failures. */
export async function undoDrives(record: SessionRecord, opts: UndoOptions = {}): Promise<{ removed: string[]; errors: UserErrorData[] }> {
  const platform = opts.platform ?? currentPlatform();
  const details = (record as DrivesSessionRecord).driveDetails ?? [];
  const removed: string[] = [];
  const errors: UserErrorData[] = [];
  for (const letter of [...record.drives].reverse()) {
    const detail = details.find((d) => d.letter === letter) ?? { letter };
    try {
      const r = await platform.unmapDrive(detail);
      if (r.removed) removed.push(letter);
      if (opts.home) await updateRecord(opts.home, null, withoutDrive(letter));
    } catch (err) {
      errors.push(asUserError(err).toData());
    }
  }
  return { removed, errors };
}

/** The network drives connected on this computer now. */
export async function listDrives(platform: PlatformAdapter = currentPlatform()): Promise<MappedDrive[]> {
  return platform.listDrives();
}

/**
 * Maps again the drives this session recorded that the OS dropped (sleep,
 * Wi-Fi change, server restart). Mapping is idempotent per adapter: a drive
 * still in place is reused, so only the dropped ones are mounted again.
 * Drives the session did not record are never touched.
 */
export async function healDrives(
  home: string,
  profile: DrivesProfile,
  deps: { readonly platform?: PlatformAdapter; readonly secrets?: SecretStores } = {},
): Promise<{ remapped: string[]; errors: UserErrorData[] }> {
  const record = await readSessionRecord(home);
  const remapped: string[] = [];
  const errors: UserErrorData[] = [];
  if (!record || record.drives.length === 0) return { remapped, errors };
  const platform = deps.platform ?? currentPlatform();
  let account;
  try {
    account = await requireOfficeAccount(profile.org.id, deps.secrets ?? defaultSecretStores());
  } catch (err) {
    return { remapped, errors: [asUserError(err).toData()] };
  }
  for (const letter of record.drives) {
    const drive = (profile.drives ?? []).find((d) => d.letter === letter);
    if (!drive) continue;
    try {
      const outcome = await platform.mapDrive(drive, account);
      if (outcome.status === 'mapped') remapped.push(letter);
    } catch (err) {
      errors.push(asUserError(err).toData());
    }
  }
  return { remapped, errors };
}
