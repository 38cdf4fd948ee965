/** The company profile: types, strict validation, envelope parsing. Pure: runs in any runtime. */
export * from './types';
export { validatePayload, validateStoredProfile, checkPayload, ORG_ID, SERVICE_ID, type ValidateOptions } from './validate';
export {
  parseEnvelope,
  readEnvelope,
  parsePayloadBytes,
  signedMessage,
  formatEnvelope,
  formatFingerprint,
  ENVELOPE_FORMAT,
  ENVELOPE_VERSION,
  SIGNATURE_CONTEXT,
  type ProfileEnvelope,
} from './envelope';
export { encodeBase64, decodeBase64Strict } from './base64';
export { parseShare, parseUri, placeHost, type ParsedShare, type ParsedUri, type HostPlace } from './addresses';
export { expiryWarning, EXPIRY_WARNING_DAYS } from './expiry';
export { verifyEnvelope, fingerprintWith, type SignatureCrypto, type VerifiedEnvelope } from './verify';
export {
  MIN_ROUTE_PREFIX,
  checkRoute,
  interfaceAddressProblem,
  endpointProblem,
  dnsServerProblem,
  isSearchDomainInside,
  isLocalhostName,
  specialAddressKind,
  specialRangeKind,
  type RouteCheck,
  type SpecialAddressKind,
} from './tunnel-rules';
