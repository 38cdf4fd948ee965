/**
 * The helper's socket server: newline-delimited JSON, one validated request
 * per line. Callers are checked twice: by the socket file's mode
 * (root:group 0660) and by their identity from the kernel. Every connection
 * is bounded (connection-limits.ts): one request in flight (reading stops
 * until it is answered and the answer is taken), frames and connections
 * capped in bytes, an idle timeout, and caps on connections per uid and in all.
 */
import type { Server, Socket } from 'node:net';
import {
  describeIssues,
  HELPER_PROTOCOL_VERSION,
  HelperRequestSchema,
  type HelperReply,
  type HelperRequest,
} from '../shared/helper-protocol';
import { asUserError, UserError } from '../shared/errors';
import { ConnectionLedger, HELPER_LIMITS, type HelperLimits } from './connection-limits';
import { FrameReader } from './frame-reader';
import { peerIdentity, type PeerIdentity } from './peer-credentials';
import { defaultPrinterService, type PrinterService } from './printers';
import type { InstalledProfiles } from './profile-store';
import type { TunnelService } from './tunnel-service';
import { listenUnix } from './transport-unix';
import { realSystem } from './system-access';

/** What serving connections needs. */
export interface ServeOptions {
  readonly groupName: string;
  readonly gid: number;
  readonly tunnels: TunnelService;
  /** Installed signed profiles and the machine's pin: the only source of tunnel content. */
  readonly profiles: InstalledProfiles;
  /** System printers (printer.* commands); a default service is used when absent. */
  readonly printers?: PrinterService;
  readonly log: (line: string) => void;
  /** The caller's identity as the transport established it (the platform's; unit tests may pass fake identities). */
  readonly identify?: (socket: Socket) => Promise<PeerIdentity | null>;
  /** Replaces some of HELPER_LIMITS (unit tests reach the bounds with small ones). */
  readonly limits?: Partial<HelperLimits>;
}

export interface HelperServerOptions extends ServeOptions {
  readonly socketPath: string;
}

function errorReply(id: number, err: UserError): HelperReply {
  return { v: HELPER_PROTOCOL_VERSION, id, ok: false, error: err.toData() };
}

function printers(opts: ServeOptions): PrinterService {
  return opts.printers ?? defaultPrinterService(opts.log);
}

async function handle(request: HelperRequest, caller: PeerIdentity, opts: ServeOptions): Promise<HelperReply> {
  const reply = (result: Awaited<ReturnType<TunnelService['status']>>): HelperReply => ({
    v: HELPER_PROTOCOL_VERSION,
    id: request.id,
    ok: true,
    result,
  });
  switch (request.cmd) {
    case 'profile.install':
      return { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, result: await opts.profiles.install(request.envelope, request.firstPin, caller) };
    case 'profile.remove':
      return { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, result: await opts.profiles.remove(request.org, caller) };
    case 'tunnel.up':
      return reply(await opts.tunnels.up(await opts.profiles.tunnelSpec(request.org, caller), caller));
    case 'tunnel.down':
      return reply(await opts.tunnels.down(caller));
    case 'tunnel.status':
      return reply(await opts.tunnels.status());
    case 'printer.add': {
      const scope = await opts.profiles.scope(request.org, caller);
      return { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, result: await printers(opts).add(request.name, request.uri, caller, scope) };
    }
    case 'printer.remove':
      return { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, result: await printers(opts).remove(request.name, caller) };
    case 'printer.list':
      return { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, result: await printers(opts).list() };
  }
}

/** What all connections of one server share: the limits and the open-connection counts. */
interface Shared {
  readonly opts: ServeOptions;
  readonly limits: HelperLimits;
  readonly ledger: ConnectionLedger;
  open: number;
}

const line = (reply: HelperReply) => `${JSON.stringify(reply)}\n`;

function badRequest(id: number, detail: string): string {
  return line(errorReply(id, new UserError('error.helper.badRequest', { detail })));
}

/** Parses and validates one line; a reply to send back when it is not a valid request. */
function parseRequest(text: string): { request: HelperRequest } | { refusal: string; detail: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { refusal: badRequest(0, 'not JSON'), detail: 'not JSON' };
  }
  const checked = HelperRequestSchema.safeParse(parsed);
  if (checked.success) return { request: checked.data };
  const raw = (parsed as { id?: unknown } | null)?.id;
  const id = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 2 ** 31 ? raw : 0;
  const detail = describeIssues(checked.error);
  return { refusal: badRequest(id, detail), detail };
}

/** Answers one request from an identified, allowed caller. */
async function answer(request: HelperRequest, caller: PeerIdentity, opts: ServeOptions): Promise<string> {
  opts.log(`uid ${caller.uid}: ${request.cmd}`);
  try {
    return line(await handle(request, caller, opts));
  } catch (err) {
    const e = asUserError(err);
    opts.log(`uid ${caller.uid}: ${request.cmd} failed: ${e.detail ?? e.code}`);
    return line(errorReply(request.id, e));
  }
}

/**
 * One connection, from accept to close. The socket arrives paused
 * (pauseOnConnect) and is only read after the caller is identified, allowed
 * and within the caps; then one frame at a time.
 */
async function serve(socket: Socket, shared: Shared): Promise<void> {
  const { opts, limits } = shared;
  let who = '(unidentified)';
  let timer: NodeJS.Timeout | undefined;
  const idle = (why: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      opts.log(`${who}: closed the connection after ${limits.idleTimeoutMs} ms ${why}`);
      socket.destroy();
    }, limits.idleTimeoutMs);
  };
  const working = () => clearTimeout(timer);
  // Every way out: the last answer, then close; a peer that does not take it is cut off when idle.
  const closeWith = (reply = '') => {
    socket.pause();
    socket.end(reply);
    socket.once('finish', () => socket.destroy());
    idle('(the caller did not take its last answer)');
  };

  shared.open += 1;
  let uid: number | null = null;
  socket.once('close', () => {
    clearTimeout(timer);
    shared.open -= 1;
    if (uid !== null) shared.ledger.release(uid);
  });
  socket.on('error', () => socket.destroy());

  if (shared.open > limits.maxConnections) {
    opts.log(`refused a connection: ${limits.maxConnections} connections open`);
    return closeWith(line(errorReply(0, new UserError('error.helper.busy', { limit: limits.maxConnections }))));
  }
  idle('(no identity)');
  const identity = await (opts.identify ?? peerIdentity)(socket).catch(() => null);
  if (socket.destroyed) return;
  if (!identity || (identity.uid !== 0 && !identity.gids.includes(opts.gid))) {
    opts.log(`refused caller ${identity ? `uid ${identity.uid}` : '(unknown)'}`);
    return closeWith(line(errorReply(0, new UserError('error.helper.denied', { group: opts.groupName }))));
  }
  who = `uid ${identity.uid}`;
  if (!shared.ledger.take(identity.uid, limits.maxConnectionsPerUid)) {
    opts.log(`${who}: refused a connection: ${limits.maxConnectionsPerUid} connections of this uid open`);
    return closeWith(line(errorReply(0, new UserError('error.helper.busy', { limit: limits.maxConnectionsPerUid }))));
  }
  uid = identity.uid;

  const frames = new FrameReader(limits.maxFrameBytes);
  let received = 0;
  let answered = 0;
  let refusalsLogged = 0;
  let busy = false;
  let waiting = false;
  let peerEnded = false;

  // Hands out buffered frames one at a time; reads more only when none is left.
  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (;;) {
        if (socket.destroyed || socket.writableEnded) return;
        const frame = frames.next();
        if (frame === null && peerEnded) return closeWith();
        if (frame === null) {
          // Armed once per request: bytes that trickle in do not extend it.
          if (!waiting) idle('waiting for a request');
          waiting = true;
          socket.resume();
          return;
        }
        socket.pause();
        if (frame.kind === 'tooLong') return closeWith(badRequest(0, 'message too long'));
        if (frame.kind === 'line' && frame.text.trim() === '') continue;
        working();
        waiting = false;
        const parsed = frame.kind === 'notUtf8' ? { refusal: badRequest(0, 'not UTF-8'), detail: 'not UTF-8' } : parseRequest(frame.text);
        if ('refusal' in parsed && refusalsLogged++ === 0) opts.log(`${who}: refused request: ${parsed.detail}`);
        const reply = 'refusal' in parsed ? parsed.refusal : await answer(parsed.request, identity, opts);
        if (socket.destroyed || socket.writableEnded) return;
        answered += 1;
        if (!socket.write(reply)) {
          // Backpressure: nothing more is read or answered until the caller takes this answer.
          idle('(the caller did not read its answers)');
          await new Promise<void>((resolve) => {
            const done = () => {
              socket.off('drain', done);
              socket.off('close', done);
              resolve();
            };
            socket.on('drain', done);
            socket.on('close', done);
          });
        }
      }
    } finally {
      busy = false;
    }
  };

  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > limits.maxConnectionBytes) {
      opts.log(`${who}: closed the connection after ${received} bytes (cap ${limits.maxConnectionBytes})`);
      return closeWith(badRequest(0, 'connection byte limit reached'));
    }
    frames.push(chunk);
    socket.pause();
    void pump();
  });
  // Half-open: a caller that sent its requests and shut its side still gets every answer.
  socket.once('end', () => {
    peerEnded = true;
    void pump();
  });
  socket.once('close', () => {
    if (refusalsLogged > 1) opts.log(`${who}: ${refusalsLogged} requests refused on one connection (${received} bytes read, ${answered} answers)`);
  });
  void pump();
}

/**
 * The connection handler of one server: every connection it is given shares
 * the limits and the per-uid counts. The transport must hand sockets over
 * paused (pauseOnConnect) so nothing is read before the caller is known.
 */
export function connectionHandler(opts: ServeOptions): (socket: Socket) => void {
  const shared: Shared = { opts, limits: { ...HELPER_LIMITS, ...opts.limits }, ledger: new ConnectionLedger(), open: 0 };
  return (socket) => void serve(socket, shared);
}

/** A Unix-socket helper server (root:group, 0660) with the kernel's identity; Linux and unit tests. */
export async function startHelperServer(opts: HelperServerOptions): Promise<Server> {
  const identify = opts.identify ?? peerIdentity;
  const transport = await listenUnix(
    { address: opts.socketPath, groupName: opts.groupName, gid: opts.gid, system: realSystem, log: opts.log },
    connectionHandler({ ...opts, identify }),
    identify,
  );
  return transport.server;
}
