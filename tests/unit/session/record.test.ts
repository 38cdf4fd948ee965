/**
 * The undo record on disk (`src/core/session/record.ts`) by itself: the first
 * format read into the current one, when the file goes away, what a read that
 * fails does, the file's modes, and updates that arrive while others are in
 * flight. The pipeline's use of it is in journal.test.ts.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  beginSessionRecord,
  isEmptyRecord,
  parseSessionRecord,
  readSessionRecord,
  recordSlice,
  updateSessionRecord,
  type SessionRecord,
} from '../../../src/core/session/record';
import { freshHome, recordOnDisk } from './fakes';

const ORG = { id: 'buero-mueller', name: 'Architekturbüro Müller' };
const V1 = { orgId: ORG.id, orgName: ORG.name, connectedAt: '2026-11-30T08:00:00.000Z', tunnel: false, drives: [], printers: [] };
const EMPTY: SessionRecord = { version: 2, orgId: ORG.id, orgName: ORG.name, connectedAt: V1.connectedAt, tunnel: null, drives: [], printers: [] };

describe('a record of the first format', () => {
  it('gives each drive its own details, and none to a drive the details do not name', () => {
    const r = parseSessionRecord({
      ...V1,
      drives: ['P', 'Q', 'R'],
      driveDetails: [
        { letter: 'P', share: '\\\\fs.buero.local\\projekte' },
        { letter: 'Q', share: '\\\\fs.buero.local\\pläne', linkOnly: true },
      ],
    });
    expect(r?.drives).toEqual([
      { letter: 'P', share: '\\\\fs.buero.local\\projekte', owner: 'ours' },
      { letter: 'Q', share: '\\\\fs.buero.local\\pläne', linkOnly: true, owner: 'ours' },
      { letter: 'R', owner: 'ours' },
    ]);
  });

  it('reads drives without any details (the oldest records have none)', () => {
    expect(parseSessionRecord({ ...V1, drives: ['P'] })?.drives).toEqual([{ letter: 'P', owner: 'ours' }]);
  });

  it('routes a \\\\host\\queue connection to the user session and a queue name to the helper', () => {
    const r = parseSessionRecord({ ...V1, printers: ['\\\\print.buero.local\\Plotter', 'Plotter-DesignJet', 'Queue\\\\'] });
    expect(r?.printers).toEqual([
      { name: '\\\\print.buero.local\\Plotter', route: 'user', owner: 'ours' },
      { name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' },
      { name: 'Queue\\\\', route: 'helper', owner: 'ours' },
    ]);
  });

  it('has no tunnel entry when it says the tunnel was not up', () => {
    expect(parseSessionRecord(V1)?.tunnel).toBeNull();
    expect(parseSessionRecord({ ...V1, tunnel: true })?.tunnel).toEqual({ requestedAt: V1.connectedAt });
  });

  it('is nothing (null) when it is neither format', () => {
    expect(parseSessionRecord({ ...V1, drives: 'P' })).toBeNull();
    expect(parseSessionRecord({ ...EMPTY, extra: 1 })).toBeNull();
  });
});

describe('when a record is empty', () => {
  it('is empty only with no tunnel, no drive and no printer', () => {
    expect(isEmptyRecord(EMPTY)).toBe(true);
    expect(isEmptyRecord({ ...EMPTY, tunnel: { requestedAt: V1.connectedAt } })).toBe(false);
    expect(isEmptyRecord({ ...EMPTY, drives: [{ letter: 'P', owner: 'ours' }] })).toBe(false);
    expect(isEmptyRecord({ ...EMPTY, printers: [{ name: 'Plotter', route: 'helper', owner: 'ours' }] })).toBe(false);
  });

  it('removes the file when the last entry goes, and keeps it while one drive is left', async () => {
    const home = freshHome();
    const drives = recordSlice(home, 'drives', ORG);
    const tunnel = recordSlice(home, 'tunnel', ORG);
    await tunnel.update(() => ({ requestedAt: V1.connectedAt }));
    await drives.update(() => [{ letter: 'P', owner: 'ours' }]);
    await tunnel.update(() => null);
    expect(recordOnDisk(home)?.drives).toEqual([{ letter: 'P', owner: 'ours' }]);
    await drives.update(() => []);
    expect(recordOnDisk(home)).toBeNull();
    expect(await drives.read()).toEqual([]);
  });

  it('starts no record for a stage that has no org to name (undo with nothing recorded)', async () => {
    const home = freshHome();
    expect(await updateSessionRecord(home, null, (r) => ({ ...r, drives: [{ letter: 'P', owner: 'ours' }] }))).toBeNull();
    expect(recordOnDisk(home)).toBeNull();
  });
});

describe('reading and writing the file', () => {
  it('writes it for the owner only (file 0600, folder 0700)', async () => {
    const home = join(freshHome(), 'new-home');
    await recordSlice(home, 'drives', ORG).update(() => [{ letter: 'P', owner: 'ours' }]);
    expect(statSync(join(home, 'session.json')).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });

  it('passes on a read error other than "no such file" instead of reading it as no record', async () => {
    const home = freshHome();
    mkdirSync(join(home, 'session.json'), { recursive: true });
    await expect(readSessionRecord(home)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('reads a record written by this version as it was written', async () => {
    const home = freshHome();
    const r: SessionRecord = { ...EMPTY, drives: [{ letter: 'P', share: '\\\\fs\\p', linkOnly: true, owner: 'theirs' }] };
    writeFileSync(join(home, 'session.json'), JSON.stringify(r));
    expect(await readSessionRecord(home)).toEqual(r);
  });
});

describe('updates while others are in flight', () => {
  it('loses no entry when an update starts after an earlier one finished but a later one is still running', async () => {
    const home = freshHome();
    const add = (letter: string) => updateSessionRecord(home, ORG, (r) => ({ ...r, drives: [...r.drives, { letter, owner: 'ours' as const }] }));
    for (let round = 0; round < 5; round++) {
      const a = add(`A${round}`);
      const b = add(`B${round}`);
      await a;
      // b is queued or running now; c must wait for it, not run beside it.
      const c = add(`C${round}`);
      await Promise.all([b, c]);
    }
    expect(recordOnDisk(home)?.drives).toHaveLength(15);
  });

  it('a new connect keeps every entry still to undo and takes the org and time of the new connect', async () => {
    const home = freshHome();
    writeFileSync(join(home, 'session.json'), JSON.stringify({ ...EMPTY, drives: [{ letter: 'P', owner: 'ours' }] }));
    const begun = await beginSessionRecord(home, { id: ORG.id, name: 'Büro Müller (neu)' });
    expect(begun).toEqual(recordOnDisk(home));
    expect(begun?.drives).toEqual([{ letter: 'P', owner: 'ours' }]);
    expect(begun?.orgName).toBe('Büro Müller (neu)');
    expect(Date.parse(begun!.connectedAt)).toBeGreaterThan(Date.parse(EMPTY.connectedAt));
  });
});
