/** Key material for the admin tools: WireGuard (X25519) key pairs, preshared keys, the org's Ed25519 signing key. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { formatEnvelope, signedMessage } from '../../shared/profile';
import { fingerprintOf } from '../profile/verify';

/** A WireGuard key pair as base64 of the raw 32-byte X25519 keys. */
export interface WireGuardKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** DER prefix of an X25519 PKCS#8 private key; the raw 32 bytes follow. */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** Generates an employee's WireGuard key pair. */
export function generateWireGuardKeyPair(): WireGuardKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const d = privateKey.export({ format: 'jwk' }).d;
  const x = publicKey.export({ format: 'jwk' }).x;
  if (!d || !x) throw new Error('x25519 export failed');
  return { privateKey: Buffer.from(d, 'base64url').toString('base64'), publicKey: Buffer.from(x, 'base64url').toString('base64') };
}

/** The public key that belongs to a base64 WireGuard private key. */
export function wireGuardPublicKey(privateKeyBase64: string): string {
  const key = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, Buffer.from(privateKeyBase64, 'base64')]), format: 'der', type: 'pkcs8' });
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
}

/** A WireGuard preshared key: 32 random bytes, base64. */
export function generatePresharedKey(): string {
  return randomBytes(32).toString('base64');
}

/** A new org signing key (Ed25519) as PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The raw 32-byte public key of an Ed25519 private key. */
export function rawPublicKey(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
}

/** Signs payload bytes into the text of a `.hocprofile` envelope. */
export function signEnvelope(payload: Uint8Array, privateKey: KeyObject): { text: string; fingerprint: string } {
  const raw = rawPublicKey(privateKey);
  const signature = sign(null, signedMessage(payload), privateKey);
  return { text: formatEnvelope(raw, payload, signature), fingerprint: fingerprintOf(raw) };
}
