/**
 * What a connect added, written before each addition so a disconnect after a
 * crash still knows what to undo — and never touches what it did not add.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SessionRecord {
  readonly orgId: string;
  readonly orgName: string;
  readonly connectedAt: string;
  /** True once the helper was asked to bring the tunnel up. */
  readonly tunnel: boolean;
  /** Drives this session mapped (letters), for disconnect. */
  readonly drives: readonly string[];
  /** Printers this session added (queue names), for disconnect. */
  readonly printers: readonly string[];
}

function recordPath(home: string): string {
  return join(home, 'session.json');
}

/** Reads the record; null when there is none or it is unreadable. */
export async function readSessionRecord(home: string): Promise<SessionRecord | null> {
  try {
    const value = JSON.parse(await readFile(recordPath(home), 'utf8')) as SessionRecord;
    return typeof value.orgId === 'string' && Array.isArray(value.drives) && Array.isArray(value.printers) ? value : null;
  } catch {
    return null;
  }
}

let writes = 0;

/** Writes the record atomically (temp file + rename; one temp file per write). */
export async function writeSessionRecord(home: string, record: SessionRecord): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const tmp = `${recordPath(home)}.${process.pid}.${++writes}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2), { mode: 0o600 });
  await rename(tmp, recordPath(home));
}

/** Removes the record after a complete disconnect. */
export async function clearSessionRecord(home: string): Promise<void> {
  await rm(recordPath(home), { force: true });
}
