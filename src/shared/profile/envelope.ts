/**
 * The signed envelope around a payload (format v1). Parsing here is pure; the
 * signature is checked by `verifyEnvelope` (./verify.ts) on the raw payload
 * bytes, before the payload is ever parsed as JSON.
 */
import { decodeBase64Strict, encodeBase64 } from './base64';
import { fail, readObject, readString } from './reader';
import { PROFILE_LIMITS } from './types';

export const ENVELOPE_FORMAT = 'hoc-profile';
export const ENVELOPE_VERSION = 1;
/** Domain separation: the signature covers these bytes, a 0x00, then the payload bytes. */
export const SIGNATURE_CONTEXT = 'hoc-profile-v1';

/** A parsed envelope: raw key, raw payload bytes, raw signature. Nothing here is trusted yet. */
export interface ProfileEnvelope {
  readonly orgKey: Uint8Array;
  /** The org key exactly as written in the envelope (canonical base64). */
  readonly orgKeyBase64: string;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/** Parses the bytes of a `.hocprofile` file; throws a UserError for anything but a well-formed v1 envelope. */
export function parseEnvelope(bytes: Uint8Array): ProfileEnvelope {
  if (bytes.length > PROFILE_LIMITS.fileBytes) {
    fail('profile.file.tooLarge', '$', { size: bytes.length, max: PROFILE_LIMITS.fileBytes });
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    fail('profile.envelope.notJson', '$');
  }
  return readEnvelope(value);
}

/** Reads an already parsed envelope object (as the helper receives it); same rules as `parseEnvelope`. */
export function readEnvelope(value: unknown): ProfileEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('profile.envelope.format', '$');
  // Format and version first: a newer version may have other fields and deserves "please update".
  const loose = value as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(loose, 'format') || loose.format !== ENVELOPE_FORMAT) fail('profile.envelope.format', '$.format');
  if (Object.prototype.hasOwnProperty.call(loose, 'version') && loose.version !== ENVELOPE_VERSION) {
    const v = loose.version;
    fail('profile.envelope.version', '$.version', { version: typeof v === 'number' && Number.isSafeInteger(v) ? v : '?' });
  }
  const e = readObject(value, '$', ['format', 'version', 'orgKey', 'payload', 'signature']);
  const orgKeyBase64 = readString(e.orgKey, '$.orgKey', 44);
  const orgKey = decodeField(orgKeyBase64, 'orgKey');
  if (orgKey.length !== 32) fail('profile.envelope.orgKey', '$.orgKey');
  const payload = decodeField(readString(e.payload, '$.payload', PROFILE_LIMITS.fileBytes), 'payload');
  const signature = decodeField(readString(e.signature, '$.signature', 88), 'signature');
  if (signature.length !== 64) fail('profile.envelope.signatureLength', '$.signature');
  return { orgKey, orgKeyBase64, payload, signature };
}

function decodeField(text: string, field: string): Uint8Array {
  const bytes = decodeBase64Strict(text);
  if (!bytes) fail('profile.envelope.base64', `$.${field}`, { field });
  return bytes;
}

/** The exact bytes the org key signs: `'hoc-profile-v1' + 0x00 + payload`. */
export function signedMessage(payload: Uint8Array): Uint8Array {
  const context = new TextEncoder().encode(SIGNATURE_CONTEXT);
  const out = new Uint8Array(context.length + 1 + payload.length);
  out.set(context, 0);
  out[context.length] = 0;
  out.set(payload, context.length + 1);
  return out;
}

/** Decodes payload bytes (strict UTF-8) and parses them as JSON; throws a UserError. */
export function parsePayloadBytes(payload: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payload);
  } catch {
    fail('profile.payload.encoding', '$.payload');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    fail('profile.payload.notJson', '$.payload');
  }
}

/** The envelope text for a payload and its signature (used by the admin tools). */
export function formatEnvelope(orgKey: Uint8Array, payload: Uint8Array, signature: Uint8Array): string {
  const envelope = {
    format: ENVELOPE_FORMAT,
    version: ENVELOPE_VERSION,
    orgKey: encodeBase64(orgKey),
    payload: encodeBase64(payload),
    signature: encodeBase64(signature),
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** Formats the first 16 bytes of a SHA-256 digest as `3f2a 91c0 …` (8 groups of 4 lowercase hex digits). */
export function formatFingerprint(sha256: Uint8Array): string {
  if (sha256.length < 16) throw new RangeError('fingerprint needs at least 16 bytes of digest');
  const hex = [...sha256.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)!.join(' ');
}
