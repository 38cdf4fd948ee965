/**
 * The undo record of a session (the journal): one zod-checked type, one slice
 * per stage. An entry is written before each change and removed only after
 * its undo succeeded; a failed or interrupted connect keeps it, and the next
 * connect merges into it. An entry marked `theirs` names something that was
 * there before us: undo forgets it and never touches it.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';

/** Who put a thing in place: this app (`ours`, undo removes it) or the user before us (`theirs`, left alone). */
const Owner = z.enum(['ours', 'theirs']);

const TunnelEntry = z.strictObject({
  /** When the helper was asked to bring it up. */
  requestedAt: z.string(),
});

const DriveEntry = z.strictObject({
  letter: z.string().max(8),
  share: z.string().max(300).optional(),
  /** Only the link was added (the mount was the user's): undo must not unmount. */
  linkOnly: z.boolean().optional(),
  owner: Owner,
});

const PrinterEntry = z.strictObject({
  /** The queue name (helper route) or the `\\host\queue` connection (Windows user route). */
  name: z.string().max(300),
  route: z.enum(['helper', 'user']),
  owner: Owner,
});

const RecordV2 = z.strictObject({
  version: z.literal(2),
  orgId: z.string().max(64),
  orgName: z.string().max(200),
  connectedAt: z.string(),
  tunnel: TunnelEntry.nullable(),
  drives: z.array(DriveEntry).max(64),
  printers: z.array(PrinterEntry).max(64),
});

/** The first format (before slices had an owner): letters and queue names, drive details beside them. */
const RecordV1 = z.object({
  orgId: z.string(),
  orgName: z.string(),
  connectedAt: z.string(),
  tunnel: z.boolean(),
  drives: z.array(z.string()),
  printers: z.array(z.string()),
  driveDetails: z.array(z.object({ letter: z.string(), share: z.string().optional(), linkOnly: z.boolean().optional() })).optional(),
});

export type SessionRecord = z.infer<typeof RecordV2>;
export type TunnelEntry = z.infer<typeof TunnelEntry>;
export type DriveEntry = z.infer<typeof DriveEntry>;
export type PrinterEntry = z.infer<typeof PrinterEntry>;

/** The slices a stage may own. */
export type RecordSlices = Pick<SessionRecord, 'tunnel' | 'drives' | 'printers'>;
export type SliceName = keyof RecordSlices;

function fromV1(v1: z.infer<typeof RecordV1>): SessionRecord {
  return {
    version: 2,
    orgId: v1.orgId,
    orgName: v1.orgName,
    connectedAt: v1.connectedAt,
    tunnel: v1.tunnel ? { requestedAt: v1.connectedAt } : null,
    drives: v1.drives.map((letter) => {
      const d = v1.driveDetails?.find((x) => x.letter === letter);
      return { letter, ...(d?.share !== undefined ? { share: d.share } : {}), ...(d?.linkOnly ? { linkOnly: true } : {}), owner: 'ours' as const };
    }),
    printers: v1.printers.map((name) => ({ name, route: name.startsWith('\\\\') ? ('user' as const) : ('helper' as const), owner: 'ours' as const })),
  };
}

/** Reads a record of any known format into the current one; null for anything else. */
export function parseSessionRecord(value: unknown): SessionRecord | null {
  const v2 = RecordV2.safeParse(value);
  if (v2.success) return v2.data;
  const v1 = RecordV1.safeParse(value);
  return v1.success ? fromV1(v1.data) : null;
}

/** True when the record lists nothing left to undo. */
export function isEmptyRecord(r: SessionRecord): boolean {
  return r.tunnel === null && r.drives.length === 0 && r.printers.length === 0;
}

function recordPath(home: string): string {
  return join(home, 'session.json');
}

/**
 * Reads the record; null when there is none. A file that is no record (damaged,
 * unknown format) is moved aside to `session.json.unreadable` — kept for
 * support, never overwritten in place — and reads as none.
 */
export async function readSessionRecord(home: string): Promise<SessionRecord | null> {
  let text: string;
  try {
    text = await readFile(recordPath(home), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const record = parseSessionRecord(value);
  if (!record) await rename(recordPath(home), `${recordPath(home)}.unreadable`).catch(() => undefined);
  return record;
}

let writes = 0;

async function writeRecordFile(home: string, record: SessionRecord): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const tmp = `${recordPath(home)}.${process.pid}.${++writes}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2), { mode: 0o600 });
  await rename(tmp, recordPath(home));
}

/** Per home: the last record update in flight; the next one waits for it. */
const pending = new Map<string, Promise<unknown>>();

/** What a stage knows about the org, to start a record when there is none. */
export interface RecordOrg {
  readonly id: string;
  readonly name: string;
}

/**
 * Reads the record (or starts one for `org`), applies `change`, and writes it
 * back atomically — or removes the file when nothing is left to undo. Updates
 * within a process run one after another: stages run side by side, and two
 * read-modify-writes at once would lose an entry.
 */
export function updateSessionRecord(home: string, org: RecordOrg | null, change: (r: SessionRecord) => SessionRecord): Promise<SessionRecord | null> {
  const next = (pending.get(home) ?? Promise.resolve()).catch(() => undefined).then(async () => {
    const current = await readSessionRecord(home);
    const base: SessionRecord | null =
      current ?? (org ? { version: 2, orgId: org.id, orgName: org.name, connectedAt: new Date().toISOString(), tunnel: null, drives: [], printers: [] } : null);
    if (!base) return null;
    const updated = RecordV2.parse(change(base));
    if (isEmptyRecord(updated)) await rm(recordPath(home), { force: true });
    else await writeRecordFile(home, updated);
    return updated;
  });
  pending.set(home, next);
  const settle = () => pending.get(home) === next && pending.delete(home);
  void next.then(settle, settle);
  return next;
}

/** Merges a new connect into the record: the org and time are updated, every entry still to undo is kept. */
export function beginSessionRecord(home: string, org: RecordOrg): Promise<SessionRecord | null> {
  return updateSessionRecord(home, org, (r) => ({ ...r, orgId: org.id, orgName: org.name, connectedAt: new Date().toISOString() }));
}

/** One stage's handle on its slice of the record: read it, change it (persisted before the call returns). */
export interface RecordSlice<K extends SliceName> {
  read(): Promise<RecordSlices[K]>;
  update(change: (slice: RecordSlices[K]) => RecordSlices[K]): Promise<void>;
}

/** The handle on slice `name` of the record in `home`; `org` starts a record when a stage writes first. */
export function recordSlice<K extends SliceName>(home: string, name: K, org: RecordOrg | null): RecordSlice<K> {
  const empty = { tunnel: null, drives: [], printers: [] } as RecordSlices;
  return {
    read: async () => ((await readSessionRecord(home)) ?? empty)[name],
    update: async (change) => {
      await updateSessionRecord(home, org, (r) => ({ ...r, [name]: change(r[name]) }));
    },
  };
}
