/** The drives stage's refusals: a server outside the company, no office sign-in — nothing recorded for either. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveOfficeAccount } from '../../../src/core/account';
import { FileSecretStore, type SecretStores } from '../../../src/core/profile/secrets';
import { recordSlice } from '../../../src/core/session/record';
import { createDrivesStage } from '../../../src/core/stages/drives';
import type { StoredProfile } from '../../../src/shared/profile/types';
import { ACCOUNT } from '../platform/fakes';
import { fakeDriveAdapter, freshHome, recordOnDisk, storedProfile } from './fakes';

function fileStores(dir: string): SecretStores {
  return { preference: 'file', file: new FileSecretStore(join(dir, 'secrets')), keyring: async () => null };
}

function run(home: string, profile: StoredProfile, secrets: SecretStores, platform = fakeDriveAdapter(home).platform) {
  const ctx = { home, helper: { socketPath: join(home, 'none.sock') }, loaded: { profile, fingerprint: 'f', secrets: [] } };
  return createDrivesStage({ platform, secrets }).run(ctx, recordSlice(home, 'drives', profile.org));
}

describe('drives stage refusals (fake drive adapter)', () => {
  it('refuses a server outside the company domain, records nothing for it, and still maps the others', async () => {
    const home = freshHome();
    const secrets = fileStores(home);
    await saveOfficeAccount('buero-mueller', ACCOUNT, secrets);
    const base = storedProfile();
    const profile = { ...base, drives: [...base.drives, { letter: 'X', label: 'Fremd', share: '\\\\evil.example.com\\x' }] };
    const drives = fakeDriveAdapter(home);
    expect(await run(home, profile, secrets, drives.platform)).toMatchObject({ ok: false, error: { code: 'drives.outsideDomain', params: { host: 'evil.example.com' } } });
    expect(recordOnDisk(home)?.drives.map((d) => d.letter)).toEqual(['P', 'Q']);
    expect([...drives.mapped.keys()]).toEqual(['P', 'Q']);
  });

  it('asks for the office sign-in when none is stored, before recording anything', async () => {
    const home = freshHome();
    await expect(run(home, storedProfile(), fileStores(home))).rejects.toMatchObject({ code: 'account.missing' });
    expect(recordOnDisk(home)).toBeNull();
  });

  it('says where the sign-in went when there is no keychain and the user agreed (file fallback)', async () => {
    const home = freshHome();
    const noKeychain = { ...fileStores(home), preference: 'auto' as const };
    await expect(saveOfficeAccount('buero-mueller', ACCOUNT, noKeychain)).rejects.toMatchObject({ code: 'secret.fileConsentNeeded' });
    expect(await saveOfficeAccount('buero-mueller', ACCOUNT, { ...noKeychain, fileConsent: true })).toEqual({ kind: 'file', location: join(home, 'secrets') });
  });
});
