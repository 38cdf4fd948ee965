/**
 * The user's profile store, importing through the real helper (its server and
 * root-only profile store, started unprivileged on a temporary socket; see
 * tests/fixtures/helper.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore, getActiveProfile, importProfile, listProfiles, planImport, removeProfile, verifyProfileBytes, type SecretStores, type StoreOptions } from '../../../src/core/profile';
import { UserError } from '../../../src/shared/errors';
import { startTestHelper, type TestHelper } from '../../fixtures/helper';
import { NOW, examplePayload, makeOrgKey, signPayload, type OrgSigner, type MutablePayload } from '../../fixtures/profiles/make';

let home: string;
let env: NodeJS.ProcessEnv;
let helper: TestHelper;
let opts: StoreOptions;
const org = makeOrgKey();

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'hoc-store-'));
  env = { HOC_HOME: home };
  helper = await startTestHelper(() => NOW);
  opts = { env, now: NOW, helper: { socketPath: helper.socketPath } };
});
afterEach(async () => {
  helper.close();
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

const uid = String(process.getuid?.() ?? 1000);

describe('importing', () => {
  it('keeps no key in the user folder: the helper holds the signed envelope, root-only', async () => {
    const v = verified();
    const result = await importProfile(v, opts);
    expect(result).toEqual({ orgId: 'buero-mueller', plan: { kind: 'first' }, machinePin: 'new' });
    const text = await storedFiles();
    expect(text).not.toContain(v.profile.tunnel.privateKey);
    expect(text).not.toContain(v.profile.tunnel.peer.presharedKey!);
    expect(text).toContain(v.fingerprint);
    expect(existsSync(join(home, 'secrets'))).toBe(false);
    expect((await stat(join(home, 'profiles', 'org-buero-mueller.json'))).mode & 0o777).toBe(0o600);
    const installed = join(helper.profileDir, 'installed', uid, 'buero-mueller.json');
    expect((await stat(installed)).mode & 0o777).toBe(0o600);
    expect((await stat(helper.profileDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(helper.profileDir, 'installed', uid))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(installed, 'utf8')).envelope.signature).toBe(JSON.parse(new TextDecoder().decode(v.raw)).signature);
  });

  it('pins the company key on the machine at the first import, and only then', async () => {
    await importProfile(verified(), opts);
    const pins = await helper.profiles.pins();
    expect(Object.keys(pins)).toEqual(['buero-mueller']);
    expect(pins['buero-mueller']).toMatchObject({ how: 'first-import' });
    expect((await importProfile(verified((p) => (p.serial = 4)), opts)).machinePin).toBe('pinned');
  });

  it('gives connect the stored profile without any key', async () => {
    const v = verified();
    await importProfile(v, opts);
    const active = await getActiveProfile(env, { now: NOW });
    expect(active).not.toBeNull();
    expect('privateKey' in active!.profile.tunnel).toBe(false);
    expect('presharedKey' in active!.profile.tunnel.peer).toBe(false);
    expect(active!.fingerprint).toBe(v.fingerprint);
  });

  it('has no active profile before the first import', async () => {
    expect(await getActiveProfile(env, { now: NOW })).toBeNull();
  });

  it('refuses to connect with a profile that has expired since its import', async () => {
    await importProfile(verified(), opts);
    await expect(getActiveProfile(env, { now: new Date('2028-01-01T00:00:00Z') })).rejects.toMatchObject({ code: 'profile.expired' });
  });

  it('stores nothing when the helper cannot be reached', async () => {
    const err = (await importProfile(verified(), { ...opts, helper: { socketPath: join(home, 'no.sock') } }).catch((e: unknown) => e)) as UserError;
    expect(err.code).toBe('error.helper.unreachable');
    expect(existsSync(join(home, 'profiles'))).toBe(false);
  });

  it('refuses a valid profile too large for one helper message, saying so, and stores nothing', async () => {
    const big = verified((p) => {
      p.services = Array.from({ length: 64 }, (_, i) => ({ id: `s${i}`, label: '€'.repeat(80), kind: 'https', url: `https://intranet.buero.local/${'x'.repeat(200)}` }));
      p.printers = Array.from({ length: 32 }, (_, i) => ({ name: `P${i}${'x'.repeat(100)}`, label: '€'.repeat(80), uri: `ipp://print.buero.local:631/${'y'.repeat(200)}` }));
    });
    const err = (await importProfile(big, opts).catch((e: unknown) => e)) as UserError;
    expect(err.code).toBe('error.helper.profileTooLarge');
    expect(existsSync(join(home, 'profiles'))).toBe(false);
    expect(await helper.profiles.pins()).toEqual({});
  });

  it('stores nothing when the helper refuses: another company is pinned on this machine', async () => {
    await helper.profiles.pinAsAdmin(JSON.parse(signPayload({ ...examplePayload(), org: { id: 'kanzlei-b', name: 'Kanzlei B', domain: 'buero.local' } }, makeOrgKey())));
    const err = (await importProfile(verified(), opts).catch((e: unknown) => e)) as UserError;
    expect(err.code).toBe('error.helper.otherCompanyPinned');
    expect(err.localized('de')).toContain('hoc-helper pin');
    expect(existsSync(join(home, 'profiles'))).toBe(false);
  });
});

describe('pinning and updates', () => {
  it('accepts an update signed by the pinned key with a higher serial', async () => {
    await importProfile(verified(), opts);
    const next = verified((p) => (p.serial = 4));
    expect(await planImport(next, opts)).toEqual({ kind: 'update', currentSerial: 3 });
    await importProfile(next, opts);
    expect((await listProfiles(opts))[0]?.serial).toBe(4);
  });

  it('refuses a downgrade to a lower serial and keeps the current profile', async () => {
    await importProfile(verified(), opts);
    const before = await storedFiles();
    const err = await importProfile(verified((p) => (p.serial = 2)), opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('profile.store.notNewer');
    expect((err as UserError).localized('de')).toContain('nicht neuer');
    expect(await storedFiles()).toBe(before);
  });

  it('refuses the same serial again (replay)', async () => {
    await importProfile(verified(), opts);
    await expect(importProfile(verified(), opts)).rejects.toMatchObject({ code: 'profile.store.notNewer' });
  });

  it('refuses a profile for the same company signed by another key, even with a higher serial', async () => {
    const first = verified();
    await importProfile(first, opts);
    const before = await storedFiles();
    const other = verified((p) => (p.serial = 99), makeOrgKey());
    const err = (await importProfile(other, opts).catch((e: unknown) => e)) as UserError;
    expect(err.code).toBe('profile.store.keyChanged');
    expect(err.params.pinned).toBe(first.fingerprint);
    expect(await storedFiles()).toBe(before);
    expect((await getActiveProfile(env, { now: NOW }))!.fingerprint).toBe(first.fingerprint);
  });
});

describe('listing and removing', () => {
  it('lists imported profiles and marks the active one (a second company allowed by an administrator)', async () => {
    await importProfile(verified(), opts);
    const second = verified((p) => {
      p.org.id = 'kanzlei-b';
      p.org.name = 'Kanzlei B';
    });
    await helper.profiles.pinAsAdmin(JSON.parse(new TextDecoder().decode(second.raw)));
    await importProfile(second, opts);
    const list = await listProfiles(opts);
    expect(list.map((s) => [s.orgId, s.active])).toEqual([
      ['buero-mueller', false],
      ['kanzlei-b', true],
    ]);
  });

  it('removes a profile, its pin here and its installed copy in the helper (the machine pin stays)', async () => {
    await importProfile(verified(), opts);
    await removeProfile('buero-mueller', opts);
    expect(existsSync(join(helper.profileDir, 'installed', uid, 'buero-mueller.json'))).toBe(false);
    expect(Object.keys(await helper.profiles.pins())).toEqual(['buero-mueller']);
    expect(await listProfiles(opts)).toEqual([]);
    expect(await getActiveProfile(env, { now: NOW })).toBeNull();
  });

  it('says so when removing a profile that does not exist', async () => {
    await expect(removeProfile('nope', opts)).rejects.toMatchObject({ code: 'profile.store.notFound' });
    await expect(removeProfile('../../etc', opts)).rejects.toMatchObject({ code: 'profile.store.notFound' });
  });
});

describe('a profile imported by the earlier version (record version 1, keys on the user side)', () => {
  /** What version 1 left: the record without keys, the keys in the file store under org:<id>. */
  async function earlierImport(v: ReturnType<typeof verified>, signer = v) {
    const files = new FileSecretStore(join(home, 'secrets'));
    const secrets: SecretStores = { preference: 'auto', file: files, keyring: async () => null };
    const { privateKey, ...tunnel } = v.profile.tunnel;
    const { presharedKey, ...peer } = tunnel.peer;
    await mkdir(join(home, 'profiles'), { recursive: true });
    const record = {
      version: 1,
      orgId: v.profile.org.id,
      orgKey: signer.orgKey,
      fingerprint: signer.fingerprint,
      serial: v.profile.serial,
      importedAt: NOW.toISOString(),
      secretStore: 'file',
      profile: { ...v.profile, tunnel: { ...tunnel, peer } },
    };
    await writeFile(join(home, 'profiles', 'org-buero-mueller.json'), JSON.stringify(record));
    await files.set('org:buero-mueller', JSON.stringify({ privateKey, presharedKey }));
    return { files, secrets };
  }

  it('asks for the file once more (not "damaged"), takes the same file again, and removes the keys it kept', async () => {
    const v = verified();
    const { files, secrets } = await earlierImport(v);
    expect(await getActiveProfile(env, { now: NOW }).catch((e: unknown) => e)).toMatchObject({ code: 'profile.store.earlierVersion', params: { id: 'buero-mueller' } });
    expect(await planImport(v, opts)).toEqual({ kind: 'update', currentSerial: v.profile.serial });
    await importProfile(v, { ...opts, secrets });
    expect(await files.get('org:buero-mueller')).toBeNull();
    expect((await getActiveProfile(env, { now: NOW }))!.fingerprint).toBe(v.fingerprint);
    expect(existsSync(join(helper.profileDir, 'installed', uid, 'buero-mueller.json'))).toBe(true);
    // Now it is a record of this version: the same serial again is a replay.
    expect(await planImport(v, opts).catch((e: unknown) => e)).toMatchObject({ code: 'profile.store.notNewer' });
  });

  it('keeps its pin: a file for the same company signed by another key is refused, and the old keys stay', async () => {
    const { files, secrets } = await earlierImport(verified());
    const other = verified((p) => (p.serial = 5), makeOrgKey());
    expect(await importProfile(other, { ...opts, secrets }).catch((e: unknown) => e)).toMatchObject({ code: 'profile.store.keyChanged' });
    expect(await files.get('org:buero-mueller')).not.toBeNull();
    expect(await planImport(verified((p) => (p.serial = 2)), opts).catch((e: unknown) => e)).toMatchObject({ code: 'profile.store.notNewer' });
  });

  it('remove takes the record and the keys it kept', async () => {
    const { files, secrets } = await earlierImport(verified());
    await removeProfile('buero-mueller', { ...opts, secrets });
    expect(await files.get('org:buero-mueller')).toBeNull();
    expect(existsSync(join(home, 'profiles', 'org-buero-mueller.json'))).toBe(false);
  });
});

describe('when the store is damaged or a write fails', () => {
  it('says the stored profile is damaged when its record does not parse', async () => {
    await importProfile(verified(), opts);
    await writeFile(join(home, 'profiles', 'org-buero-mueller.json'), '{"version": 1, "orgId": "buero-mueller", ');
    const err = await getActiveProfile(env, { now: NOW }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'profile.store.corrupt', params: { id: 'buero-mueller' } });
  });

  it('leaves no record behind when the first import cannot be written', async () => {
    // active.json as a folder with something in it: the record is written, the active mark is not.
    await mkdir(join(home, 'profiles', 'active.json', 'blocked'), { recursive: true });
    const err = await importProfile(verified(), opts).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'profile.store.write' });
    expect(existsSync(join(home, 'profiles', 'org-buero-mueller.json'))).toBe(false);
  });

  it('keeps the previous profile record when an update cannot be written', async () => {
    const first = verified();
    await importProfile(first, opts);
    const recordBefore = await readFile(join(home, 'profiles', 'org-buero-mueller.json'), 'utf8');
    await rm(join(home, 'profiles', 'active.json'));
    await mkdir(join(home, 'profiles', 'active.json', 'blocked'), { recursive: true });
    const err = await importProfile(verified((p) => (p.serial = 4)), opts).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'profile.store.write' });
    expect(await readFile(join(home, 'profiles', 'org-buero-mueller.json'), 'utf8')).toBe(recordBefore);
    await rm(join(home, 'profiles', 'active.json'), { recursive: true });
    const active = await getActiveProfile(env, { now: NOW });
    expect(active?.profile.serial).toBe(3);
    expect(active?.fingerprint).toBe(first.fingerprint);
  });
});
