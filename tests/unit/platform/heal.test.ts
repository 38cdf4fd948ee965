/** Drives the OS dropped are mapped again while connected; drives the user had (recorded as theirs) are never touched. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveOfficeAccount } from '../../../src/core/account';
import { FileSecretStore, type SecretStores } from '../../../src/core/profile/secrets';
import { updateSessionRecord } from '../../../src/core/session/record';
import { healSession } from '../../../src/core/session/session';
import { createDrivesStage } from '../../../src/core/stages/drives';
import type { MapOutcome, PlatformAdapter } from '../../../src/core/platform/types';
import { storedProfile } from '../session/fakes';
import { ACCOUNT } from './fakes';

const profile = storedProfile();
const loaded = { profile, fingerprint: 'f', secrets: [] };

async function setup(withRecord = true): Promise<{ home: string; secrets: SecretStores }> {
  const home = mkdtempSync(join(tmpdir(), 'hoc-heal-'));
  const secrets: SecretStores = { preference: 'file', file: new FileSecretStore(join(home, 'secrets')), keyring: async () => null };
  await saveOfficeAccount(profile.org.id, ACCOUNT, secrets);
  // This session added P; Q was the user's own.
  if (withRecord) {
    await updateSessionRecord(home, { id: profile.org.id, name: profile.org.name }, (r) => ({
      ...r,
      drives: [
        { letter: 'P', share: '\\\\fs.buero.local\\projekte', owner: 'ours' },
        { letter: 'Q', share: '\\\\fs.buero.local\\vorlagen', owner: 'theirs' },
      ],
    }));
  }
  return { home, secrets };
}

function platform(status: MapOutcome['status'], calls: string[]): PlatformAdapter {
  return {
    async mapDrive(d: { letter: string }) {
      calls.push(d.letter);
      return { status, path: `${d.letter}:` };
    },
  } as unknown as PlatformAdapter;
}

async function heal(home: string, secrets: SecretStores, status: MapOutcome['status'], calls: string[]) {
  const remapped: string[] = [];
  const stage = createDrivesStage({ platform: platform(status, calls), secrets, onDrive: (e) => 'outcome' in e && e.outcome.status === 'mapped' && remapped.push(e.letter) });
  const errors = await healSession([stage], { home, helper: { socketPath: join(home, 'none.sock') }, loaded });
  return { remapped, errors };
}

describe('healing dropped drives (fake adapter: mapping itself is pinned per OS elsewhere)', () => {
  it('reports nothing when the recorded drive is still there', async () => {
    const { home, secrets } = await setup();
    const calls: string[] = [];
    expect(await heal(home, secrets, 'reused', calls)).toEqual({ remapped: [], errors: [] });
    expect(calls).toEqual(['P']);
  });

  it('maps a dropped recorded drive again and leaves the drive the user had alone', async () => {
    const { home, secrets } = await setup();
    const calls: string[] = [];
    expect(await heal(home, secrets, 'mapped', calls)).toEqual({ remapped: ['P'], errors: [] });
    expect(calls).toEqual(['P']);
  });

  it('does nothing without a session record', async () => {
    const { home, secrets } = await setup(false);
    const calls: string[] = [];
    expect(await heal(home, secrets, 'mapped', calls)).toEqual({ remapped: [], errors: [] });
    expect(calls).toEqual([]);
  });
});
