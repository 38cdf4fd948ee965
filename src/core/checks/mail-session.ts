/** Opening a mail connection: plain TCP, or TLS from the start on the implicit-TLS ports (993, 465). */
import type { ProbeContext } from './types';
import type { ServiceTarget } from './target';
import { connectTcp, connectTls, Conversation } from './stream';

/** Ports where the connection is encrypted from the first byte (no STARTTLS needed). */
const IMPLICIT_TLS_PORTS = new Set([993, 465]);

/** True when the port speaks TLS from the start. */
export function isImplicitTls(port: number): boolean {
  return IMPLICIT_TLS_PORTS.has(port);
}

/** Connects to a mail server and returns the conversation, in the reply phase. */
export async function openMail(ctx: ProbeContext, target: ServiceTarget): Promise<{ conv: Conversation; local: string }> {
  const address = await ctx.resolve(target.host);
  const socket = isImplicitTls(target.port)
    ? await connectTls(address, target.port, target.host, ctx.signal, { rejectUnauthorized: true })
    : await connectTcp(address, target.port, ctx.signal);
  ctx.phase('reply');
  return { conv: new Conversation(socket, ctx.signal), local: socket.localAddress ?? '127.0.0.1' };
}

/** A short, printable excerpt of what a server said, for the log. */
export function excerpt(bytes: Uint8Array | string, max = 120): string {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1');
  return text.replace(/[\x00-\x1f\x7f-\xff]+/g, ' ').trim().slice(0, max);
}
