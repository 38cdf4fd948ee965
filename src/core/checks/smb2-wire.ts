/**
 * SMB2 NEGOTIATE on the wire ([MS-SMB2] 2.2.3, 2.2.4): the request a probe
 * sends and the parser for the reply. Pure byte handling, no I/O.
 */
import { randomBytes } from 'node:crypto';

/** The dialects offered: SMB 2.0.2 up to 3.1.1. */
export const SMB2_DIALECTS = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311] as const;

const SMB2_MAGIC = Buffer.from([0xfe, 0x53, 0x4d, 0x42]);
const SMB1_MAGIC = Buffer.from([0xff, 0x53, 0x4d, 0x42]);
const HEADER = 64;

/** A NEGOTIATE request in a NetBIOS session message, with the pre-auth context 3.1.1 requires. */
export function smb2NegotiateRequest(clientGuid: Uint8Array = randomBytes(16), salt: Uint8Array = randomBytes(32)): Buffer {
  const dialectsAt = HEADER + 36;
  const contextAt = Math.ceil((dialectsAt + SMB2_DIALECTS.length * 2) / 8) * 8;
  const contextData = 6 + 32; // hash count, salt length, one hash id, salt
  const smb = Buffer.alloc(contextAt + 8 + contextData);
  SMB2_MAGIC.copy(smb, 0);
  smb.writeUInt16LE(HEADER, 4); // StructureSize
  smb.writeUInt16LE(0, 12); // Command: NEGOTIATE
  smb.writeUInt16LE(1, 14); // CreditRequest
  // Body.
  const b = HEADER;
  smb.writeUInt16LE(36, b); // StructureSize
  smb.writeUInt16LE(SMB2_DIALECTS.length, b + 2);
  smb.writeUInt16LE(0x0001, b + 4); // SecurityMode: signing enabled
  smb.writeUInt32LE(0, b + 8); // Capabilities
  Buffer.from(clientGuid).copy(smb, b + 12);
  smb.writeUInt32LE(contextAt, b + 28); // NegotiateContextOffset (from the SMB2 header)
  smb.writeUInt16LE(1, b + 32); // NegotiateContextCount
  SMB2_DIALECTS.forEach((d, i) => smb.writeUInt16LE(d, dialectsAt + i * 2));
  // SMB2_PREAUTH_INTEGRITY_CAPABILITIES with SHA-512.
  smb.writeUInt16LE(0x0001, contextAt);
  smb.writeUInt16LE(contextData, contextAt + 2);
  smb.writeUInt16LE(1, contextAt + 8);
  smb.writeUInt16LE(32, contextAt + 10);
  smb.writeUInt16LE(0x0001, contextAt + 12);
  Buffer.from(salt).copy(smb, contextAt + 14);
  const netbios = Buffer.alloc(4);
  netbios.writeUInt32BE(smb.length, 0); // type 0x00 (session message) + 24-bit length
  return Buffer.concat([netbios, smb]);
}

/** `take` for one NetBIOS session message (4-byte header + length). */
export function takeNetbiosMessage(buffer: Buffer): number | null {
  if (buffer.length < 4) return null;
  if (buffer[0] !== 0x00) return buffer.length; // not a session message: hand over what is there
  const length = buffer.readUInt32BE(0) & 0x00ffffff;
  return buffer.length >= 4 + length ? 4 + length : null;
}

/** What came back for a NEGOTIATE request. */
export type NegotiateReply =
  | { readonly kind: 'smb2'; readonly status: number; readonly dialect: number }
  | { readonly kind: 'smb1' }
  | { readonly kind: 'other'; readonly reason: string };

/** Reads a NetBIOS-framed reply: an SMB2 NEGOTIATE response (0xFE 'SMB', command 0) or something else. */
export function parseNegotiateReply(message: Uint8Array): NegotiateReply {
  const buf = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  if (buf.length < 8 || buf[0] !== 0x00) return { kind: 'other', reason: 'not a NetBIOS session message' };
  const smb = buf.subarray(4);
  if (smb.subarray(0, 4).equals(SMB1_MAGIC)) return { kind: 'smb1' };
  if (!smb.subarray(0, 4).equals(SMB2_MAGIC)) return { kind: 'other', reason: 'no SMB2 protocol id' };
  if (smb.length < HEADER) return { kind: 'other', reason: 'SMB2 header too short' };
  if (smb.readUInt16LE(4) !== HEADER) return { kind: 'other', reason: 'bad SMB2 header size' };
  if (smb.readUInt16LE(12) !== 0) return { kind: 'other', reason: `SMB2 command ${smb.readUInt16LE(12)}, not NEGOTIATE` };
  if ((smb.readUInt32LE(16) & 0x1) === 0) return { kind: 'other', reason: 'SMB2 message is not a response' };
  const status = smb.readUInt32LE(8);
  if (status !== 0) return { kind: 'smb2', status, dialect: 0 };
  if (smb.length < HEADER + 6 || smb.readUInt16LE(HEADER) !== 65) return { kind: 'other', reason: 'bad NEGOTIATE response body' };
  return { kind: 'smb2', status, dialect: smb.readUInt16LE(HEADER + 4) };
}

/** A dialect as people write it (0x0311 → "3.1.1"). */
export function dialectName(dialect: number): string {
  const names: Record<number, string> = { 0x0202: '2.0.2', 0x0210: '2.1', 0x0300: '3.0', 0x0302: '3.0.2', 0x0311: '3.1.1', 0x02ff: '2.x' };
  return names[dialect] ?? `0x${dialect.toString(16).padStart(4, '0')}`;
}
