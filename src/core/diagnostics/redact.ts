/**
 * Secrets out of what leaves the machine (diagnostics package): every secret
 * known by value, then everything the log redaction (core/redact) catches by
 * shape — key lines, password fields, PEM keys, credentials in URLs.
 */
import { redactText, redactValue } from '../redact';

const PLACEHOLDER = '[redacted]';

/** Returns text with every known secret value and every secret-shaped field replaced. */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(PLACEHOLDER);
  }
  return redactText(out);
}

/** A deep copy of a profile-like object with its key material replaced. */
export function redactProfile<T>(value: T): T {
  return redactValue(value) as T;
}
