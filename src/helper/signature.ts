/**
 * node:crypto's Ed25519 and SHA-256 for the shared profile verifier
 * (src/shared/profile/verify.ts). The helper may import only shared, so it
 * hands in the same primitives core does, from its own side.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { SignatureCrypto } from '../shared/profile';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The primitives the helper verifies signed profiles with. */
export const helperSignatureCrypto: SignatureCrypto = {
  verifyEd25519(publicKey, message, signature) {
    if (publicKey.length !== 32) return false;
    try {
      const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
  sha256: (data) => createHash('sha256').update(data).digest(),
};
