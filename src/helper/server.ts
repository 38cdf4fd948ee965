/**
 * The helper's socket server: newline-delimited JSON, one validated request
 * per line, answered in order. Callers are checked twice: by the socket
 * file's mode (root:group 0660) and by their OS identity.
 */
import type { Server, Socket } from 'node:net';
import {
  describeIssues,
  HELPER_MAX_MESSAGE_BYTES,
  HELPER_PROTOCOL_VERSION,
  HelperRequestSchema,
  type HelperReply,
  type HelperRequest,
} from '../shared/helper-protocol';
import { asUserError, UserError } from '../shared/errors';
import { peerIdentity, type PeerIdentity } from './peer-credentials';
import { defaultPrinterService, type PrinterService } from './printers';
import type { TunnelService } from './tunnel-service';
import { listenUnix } from './transport-unix';
import { realSystem } from './system-access';

/** What serving one connection needs. */
export interface ServeOptions {
  readonly groupName: string;
  readonly gid: number;
  readonly tunnels: TunnelService;
  /** System printers (printer.* commands); a default service is used when absent. */
  readonly printers?: PrinterService;
  readonly log: (line: string) => void;
  /** The caller's identity as the transport established it (the platform's; unit tests may replace it). */
  readonly identify?: (socket: Socket) => Promise<PeerIdentity | null>;
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
    case 'tunnel.up':
      return reply(await opts.tunnels.up(request.spec, caller));
    case 'tunnel.down':
      return reply(await opts.tunnels.down(caller));
    case 'tunnel.status':
      return reply(await opts.tunnels.status());
    case 'printer.add':
      return { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, result: await printers(opts).add(request.name, request.uri, caller) };
    case 'printer.remove':
      return { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, result: await printers(opts).remove(request.name, caller) };
    case 'printer.list':
      return { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, result: await printers(opts).list() };
  }
}

/** Serves one accepted connection: identity first, then validated requests answered in order. */
export function serveConnection(socket: Socket, opts: ServeOptions): void {
  const send = (reply: HelperReply) => socket.write(`${JSON.stringify(reply)}\n`);
  let caller: Promise<PeerIdentity | null> | null = null;
  let buffer = '';
  let chain: Promise<void> = Promise.resolve();

  const process = async (line: string): Promise<void> => {
    const identity = await (caller ??= (opts.identify ?? peerIdentity)(socket));
    if (!identity || (identity.uid !== 0 && !identity.gids.includes(opts.gid))) {
      opts.log(`refused caller ${identity ? `uid ${identity.uid}` : '(unknown)'}`);
      send(errorReply(0, new UserError('error.helper.denied', { group: opts.groupName })));
      socket.end();
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      send(errorReply(0, new UserError('error.helper.badRequest', { detail: 'not JSON' })));
      return;
    }
    const checked = HelperRequestSchema.safeParse(parsed);
    if (!checked.success) {
      const id = typeof (parsed as { id?: unknown })?.id === 'number' ? (parsed as { id: number }).id : 0;
      const detail = describeIssues(checked.error);
      opts.log(`uid ${identity.uid}: refused request: ${detail}`);
      send(errorReply(Number.isInteger(id) && id >= 0 && id <= 2 ** 31 ? id : 0, new UserError('error.helper.badRequest', { detail })));
      return;
    }
    const request = checked.data;
    opts.log(`uid ${identity.uid}: ${request.cmd}`);
    try {
      send(await handle(request, identity, opts));
    } catch (err) {
      const e = asUserError(err);
      opts.log(`uid ${identity.uid}: ${request.cmd} failed: ${e.detail ?? e.code}`);
      send(errorReply(request.id, e));
    }
  };

  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0 || buffer.length > HELPER_MAX_MESSAGE_BYTES) {
      if (nl < 0 || nl > HELPER_MAX_MESSAGE_BYTES) {
        send(errorReply(0, new UserError('error.helper.badRequest', { detail: 'message too long' })));
        socket.end();
        buffer = '';
        return;
      }
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim() === '') continue;
      chain = chain.then(() => process(line));
    }
  });
  socket.on('error', () => socket.destroy());
}

/** A Unix-socket helper server (root:group, 0660) with the kernel's identity; Linux and unit tests. */
export async function startHelperServer(opts: HelperServerOptions): Promise<Server> {
  const transport = await listenUnix(
    { address: opts.socketPath, groupName: opts.groupName, gid: opts.gid, system: realSystem, log: opts.log },
    (socket) => serveConnection(socket, opts),
    opts.identify ?? peerIdentity,
  );
  return transport.server;
}
