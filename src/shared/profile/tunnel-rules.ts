/**
 * The content rules for a profile's tunnel section, one function per rule.
 * The profile validator and the helper (which renders the WireGuard config)
 * both call these; neither has a second opinion.
 *
 * Routes: at least a /8 (IPv4) or /16 (IPv6) each, at most 64 of them
 * (PROFILE_LIMITS.allowedIPs). Together they cover at most 64 · 2^24 = 2^30
 * IPv4 addresses (a quarter of the space) or 64 · 2^112 IPv6 addresses, so no
 * set of allowed routes can add up to a default route (two /1s, four /2s …).
 */
import { isHostname, isIPv4, isIPv6, parseCidr, parseEndpoint, type Cidr } from '../net';

/** Shortest prefix a route or tunnel address may have, per address family. */
export const MIN_ROUTE_PREFIX = { 4: 8, 6: 16 } as const;

/** Address blocks no profile value may touch. */
export type SpecialAddressKind = 'loopback' | 'linkLocal' | 'multicast' | 'unspecified';

const V4_BLOCKS: readonly [string, SpecialAddressKind][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'linkLocal'],
  ['224.0.0.0/4', 'multicast'],
];
const V6_BLOCKS: readonly [string, SpecialAddressKind][] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'linkLocal'],
  ['ff00::/8', 'multicast'],
  // The same IPv4 blocks written as IPv4-mapped IPv6 (::ffff:127.0.0.1 is loopback too).
  ...V4_BLOCKS.map(([range, kind]): [string, SpecialAddressKind] => {
    const [ip, prefix] = range.split('/') as [string, string];
    return [`::ffff:${ip}/${Number(prefix) + 96}`, kind];
  }),
];
const SPECIAL: readonly { range: Cidr; kind: SpecialAddressKind }[] = [...V4_BLOCKS, ...V6_BLOCKS].map(([text, kind]) => ({
  range: parseCidr(text)!,
  kind,
}));

function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const bits = BigInt((a.family === 4 ? 32 : 128) - Math.min(a.prefix, b.prefix));
  return a.network >> bits === b.network >> bits;
}

/** The special block (loopback, link-local, multicast, unspecified) a range overlaps, or null. */
export function specialRangeKind(range: Cidr): SpecialAddressKind | null {
  return SPECIAL.find((s) => overlaps(s.range, range))?.kind ?? null;
}

/** The special block an IP literal lies in, or null; null too for text that is no IP literal. */
export function specialAddressKind(ip: string): SpecialAddressKind | null {
  const host = isIPv4(ip) ? parseCidr(`${ip}/32`) : isIPv6(ip) ? parseCidr(`${ip}/128`) : null;
  return host ? specialRangeKind(host) : null;
}

/** True for `localhost` and names below it (RFC 6761: they always mean this machine). */
export function isLocalhostName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  return n === 'localhost' || n.endsWith('.localhost');
}

/** Why a route (`allowedIPs` entry) is refused, or its parsed range. */
export type RouteCheck = { readonly ok: true; readonly range: Cidr } | { readonly ok: false; readonly problem: 'invalid' | 'defaultRoute' | 'tooBroad' | 'special' };

/** Checks one routed range: a CIDR, not a default route, at least MIN_ROUTE_PREFIX, not touching a special block. */
export function checkRoute(text: string): RouteCheck {
  const range = parseCidr(text);
  if (!range) return { ok: false, problem: 'invalid' };
  if (range.prefix === 0) return { ok: false, problem: 'defaultRoute' };
  if (range.prefix < MIN_ROUTE_PREFIX[range.family]) return { ok: false, problem: 'tooBroad' };
  if (specialRangeKind(range) !== null) return { ok: false, problem: 'special' };
  return { ok: true, range };
}

/** Why a tunnel interface address (`10.99.0.2/32`) is refused, or null when it is fine. */
export function interfaceAddressProblem(text: string): 'invalid' | 'tooBroad' | 'special' | null {
  const range = parseCidr(text);
  if (!range) return 'invalid';
  if (range.prefix < MIN_ROUTE_PREFIX[range.family]) return 'tooBroad';
  const host = text.slice(0, text.lastIndexOf('/'));
  return specialAddressKind(host) !== null || specialRangeKind(range) !== null ? 'special' : null;
}

/** Why an endpoint (`host:port`) is refused: malformed, `localhost`, or a special address; null when fine. */
export function endpointProblem(text: string): 'invalid' | 'local' | null {
  const endpoint = parseEndpoint(text);
  if (!endpoint) return 'invalid';
  if (isLocalhostName(endpoint.host) || specialAddressKind(endpoint.host) !== null) return 'local';
  return null;
}

/** Why a DNS server is refused: not an IP literal, a special address, or outside the routed ranges; null when fine. */
export function dnsServerProblem(ip: string, routed: readonly Cidr[]): 'notIp' | 'special' | 'outside' | null {
  if (!isIPv4(ip) && !isIPv6(ip)) return 'notIp';
  if (specialAddressKind(ip) !== null) return 'special';
  const host = parseCidr(isIPv4(ip) ? `${ip}/32` : `${ip}/128`)!;
  return routed.some((r) => overlaps(r, host) && r.prefix <= host.prefix) ? null : 'outside';
}

/** True when a search domain is the company domain or a name below it (never an IP, never a bare TLD like `com`). */
export function isSearchDomainInside(name: string, domain: string): boolean {
  if (isIPv4(name) || isIPv6(name) || isLocalhostName(name)) return false;
  if (!isHostname(name)) return false;
  const n = name.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/\.$/, '');
  return n === d || n.endsWith(`.${d}`);
}
