/** Builders for verdicts, and the classification of network errors into plain-language ones. */
import type { CheckStatus } from '../../shared/checks';
import type { MessageKey, MessageParams } from '../../shared/i18n';
import type { ProbePhase, Verdict } from './types';

/** A working service: nothing to do. */
export function ok(code: MessageKey, params: MessageParams, detail?: string): Verdict {
  return { status: 'ok', message: { code, params }, next: 'check.next.none', support: false, ...(detail ? { detail } : {}) };
}

/** A problem; `support` true when only IT can fix it. */
export function problem(
  status: Exclude<CheckStatus, 'ok'>,
  code: MessageKey,
  params: MessageParams,
  next: MessageKey = 'check.next.callSupport',
  opts: { support?: boolean; detail?: string; nextParams?: MessageParams } = {},
): Verdict {
  return {
    status,
    message: { code, params },
    next,
    support: opts.support ?? next !== 'check.next.fixDnsFirst',
    ...(opts.detail ? { detail: opts.detail } : {}),
    ...(opts.nextParams ? { nextParams: opts.nextParams } : {}),
  };
}

/** The target a verdict talks about. */
export interface Where {
  readonly label: string;
  readonly host: string;
  readonly port: number;
}

function params(where: Where, extra: MessageParams = {}): MessageParams {
  return { label: where.label, host: where.host, port: where.port, ...extra };
}

/** The verdict for running out of time, by where the probe got stuck. */
export function timeoutVerdict(where: Where, phase: ProbePhase, timeoutMs: number): Verdict {
  const p = params(where, { seconds: Math.round(timeoutMs / 100) / 10 });
  const detail = `no answer within ${timeoutMs} ms (${phase})`;
  if (phase === 'resolve') return problem('fail', 'check.common.timeoutResolve', p, 'check.next.fixDnsFirst', { detail });
  if (phase === 'reply') return problem('fail', 'check.common.timeoutReply', p, 'check.next.callSupport', { detail });
  return problem('fail', 'check.common.timeoutConnect', p, 'check.next.callSupport', { detail });
}

/** An error a probe raises on purpose when the peer hangs up before answering. */
export class ClosedError extends Error {
  readonly code = 'ECLOSED';
  constructor(readonly received: number = 0) {
    super('connection closed before an answer');
  }
}

const NAME_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'ENODATA', 'ESERVFAIL', 'ENONAME', 'ETIMEOUT', 'ECONNREFUSED_DNS']);

/** Turns a thrown network error into a verdict a person understands. */
export function verdictForError(err: unknown, where: Where, phase: ProbePhase): Verdict {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
  const detail = `${code || 'error'}: ${err instanceof Error ? err.message : String(err)}`;
  if (phase === 'resolve' && (NAME_ERRORS.has(code) || code.startsWith('EAI_') || code === 'ECONNREFUSED'))
    return problem('fail', 'check.common.nameUnresolved', params(where), 'check.next.fixDnsFirst', { detail });
  switch (code) {
    case 'ECONNREFUSED':
      return problem('fail', 'check.common.refused', params(where), 'check.next.callSupport', { detail });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
      return problem('fail', 'check.common.unreachable', params(where), 'check.next.reconnect', { detail });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECLOSED':
      return problem('fail', 'check.common.closed', params(where), 'check.next.callSupport', { detail });
    default:
      return problem('fail', 'check.common.error', params(where, { detail: detail.slice(0, 200) }), 'check.next.callSupport', { detail });
  }
}
