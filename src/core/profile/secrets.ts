/**
 * Protected storage for the WireGuard keys of imported profiles: the OS
 * keychain through @napi-rs/keyring, or — where no keychain is available — one
 * file per profile under `$HOC_HOME/secrets/` (folder 0700, files 0600).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  /** `HOC_SECRET_STORE`: `file` never tries the keychain, `keyring` never falls back. */
  readonly preference: 'auto' | SecretStoreKind;
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
