/**
 * The office sign-in (user, domain, password) the drives use, kept in the OS
 * keychain through the profile's SecretStore (file store where there is no
 * keychain). One entry per organisation: `office:<orgId>`.
 */
import { UserError } from '../../shared/errors';
import type { OfficeSignInView } from '../../shared/ipc';
import type { SecretStore, SecretStores } from '../profile';

export interface OfficeSignIn {
  readonly user: string;
  readonly domain: string;
  readonly password: string;
}

const USER = /^[^\s\\/@%:*?"<>|[\]=,;+\p{Cc}]{1,64}$/u;
const DOMAIN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;
const CONTROL = /\p{Cc}/u;

const account = (orgId: string): string => `office:${orgId}`;

/** Checks the form's values; throws a UserError naming the field. */
export function validateOfficeSignIn(value: OfficeSignIn): OfficeSignIn {
  const user = value.user.trim();
  const domain = value.domain.trim();
  if (!USER.test(user)) throw new UserError('ui.signin.invalidUser');
  if (domain !== '' && !DOMAIN.test(domain)) throw new UserError('ui.signin.invalidDomain');
  if (value.password.length === 0 || value.password.length > 256 || CONTROL.test(value.password)) {
    throw new UserError('ui.signin.invalidPassword');
  }
  return { user, domain, password: value.password };
}

async function stores(all: SecretStores): Promise<SecretStore[]> {
  const keyring = await all.keyring();
  return keyring ? [keyring, all.file] : [all.file];
}

/** Stores the sign-in for `orgId` (keychain first); throws a UserError when nothing can hold it. */
export async function saveOfficeSignIn(orgId: string, value: OfficeSignIn, all: SecretStores): Promise<void> {
  const clean = validateOfficeSignIn(value);
  const text = JSON.stringify(clean);
  let lastError: unknown;
  const candidates = await stores(all);
  for (const [i, store] of candidates.entries()) {
    if (all.preference === 'keyring' && store.kind === 'file') break;
    try {
      await store.set(account(orgId), text);
      // One place only: a stale copy in the other store must not survive a change.
      for (const other of candidates.slice(i + 1)) await other.delete(account(orgId)).catch(() => false);
      return;
    } catch (err) {
      lastError = err;
    }
  }
  const detail = lastError instanceof Error ? lastError.message : String(lastError ?? 'no secret store');
  throw new UserError('ui.signin.storeFailed', {}, detail);
}

/** The stored sign-in for `orgId` (with its password, for the drives); null when there is none. */
export async function readOfficeSignIn(orgId: string, all: SecretStores): Promise<OfficeSignIn | null> {
  for (const store of await stores(all)) {
    const text = await store.get(account(orgId)).catch(() => null);
    if (text === null) continue;
    try {
      const v = JSON.parse(text) as Partial<OfficeSignIn>;
      if (typeof v.user === 'string' && typeof v.domain === 'string' && typeof v.password === 'string') {
        return { user: v.user, domain: v.domain, password: v.password };
      }
    } catch {
      // A damaged entry counts as none; saving again replaces it.
    }
  }
  return null;
}

/** The sign-in without its password, for the UI. */
export async function officeSignInView(orgId: string, all: SecretStores): Promise<OfficeSignInView | null> {
  const v = await readOfficeSignIn(orgId, all);
  return v ? { user: v.user, domain: v.domain } : null;
}

/** Deletes the sign-in from every store. */
export async function forgetOfficeSignIn(orgId: string, all: SecretStores): Promise<void> {
  for (const store of await stores(all)) await store.delete(account(orgId)).catch(() => false);
}
