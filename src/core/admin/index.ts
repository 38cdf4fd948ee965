/** The IT provider's tools: organisation folder, issuing profiles, importing WireGuard configs. */
export { initOrg, addUser, signPayloadFile, nextAddress, buildPayload, type InitOptions, type InitResult, type AddUserOptions, type AddUserResult, type OpnsenseField } from './org';
export { parseWgConfig, payloadFromWireGuard, type WgConfig, type FromWgOptions } from './from-wg';
export { renderGuide, escapeHtml, type GuideInput } from './guide';
export { generateWireGuardKeyPair, wireGuardPublicKey, generatePresharedKey, signEnvelope } from './keys';
export { SIGNING_KEY_FILE, TEMPLATE_FILE, ADDRESS_BOOK_FILE, TemplateSchema, slugOf, type OrgTemplate, type AddressBook } from './org-dir';
export { setOfficeProof, fetchSpkiPin, type OfficeProofOptions, type OfficeProofResult } from './office';
