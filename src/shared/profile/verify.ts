/**
 * The one profile verifier, used by core (import, connect --profile) and by
 * the helper (profile.install, tunnel.up): signature over the raw payload
 * bytes, then JSON, then every content rule. The Ed25519 and SHA-256
 * primitives are passed in, because this layer runs without Node; both
 * callers hand in node:crypto.
 */
import { UserError } from '../errors';
import { formatFingerprint, parsePayloadBytes, signedMessage, type ProfileEnvelope } from './envelope';
import type { Profile } from './types';
import { validatePayload } from './validate';

/** The two primitives verification needs. */
export interface SignatureCrypto {
  /** True when `signature` is a valid Ed25519 signature of `message` by the raw 32-byte `publicKey`; never throws. */
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  sha256(data: Uint8Array): Uint8Array;
}

/** What a good envelope yields: the validated payload and who signed it. */
export interface VerifiedEnvelope {
  readonly profile: Profile;
  /** The org key's fingerprint, `3f2a 91c0 …` (8 groups of 4 hex digits). */
  readonly fingerprint: string;
  /** The org's Ed25519 public key, raw 32 bytes as base64. */
  readonly orgKey: string;
}

/** The fingerprint of a raw 32-byte org key: first 16 bytes of SHA-256, grouped. */
export function fingerprintWith(crypto: SignatureCrypto, rawKey: Uint8Array): string {
  return formatFingerprint(crypto.sha256(rawKey));
}

/**
 * Verifies a parsed envelope: signature on the raw payload bytes → JSON →
 * content rules (at `now`). Throws a UserError; never returns unchecked content.
 */
export function verifyEnvelope(envelope: ProfileEnvelope, crypto: SignatureCrypto, opts: { readonly now: Date }): VerifiedEnvelope {
  if (!crypto.verifyEd25519(envelope.orgKey, signedMessage(envelope.payload), envelope.signature)) {
    throw new UserError('profile.signature.invalid', {}, '$.signature');
  }
  const profile = validatePayload(parsePayloadBytes(envelope.payload), { now: opts.now });
  return { profile, fingerprint: fingerprintWith(crypto, envelope.orgKey), orgKey: envelope.orgKeyBase64 };
}
