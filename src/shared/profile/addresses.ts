/**
 * Parsing of the addresses a profile points at (URIs, UNC shares) and the
 * rule that every such host lies inside the company: in `org.domain`, or an IP
 * literal inside the tunnel's `allowedIPs`.
 */
import { cidrContains, isHostname, isIPv4, isIPv6, parseCidr, type Cidr } from '../net';

/** Where a host lies relative to the company. */
export type HostPlace = 'inside' | 'outsideDomain' | 'outsideTunnel' | 'invalid';

/** Classifies a host (name, IPv4 or bare IPv6) against the domain and the routed ranges. */
export function placeHost(host: string, domain: string, routed: readonly Cidr[]): HostPlace {
  if (isIPv4(host) || isIPv6(host)) return routed.some((r) => cidrContains(r, host)) ? 'inside' : 'outsideTunnel';
  if (!isHostname(host)) return 'invalid';
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase();
  return h === d || h.endsWith(`.${d}`) ? 'inside' : 'outsideDomain';
}

/** The same rule for a profile: is `host` inside its company domain or its tunnel's routed ranges? */
export function isInsideCompany(host: string, profile: { readonly org: { readonly domain: string }; readonly tunnel: { readonly peer: { readonly allowedIPs: readonly string[] } } }): boolean {
  const routed = profile.tunnel.peer.allowedIPs.map(parseCidr).filter((c): c is Cidr => c !== null);
  return placeHost(host, profile.org.domain, routed) === 'inside';
}

/** A parsed `scheme://host[:port][/path][?query][#fragment]`. */
export interface ParsedUri {
  readonly scheme: string;
  readonly host: string;
  readonly port: number | null;
  readonly rest: string;
}

export type UriProblem = 'syntax' | 'userinfo' | 'scheme';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):/;
/** RFC 3986 path/query/fragment characters; percent signs must start an escape. */
const REST = /^(?:[/?#](?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*)?$/;

/** The scheme of a URI-like text, lowercased, or null. */
export function uriScheme(text: string): string | null {
  const m = SCHEME.exec(text);
  return m ? (m[1] ?? '').toLowerCase() : null;
}

/**
 * Parses a hierarchical URI strictly: one of `schemes`, no user-info, a host
 * name or IP literal (IPv6 in brackets), an optional port 1–65535, and a
 * path without spaces, backslashes or raw non-ASCII.
 */
export function parseUri(text: string, schemes: readonly string[]): ParsedUri | UriProblem {
  const scheme = uriScheme(text);
  if (scheme === null) return 'syntax';
  if (!schemes.includes(scheme)) return 'scheme';
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)(.*)$/s.exec(text);
  if (!m) return 'syntax';
  const authority = m[1] ?? '';
  const rest = m[2] ?? '';
  if (authority.includes('@')) return 'userinfo';
  const a = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(authority);
  if (!a) return 'syntax';
  const host = a[1] ?? a[2] ?? '';
  if (a[1] !== undefined ? !isIPv6(host) : !(isIPv4(host) || isHostname(host))) return 'syntax';
  let port: number | null = null;
  if (a[3] !== undefined) {
    port = Number(a[3]);
    if (port < 1 || port > 65535) return 'syntax';
  }
  if (!REST.test(rest)) return 'syntax';
  return { scheme, host, port, rest };
}

/** A parsed UNC share `\\host\share[\folder...]`. */
export interface ParsedShare {
  readonly host: string;
  readonly segments: readonly string[];
}

export type ShareProblem = 'syntax' | 'dotdot';

/** Longest UNC path Windows maps (MAX_PATH). */
export const SHARE_MAX_LENGTH = 260;
/**
 * One share or folder name: letters of any script (NFC: `ä` is one letter),
 * digits, space, `-`, `_`, `.`, `$`; at most 80 characters; not starting with
 * a space or dot and not ending in one (Windows drops those).
 */
const SHARE_SEGMENT = /^[\p{L}\p{Nd}_$-](?:[\p{L}\p{Nd} _.$-]{0,78}[\p{L}\p{Nd}_$-])?$/u;

/**
 * Parses a UNC share — the one rule for shares, used by the profile validator
 * and every OS adapter. The host is a DNS name or IPv4 literal (not starting
 * with `-`); each further segment follows SHARE_SEGMENT and is never `..`.
 */
export function parseShare(text: string): ParsedShare | ShareProblem {
  if (text.length > SHARE_MAX_LENGTH || !text.startsWith('\\\\')) return 'syntax';
  const parts = text.slice(2).split('\\');
  if (parts.length < 2) return 'syntax';
  const [host, ...segments] = parts as [string, ...string[]];
  if (!(isIPv4(host) || isHostname(host)) || host.startsWith('-')) return 'syntax';
  for (const s of segments) {
    if (s === '..') return 'dotdot';
    if (!SHARE_SEGMENT.test(s)) return 'syntax';
  }
  return { host, segments };
}

/** True for a drive letter a profile may map: one capital letter D–Z (A–C are the computer's own). */
export function isDriveLetter(value: string): boolean {
  return /^[D-Z]$/.test(value);
}

/** True for a printer queue name: ASCII letters, digits, `.`, `_`, `-`, 1–127, starting with a letter or digit. */
export function isPrinterName(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,126}$/.test(value);
}

/** The host a service points at: its `host`, or the host of its `url`; null when neither parses. */
export function serviceHost(service: { readonly host?: string; readonly url?: string }): string | null {
  if (service.host !== undefined) return service.host;
  if (service.url === undefined) return null;
  const scheme = uriScheme(service.url);
  const parsed = scheme ? parseUri(service.url, [scheme]) : 'syntax';
  return typeof parsed === 'string' ? null : parsed.host;
}

/**
 * The company name a connect resolves to prove the office DNS works (and the
 * DNS and MTU checks ask for): the first service host inside the company
 * domain, else the domain itself.
 */
export function companyName(profile: { readonly org: { readonly domain: string }; readonly services: readonly { readonly host?: string; readonly url?: string }[] }): string {
  for (const s of profile.services) {
    const host = serviceHost(s);
    if (host !== null && !isIPv4(host) && !isIPv6(host) && placeHost(host, profile.org.domain, []) === 'inside' && host.toLowerCase() !== profile.org.domain.toLowerCase()) return host;
  }
  return profile.org.domain;
}
