/** ipp: the print server answers Get-Printer-Attributes; the printer's state and reasons become a verdict. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { MessageKey } from '../../shared/i18n';
import type { Probe, Verdict } from './types';
import type { ServiceTarget } from './target';
import { certificateVerdict } from './cert-verdict';
import { getPrinterAttributesRequest, ippAttribute, IppParseError, parseIppResponse, PRINTER_STATE, reasonBase, reasonSeverity, type IppResponse } from './ipp-wire';
import { ok, problem } from './verdict';

const MAX_BODY = 256 * 1024;

/** printer-state-reasons a person can act on, by keyword without suffix. */
const REASON_MESSAGES: Readonly<Record<string, MessageKey>> = {
  'media-empty': 'check.ipp.mediaEmpty',
  'media-needed': 'check.ipp.mediaNeeded',
  'media-jam': 'check.ipp.mediaJam',
  'toner-empty': 'check.ipp.markerEmpty',
  'marker-supply-empty': 'check.ipp.markerEmpty',
  'toner-low': 'check.ipp.markerLow',
  'marker-supply-low': 'check.ipp.markerLow',
  'cover-open': 'check.ipp.coverOpen',
  'door-open': 'check.ipp.coverOpen',
  'interlock-open': 'check.ipp.coverOpen',
  'output-area-full': 'check.ipp.outputFull',
  offline: 'check.ipp.offline',
  shutdown: 'check.ipp.offline',
  'timed-out': 'check.ipp.offline',
};

/** Reasons that say nothing is wrong, or only describe the stopped state itself. */
const QUIET_REASONS = new Set(['none', 'paused', 'moving-to-paused']);

/** Turns a Get-Printer-Attributes response into a verdict. */
export function printerVerdict(response: IppResponse, label: string, queue: string): Verdict {
  if (response.statusCode === 0x0406) return problem('fail', 'check.ipp.notFound', { label, queue }, 'check.next.callSupport', { detail: 'IPP client-error-not-found' });
  if (response.statusCode >= 0x0400) {
    const status = `IPP status 0x${response.statusCode.toString(16).padStart(4, '0')}`;
    return problem('fail', 'check.ipp.refusedRequest', { label, detail: status }, 'check.next.callSupport', { detail: status });
  }
  const state = ippAttribute(response, 'printer-state')[0];
  const reasons = ippAttribute(response, 'printer-state-reasons').map(String);
  const detail = `printer-state ${String(state)}; reasons ${reasons.join(',') || 'none'}`;
  const relevant = reasons.filter((r) => reasonSeverity(r) !== 'report' && !QUIET_REASONS.has(reasonBase(r)) && !(r.startsWith('cups-') && !REASON_MESSAGES[reasonBase(r)]));
  const mapped = relevant.map((r) => REASON_MESSAGES[reasonBase(r)]).filter((k): k is MessageKey => k !== undefined);
  const serious = mapped.find((k) => k !== 'check.ipp.markerLow');
  const params = { label, reasons: relevant.join(', ') || 'none' };
  if (state === PRINTER_STATE.stopped)
    return problem('fail', serious ?? mapped[0] ?? 'check.ipp.stopped', params, 'check.next.atPrinter', { detail });
  if (serious) return problem('warn', serious, params, 'check.next.atPrinter', { detail });
  if (relevant.length > mapped.length) return problem('warn', 'check.ipp.otherReason', params, 'check.next.atPrinter', { detail });
  if (mapped.length) return problem('warn', 'check.ipp.markerLow', params, 'check.next.tellSupport', { detail });
  return ok(state === PRINTER_STATE.processing ? 'check.ipp.processing' : 'check.ipp.idle', { label }, detail);
}

function post(target: ServiceTarget, address: string, body: Buffer, signal: AbortSignal, onConnected: () => void): Promise<{ res: IncomingMessage; body: Buffer }> {
  const tls = target.scheme === 'ipps';
  const hostHeader = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const options = {
    host: address,
    port: target.port,
    path: target.path,
    method: 'POST',
    agent: false as const,
    signal,
    headers: { Host: hostHeader, 'Content-Type': 'application/ipp', 'Content-Length': body.length, Connection: 'close' },
    ...(tls ? { servername: target.host } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = (tls ? httpsRequest : httpRequest)(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy(new Error('IPP response too large'));
        else chunks.push(c);
      });
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('socket', (socket) => socket.once(tls ? 'secureConnect' : 'connect', onConnected));
    req.on('error', reject);
    req.end(body);
  });
}

/** Asks the print server for the printer's state (HTTP POST, application/ipp). */
export function probeIpp(target: ServiceTarget): Probe {
  return async (ctx) => {
    const params = { label: ctx.label, host: target.host, port: target.port };
    const queue = decodeURIComponent(target.path.split('/').filter(Boolean).pop() ?? target.path);
    const address = await ctx.resolve(target.host);
    ctx.phase('connect');
    const printerUri = target.url ?? `ipp://${target.host}:${target.port}${target.path}`;
    let reply;
    try {
      reply = await post(target, address, getPrinterAttributesRequest(printerUri), ctx.signal, () => ctx.phase('reply'));
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const cert = certificateVerdict(code, ctx.label, target.host, undefined);
      if (cert) return cert;
      throw err;
    }
    const { res, body } = reply;
    const status = res.statusCode ?? 0;
    const type = String(res.headers['content-type'] ?? '');
    if (status === 404) return problem('fail', 'check.ipp.notFound', { label: ctx.label, queue }, 'check.next.callSupport', { detail: 'HTTP 404' });
    if (status === 401 || status === 403)
      return problem('fail', 'check.ipp.refusedRequest', { label: ctx.label, detail: `HTTP ${status}` }, 'check.next.callSupport', { detail: `HTTP ${status}` });
    if (status !== 200 || !type.startsWith('application/ipp'))
      return problem('fail', 'check.ipp.notIpp', params, 'check.next.callSupport', { detail: `HTTP ${status} ${type}` });
    try {
      return printerVerdict(parseIppResponse(body), ctx.label, queue);
    } catch (err) {
      if (err instanceof IppParseError) return problem('fail', 'check.ipp.notIpp', params, 'check.next.callSupport', { detail: err.message });
      throw err;
    }
  };
}
