/**
 * The opening of a helper connection on Windows, where the transport is
 * loopback TCP and the caller proves membership by knowing the helper's
 * current secret (a file only SYSTEM, Administrators and the allowed group
 * may read; see docs/helper.md). Both sides prove it without sending it:
 *
 *   helper → client  {"v":1,"hello":NONCE_H}
 *   client → helper  {"v":1,"nonce":NONCE_C,"proof":HMAC(secret, "hoc-client" 0 NONCE_H NONCE_C)}
 *   helper → client  {"v":1,"proof":HMAC(secret, "hoc-helper" 0 NONCE_H NONCE_C)}
 *
 * The client sends no request before the helper's proof checked out, so a
 * process that took the port while the helper was down learns nothing.
 * Web Crypto only: this runs in the helper and in the client alike.
 */
import * as z from 'zod';

/** Longest handshake line in bytes. */
export const HANDSHAKE_MAX_LINE_BYTES = 512;

const base64 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'not 32 bytes of base64');

/** The first line the helper sends. */
export const HandshakeHelloSchema = z.strictObject({ v: z.literal(1), hello: base64 });
/** The client's answer. */
export const HandshakeAnswerSchema = z.strictObject({ v: z.literal(1), nonce: base64, proof: base64 });
/** The helper's proof. */
export const HandshakeProofSchema = z.strictObject({ v: z.literal(1), proof: base64 });

/** The endpoint file the helper writes: where it listens and the secret of this start. */
export const EndpointFileSchema = z.strictObject({
  v: z.literal(1),
  port: z.number().int().min(1).max(65535),
  secret: base64,
});
export type EndpointFile = z.infer<typeof EndpointFileSchema>;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** 32 random bytes as base64 (a nonce or a secret). */
export function randomToken(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

/** The proof one side sends: HMAC-SHA-256 over its role and both nonces, keyed by the secret. */
export async function handshakeProof(secret: string, role: 'client' | 'helper', helperNonce: string, clientNonce: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', fromBase64(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const message = new TextEncoder().encode(`hoc-${role}\u0000${helperNonce}\u0000${clientNonce}`);
  return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, message)));
}

/** Compares two proofs in time independent of where they differ. */
export function sameProof(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
