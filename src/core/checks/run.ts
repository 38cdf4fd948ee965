/**
 * Runs probes concurrently, each under its own deadline: a dead service costs
 * its timeout once, and a timeout says where the probe got stuck.
 */
import type { CheckKind, CheckResult } from '../../shared/checks';
import type { ProbeContext, ProbePhase, Probe, Verdict } from './types';
import { timeoutVerdict, verdictForError, type Where } from './verdict';

/** One probe to run, with what the runner needs to report on it. */
export interface ProbeJob {
  readonly id: string;
  readonly kind: CheckKind;
  readonly label: string;
  readonly timeoutMs: number;
  /** Host and port for the generic messages (timeout, refused …). */
  readonly where: Where;
  readonly probe: Probe;
}

/** What all probes of a run share. */
export type SharedContext = Omit<ProbeContext, 'signal' | 'timeoutMs' | 'label' | 'phase'>;

/** Runs one probe under its deadline and turns what happened into a result. */
export async function runProbe(job: ProbeJob, shared: SharedContext, phone: string, outer?: AbortSignal): Promise<CheckResult> {
  const controller = new AbortController();
  const started = performance.now();
  let phase: ProbePhase = 'connect';
  let timedOut = false;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  const deadline = new Promise<Verdict>((resolve) => {
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(Object.assign(new Error('check timed out'), { code: 'ETIMEDOUT' }));
    }, job.timeoutMs);
    controller.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(timeoutVerdict(job.where, phase, job.timeoutMs));
      },
      { once: true },
    );
  });

  const ctx: ProbeContext = {
    ...shared,
    signal: controller.signal,
    timeoutMs: job.timeoutMs,
    label: job.label,
    phase: (p) => {
      phase = p;
    },
    // A name that takes longer than the deadline must not let the probe carry on afterwards.
    resolve: (host) => {
      phase = 'resolve';
      return Promise.race([
        shared.resolve(host).then((address) => {
          if (controller.signal.aborted) throw controller.signal.reason;
          phase = 'connect';
          return address;
        }),
        deadline.then(() => {
          throw controller.signal.reason;
        }),
      ]);
    },
  };

  const work = job.probe(ctx).catch((err: unknown) =>
    controller.signal.aborted ? timeoutVerdict(job.where, phase, job.timeoutMs) : verdictForError(err, job.where, phase),
  );
  let verdict: Verdict;
  try {
    verdict = await Promise.race([work, deadline]);
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
    // Ends whatever the probe still holds open (sockets, queries).
    if (!controller.signal.aborted) controller.abort(Object.assign(new Error('check finished'), { code: 'ABORT_ERR' }));
  }
  const latencyMs = Math.round(performance.now() - started);
  const detail = timedOut && !verdict.detail ? `timed out after ${job.timeoutMs} ms` : verdict.detail;
  return {
    id: job.id,
    kind: job.kind,
    label: job.label,
    status: verdict.status,
    latencyMs,
    message: verdict.message,
    nextStep: { code: verdict.next, params: { phone, ...verdict.nextParams } },
    ...(verdict.support && verdict.status !== 'ok' && phone ? { supportPhone: phone } : {}),
    ...(detail ? { detail } : {}),
  };
}
