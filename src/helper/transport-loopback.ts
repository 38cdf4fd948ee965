/**
 * The helper's transport on Windows: loopback TCP, and the caller proves that
 * it could read this start's secret (src/shared/helper-handshake.ts). The
 * secret and the port go into an endpoint file that the platform protects
 * (on Windows an ACL for SYSTEM, Administrators and the allowed group) before
 * the secret is written into it. A connection that does not complete the
 * handshake in time, with one bounded line, is closed and never served.
 */
import { createServer, type Socket } from 'node:net';
import {
  EndpointFileSchema,
  HANDSHAKE_MAX_LINE_BYTES,
  HandshakeAnswerSchema,
  handshakeProof,
  randomToken,
  sameProof,
} from '../shared/helper-handshake';
import { HELPER_PROTOCOL_VERSION } from '../shared/helper-protocol';
import { UserError } from '../shared/errors';
import type { PeerIdentity } from './peer-credentials';
import type { HelperTransport } from './platform/types';

export interface LoopbackOptions {
  readonly endpointFile: string;
  /** Writes the endpoint file so that only allowed callers can read it (ACL first, then the content). */
  readonly writeEndpoint: (path: string, content: string) => Promise<void>;
  readonly removeEndpoint: (path: string) => Promise<void>;
  /** Who a caller that knew the secret is (the transport cannot tell members apart). */
  readonly member: PeerIdentity;
  readonly groupName: string;
  readonly log: (line: string) => void;
  /** How long a caller has for the handshake. */
  readonly handshakeTimeoutMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::ffff:127.0.0.1']);

/** Reads one line of at most `max` bytes; resolves the line and whatever followed it. */
function readLine(socket: Socket, max: number, timeoutMs: number): Promise<{ line: string; rest: Buffer } | null> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    const done = (value: { line: string; rest: Buffer } | null) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const nl = buffer.indexOf(0x0a);
      if (nl >= 0 && nl <= max) return done({ line: buffer.subarray(0, nl).toString('utf8'), rest: buffer.subarray(nl + 1) });
      if (buffer.length > max) done(null);
    };
    const onClose = () => done(null);
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

/** Listens on 127.0.0.1 (a port the OS picks) and writes the endpoint file for this start. */
export async function listenLoopback(options: LoopbackOptions, onConnection: (socket: Socket) => void): Promise<HelperTransport> {
  const secret = randomToken();
  const members = new WeakSet<Socket>();
  const refuse = (socket: Socket, why: string) => {
    options.log(`refused caller (${why})`);
    const error = new UserError('error.helper.denied', { group: options.groupName }).toData();
    socket.end(`${JSON.stringify({ v: HELPER_PROTOCOL_VERSION, id: 0, ok: false, error })}\n`);
  };

  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    if (!LOOPBACK.has(socket.remoteAddress ?? '')) return void socket.destroy();
    void (async () => {
      const hello = randomToken();
      socket.write(`${JSON.stringify({ v: 1, hello })}\n`);
      const got = await readLine(socket, HANDSHAKE_MAX_LINE_BYTES, options.handshakeTimeoutMs ?? 5000);
      if (!got) return refuse(socket, 'no handshake');
      let parsed: unknown;
      try {
        parsed = JSON.parse(got.line);
      } catch {
        return refuse(socket, 'handshake not JSON');
      }
      const answer = HandshakeAnswerSchema.safeParse(parsed);
      if (!answer.success) return refuse(socket, 'malformed handshake');
      const expected = await handshakeProof(secret, 'client', hello, answer.data.nonce);
      if (!sameProof(expected, answer.data.proof)) return refuse(socket, 'wrong secret');
      socket.write(`${JSON.stringify({ v: 1, proof: await handshakeProof(secret, 'helper', hello, answer.data.nonce) })}\n`);
      members.add(socket);
      // The request may have come in the same packet: give it back to the reader.
      socket.pause();
      if (got.rest.length > 0) socket.unshift(got.rest);
      onConnection(socket);
      socket.resume();
    })().catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const endpoint = EndpointFileSchema.parse({ v: 1, port, secret });
  try {
    await options.writeEndpoint(options.endpointFile, `${JSON.stringify(endpoint)}\n`);
  } catch (err) {
    server.close();
    throw err;
  }
  options.log(`listening on 127.0.0.1:${port}, endpoint ${options.endpointFile} for group ${options.groupName}`);
  return {
    server,
    identify: async (socket) => (members.has(socket) ? options.member : null),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await options.removeEndpoint(options.endpointFile);
    },
  };
}
