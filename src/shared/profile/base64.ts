/** Strict, canonical base64 (RFC 4648 §4, with padding) without Node's Buffer. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const VALUES = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** Encodes bytes as padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

/**
 * Decodes canonical padded base64: no whitespace, no URL alphabet, no missing
 * padding, and no non-zero bits in the last character (so every byte string
 * has exactly one accepted text). Null when the text is not such base64.
 */
export function decodeBase64Strict(text: string): Uint8Array | null {
  if (!STRICT.test(text)) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const v0 = VALUES.get(text[i]!) ?? 0;
    const v1 = VALUES.get(text[i + 1]!) ?? 0;
    const v2 = VALUES.get(text[i + 2]!) ?? 0;
    const v3 = VALUES.get(text[i + 3]!) ?? 0;
    const n = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  if (pad === 2 && ((VALUES.get(text[text.length - 3]!) ?? 0) & 15) !== 0) return null;
  if (pad === 1 && ((VALUES.get(text[text.length - 2]!) ?? 0) & 3) !== 0) return null;
  return out;
}
