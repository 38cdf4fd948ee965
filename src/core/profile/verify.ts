/** Reads `.hocprofile` files and verifies them with the shared verifier (src/shared/profile/verify.ts) and node:crypto. */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { open } from 'node:fs/promises';
import { UserError } from '../../shared/errors';
import { PROFILE_LIMITS, fingerprintWith, parseEnvelope, verifyEnvelope, type Profile, type SignatureCrypto } from '../../shared/profile';

/** A profile whose signature and content have been checked. */
export interface VerifiedProfile {
  readonly profile: Profile;
  /** The org key's fingerprint, `3f2a 91c0 …` (8 groups of 4 hex digits). */
  readonly fingerprint: string;
  /** The org's Ed25519 public key, raw 32 bytes as base64. */
  readonly orgKey: string;
  /** The file's bytes exactly as read (the signed envelope; it contains the private key). */
  readonly raw: Uint8Array;
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** An Ed25519 public KeyObject from the raw 32 bytes; null when they are not a valid key. */
export function ed25519PublicKey(rawKey: Uint8Array): KeyObject | null {
  try {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, rawKey]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/** node:crypto's Ed25519 and SHA-256 for the shared verifier. */
export const nodeSignatureCrypto: SignatureCrypto = {
  verifyEd25519(publicKey, message, signature) {
    const key = ed25519PublicKey(publicKey);
    if (!key) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
  sha256: (data) => createHash('sha256').update(data).digest(),
};

/** The fingerprint of a raw 32-byte org key: first 16 bytes of SHA-256, grouped. */
export function fingerprintOf(rawKey: Uint8Array): string {
  return fingerprintWith(nodeSignatureCrypto, rawKey);
}

/**
 * Verifies profile bytes with the shared verifier: envelope → signature on the
 * raw payload bytes → JSON → content rules. Throws a UserError; never returns an unchecked profile.
 */
export function verifyProfileBytes(bytes: Uint8Array, opts: { now?: Date } = {}): VerifiedProfile {
  const verified = verifyEnvelope(parseEnvelope(bytes), nodeSignatureCrypto, { now: opts.now ?? new Date() });
  return { ...verified, raw: bytes };
}

/** Reads and verifies a profile file (at most 256 KiB); throws a UserError. */
export async function loadProfileFile(path: string, opts: { now?: Date } = {}): Promise<VerifiedProfile> {
  let bytes: Uint8Array;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error('not a regular file');
      if (stat.size > PROFILE_LIMITS.fileBytes) {
        throw new UserError('profile.file.tooLarge', { size: stat.size, max: PROFILE_LIMITS.fileBytes }, path);
      }
      // Read one byte past the limit so a file that grew after stat is still caught.
      const buffer = Buffer.alloc(PROFILE_LIMITS.fileBytes + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buffer.length) break;
      }
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    const detail = err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
    throw new UserError('error.profile.read', { file: path, detail }, detail);
  }
  return verifyProfileBytes(bytes, opts);
}
