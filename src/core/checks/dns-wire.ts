/**
 * A DNS query of an exact size (RFC 1035 + EDNS(0) padding, RFC 7830), for
 * measuring which packet sizes get through the tunnel. Pure bytes, no I/O.
 */

const IPV4_UDP_HEADERS = 28;
const IPV6_UDP_HEADERS = 48;

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  const out: Buffer[] = parts.map((label) => {
    const bytes = Buffer.from(label, 'ascii').subarray(0, 63);
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  });
  return Buffer.concat([...out, Buffer.from([0])]);
}

/** The bytes of IP and UDP headers in front of a datagram. */
export function udpOverhead(ipVersion: 4 | 6): number {
  return ipVersion === 6 ? IPV6_UDP_HEADERS : IPV4_UDP_HEADERS;
}

/** The smallest query for `name` (no padding option content). */
export function minimalQuerySize(name: string): number {
  return 12 + encodeName(name).length + 4 + 11 + 4;
}

/** An A query for `name` with id `id`, padded to exactly `size` bytes of DNS message. */
export function paddedQuery(id: number, name: string, size: number): Buffer {
  const qname = encodeName(name);
  const base = 12 + qname.length + 4 + 11 + 4;
  const pad = Math.max(0, size - base);
  const msg = Buffer.alloc(base + pad);
  msg.writeUInt16BE(id & 0xffff, 0);
  msg.writeUInt16BE(0x0100, 2); // recursion desired
  msg.writeUInt16BE(1, 4); // one question
  msg.writeUInt16BE(1, 10); // one additional record: OPT
  let i = 12;
  qname.copy(msg, i);
  i += qname.length;
  msg.writeUInt16BE(1, i); // type A
  msg.writeUInt16BE(1, i + 2); // class IN
  i += 4;
  msg.writeUInt8(0, i); // root name
  msg.writeUInt16BE(41, i + 1); // OPT
  msg.writeUInt16BE(1232, i + 3); // our UDP payload size
  msg.writeUInt32BE(0, i + 5); // extended rcode, version, flags
  msg.writeUInt16BE(4 + pad, i + 9); // rdata length
  msg.writeUInt16BE(12, i + 11); // option: padding
  msg.writeUInt16BE(pad, i + 13);
  return msg;
}

/** The id of a DNS response, or null when the bytes are not a response. */
export function responseId(bytes: Uint8Array): number | null {
  if (bytes.length < 12) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (buf.readUInt16BE(2) & 0x8000) !== 0 ? buf.readUInt16BE(0) : null;
}
