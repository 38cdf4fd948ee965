/** smb: the server answers an SMB2 NEGOTIATE like a file server does, not just "port open". */
import type { Probe } from './types';
import type { ServiceTarget } from './target';
import { connectTcp, Conversation } from './stream';
import { dialectName, parseNegotiateReply, smb2NegotiateRequest, takeNetbiosMessage } from './smb2-wire';
import { ClosedError, ok, problem } from './verdict';

/** Sends an SMB2 NEGOTIATE and checks that an SMB2 NEGOTIATE response comes back. */
export function probeSmb(target: ServiceTarget): Probe {
  return async (ctx) => {
    const params = { label: ctx.label, host: target.host, port: target.port };
    const address = await ctx.resolve(target.host);
    const conv = new Conversation(await connectTcp(address, target.port, ctx.signal), ctx.signal);
    ctx.phase('reply');
    try {
      conv.send(smb2NegotiateRequest());
      let reply;
      try {
        reply = parseNegotiateReply(await conv.read(takeNetbiosMessage));
      } catch (err) {
        if (err instanceof ClosedError) {
          return err.received > 0
            ? problem('fail', 'check.smb.notSmb', params, 'check.next.callSupport', { detail: 'closed after a non-SMB answer' })
            : problem('fail', 'check.smb.closed', params, 'check.next.callSupport', { detail: 'closed without an answer' });
        }
        throw err;
      }
      if (reply.kind === 'smb2' && reply.status === 0) return ok('check.smb.ok', { ...params, dialect: dialectName(reply.dialect) });
      if (reply.kind === 'smb2') {
        const status = `0x${reply.status.toString(16).padStart(8, '0')}`;
        return problem('fail', 'check.smb.refusedNegotiate', { ...params, status }, 'check.next.callSupport', { detail: `NEGOTIATE status ${status}` });
      }
      if (reply.kind === 'smb1')
        return problem('fail', 'check.smb.refusedNegotiate', { ...params, status: 'SMB1' }, 'check.next.callSupport', { detail: 'server speaks SMB1 only' });
      return problem('fail', 'check.smb.notSmb', params, 'check.next.callSupport', { detail: reply.reason });
    } finally {
      conv.close();
    }
  };
}
