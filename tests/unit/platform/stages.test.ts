/** The drives step records each drive before adding it, does not record a reused one, and undo removes exactly the record. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDrivesStage, drivesStage, undoDrives } from '../../../src/core/drives';
import { printersStage } from '../../../src/core/printers';
import { FileSecretStore, type SecretStores } from '../../../src/core/profile/secrets';
import { saveOfficeAccount } from '../../../src/core/account';
import type { MapOutcome, PlatformAdapter, RecordedDrive } from '../../../src/core/platform/types';
import type { StageRunner } from '../../../src/core/session/session';
import { ACCOUNT } from './fakes';

// Both steps plug into connectSession as they are.
const _stages: StageRunner[] = [drivesStage, printersStage];

function fileStores(dir: string): SecretStores {
  return { preference: 'file', file: new FileSecretStore(join(dir, 'secrets')), keyring: async () => null };
}

const profile = {
  org: { id: 'buero-mueller', name: 'Architekturbüro Müller', domain: 'buero.local' },
  tunnel: { peer: { allowedIPs: ['10.77.0.0/24'] } },
  drives: [
    { letter: 'P', label: 'Projekte', share: '\\\\fs.buero.local\\projekte' },
    { letter: 'Q', label: 'Vorlagen', share: '\\\\fs.buero.local\\vorlagen' },
    { letter: 'X', label: 'Fremd', share: '\\\\evil.example.com\\x' },
  ],
};

function fakePlatform(home: string, outcomes: Record<string, MapOutcome['status']>) {
  const unmapped: RecordedDrive[] = [];
  const recordAtMap: string[][] = [];
  const platform = {
    async mapDrive(d: { letter: string }) {
      recordAtMap.push(JSON.parse(readFileSync(join(home, 'session.json'), 'utf8')).drives);
      return { status: outcomes[d.letter] ?? 'mapped', path: `${d.letter}:` };
    },
    async unmapDrive(d: RecordedDrive) {
      unmapped.push(d);
      return { removed: true };
    },
  } as unknown as PlatformAdapter;
  return { platform, unmapped, recordAtMap };
}

describe('drives step and undo (fake platform adapter)', () => {
  it('records before mapping, skips a reused drive, refuses a server outside the company domain, and undoes only what it added', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-drives-'));
    const secrets = fileStores(home);
    await saveOfficeAccount('buero-mueller', ACCOUNT, secrets);
    const { platform, unmapped, recordAtMap } = fakePlatform(home, { Q: 'reused' });
    const outcome = await createDrivesStage({ platform, secrets })({ profile, home });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'drives.outsideDomain', params: { host: 'evil.example.com' } } });
    expect(recordAtMap).toEqual([['P'], ['P', 'Q']]);
    const record = JSON.parse(readFileSync(join(home, 'session.json'), 'utf8'));
    expect(record.drives).toEqual(['P']);
    await undoDrives(record, { platform, home });
    expect(unmapped).toEqual([{ letter: 'P', share: '\\\\fs.buero.local\\projekte' }]);
    expect(JSON.parse(readFileSync(join(home, 'session.json'), 'utf8')).drives).toEqual([]);
  });

  it('asks for the office sign-in once when none is stored', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-drives-'));
    const { platform } = fakePlatform(home, {});
    expect(await createDrivesStage({ platform, secrets: fileStores(home) })({ profile, home })).toMatchObject({ ok: false, error: { code: 'account.missing' } });
  });

  it('says where the sign-in went when there is no keychain (file fallback)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-drives-'));
    expect(await saveOfficeAccount('buero-mueller', ACCOUNT, { ...fileStores(home), preference: 'auto' })).toEqual({ kind: 'file', location: join(home, 'secrets') });
  });
});
