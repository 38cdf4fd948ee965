/** `hoc check [--json] [--profile FILE] [--timeout MS]`: checks every office service of the profile. */
import { parseArgs } from 'node:util';
import { renderCheck, worstStatus, type CheckResult } from '../../shared/checks';
import { asUserError } from '../../shared/errors';
import { t, type Lang } from '../../shared/i18n';
import { runChecks } from '../../core/checks';
import { saveLastChecks } from '../../core/checks/last-checks';
import { callHelper } from '../../core/helper-client';
import { helperSocketPath, hocHome } from '../../core/paths';
import { loadConnectProfile } from '../../core/stages';
import { EXIT, type CliCommand } from '../io';

const MARK = { ok: '✔', warn: '!', fail: '✘' } as const;

/** The human-readable lines for one result: verdict, then the next step when there is one. */
export function renderCheckLines(result: CheckResult, lang: Lang): string[] {
  const r = renderCheck(result, lang);
  const head = `${MARK[r.status]} ${r.label} – ${t(lang, `check.status.${r.status}`)} (${r.latencyMs} ms): ${r.message}`;
  return r.status === 'ok' ? [head] : [head, `    → ${r.nextStep}`];
}

/** `hoc check`: exit 0 when nothing failed (notes allowed), 3 when any check failed, 5 when not connected. */
export const checkCommand: CliCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, profile: { type: 'string' }, timeout: { type: 'string' } },
    strict: true,
  });
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 100 && timeoutMs <= 30000)) {
    io.err(t(io.lang, 'error.usage', { detail: '--timeout MS (100–30000)' }));
    return EXIT.invalid;
  }
  let loaded;
  try {
    loaded = await loadConnectProfile({ file: values.profile, env: io.env });
  } catch (err) {
    const e = asUserError(err);
    io.err(e.localized(io.lang));
    return e.code.startsWith('error.profile') || e.code.startsWith('profile.') ? EXIT.invalid : EXIT.failure;
  }
  // Offline is a state, not a failure of every service: without the tunnel, say so in one line.
  const tunnelStatus = await callHelper({ cmd: 'tunnel.status' }, { socketPath: helperSocketPath(io.env), timeoutMs: 1500 }).catch(() => undefined);
  if (tunnelStatus?.state !== 'up') {
    const key = tunnelStatus ? 'check.cli.offline' : 'check.cli.offlineNoHelper';
    if (values.json) io.out(JSON.stringify({ status: 'offline', helper: tunnelStatus ? 'running' : 'unreachable', message: t(io.lang, key), results: [] }, null, 2));
    else io.out(t(io.lang, key));
    return EXIT.offline;
  }
  const started = Date.now();
  const results = await runChecks(loaded.profile, { ...(tunnelStatus ? { tunnelStatus } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
  // Stored like connect stores them, for the diagnostics package.
  await saveLastChecks(hocHome(io.env), results).catch(() => undefined);
  const ms = Date.now() - started;
  const status = worstStatus(results);
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          status,
          durationMs: ms,
          results: results.map((r) => ({ ...renderCheck(r, io.lang), code: r.message.code })),
        },
        null,
        2,
      ),
    );
  } else {
    for (const r of results) for (const line of renderCheckLines(r, io.lang)) (r.status === 'fail' ? io.err : io.out)(line);
    io.out(
      failed + warned === 0
        ? t(io.lang, 'check.cli.summaryOk', { count: results.length, ms })
        : t(io.lang, 'check.cli.summaryProblems', { failed, warned, count: results.length, ms }),
    );
  }
  return failed > 0 ? EXIT.degraded : EXIT.ok;
};
