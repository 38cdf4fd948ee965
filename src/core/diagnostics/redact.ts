/**
 * Removes secrets from text that leaves the machine (diagnostics, logs):
 * every secret we know by value, plus anything that looks like one by shape.
 */

const PLACEHOLDER = '[entfernt/removed]';

/** Shapes of secrets even when their value is unknown here. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // WireGuard config lines and JSON fields carrying keys
  /((?:PrivateKey|PresharedKey)\s*=\s*)[A-Za-z0-9+/]{42,43}=?/gi,
  /("(?:privateKey|presharedKey|password|secret|token)"\s*:\s*")[^"]*(")/gi,
  /((?:password|passwd|pwd)\s*[=:]\s*)\S+/gi,
  // PEM private keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** Returns text with every known secret value and every secret-shaped field replaced. */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(PLACEHOLDER);
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_whole, before?: string, after?: string) =>
      typeof before === 'string' ? `${before}${PLACEHOLDER}${typeof after === 'string' ? after : ''}` : PLACEHOLDER,
    );
  }
  return out;
}

/** A deep copy of a profile-like object with its key material replaced. */
export function redactProfile<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (/^(privateKey|presharedKey|password)$/i.test(key) && typeof v === 'string' ? PLACEHOLDER : v)),
  ) as T;
}
