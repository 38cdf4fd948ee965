/**
 * The office sign-in (user, domain, password) for the file server: asked
 * once, kept in the OS keychain (macOS Keychain, Windows Credential Manager,
 * Secret Service on Linux) under `office:<orgId>`, never written in plain
 * text while a keychain exists and never logged. Where no keychain exists it
 * goes to the owner-only file store only when the user agreed (`storeSecret`),
 * and says so (`kind: 'file'`).
 */
import { UserError } from '../../shared/errors';
import { defaultSecretStores, storeSecret, type SecretStore, type SecretStores } from '../profile/secrets';
import { checkAccount } from '../platform/validate';
import type { OfficeAccount } from '../platform/types';

export type { OfficeAccount };

/** Where the sign-in ended up, for the UI / CLI to tell the user. */
export interface AccountLocation {
  readonly kind: 'keyring' | 'file';
  readonly location: string;
}

const entryName = (orgId: string): string => `office:${orgId}`;

async function candidates(all: SecretStores): Promise<SecretStore[]> {
  const keyring = await all.keyring();
  if (all.preference === 'keyring') return keyring ? [keyring] : [];
  return keyring ? [keyring, all.file] : [all.file];
}

/** Validates and stores the sign-in for `orgId`, keychain first, a file only with consent (`storeSecret`); returns where it went. */
export async function saveOfficeAccount(orgId: string, account: OfficeAccount, all: SecretStores = defaultSecretStores()): Promise<AccountLocation> {
  const clean = checkAccount({ user: account.user.trim(), domain: account.domain.trim(), password: account.password });
  const text = JSON.stringify({ user: clean.user, domain: clean.domain, password: clean.password });
  try {
    const store = await storeSecret(all, entryName(orgId), text);
    return { kind: store.kind, location: store.location };
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('account.storeFailed', {}, err instanceof Error ? err.message : String(err));
  }
}

/** The stored sign-in for `orgId` and where it is; null when none is stored. */
export async function loadOfficeAccount(
  orgId: string,
  all: SecretStores = defaultSecretStores(),
): Promise<{ account: OfficeAccount; where: AccountLocation } | null> {
  for (const store of await candidates(all)) {
    const text = await store.get(entryName(orgId)).catch(() => null);
    if (text === null) continue;
    try {
      const v = JSON.parse(text) as Partial<OfficeAccount>;
      if (typeof v.user === 'string' && typeof v.domain === 'string' && typeof v.password === 'string') {
        return { account: { user: v.user, domain: v.domain, password: v.password }, where: { kind: store.kind, location: store.location } };
      }
    } catch {
      // A damaged entry counts as none; saving again replaces it.
    }
  }
  return null;
}

/** The sign-in for a connect; throws `account.missing` when it was never entered. */
export async function requireOfficeAccount(orgId: string, all: SecretStores = defaultSecretStores()): Promise<OfficeAccount> {
  const found = await loadOfficeAccount(orgId, all);
  if (!found) throw new UserError('account.missing');
  return found.account;
}

/** Deletes the sign-in from every store; true when something was deleted. */
export async function forgetOfficeAccount(orgId: string, all: SecretStores = defaultSecretStores()): Promise<boolean> {
  let deleted = false;
  for (const store of await candidates(all)) deleted = (await store.delete(entryName(orgId)).catch(() => false)) || deleted;
  return deleted;
}
