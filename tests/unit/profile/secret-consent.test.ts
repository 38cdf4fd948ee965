/**
 * No silent plaintext: without a keychain a secret goes into a file only
 * after the user agreed — the app asks (profile.confirm / office.saveSignIn
 * answer `secret.fileConsentNeeded`, the retry carries `storeInFile`), the CLI
 * refuses with exit code 6 unless `--store-in-file` is given. The rule lives
 * in `storeSecret` (src/core/profile/secrets.ts), used by every writer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { saveOfficeAccount } from '../../../src/core/account';
import { AppController } from '../../../src/core/app';
import { FileSecretStore, importProfile, loadProfileFile, storeSecret, withFileConsent, type SecretStore, type SecretStores } from '../../../src/core/profile';
import type { ImportPreview } from '../../../src/shared/ipc';
import { t } from '../../../src/shared/i18n';
import { startTestHelper } from '../../fixtures/helper';
import { NOW, examplePayload, makeOrgKey, signPayload } from '../../fixtures/profiles/make';

const root = new URL('../../..', import.meta.url).pathname;
let home: string;
let secretsDir: string;

/** What openKeyringStore() gives where there is no D-Bus session: no keychain (stand-in for the real probe; the CLI test below uses the real one). */
const noKeychain = (): SecretStores => ({ preference: 'auto', file: new FileSecretStore(secretsDir), keyring: async () => null });

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'hoc-consent-'));
  secretsDir = join(home, 'secrets');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('storeSecret without a keychain', () => {
  it('refuses and writes nothing when the user has not agreed, saying what a file would mean', async () => {
    const refused = await storeSecret(noKeychain(), 'org:buero', 'SECRET').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'secret.fileConsentNeeded', params: { dir: secretsDir } });
    expect(existsSync(secretsDir)).toBe(false);
    expect(t('de', 'secret.fileConsentNeeded', { dir: secretsDir })).toMatch(/unverschlüsselt in einer Datei in .*secrets ablegen, die nur Ihr Benutzerkonto lesen kann/);
    expect(t('en', 'secret.fileConsentNeeded', { dir: secretsDir })).toMatch(/unencrypted in a file in .*secrets that only your user account can read/);
  });

  it('stores in an owner-only file once the user agreed', async () => {
    const store = await storeSecret(withFileConsent(noKeychain(), true), 'org:buero', 'SECRET');
    expect(store.kind).toBe('file');
    expect(await store.get('org:buero')).toBe('SECRET');
    const [file] = readdirSync(secretsDir);
    expect(statSync(join(secretsDir, file!)).mode & 0o777).toBe(0o600);
  });

  it('takes HOC_SECRET_STORE=file as a standing yes (the operator chose files)', async () => {
    expect((await storeSecret({ ...noKeychain(), preference: 'file' }, 'org:buero', 'SECRET')).kind).toBe('file');
  });

  it('needs no question when the keychain takes the secret, and asks when the keychain refuses it', async () => {
    const kept = new Map<string, string>();
    const keychain: SecretStore = {
      kind: 'keyring',
      location: 'system keychain',
      get: async (a) => kept.get(a) ?? null,
      set: async (a, s) => void kept.set(a, s),
      delete: async (a) => kept.delete(a),
    };
    expect((await storeSecret({ ...noKeychain(), keyring: async () => keychain }, 'org:buero', 'SECRET')).kind).toBe('keyring');
    expect(existsSync(secretsDir)).toBe(false);
    const locked: SecretStore = { ...keychain, set: async () => Promise.reject(new Error('locked')) };
    await expect(storeSecret({ ...noKeychain(), keyring: async () => locked }, 'org:other', 'SECRET')).rejects.toMatchObject({ code: 'secret.fileConsentNeeded' });
  });

  it('the office sign-in (core/account, used by the CLI and the app) asks', async () => {
    const account = { user: 'anna', domain: 'BUERO', password: 'pw "with" spaces' };
    await expect(saveOfficeAccount('buero', account, noKeychain())).rejects.toMatchObject({ code: 'secret.fileConsentNeeded' });
    expect(existsSync(secretsDir)).toBe(false);
    expect(await saveOfficeAccount('buero', account, withFileConsent(noKeychain(), true))).toMatchObject({ kind: 'file' });
  });
});

describe('the app asks: office.saveSignIn without a keychain (profile.confirm needs no keychain: the helper keeps the tunnel keys)', () => {
  it('imports the profile without asking, answers secret.fileConsentNeeded for the sign-in and stores it only when the retry says storeInFile', async () => {
    // The real helper server, unprivileged on a temporary socket (tests/fixtures/helper.ts), installs the profile.
    const helper = await startTestHelper(() => NOW);
    onTestFinished(() => helper.close());
    const c = new AppController({
      env: { HOC_HOME: home, HOC_HELPER_SOCKET: helper.socketPath },
      secrets: noKeychain(),
      version: '1',
      platform: 'linux',
      systemLocale: 'de-DE',
      now: () => NOW,
    });
    const text = signPayload(examplePayload(), makeOrgKey());
    const preview = (await c.invoke({ group: 'profile', key: 'preview' }, { fileName: 'anna.hocprofile', dataBase64: Buffer.from(text).toString('base64') })) as {
      ok: true;
      value: ImportPreview;
    };
    const token = preview.value.token;
    expect(await c.invoke({ group: 'profile', key: 'confirm' }, { token })).toMatchObject({ ok: true });
    expect((await c.appSnapshot()).profile?.orgId).toBe('buero-mueller');
    expect(existsSync(secretsDir)).toBe(false);

    const signIn = { user: 'anna', domain: 'BUERO', password: 'pw' };
    expect(await c.invoke({ group: 'office', key: 'saveSignIn' }, signIn)).toMatchObject({ ok: false, error: { code: 'secret.fileConsentNeeded' } });
    expect((await c.appSnapshot()).officeSignIn).toBeNull();
    expect(await c.invoke({ group: 'office', key: 'saveSignIn' }, { ...signIn, storeInFile: true })).toMatchObject({ ok: true });
    expect((await c.appSnapshot()).officeSignIn).toEqual({ user: 'anna', domain: 'BUERO' });
    expect(readdirSync(secretsDir)).toHaveLength(1);
  });
});

describe('the CLI refuses: hoc profile import / hoc account set in a session without D-Bus (real keychain probe)', () => {
  let dir: string;
  let cli: string;
  beforeAll(() => {
    // The real hoc, bundled like scripts/build.mjs does (the keychain binding stays external).
    dir = mkdtempSync(join(root, 'node_modules', '.hoc-unit-'));
    cli = join(dir, 'hoc.mjs');
    buildSync({
      entryPoints: [join(root, 'src/cli/hoc.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['@napi-rs/keyring'],
      define: { __HOC_VERSION__: '"test"' },
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A login without a desktop session: no D-Bus address, a runtime folder without a bus. */
  const hoc = (args: string[], input = '') =>
    spawnSync(process.execPath, [cli, ...args, '--lang', 'en'], {
      input,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: home, HOC_HOME: home, XDG_RUNTIME_DIR: home, HOC_HELPER_SOCKET: join(home, 'no-helper.sock') },
      timeout: 60_000,
    });

  it('profile import asks no keychain question (the helper keeps the keys); account set exits 6 and stores nothing without --store-in-file, a file with it', async () => {
    const file = join(home, 'anna.hocprofile');
    const payload = examplePayload(); // valid today: the CLI uses the real clock
    payload.issuedAt = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    payload.expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    writeFileSync(file, signPayload(payload, makeOrgKey()));
    // No helper here: the import stops at the helper, not at the keychain, and leaves nothing behind.
    const noHelper = hoc(['profile', 'import', file, '--yes']);
    expect(noHelper.stderr).toContain(t('en', 'error.helper.unreachable'));
    expect(noHelper.stderr).not.toContain('No keychain can be reached on this computer');
    expect(noHelper.status).not.toBe(6);
    expect(existsSync(secretsDir)).toBe(false);
    expect(existsSync(join(home, 'profiles'))).toBe(false);
    // account set needs the imported profile: imported here through a real helper of the test's own (no keychain asked).
    const helper = await startTestHelper();
    await importProfile(await loadProfileFile(file), { env: { HOC_HOME: home }, helper: { socketPath: helper.socketPath } }).finally(() => helper.close());
    expect(existsSync(secretsDir)).toBe(false);

    const noAccount = hoc(['account', 'set', '--user', 'anna', '--domain', 'BUERO', '--password-stdin'], 'pw "with" spaces\n');
    expect(noAccount.stderr).toContain('No keychain can be reached on this computer');
    expect(noAccount.stderr).toContain('--store-in-file');
    expect(noAccount.status, noAccount.stderr).toBe(6);
    expect(existsSync(secretsDir)).toBe(false);
    const account = hoc(['account', 'set', '--user', 'anna', '--domain', 'BUERO', '--password-stdin', '--store-in-file'], 'pw "with" spaces\n');
    expect(account.status, account.stderr).toBe(0);
    expect(readdirSync(secretsDir)).toHaveLength(1);
  });

  it('documents the flag (on account set only) and exit code 6 in hoc --help', () => {
    const help = hoc(['--help']);
    expect(help.stdout).toMatch(/account set .*\[--store-in-file\]/);
    expect(help.stdout).not.toMatch(/profile import .*--store-in-file/);
    // An import stores no secret on the user's side: the flag is refused there as a wrong call.
    expect(hoc(['profile', 'import', 'x.hocprofile', '--store-in-file']).status).toBe(2);
    expect(help.stdout).toMatch(/^ {2}6 {2}no keychain: nothing stored/m);
  });
});
