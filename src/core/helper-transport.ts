/**
 * Opens a connection to the helper. On Linux and macOS the address is the
 * helper's Unix socket. On Windows it is the helper's endpoint file
 * (`…\helper.endpoint`): the port and this start's secret, readable only by
 * SYSTEM, Administrators and the allowed group. The client proves it read
 * the secret and checks the helper's proof before it sends anything else
 * (src/shared/helper-handshake.ts).
 */
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import {
  EndpointFileSchema,
  HANDSHAKE_MAX_LINE_BYTES,
  HandshakeHelloSchema,
  HandshakeProofSchema,
  handshakeProof,
  randomToken,
  sameProof,
} from '../shared/helper-handshake';
import { UserError } from '../shared/errors';

/** An address ending in this names an endpoint file (the Windows transport), not a socket. */
export const ENDPOINT_FILE_SUFFIX = '.endpoint';

/** The group the helper serves behind this address, as a user would see it in a message. */
export function helperGroupName(address: string): string {
  return address.endsWith(ENDPOINT_FILE_SUFFIX) ? 'HomeOffice Connect Users' : 'hoc';
}

function connected(socket: Socket, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', (err: NodeJS.ErrnoException) => reject(new UserError('error.helper.unreachable', {}, `${what}: ${err.code ?? err.message}`)));
  });
}

/** Reads one bounded line from the socket (the handshake's). */
function nextLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const nl = buffer.indexOf('\n');
      if (nl >= 0) {
        cleanup();
        if (nl + 1 < buffer.length) socket.unshift(Buffer.from(buffer.slice(nl + 1), 'utf8'));
        resolve(buffer.slice(0, nl));
      } else if (buffer.length > HANDSHAKE_MAX_LINE_BYTES * 2) {
        cleanup();
        reject(new UserError('error.helper.protocol', { detail: 'handshake line too long' }));
      }
    };
    const onClose = () => {
      cleanup();
      reject(new UserError('error.helper.unreachable', {}, 'connection closed during the handshake'));
    };
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

async function openLoopback(endpointFile: string, groupName: string): Promise<Socket> {
  let text: string;
  try {
    text = await readFile(endpointFile, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Not allowed to read the secret: not a member of the group.
    if (code === 'EACCES' || code === 'EPERM') throw new UserError('error.helper.denied', { group: groupName }, `${endpointFile}: ${code}`);
    throw new UserError('error.helper.unreachable', {}, `${endpointFile}: ${code ?? String(err)}`);
  }
  const endpoint = EndpointFileSchema.safeParse(parse(text));
  if (!endpoint.success) throw new UserError('error.helper.unreachable', {}, `${endpointFile}: not an endpoint file`);
  const { port, secret } = endpoint.data;
  const socket = connect({ host: '127.0.0.1', port });
  try {
    await connected(socket, `127.0.0.1:${port}`);
    const hello = HandshakeHelloSchema.safeParse(parse(await nextLine(socket)));
    if (!hello.success) throw new UserError('error.helper.protocol', { detail: 'no helper handshake' });
    const nonce = randomToken();
    socket.write(`${JSON.stringify({ v: 1, nonce, proof: await handshakeProof(secret, 'client', hello.data.hello, nonce) })}\n`);
    const line = await nextLine(socket);
    const proof = HandshakeProofSchema.safeParse(parse(line));
    if (!proof.success) {
      // The helper refused us (an error reply), or something else answers on the port.
      const refused = (parse(line) as { error?: { code?: unknown } } | null)?.error?.code === 'error.helper.denied';
      throw refused
        ? new UserError('error.helper.denied', { group: groupName }, 'the helper refused the handshake')
        : new UserError('error.helper.protocol', { detail: 'bad handshake answer' });
    }
    if (!sameProof(proof.data.proof, await handshakeProof(secret, 'helper', hello.data.hello, nonce))) {
      throw new UserError('error.helper.protocol', { detail: 'the program on the helper port does not know the secret' });
    }
    return socket;
  } catch (err) {
    socket.destroy();
    throw err;
  }
}

/** A connected socket to the helper, ready for requests; throws UserError (unreachable / denied / protocol). */
export async function openHelperConnection(address: string): Promise<Socket> {
  if (address.endsWith(ENDPOINT_FILE_SUFFIX)) return openLoopback(address, helperGroupName(address));
  const socket = connect(address);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EACCES' || err.code === 'EPERM') reject(new UserError('error.helper.denied', { group: helperGroupName(address) }, err.message));
        else reject(new UserError('error.helper.unreachable', {}, `${address}: ${err.code ?? err.message}`));
      });
    });
  } catch (err) {
    socket.destroy();
    throw err;
  }
  return socket;
}
