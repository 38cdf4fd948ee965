/**
 * A profile record of the earlier format (version 1): the pin and serial, the
 * profile without keys, and the tunnel keys in the keychain (or a file) under
 * `org:<id>`. The helper has no signed copy of it, so it cannot connect;
 * importing the same or a newer file again replaces it (same pinned key
 * required, ./store.ts) and removes those keys (docs/profiles.md).
 */
import type { SecretStores } from './secrets';

export interface EarlierRecord {
  readonly version: 1;
  readonly orgId: string;
  readonly orgKey: string;
  readonly fingerprint: string;
  readonly serial: number;
  readonly secretStore: 'keyring' | 'file';
}

/** The account name under which version 1 kept a profile's tunnel keys. */
const earlierSecretAccount = (orgId: string): string => `org:${orgId}`;

/** The record as an earlier version wrote it, or null when it is not one. */
export function asEarlierRecord(raw: unknown, orgId: string): EarlierRecord | null {
  const r = raw as Partial<EarlierRecord> | null;
  if (!r || r.version !== 1 || r.orgId !== orgId || typeof r.orgKey !== 'string' || typeof r.fingerprint !== 'string') return null;
  if (typeof r.serial !== 'number' || (r.secretStore !== 'keyring' && r.secretStore !== 'file')) return null;
  return r as EarlierRecord;
}

/** The tunnel keys an earlier version kept on the user's side: gone once the helper has its own copy. */
export async function removeEarlierSecret(orgId: string, earlier: EarlierRecord, stores: SecretStores): Promise<void> {
  const store = earlier.secretStore === 'file' ? stores.file : await stores.keyring().catch(() => null);
  await store?.delete(earlierSecretAccount(orgId)).catch(() => false);
}
