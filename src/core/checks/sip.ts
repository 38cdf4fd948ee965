/** sip: the phone system answers an OPTIONS request over UDP and TCP; any SIP response counts. */
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Probe } from './types';
import type { ServiceTarget } from './target';
import { connectTcp, Conversation, takeHttpHead } from './stream';
import { excerpt } from './mail-session';
import { ok, problem, timeoutVerdict } from './verdict';

/** How one transport went. */
type Leg = { kind: 'sip'; status: number } | { kind: 'other'; detail: string } | { kind: 'error'; err: unknown } | { kind: 'silent'; connected: boolean };

/** UDP resends, as SIP's timer T1 does (ms after the first send). */
const UDP_RESEND_MS = [500, 1500];

/** An OPTIONS request; `rport` asks the server to answer to where the request came from. */
export function sipOptionsRequest(host: string, port: number, transport: 'UDP' | 'TCP', local: string, localPort: number): string {
  const id = randomBytes(8).toString('hex');
  const hostPart = isIP(host) === 6 ? `[${host}]` : host;
  const localPart = isIP(local) === 6 ? `[${local}]` : local;
  return [
    `OPTIONS sip:${hostPart}:${port} SIP/2.0`,
    `Via: SIP/2.0/${transport} ${localPart}:${localPort};branch=z9hG4bK${id};rport`,
    'Max-Forwards: 70',
    `From: <sip:hoc-check@${localPart}>;tag=${id.slice(0, 8)}`,
    `To: <sip:${hostPart}:${port}>`,
    `Call-ID: ${id}@homeoffice-connect`,
    'CSeq: 1 OPTIONS',
    'Accept: application/sdp',
    'User-Agent: HomeOffice-Connect check',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** The status of a SIP response, or null for anything else. */
export function sipStatus(bytes: Uint8Array): number | null {
  const m = /^SIP\/2\.0 (\d{3}) /.exec(Buffer.from(bytes).subarray(0, 32).toString('latin1'));
  return m ? Number(m[1]) : null;
}

function udpLeg(address: string, target: ServiceTarget, signal: AbortSignal): Promise<Leg> {
  return new Promise((resolve) => {
    const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
    const timers: NodeJS.Timeout[] = [];
    const done = (leg: Leg) => {
      timers.forEach(clearTimeout);
      signal.removeEventListener('abort', onAbort);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(leg);
    };
    const onAbort = () => done({ kind: 'silent', connected: false });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (err) => done({ kind: 'error', err }));
    socket.on('message', (msg) => {
      const status = sipStatus(msg);
      done(status === null ? { kind: 'other', detail: `UDP: ${excerpt(msg)}` } : { kind: 'sip', status });
    });
    socket.connect(target.port, address, () => {
      const local = socket.address();
      const request = sipOptionsRequest(target.host, target.port, 'UDP', local.address, local.port);
      const send = () => socket.send(request, (err) => err && done({ kind: 'error', err }));
      send();
      for (const ms of UDP_RESEND_MS) timers.push(setTimeout(send, ms));
    });
  });
}

async function tcpLeg(address: string, target: ServiceTarget, signal: AbortSignal, onConnected: () => void): Promise<Leg> {
  let conv: Conversation | null = null;
  try {
    const socket = await connectTcp(address, target.port, signal);
    onConnected();
    conv = new Conversation(socket, signal);
    conv.send(sipOptionsRequest(target.host, target.port, 'TCP', socket.localAddress ?? '127.0.0.1', socket.localPort ?? 5060));
    const head = await conv.read(takeHttpHead);
    const status = sipStatus(head);
    return status === null ? { kind: 'other', detail: `TCP: ${excerpt(head)}` } : { kind: 'sip', status };
  } catch (err) {
    return signal.aborted ? { kind: 'silent', connected: conv !== null } : { kind: 'error', err };
  } finally {
    conv?.close();
  }
}

/** Sends OPTIONS over both transports at once; gives the slower one until 80 % of the timeout. */
export function probeSip(target: ServiceTarget): Probe {
  return async (ctx) => {
    const params = { label: ctx.label, host: target.host, port: target.port };
    const address = await ctx.resolve(target.host);
    const soft = new AbortController();
    const stop = () => soft.abort();
    ctx.signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(stop, Math.floor(ctx.timeoutMs * 0.8));
    let tcpConnected = false;
    // As soon as one transport answers as SIP, the other gets the rest of the soft deadline, no more.
    const udp = udpLeg(address, target, soft.signal);
    const tcp = tcpLeg(address, target, soft.signal, () => {
      tcpConnected = true;
      ctx.phase('reply');
    });
    const [u, t] = await Promise.all([udp, tcp]).finally(() => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', stop);
    });
    const detail = `UDP ${u.kind === 'sip' ? u.status : u.kind}, TCP ${t.kind === 'sip' ? t.status : t.kind}`;
    if (u.kind === 'sip' && t.kind === 'sip') return ok('check.sip.ok', params, detail);
    if (u.kind === 'sip' || t.kind === 'sip') return ok('check.sip.okOne', { ...params, transport: u.kind === 'sip' ? 'UDP' : 'TCP' }, detail);
    const other = [u, t].find((l) => l.kind === 'other');
    if (other && other.kind === 'other') return problem('fail', 'check.sip.notSip', params, 'check.next.callSupport', { detail: other.detail });
    if (t.kind === 'error') throw t.err;
    if (u.kind === 'error') throw u.err;
    return timeoutVerdict({ label: ctx.label, host: target.host, port: target.port }, tcpConnected ? 'reply' : 'connect', ctx.timeoutMs);
  };
}
