/** Drives the OS dropped are mapped again while connected; drives the session did not add are never touched. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healDrives } from '../../../src/core/drives';
import { saveOfficeAccount } from '../../../src/core/account';
import { FileSecretStore, type SecretStores } from '../../../src/core/profile/secrets';
import { writeSessionRecord } from '../../../src/core/session/record';
import type { MapOutcome, PlatformAdapter } from '../../../src/core/platform/types';
import { ACCOUNT } from './fakes';

const profile = {
  org: { id: 'buero-mueller', name: 'Architekturbüro Müller', domain: 'buero.local' },
  tunnel: { peer: { allowedIPs: ['10.77.0.0/24'] } },
  drives: [
    { letter: 'P', label: 'Projekte', share: '\\\\fs.buero.local\\projekte' },
    { letter: 'Q', label: 'Vorlagen', share: '\\\\fs.buero.local\\vorlagen' },
  ],
};

async function setup(): Promise<{ home: string; secrets: SecretStores }> {
  const home = mkdtempSync(join(tmpdir(), 'hoc-heal-'));
  const secrets: SecretStores = { preference: 'file', file: new FileSecretStore(join(home, 'secrets')), keyring: async () => null };
  await saveOfficeAccount(profile.org.id, ACCOUNT, secrets);
  // This session added P; Q was the user's own (reused, so not recorded).
  await writeSessionRecord(home, { orgId: profile.org.id, orgName: profile.org.name, connectedAt: 'x', tunnel: true, drives: ['P'], printers: [] });
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

describe('healing dropped drives (fake adapter: mapping itself is pinned per OS elsewhere)', () => {
  it('reports nothing when the recorded drive is still there', async () => {
    const { home, secrets } = await setup();
    const calls: string[] = [];
    expect(await healDrives(home, profile, { platform: platform('reused', calls), secrets })).toEqual({ remapped: [], errors: [] });
    expect(calls).toEqual(['P']);
  });
  it('maps a dropped recorded drive again and leaves the drive the user had alone', async () => {
    const { home, secrets } = await setup();
    const calls: string[] = [];
    expect(await healDrives(home, profile, { platform: platform('mapped', calls), secrets })).toEqual({ remapped: ['P'], errors: [] });
    expect(calls).not.toContain('Q');
  });
  it('does nothing without a session record', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-heal-'));
    const calls: string[] = [];
    expect(await healDrives(home, profile, { platform: platform('mapped', calls) })).toEqual({ remapped: [], errors: [] });
    expect(calls).toEqual([]);
  });
});
