/**
 * IPP on the wire (RFC 8010): the Get-Printer-Attributes request and a
 * parser for responses. Pure byte handling, no I/O.
 */

const TAG = {
  operation: 0x01,
  end: 0x03,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  keyword: 0x44,
  uri: 0x45,
  charset: 0x47,
  naturalLanguage: 0x48,
  extension: 0x7f,
} as const;

/** IPP operation Get-Printer-Attributes. */
export const GET_PRINTER_ATTRIBUTES = 0x000b;

function attribute(tag: number, name: string, value: string | Buffer): Buffer {
  const n = Buffer.from(name, 'utf8');
  const v = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const head = Buffer.alloc(1 + 2 + n.length + 2);
  head.writeUInt8(tag, 0);
  head.writeUInt16BE(n.length, 1);
  n.copy(head, 3);
  head.writeUInt16BE(v.length, 3 + n.length);
  return Buffer.concat([head, v]);
}

/** A Get-Printer-Attributes request (IPP 1.1) asking for the printer's state. */
export function getPrinterAttributesRequest(printerUri: string, requestId = 1): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt8(1, 0); // version 1.1: understood by every IPP server
  head.writeUInt8(1, 1);
  head.writeUInt16BE(GET_PRINTER_ATTRIBUTES, 2);
  head.writeUInt32BE(requestId, 4);
  return Buffer.concat([
    head,
    Buffer.from([TAG.operation]),
    attribute(TAG.charset, 'attributes-charset', 'utf-8'),
    attribute(TAG.naturalLanguage, 'attributes-natural-language', 'en'),
    attribute(TAG.uri, 'printer-uri', printerUri),
    attribute(TAG.keyword, 'requested-attributes', 'printer-state'),
    attribute(TAG.keyword, '', 'printer-state-reasons'),
    attribute(TAG.keyword, '', 'printer-state-message'),
    attribute(TAG.keyword, '', 'printer-name'),
    Buffer.from([TAG.end]),
  ]);
}

/** An attribute value: numbers for integer/enum, booleans, text for the string kinds. */
export type IppValue = number | boolean | string;

/** A parsed IPP response: status, and attributes by group. */
export interface IppResponse {
  readonly version: string;
  readonly statusCode: number;
  readonly requestId: number;
  readonly groups: readonly { readonly tag: number; readonly attributes: ReadonlyMap<string, readonly IppValue[]> }[];
}

/** Thrown for bytes that are not an IPP message. */
export class IppParseError extends Error {}

/** Parses an IPP response; IppParseError when the bytes are not one. */
export function parseIppResponse(bytes: Uint8Array): IppResponse {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 9) throw new IppParseError('IPP message too short');
  const major = buf.readUInt8(0);
  if (major < 1 || major > 2) throw new IppParseError(`not an IPP version (${major})`);
  const version = `${major}.${buf.readUInt8(1)}`;
  const statusCode = buf.readUInt16BE(2);
  const requestId = buf.readUInt32BE(4);
  const groups: { tag: number; attributes: Map<string, IppValue[]> }[] = [];
  let group: { tag: number; attributes: Map<string, IppValue[]> } | null = null;
  let last: IppValue[] | null = null;
  let i = 8;
  const need = (n: number) => {
    if (i + n > buf.length) throw new IppParseError('IPP message truncated');
  };
  for (;;) {
    need(1);
    const tag = buf.readUInt8(i);
    if (tag === TAG.end) break;
    if (tag < 0x10) {
      group = { tag, attributes: new Map() };
      groups.push(group);
      last = null;
      i += 1;
      continue;
    }
    if (!group) throw new IppParseError('IPP attribute outside a group');
    i += 1;
    if (tag === TAG.extension) {
      need(4);
      i += 4;
    }
    need(2);
    const nameLength = buf.readUInt16BE(i);
    i += 2;
    need(nameLength + 2);
    const name = buf.toString('utf8', i, i + nameLength);
    i += nameLength;
    const valueLength = buf.readUInt16BE(i);
    i += 2;
    need(valueLength);
    const raw = buf.subarray(i, i + valueLength);
    i += valueLength;
    let value: IppValue;
    if ((tag === TAG.integer || tag === TAG.enum) && valueLength === 4) value = raw.readInt32BE(0);
    else if (tag === TAG.boolean && valueLength === 1) value = raw.readUInt8(0) !== 0;
    else value = raw.toString('utf8');
    if (nameLength > 0) {
      last = [];
      group.attributes.set(name, last);
    }
    // A value without a name is one more value of the attribute before it (or a collection member).
    last?.push(value);
  }
  return { version, statusCode, requestId, groups };
}

/** The values of an attribute in the printer group (or any group, as a fallback). */
export function ippAttribute(response: IppResponse, name: string): readonly IppValue[] {
  const printer = response.groups.find((g) => g.tag === 0x04)?.attributes.get(name);
  if (printer) return printer;
  for (const g of response.groups) {
    const v = g.attributes.get(name);
    if (v) return v;
  }
  return [];
}

/** printer-state values (RFC 8011 5.4.11). */
export const PRINTER_STATE = { idle: 3, processing: 4, stopped: 5 } as const;

/** How bad a printer-state-reasons keyword is, from its suffix. */
export function reasonSeverity(reason: string): 'report' | 'warning' | 'error' {
  if (reason.endsWith('-report')) return 'report';
  if (reason.endsWith('-warning')) return 'warning';
  return 'error';
}

/** A reason keyword without its severity suffix (`media-empty-error` → `media-empty`). */
export function reasonBase(reason: string): string {
  return reason.replace(/-(report|warning|error)$/, '');
}
