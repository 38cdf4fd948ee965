/**
 * The drives' and printers' entries in the session record (core/session/record),
 * written through its own functions before each addition. Besides the letters
 * and queue names the record has always held, drives keep their share and
 * whether only the link was added (`driveDetails`), so undo touches exactly
 * what connect added.
 */
import { readSessionRecord, writeSessionRecord, type SessionRecord } from '../session/record';
import type { RecordedDrive } from '../platform/types';

/** The record with the drives' details. */
export interface DrivesSessionRecord extends SessionRecord {
  readonly driveDetails?: readonly RecordedDrive[];
}

/** What a stage knows about the org, to start a record when connect has not written one. */
export interface RecordOrg {
  readonly id: string;
  readonly name: string;
}

/** Per home: the last record update in flight; the next one waits for it. */
const pending = new Map<string, Promise<unknown>>();

/**
 * Reads the record (or starts one for `org`), applies `change`, writes it back
 * atomically. Updates within a process run one after another: the drives and
 * printers steps run side by side, and two read-modify-writes at once would
 * lose an entry (and disconnect would then leave it behind).
 */
export function updateRecord(
  home: string,
  org: RecordOrg | null,
  change: (r: DrivesSessionRecord) => DrivesSessionRecord,
): Promise<DrivesSessionRecord | null> {
  const next = (pending.get(home) ?? Promise.resolve()).catch(() => undefined).then(() => applyChange(home, org, change));
  pending.set(home, next);
  void next.then(
    () => pending.get(home) === next && pending.delete(home),
    () => pending.get(home) === next && pending.delete(home),
  );
  return next;
}

async function applyChange(home: string, org: RecordOrg | null, change: (r: DrivesSessionRecord) => DrivesSessionRecord): Promise<DrivesSessionRecord | null> {
  const current = (await readSessionRecord(home)) as DrivesSessionRecord | null;
  const base: DrivesSessionRecord | null =
    current ?? (org ? { orgId: org.id, orgName: org.name, connectedAt: new Date().toISOString(), tunnel: false, drives: [], printers: [] } : null);
  if (!base) return null;
  const next = change(base);
  await writeSessionRecord(home, next);
  return next;
}

/** Adds a drive (letter + details) to the record. */
export const withDrive = (drive: RecordedDrive) => (r: DrivesSessionRecord): DrivesSessionRecord => ({
  ...r,
  drives: [...r.drives.filter((l) => l !== drive.letter), drive.letter],
  driveDetails: [...(r.driveDetails ?? []).filter((d) => d.letter !== drive.letter), drive],
});

/** Removes a drive from the record. */
export const withoutDrive = (letter: string) => (r: DrivesSessionRecord): DrivesSessionRecord => ({
  ...r,
  drives: r.drives.filter((l) => l !== letter),
  driveDetails: (r.driveDetails ?? []).filter((d) => d.letter !== letter),
});

/** Adds a printer queue name to the record. */
export const withPrinter = (name: string) => (r: DrivesSessionRecord): DrivesSessionRecord => ({
  ...r,
  printers: [...r.printers.filter((p) => p !== name), name],
});

/** Removes a printer queue name from the record. */
export const withoutPrinter = (name: string) => (r: DrivesSessionRecord): DrivesSessionRecord => ({
  ...r,
  printers: r.printers.filter((p) => p !== name),
});
