/**
 * Pure validators for network values that arrive from profiles, the helper
 * socket, IPC or the command line. No Node, no DOM: runs anywhere.
 */

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** True for a dotted-quad IPv4 literal without leading zeros. */
export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_PART.test(p));
}

/** Parses an IPv6 literal into 8 16-bit groups, or null when it is not one. */
export function parseIPv6(value: string): number[] | null {
  if (!/^[0-9a-fA-F:.]{2,45}$/.test(value)) return null;
  const halves = value.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        if (!isIPv4(piece)) return null;
        const b = piece.split('.').map(Number) as [number, number, number, number];
        out.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** True for an IPv6 literal (no zone index, no brackets). */
export function isIPv6(value: string): boolean {
  return parseIPv6(value) !== null;
}

/** True for an IPv4 or IPv6 literal. */
export function isIPLiteral(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

/** A CIDR range as parsed by `parseCidr`. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The address as a big integer, masked to the prefix. */
  readonly network: bigint;
  readonly prefix: number;
  /** The text as given, normalised to `address/prefix`. */
  readonly text: string;
}

function ipToBigInt(value: string): { family: 4 | 6; n: bigint } | null {
  if (isIPv4(value)) {
    const n = value.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
    return { family: 4, n };
  }
  const groups = parseIPv6(value);
  if (!groups) return null;
  return { family: 6, n: groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n) };
}

function mask(family: 4 | 6, prefix: number): bigint {
  const bits = family === 4 ? 32 : 128;
  return prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

/** Parses `address/prefix` (prefix required); null when malformed. */
export function parseCidr(value: string): Cidr | null {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!m) return null;
  const addr = ipToBigInt(m[1] ?? '');
  const prefix = Number(m[2]);
  if (!addr) return null;
  if (prefix > (addr.family === 4 ? 32 : 128)) return null;
  return { family: addr.family, network: addr.n & mask(addr.family, prefix), prefix, text: value };
}

/** True when the IP literal lies inside the range. */
export function cidrContains(range: Cidr, ip: string): boolean {
  const addr = ipToBigInt(ip);
  if (!addr || addr.family !== range.family) return false;
  return (addr.n & mask(range.family, range.prefix)) === range.network;
}

/** True for a default route (`0.0.0.0/0`, `::/0`). */
export function isDefaultRoute(range: Cidr): boolean {
  return range.prefix === 0;
}

/** True for an ASCII DNS name: letters, digits, hyphens, dots; labels 1–63, total ≤ 253. */
export function isHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name
    .split('.')
    .every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}

/** True when host equals the domain or is a name below it (case-insensitive). */
export function isInsideDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/\.$/, '');
  return h === d || h.endsWith(`.${d}`);
}

/** True for a base64 WireGuard key: exactly 32 bytes (44 characters, one `=`). */
export function isWireGuardKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(value);
}

/** An endpoint split into host and port. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** Parses `host:port` or `[v6]:port`; host must be a hostname or IP literal. */
export function parseEndpoint(value: string): Endpoint | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  if (!m) return null;
  const port = Number(m[3]);
  if (!isPort(port)) return null;
  if (m[1] !== undefined) return isIPv6(m[1]) ? { host: m[1], port } : null;
  const host = m[2] ?? '';
  return isIPv4(host) || isHostname(host) ? { host, port } : null;
}

/** True for an integer port 1–65535. */
export function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}
