/**
 * The `drives` stage: maps every drive of the profile with the office sign-in,
 * each entry written to the record before the drive is mapped. A letter that
 * already pointed to the share before us is recorded as the user's (`theirs`)
 * and never unmapped; one we mapped in an earlier, failed connect stays ours.
 * Undo unmaps exactly our entries, newest first; heal maps them again when the
 * system dropped them.
 */
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import { isInsideCompany } from '../../shared/profile/addresses';
import type { ProfileDrive, StoredProfile } from '../../shared/profile/types';
import { requireOfficeAccount } from '../account';
import { currentPlatform } from '../platform';
import type { MapOutcome, PlatformAdapter } from '../platform/types';
import { checkDrive } from '../platform/validate';
import { defaultSecretStores, type SecretStores } from '../profile/secrets';
import type { DriveEntry, RecordSlice } from '../session/record';
import type { Stage } from '../session/stage';

/** One drive's result, for progress lines. */
export type DriveEvent =
  | { readonly letter: string; readonly label: string; readonly outcome: MapOutcome }
  | { readonly letter: string; readonly label: string; readonly error: UserErrorData };

export interface DrivesStageOptions {
  readonly platform?: PlatformAdapter;
  readonly secrets?: SecretStores;
  readonly onDrive?: (event: DriveEvent) => void;
  /** A drive of ours was unmapped by undo. */
  readonly onUnmapped?: (letter: string) => void;
}

/** The entry a mapping's outcome leaves: ours (mapped, or only linked), or — reused — whatever it was before, else the user's. */
function entryAfter(drive: ProfileDrive, outcome: MapOutcome, prior: DriveEntry | undefined): DriveEntry {
  if (outcome.status === 'mapped') return { letter: drive.letter, share: drive.share, owner: 'ours' };
  if (outcome.status === 'linked') return { letter: drive.letter, share: drive.share, linkOnly: true, owner: 'ours' };
  return prior ?? { letter: drive.letter, share: drive.share, owner: 'theirs' };
}

const replace = (entry: DriveEntry) => (list: readonly DriveEntry[]): DriveEntry[] => [...list.filter((e) => e.letter !== entry.letter), entry];
const without = (letter: string) => (list: readonly DriveEntry[]): DriveEntry[] => list.filter((e) => e.letter !== letter);

async function mapOne(drive: ProfileDrive, profile: StoredProfile, platform: PlatformAdapter, account: Parameters<PlatformAdapter['mapDrive']>[1], record: RecordSlice<'drives'>): Promise<MapOutcome> {
  const parts = checkDrive(drive);
  if (!isInsideCompany(parts.host, profile)) throw new UserError('drives.outsideDomain', { host: parts.host, domain: profile.org.domain });
  const prior = (await record.read()).find((e) => e.letter === drive.letter);
  // Written before the drive exists: a crash in between still gets undone.
  if (!prior) await record.update(replace({ letter: drive.letter, share: drive.share, owner: 'ours' }));
  let outcome: MapOutcome;
  try {
    outcome = await platform.mapDrive(drive, account);
  } catch (err) {
    if (!prior) await record.update(without(drive.letter));
    throw err;
  }
  await record.update(replace(entryAfter(drive, outcome, prior)));
  return outcome;
}

/** The `drives` stage. */
export function createDrivesStage(opts: DrivesStageOptions = {}): Stage<'drives'> {
  const platformOf = () => opts.platform ?? currentPlatform();
  const secretsOf = () => opts.secrets ?? defaultSecretStores();
  return {
    step: 'drives',
    slice: 'drives',
    async run(ctx, record) {
      if (!ctx.loaded) throw new UserError('error.profile.notFound');
      const profile = ctx.loaded.profile;
      if (profile.drives.length === 0) return { ok: true };
      const platform = platformOf();
      const account = await requireOfficeAccount(profile.org.id, secretsOf());
      let firstError: UserErrorData | undefined;
      for (const drive of profile.drives) {
        try {
          const outcome = await mapOne(drive, profile, platform, account, record);
          opts.onDrive?.({ letter: drive.letter, label: drive.label, outcome });
        } catch (err) {
          const error = asUserError(err).toData();
          firstError ??= error;
          opts.onDrive?.({ letter: drive.letter, label: drive.label, error });
        }
      }
      return firstError ? { ok: false, error: firstError } : { ok: true };
    },
    async undo(record) {
      const platform = platformOf();
      const errors: UserErrorData[] = [];
      for (const entry of [...(await record.read())].reverse()) {
        try {
          if (entry.owner === 'ours') {
            const r = await platform.unmapDrive({ letter: entry.letter, ...(entry.share !== undefined ? { share: entry.share } : {}), ...(entry.linkOnly ? { linkOnly: true } : {}) });
            if (r.removed) opts.onUnmapped?.(entry.letter);
          }
          await record.update(without(entry.letter));
        } catch (err) {
          errors.push(asUserError(err).toData());
        }
      }
      return errors;
    },
    async heal(ctx, record) {
      const ours = (await record.read()).filter((e) => e.owner === 'ours');
      if (ours.length === 0 || !ctx.loaded) return [];
      const profile = ctx.loaded.profile;
      const platform = platformOf();
      const account = await requireOfficeAccount(profile.org.id, secretsOf());
      const errors: UserErrorData[] = [];
      for (const entry of ours) {
        const drive = profile.drives.find((d) => d.letter === entry.letter && (entry.share === undefined || d.share === entry.share));
        if (!drive) continue;
        try {
          // Idempotent per adapter: a drive still in place is reused, a dropped one mapped again.
          const outcome = await platform.mapDrive(drive, account);
          opts.onDrive?.({ letter: drive.letter, label: drive.label, outcome });
        } catch (err) {
          errors.push(asUserError(err).toData());
        }
      }
      return errors;
    },
  };
}
