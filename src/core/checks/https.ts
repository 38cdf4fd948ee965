/** https: TLS handshake with a certificate this computer trusts, then an HTTP status. */
import * as tls from 'node:tls';
import type { Probe } from './types';
import type { ServiceTarget } from './target';
import { certificateVerdict } from './cert-verdict';
import { connectTls, Conversation, takeHttpHead } from './stream';
import { excerpt } from './mail-session';
import { ok, problem } from './verdict';

/**
 * Trusted roots: Node's defaults (with NODE_EXTRA_CA_CERTS) plus the operating
 * system's store where this Node can read it (22.15+ / Electron); the company
 * CA usually lives in the system store.
 */
function trustedRoots(): string[] | undefined {
  const get = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  if (typeof get !== 'function') return undefined;
  try {
    return [...new Set([...get('default'), ...get('system')])];
  } catch {
    return undefined;
  }
}

/** The HTTP status from a response head, or null when it is not HTTP. */
export function httpStatus(head: Uint8Array): number | null {
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(Buffer.from(head).subarray(0, 32).toString('latin1'));
  return m ? Number(m[1]) : null;
}

/** Connects with TLS, explains any certificate problem, else asks for the page with GET. */
export function probeHttps(target: ServiceTarget): Probe {
  return async (ctx) => {
    const label = ctx.label;
    const address = await ctx.resolve(target.host);
    const roots = trustedRoots();
    const ca = ctx.extraCa.length ? [...(roots ?? tls.rootCertificates), ...ctx.extraCa] : roots;
    let socket: tls.TLSSocket;
    try {
      socket = await connectTls(address, target.port, target.host, ctx.signal, ca ? { ca } : {});
    } catch (err) {
      const code = String((err as { code?: unknown }).code ?? '');
      if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))
        return problem('fail', 'check.https.tlsFailed', { label, host: target.host, detail: code }, 'check.next.callSupport', { detail: `${code}: ${(err as Error).message}` });
      throw err;
    }
    ctx.phase('reply');
    const conv = new Conversation(socket, ctx.signal);
    try {
      if (!socket.authorized) {
        const code = String(socket.authorizationError ?? 'UNKNOWN');
        return (
          certificateVerdict(code, label, target.host, socket.getPeerCertificate()) ??
          problem('fail', 'check.https.tlsFailed', { label, host: target.host, detail: code }, 'check.next.callSupport', { detail: `TLS: ${code}` })
        );
      }
      const hostHeader = target.port === 443 ? target.host : `${target.host}:${target.port}`;
      conv.send(`GET ${target.path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: HomeOffice-Connect check\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
      const head = await conv.read(takeHttpHead);
      const status = httpStatus(head);
      const detail = `${excerpt(head, 60)}; TLS ${socket.getProtocol() ?? '?'}`;
      if (status === null) return problem('fail', 'check.https.tlsFailed', { label, host: target.host, detail: 'no HTTP' }, 'check.next.callSupport', { detail });
      if (status === 404 || status === 410) return problem('warn', 'check.https.notFound', { label, path: target.path, status }, 'check.next.tellSupport', { detail });
      if (status >= 500) return problem('fail', 'check.https.serverError', { label, status }, 'check.next.callSupport', { detail });
      return ok('check.https.ok', { label, status }, detail);
    } finally {
      conv.close();
    }
  };
}
