/**
 * Tiny local servers on 127.0.0.1 for the probe tests: fake protocol
 * responders, black holes and closed ports. Each returns its port and a close().
 */
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { afterEach } from 'vitest';
import type { ProfileService } from '../../../src/shared/profile/types';
import type { CheckProfile } from '../../../src/core/checks';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

function listenTcp(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

type Closable = { destroy(): unknown; on(event: 'close', cb: () => void): unknown };

function track(server: { close(cb?: () => void): unknown }, sockets: Set<Closable>): void {
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
}

/** A TCP server; `onConnection` gets each socket. */
export async function tcpServer(onConnection: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Closable>();
  const server = createTcpServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    onConnection(s);
  });
  track(server, sockets);
  return listenTcp(server);
}

/** Accepts connections and never says a word: a hung service. */
export function blackHoleTcp(): Promise<number> {
  return tcpServer(() => {});
}

/** A port where nothing listens (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listenTcp(server);
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A UDP socket that swallows every datagram. */
export async function udpServer(onMessage: (msg: Buffer, reply: (data: Buffer | string) => void) => void = () => {}, port = 0): Promise<number> {
  const socket: UdpSocket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => onMessage(msg, (data) => socket.send(data, rinfo.port, rinfo.address)));
  await new Promise<void>((r) => socket.bind(port, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => socket.close(() => r())));
  return socket.address().port;
}

/** An HTTP server answering every request with `handler`. */
export async function httpServer(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<number> {
  const sockets = new Set<Closable>();
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  track(server, sockets);
  return listenTcp(server);
}

/** An HTTPS server with the given key and certificate, answering 200. */
export async function httpsServer(key: string, cert: string, status = 200): Promise<number> {
  const sockets = new Set<Closable>();
  const server = createHttpsServer({ key, cert }, (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end('intranet');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  track(server, sockets);
  return listenTcp(server);
}

/** A profile around the given services, with the support phone the verdicts carry. */
export function profileWith(services: ProfileService[], extra: Partial<CheckProfile> = {}): CheckProfile {
  return {
    org: { domain: 'buero.test' },
    support: { phone: '+49 621 1234567' },
    tunnel: { mtu: 1380, dns: { servers: [] } },
    services,
    ...extra,
  };
}
