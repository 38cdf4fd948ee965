/** Verifying, importing and storing company profiles. */
export { loadProfileFile, verifyProfileBytes, fingerprintOf, ed25519PublicKey, nodeSignatureCrypto, type VerifiedProfile } from './verify';
export { installInHelper, removeFromHelper, envelopeWire } from './install';
export {
  planImport,
  importProfile,
  listProfiles,
  removeProfile,
  getActiveProfile,
  profilesDir,
  type ImportPlan,
  type ImportResult,
  type ProfileSummary,
  type ActiveProfile,
  type StoreOptions,
} from './store';
export {
  defaultSecretStores,
  mayStoreInFile,
  openKeyringStore,
  storeSecret,
  withFileConsent,
  FileSecretStore,
  KeyringSecretStore,
  KEYRING_SERVICE,
  type SecretStore,
  type SecretStores,
  type SecretStoreKind,
} from './secrets';
export { preimportOnFirstStart, parseCompanyKeyFile, PREIMPORT_PROFILE_FILE, PREIMPORT_KEY_FILE } from './preimport';
