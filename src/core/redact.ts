/**
 * Removes secrets from anything the app writes to its log: WireGuard private
 * and preshared keys, passwords, PEM private keys, credentials in URLs and in
 * `user%password` arguments. The log goes to support; secrets never do.
 */

const MARK = '[redacted]';

/** Field names whose values are secrets, whatever they hold. */
const SECRET_FIELD = /^(private[-_]?key|preshared[-_]?key|psk|password|passwd|pass|pwd|secret|client[-_]?secret|token|access[-_]?token|refresh[-_]?token|authorization|credentials?|data[-_]?base64|profile[-_]?bytes)$/i;

const TEXT_RULES: readonly [RegExp, string | ((whole: string, ...groups: string[]) => string)][] = [
  // PEM private keys (PKCS#8, RSA, EC, OpenSSH).
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g, `-----BEGIN PRIVATE KEY----- ${MARK} -----END PRIVATE KEY-----`],
  // wg-quick / wg setconf lines.
  [/\b(PrivateKey|PresharedKey)(\s*=\s*)\S+/gi, (_w, name: string, eq: string) => `${name}${eq}${MARK}`],
  // JSON-ish `"privateKey": "…"`, `password: '…'`, `password=…`.
  [
    /(["']?)(private[-_]?key|preshared[-_]?key|password|passwd|pwd|secret|token|client[-_]?secret|dataBase64)\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}]+)/gi,
    (_w, q: string, name: string, sep: string, value: string) => `${q}${name}${q}${sep}${value.startsWith('"') ? `"${MARK}"` : value.startsWith("'") ? `'${MARK}'` : MARK}`,
  ],
  // Credentials inside URLs: smb://user:secret@host, https://user:secret@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+):[^\s/@]+@/gi, (_w, head: string) => `${head}:${MARK}@`],
  // smbclient / mount style `-U user%password`.
  [/(-U\s*|--user(?:name)?[= ])([^\s%]+)%\S+/g, (_w, flag: string, user: string) => `${flag}${user}%${MARK}`],
  // Bare WireGuard keys (base64 of 32 bytes): never worth keeping in a log.
  [/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=(?![A-Za-z0-9+/=])/g, '[redacted key]'],
];

/** Replaces every secret in a text with `[redacted]`. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement as (whole: string, ...groups: string[]) => string);
  }
  return out;
}

/** A deep copy of a value with secrets removed: secret-named fields blanked, every string redacted. */
export function redactValue(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    const copy = new Error(redactText(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactText(value.stack);
    return copy;
  }
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) && v !== null && v !== undefined && v !== '' ? MARK : redactValue(v, seen);
  }
  return out;
}
