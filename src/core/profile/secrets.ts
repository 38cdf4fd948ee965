/**
 * Protected storage for the secrets kept on the user's side (the keys of
 * imported profiles, the office sign-in): the OS keychain through
 * @napi-rs/keyring, or — where no keychain is available — one file per entry
 * under `$HOC_HOME/secrets/` (folder 0700, files 0600), in clear. A secret
 * goes into a file only when the user agreed (`storeSecret`): the app asks,
 * the CLI needs `--store-in-file`, `HOC_SECRET_STORE=file` is a standing yes.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../shared/errors';
import { hocHome } from '../paths';

/** The keychain service name all entries are filed under. */
export const KEYRING_SERVICE = 'homeoffice-connect';

export type SecretStoreKind = 'keyring' | 'file';

/** A place for small secrets, addressed by account name (`org:<id>`). */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** Where the secrets are, for the user: "system keychain" or a folder. */
  readonly location: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** The two stores a profile store may use; `keyring` resolves null when there is no keychain. */
export interface SecretStores {
  keyring(): Promise<SecretStore | null>;
  readonly file: SecretStore;
  /** `HOC_SECRET_STORE`: `file` never tries the keychain (and counts as consent to files), `keyring` never falls back. */
  readonly preference: 'auto' | SecretStoreKind;
  /** The user agreed, for this write, that a secret may go into the file store when the keychain cannot take it. */
  readonly fileConsent?: boolean;
}

/** The stores with the user's answer to "store it in a file?" recorded (false leaves them as they are). */
export function withFileConsent(all: SecretStores, agreed: boolean | undefined): SecretStores {
  return agreed ? { ...all, fileConsent: true } : all;
}

/** True when a secret may go into the file store: `HOC_SECRET_STORE=file`, or the user agreed. */
export function mayStoreInFile(all: SecretStores): boolean {
  return all.preference === 'file' || all.fileConsent === true;
}

/**
 * Stores one secret under `name`: in the keychain when there is one (and it
 * takes it); otherwise in the owner-only file store, but only when
 * `mayStoreInFile` — else nothing is written and a `secret.fileConsentNeeded`
 * UserError says what storing in a file would mean. Exactly one copy stays:
 * the other store's entry under the same name is removed (unless
 * `keepOtherCopy`: the profile store removes it itself once its record points
 * to the new one). Returns the store used; any other failure is thrown as it came.
 */
export async function storeSecret(all: SecretStores, name: string, secret: string, opts: { keepOtherCopy?: boolean } = {}): Promise<SecretStore> {
  const keyring = await all.keyring();
  let keyringError: unknown = null;
  if (keyring) {
    try {
      await keyring.set(name, secret);
      if (!opts.keepOtherCopy) await all.file.delete(name).catch(() => false);
      return keyring;
    } catch (err) {
      keyringError = err;
    }
  }
  if (all.preference === 'keyring') throw keyringError ?? new Error('no system keychain available (HOC_SECRET_STORE=keyring)');
  if (!mayStoreInFile(all)) {
    const why = keyringError instanceof Error ? `keychain refused: ${keyringError.message}` : 'no system keychain (no D-Bus session?)';
    throw new UserError('secret.fileConsentNeeded', { dir: all.file.location }, why);
  }
  await all.file.set(name, secret);
  if (keyring && !opts.keepOtherCopy) await keyring.delete(name).catch(() => false);
  return all.file;
}

const ACCOUNT = /^[a-z0-9][a-z0-9:-]{0,80}$/;

function checkAccount(account: string): void {
  if (!ACCOUNT.test(account)) throw new Error(`invalid secret account name ${JSON.stringify(account)}`);
}

/** Secrets as files, one per account, readable by the owner only. */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  constructor(readonly location: string) {}

  private path(account: string): string {
    checkAccount(account);
    return join(this.location, `${account.replace(/:/g, '-')}.secret`);
  }

  async get(account: string): Promise<string | null> {
    try {
      return await readFile(this.path(account), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async set(account: string, secret: string): Promise<void> {
    const target = this.path(account);
    await mkdir(this.location, { recursive: true, mode: 0o700 });
    await chmod(this.location, 0o700);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, secret, { mode: 0o600, flag: 'wx' });
      await chmod(temp, 0o600);
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async delete(account: string): Promise<boolean> {
    const target = this.path(account);
    try {
      await rm(target);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}

type KeyringModule = typeof import('@napi-rs/keyring');

/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux). */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'keyring' as const;
  readonly location = 'system keychain';
  constructor(private readonly keyring: KeyringModule) {}

  private entry(account: string): InstanceType<KeyringModule['AsyncEntry']> {
    checkAccount(account);
    // On Linux only the Secret Service persists; kernel keyutils forgets at logout.
    return new this.keyring.AsyncEntry(KEYRING_SERVICE, account, { linux: { store: 'secret-service' } });
  }

  async get(account: string): Promise<string | null> {
    return this.entry(account).getPassword();
  }

  async set(account: string, secret: string): Promise<void> {
    await this.entry(account).setPassword(secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.entry(account).deleteCredential();
  }
}

/** Loads the keychain binding; null when the native module or the keychain is unavailable. */
export async function openKeyringStore(): Promise<SecretStore | null> {
  try {
    const keyring = (await import('@napi-rs/keyring')) as KeyringModule;
    const store = new KeyringSecretStore(keyring);
    // Constructing an entry throws when there is no keychain service (e.g. no D-Bus session).
    await store.get('probe');
    return store;
  } catch {
    return null;
  }
}

/** The stores for this user: keychain when available, else `$HOC_HOME/secrets/`. */
export function defaultSecretStores(env: NodeJS.ProcessEnv = process.env): SecretStores {
  const pref = env.HOC_SECRET_STORE;
  const preference = pref === 'file' || pref === 'keyring' ? pref : 'auto';
  let keyring: Promise<SecretStore | null> | undefined;
  return {
    preference,
    file: new FileSecretStore(join(hocHome(env), 'secrets')),
    keyring: () => (preference === 'file' ? Promise.resolve(null) : (keyring ??= openKeyringStore())),
  };
}
