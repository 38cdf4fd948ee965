/**
 * A request/response conversation over one TCP (or TLS) connection, bound to
 * the probe's AbortSignal so a dead service never outlives its timeout.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { ClosedError } from './verdict';

/** The most a probe reads from one peer; a server that talks more is cut off. */
const MAX_READ = 256 * 1024;

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('aborted'), { code: 'ABORT_ERR' });
}

/**
 * Waits for `ready` on a socket being opened, bound to the probe's signal:
 * rejects with the socket's error (ECONNREFUSED …) or on abort, and tears the
 * connection down on any later abort too.
 */
function bindOpening<S extends Socket>(socket: S, ready: 'connect' | 'secureConnect', signal: AbortSignal): Promise<S> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      socket.destroy();
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once(ready, () => {
      socket.removeAllListeners('error');
      signal.removeEventListener('abort', onAbort);
      signal.addEventListener('abort', () => socket.destroy(), { once: true });
      resolve(socket);
    });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    });
  });
}

/** Opens a TCP connection; rejects with the socket's error (ECONNREFUSED …) or on abort. */
export function connectTcp(address: string, port: number, signal: AbortSignal): Promise<Socket> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return bindOpening(tcpConnect({ host: address, port }), 'connect', signal);
}

/**
 * Opens a TLS connection without rejecting untrusted certificates: the caller
 * decides, from `authorized` and the certificate, what to tell the user, and
 * sends nothing over a connection it does not trust.
 */
export function connectTls(address: string, port: number, servername: string, signal: AbortSignal, extra: ConnectionOptions = {}): Promise<TLSSocket> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  const isIp = /^[\d.]+$|:/.test(servername);
  return bindOpening(tlsConnect({ host: address, port, ...(isIp ? {} : { servername }), rejectUnauthorized: false, ...extra }), 'secureConnect', signal);
}

/**
 * Buffers everything the peer sends and hands it out in complete messages.
 * `take` looks at the buffer and returns how many bytes form one complete
 * message, or null to wait for more.
 */
export class Conversation {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly signal: AbortSignal,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      if (this.buffer.length > MAX_READ) socket.destroy(new Error('peer sent too much data'));
      this.notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', (err) => {
      this.failure = err;
      this.notify();
    });
    signal.addEventListener('abort', () => this.notify(), { once: true });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Sends bytes to the peer. */
  send(data: string | Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** Waits for one complete message; ClosedError when the peer hangs up first. */
  async read(take: (buffer: Buffer) => number | null): Promise<Buffer> {
    for (;;) {
      const n = this.buffer.length > 0 ? take(this.buffer) : null;
      if (n !== null) {
        const message = this.buffer.subarray(0, n);
        this.buffer = this.buffer.subarray(n);
        return message;
      }
      if (this.signal.aborted) throw abortError(this.signal);
      if (this.failure) throw this.failure;
      if (this.ended) throw new ClosedError(this.buffer.length);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Whatever arrived and was not taken yet (to tell what answered instead). */
  pending(): Buffer {
    return this.buffer;
  }

  /** Closes the connection (politely first, then for good). */
  close(): void {
    this.socket.end();
    this.socket.destroy();
  }
}

/** `take` for one CRLF- (or LF-) terminated line. */
export function takeLine(buffer: Buffer): number | null {
  const i = buffer.indexOf(0x0a);
  return i < 0 ? null : i + 1;
}

/** `take` for a run of lines that ends with a line `done` accepts. */
export function takeLinesUntil(done: (line: string) => boolean): (buffer: Buffer) => number | null {
  return (buffer) => {
    let start = 0;
    for (;;) {
      const i = buffer.indexOf(0x0a, start);
      if (i < 0) return null;
      if (done(buffer.subarray(start, i).toString('latin1').replace(/\r$/, ''))) return i + 1;
      start = i + 1;
    }
  };
}

/** `take` for an HTTP response head (status line and headers). */
export function takeHttpHead(buffer: Buffer): number | null {
  const i = buffer.indexOf('\r\n\r\n');
  return i < 0 ? null : i + 4;
}

/** True when bytes look like the start of an HTTP response. */
export function looksLikeHttp(buffer: Buffer): boolean {
  return buffer.subarray(0, 5).toString('latin1') === 'HTTP/';
}
