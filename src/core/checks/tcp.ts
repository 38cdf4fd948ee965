/** tcp: the service accepts a connection (licence server, tendering database). */
import type { Probe } from './types';
import type { ServiceTarget } from './target';
import { connectTcp } from './stream';
import { ok } from './verdict';

/** Connects and hangs up: "reachable" is all a plain port can tell. */
export function probeTcp(target: ServiceTarget): Probe {
  return async (ctx) => {
    const address = await ctx.resolve(target.host);
    ctx.phase('connect');
    const socket = await connectTcp(address, target.port, ctx.signal);
    socket.destroy();
    return ok('check.tcp.ok', { label: ctx.label, host: target.host, port: target.port }, `connected to ${address}:${target.port}`);
  };
}
