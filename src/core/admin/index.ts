/** The IT provider's tools: organisation folder, issuing, renewing and revoking profiles, OPNsense peers, WireGuard imports. */
export {
  initOrg,
  addUser,
  signPayloadFile,
  nextAddress,
  buildPayload,
  REVOKED_ADDRESS_HOLD_DAYS,
  type InitOptions,
  type InitResult,
  type AddUserOptions,
  type AddUserResult,
  type OpnsenseField,
} from './org';
export { addUsers, renewUser, revokeUser, findUser, writeInstallerFiles, type RenewOptions } from './lifecycle';
export { parseEmployeeCsv, CSV_LIMITS, type CsvEmployee } from './csv';
export { setupOpnsense, pushPeers, opnsenseStatus, planPeers, findInstance, type PeerPlan, type PushOptions } from './opnsense';
export { OpnsenseApi, checkApiUrl, parseApiKeyFile } from './opnsense-api';
export { parseWgConfig, checkPeerIsFirewall, payloadFromWireGuard, type WgConfig, type FromWgOptions } from './from-wg';
export { parseWgSections, WG_CONF_MAX_BYTES } from './wg-conf';
export { renderGuide, escapeHtml, type GuideInput } from './guide';
export { generateWireGuardKeyPair, wireGuardPublicKey, generatePresharedKey, signEnvelope } from './keys';
export { SIGNING_KEY_FILE, TEMPLATE_FILE, ADDRESS_BOOK_FILE, TemplateSchema, slugOf, type OrgTemplate, type AddressBook } from './org-dir';
export { setOfficeProof, fetchSpkiPin, type OfficeProofOptions, type OfficeProofResult } from './office';
