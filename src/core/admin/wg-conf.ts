/**
 * Reads WireGuard configuration text the way wg-quick(8), wg(8) and WireGuard for Windows
 * (conf/parser.go) do: a BOM and CRLF are fine, `#` starts a comment, section and key names
 * are case-insensitive, spaces around `=` do not matter, list values split on commas and on
 * spaces, repeated list keys add up, an address without a prefix means /32 (IPv4) or /128.
 * It only reads; what the app can honour is decided in from-wg.ts.
 */
import { UserError } from '../../shared/errors';
import { isIPv4, isIPv6 } from '../../shared/net';

/** One `Key = value` line. */
export interface WgEntry {
  /** Lower-case key, for lookups. */
  readonly key: string;
  /** The key as written, for messages. */
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** One `[Interface]` or `[Peer]` section with its entries in file order. */
export interface WgSection {
  readonly name: 'interface' | 'peer';
  readonly line: number;
  readonly entries: WgEntry[];
}

/** Largest config read: a client config is well under 2 KiB; 64 KiB leaves room for long comments. */
export const WG_CONF_MAX_BYTES = 64 * 1024;

/** Splits a config into sections; refuses, naming file and line, what is not WireGuard syntax. */
export function parseWgSections(text: string, file: string): WgSection[] {
  if (Buffer.byteLength(text, 'utf8') > WG_CONF_MAX_BYTES) throw new UserError('admin.wg.tooLarge', { file, max: WG_CONF_MAX_BYTES });
  const sections: WgSection[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((raw, i) => {
      const line = i + 1;
      const content = raw.replace(/#.*$/, '').trim();
      if (!content) return;
      if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(content)) throw new UserError('admin.wg.syntax', { file, line });
      const header = /^\[\s*([A-Za-z]+)\s*\]$/.exec(content);
      if (header) {
        const name = header[1]!.toLowerCase();
        if (name !== 'interface' && name !== 'peer') throw new UserError('admin.wg.section', { file, line, section: header[1]! });
        sections.push({ name, line, entries: [] });
        return;
      }
      const kv = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(content);
      const current = sections[sections.length - 1];
      if (!kv) throw new UserError('admin.wg.syntax', { file, line });
      if (!current) throw new UserError('admin.wg.outside', { file, line });
      current.entries.push({ key: kv[1]!.toLowerCase(), name: kv[1]!, value: kv[2]!.trim(), line });
    });
  return sections;
}

/** A list value: split on commas and whitespace, empty parts dropped. */
export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/** An address or network with its prefix; a bare address gets /32 or /128 as wg-quick does. */
export function withPrefix(value: string): string | null {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(value);
  if (!m) return null;
  const ip = m[1]!;
  const max = isIPv4(ip) ? 32 : isIPv6(ip) ? 128 : -1;
  if (max === -1) return null;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  return prefix <= max ? `${ip}/${prefix}` : null;
}
