import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileSecretStore,
  getActiveProfile,
  importProfile,
  listProfiles,
  planImport,
  removeProfile,
  verifyProfileBytes,
  type SecretStore,
  type SecretStores,
} from '../../../src/core/profile';
import { UserError } from '../../../src/shared/errors';
import { NOW, examplePayload, makeOrgKey, signPayload, type OrgSigner, type MutablePayload } from '../../fixtures/profiles/make';

let home: string;
let env: NodeJS.ProcessEnv;
let secrets: SecretStores;
const org = makeOrgKey();

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'hoc-store-'));
  env = { HOC_HOME: home };
  // No keychain, and the user agreed to files (the question itself: tests/unit/profile/secret-consent.test.ts).
  secrets = { preference: 'auto', file: new FileSecretStore(join(home, 'secrets')), keyring: async () => null, fileConsent: true };
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function verified(mutate: (p: MutablePayload) => void = () => {}, signer: OrgSigner = org) {
  const p = examplePayload();
  mutate(p);
  return verifyProfileBytes(Buffer.from(signPayload(p, signer)), { now: NOW });
}

async function storedFiles(): Promise<string> {
  const dir = join(home, 'profiles');
  const names = await readdir(dir);
  return (await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')))).join('\n');
}

describe('importing', () => {
  it('keeps the private and preshared keys out of the stored profile', async () => {
    const v = verified();
    const result = await importProfile(v, { env, now: NOW, secrets });
    expect(result.plan).toEqual({ kind: 'first' });
    expect(result.secretStore).toBe('file');
    const text = await storedFiles();
    expect(text).not.toContain(v.profile.tunnel.privateKey);
    expect(text).not.toContain(v.profile.tunnel.peer.presharedKey!);
    expect(text).toContain(v.fingerprint);
  });

  it('keeps the secret in a folder only the user can open (0700) and a file only the user can read (0600)', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    const dir = join(home, 'secrets');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const [file] = await readdir(dir);
    expect((await stat(join(dir, file!))).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'profiles', 'org-buero-mueller.json'))).mode & 0o777).toBe(0o600);
  });

  it('uses the keychain when there is one and says so', async () => {
    const box = new Map<string, string>();
    const keyring: SecretStore = {
      kind: 'keyring',
      location: 'system keychain',
      get: async (a) => box.get(a) ?? null,
      set: async (a, s) => void box.set(a, s),
      delete: async (a) => box.delete(a),
    };
    const v = verified();
    const result = await importProfile(v, { env, now: NOW, secrets: { ...secrets, keyring: async () => keyring } });
    expect(result.secretStore).toBe('keyring');
    expect([...box.keys()]).toEqual(['org:buero-mueller']);
    expect(existsSync(join(home, 'secrets'))).toBe(false);
    const active = await getActiveProfile(env, { now: NOW, secrets: { ...secrets, keyring: async () => keyring } });
    expect(active?.privateKey).toBe(v.profile.tunnel.privateKey);
  });

  it('falls back to the file store when the keychain refuses, only with consent', async () => {
    const broken: SecretStore = {
      kind: 'keyring',
      location: 'system keychain',
      get: async () => null,
      set: async () => {
        throw new Error('locked');
      },
      delete: async () => false,
    };
    const refused = importProfile(verified(), { env, now: NOW, secrets: { ...secrets, fileConsent: false, keyring: async () => broken } });
    await expect(refused).rejects.toMatchObject({ code: 'secret.fileConsentNeeded' });
    const result = await importProfile(verified(), { env, now: NOW, secrets: { ...secrets, keyring: async () => broken } });
    expect(result.secretStore).toBe('file');
  });

  it('gives connect the stored profile with its keys merged back', async () => {
    const v = verified();
    await importProfile(v, { env, now: NOW, secrets });
    const active = await getActiveProfile(env, { now: NOW, secrets });
    expect(active).not.toBeNull();
    expect(active!.privateKey).toBe(v.profile.tunnel.privateKey);
    expect(active!.profile.tunnel.peer.presharedKey).toBe(v.profile.tunnel.peer.presharedKey);
    expect('privateKey' in active!.profile.tunnel).toBe(false);
    expect(active!.fingerprint).toBe(v.fingerprint);
  });

  it('has no active profile before the first import', async () => {
    expect(await getActiveProfile(env, { now: NOW, secrets })).toBeNull();
  });

  it('refuses to connect with a profile that has expired since its import', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    await expect(getActiveProfile(env, { now: new Date('2028-01-01T00:00:00Z'), secrets })).rejects.toMatchObject({ code: 'profile.expired' });
  });
});

describe('pinning and updates', () => {
  it('accepts an update signed by the pinned key with a higher serial', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    const next = verified((p) => (p.serial = 4));
    expect(await planImport(next, { env, now: NOW })).toEqual({ kind: 'update', currentSerial: 3 });
    await importProfile(next, { env, now: NOW, secrets });
    expect((await listProfiles({ env, now: NOW }))[0]?.serial).toBe(4);
  });

  it('refuses a downgrade to a lower serial and keeps the current profile', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    const before = await storedFiles();
    const err = await importProfile(verified((p) => (p.serial = 2)), { env, now: NOW, secrets }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('profile.store.notNewer');
    expect((err as UserError).localized('de')).toContain('nicht neuer');
    expect(await storedFiles()).toBe(before);
  });

  it('refuses the same serial again (replay)', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    await expect(importProfile(verified(), { env, now: NOW, secrets })).rejects.toMatchObject({ code: 'profile.store.notNewer' });
  });

  it('refuses a profile for the same company signed by another key, even with a higher serial', async () => {
    const first = verified();
    await importProfile(first, { env, now: NOW, secrets });
    const before = await storedFiles();
    const other = verified((p) => (p.serial = 99), makeOrgKey());
    const err = (await importProfile(other, { env, now: NOW, secrets }).catch((e: unknown) => e)) as UserError;
    expect(err.code).toBe('profile.store.keyChanged');
    expect(err.params.pinned).toBe(first.fingerprint);
    expect(await storedFiles()).toBe(before);
    const active = await getActiveProfile(env, { now: NOW, secrets });
    expect(active!.privateKey).toBe(first.profile.tunnel.privateKey);
  });
});

describe('listing and removing', () => {
  it('lists imported profiles and marks the active one', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    await importProfile(
      verified((p) => {
        p.org.id = 'kanzlei-b';
        p.org.name = 'Kanzlei B';
      }),
      { env, now: NOW, secrets },
    );
    const list = await listProfiles({ env, now: NOW });
    expect(list.map((s) => [s.orgId, s.active])).toEqual([
      ['buero-mueller', false],
      ['kanzlei-b', true],
    ]);
  });

  it('removes a profile together with its secret and its pin', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    await removeProfile('buero-mueller', { env, secrets });
    expect(await readdir(join(home, 'secrets'))).toEqual([]);
    expect(await listProfiles({ env, now: NOW })).toEqual([]);
    expect(await getActiveProfile(env, { now: NOW, secrets })).toBeNull();
  });

  it('says so when removing a profile that does not exist', async () => {
    await expect(removeProfile('nope', { env, secrets })).rejects.toMatchObject({ code: 'profile.store.notFound' });
    await expect(removeProfile('../../etc', { env, secrets })).rejects.toMatchObject({ code: 'profile.store.notFound' });
  });
});

describe('when the store is damaged or a write fails', () => {
  it('says the stored profile is damaged when its record does not parse', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    await writeFile(join(home, 'profiles', 'org-buero-mueller.json'), '{"version": 1, "orgId": "buero-mueller", ');
    const err = await getActiveProfile(env, { now: NOW, secrets }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'profile.store.corrupt', params: { id: 'buero-mueller' } });
  });

  it('says the key is missing when the secret store lost it, and never connects without it', async () => {
    await importProfile(verified(), { env, now: NOW, secrets });
    await secrets.file.delete('org:buero-mueller');
    const err = await getActiveProfile(env, { now: NOW, secrets }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'profile.store.secretMissing', params: { id: 'buero-mueller' } });
  });

  it('leaves neither record nor secret behind when the first import cannot be written', async () => {
    // active.json as a folder with something in it: the record is written, the active mark is not.
    await mkdir(join(home, 'profiles', 'active.json', 'blocked'), { recursive: true });
    const err = await importProfile(verified(), { env, now: NOW, secrets }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'profile.store.write' });
    expect(existsSync(join(home, 'profiles', 'org-buero-mueller.json'))).toBe(false);
    expect(await secrets.file.get('org:buero-mueller')).toBeNull();
  });

  it('keeps the previous profile and its key when an update cannot be written', async () => {
    const first = verified();
    await importProfile(first, { env, now: NOW, secrets });
    const recordBefore = await readFile(join(home, 'profiles', 'org-buero-mueller.json'), 'utf8');
    await rm(join(home, 'profiles', 'active.json'));
    await mkdir(join(home, 'profiles', 'active.json', 'blocked'), { recursive: true });
    const err = await importProfile(verified((p) => (p.serial = 4)), { env, now: NOW, secrets }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'profile.store.write' });
    expect(await readFile(join(home, 'profiles', 'org-buero-mueller.json'), 'utf8')).toBe(recordBefore);
    await rm(join(home, 'profiles', 'active.json'), { recursive: true });
    const active = await getActiveProfile(env, { now: NOW, secrets });
    expect(active?.profile.serial).toBe(3);
    expect(active?.privateKey).toBe(first.profile.tunnel.privateKey);
  });
});
