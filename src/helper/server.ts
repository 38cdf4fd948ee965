/**
 * The helper's socket server: newline-delimited JSON, one validated request
 * per line, answered in order. Callers are checked twice: by the socket
 * file's mode (root:group 0660) and by their OS identity.
 */
import { chmod, chown, lstat, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
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

export interface HelperServerOptions {
  readonly socketPath: string;
  readonly groupName: string;
  readonly gid: number;
  readonly tunnels: TunnelService;
  /** System printers (printer.* commands); a default service is used when absent. */
  readonly printers?: PrinterService;
  readonly log: (line: string) => void;
  /** Replaces the OS identity lookup (unit tests only). */
  readonly identify?: (socket: Socket) => Promise<PeerIdentity | null>;
}

function errorReply(id: number, err: UserError): HelperReply {
  return { v: HELPER_PROTOCOL_VERSION, id, ok: false, error: err.toData() };
}

function printers(opts: HelperServerOptions): PrinterService {
  return opts.printers ?? defaultPrinterService(opts.log);
}

async function handle(request: HelperRequest, caller: PeerIdentity, opts: HelperServerOptions): Promise<HelperReply> {
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

function serve(socket: Socket, opts: HelperServerOptions): void {
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

/** Creates the socket (root:group, 0660) and starts serving. */
export async function startHelperServer(opts: HelperServerOptions): Promise<Server> {
  const dir = dirname(opts.socketPath);
  await mkdir(dir, { recursive: true, mode: 0o750 });
  // Members of the group must be able to reach the socket, nobody else.
  if (process.getuid?.() === 0) {
    await chown(dir, 0, opts.gid);
    await chmod(dir, 0o750);
  }
  const existing = await lstat(opts.socketPath).catch(() => null);
  if (existing?.isSocket()) await rm(opts.socketPath);
  else if (existing) throw new Error(`${opts.socketPath} exists and is not a socket`);
  const server = createServer((socket) => serve(socket, opts));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.socketPath, () => resolve());
  });
  // The helper runs as root; unit tests that start the server unprivileged skip the chown.
  if (process.getuid?.() === 0) await chown(opts.socketPath, 0, opts.gid);
  await chmod(opts.socketPath, 0o660);
  opts.log(`listening on ${opts.socketPath} for group ${opts.groupName}`);
  return server;
}
