/** `hoc connect`, `hoc status`, `hoc disconnect`: the session commands. */
import { parseArgs } from 'node:util';
import { t } from '../../shared/i18n';
import { UserError, asUserError } from '../../shared/errors';
import { hocHome, helperSocketPath } from '../../core/paths';
import { connectSession, disconnectSession, sessionStatus, type SessionDeps } from '../../core/session/session';
import { resolveConnectProfile } from '../../core/session/active-profile';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { callHelper } from '../../core/helper-client';
import { createServicesStage } from '../../core/checks';
import type { CheckResult } from '../../shared/checks';
import { EXIT, type CliCommand, type CliIo } from '../io';
import { renderCheckLines } from './check';
import { createDrivesStage } from '../../core/drives';
import { createPrintersStage } from '../../core/printers';
import { driveLine, printerLine } from './drives';
import { formatBytes, renderError, renderStepEvent } from '../render';
import { orderedSections } from '../ordered';
import type { StepEvent } from '../../shared/session';
import { expiryWarning } from '../../shared/profile';

function deps(io: CliIo, extra: Partial<SessionDeps> = {}): SessionDeps {
  return { home: hocHome(io.env), helper: { socketPath: helperSocketPath(io.env) }, ...extra };
}

function exitFor(err: UserError): number {
  return err.code.startsWith('error.helper.') ? EXIT.helper : err.code.startsWith('error.profile') ? EXIT.invalid : EXIT.failure;
}

/** The same io, with lines indented under their step. */
function indented(io: CliIo): CliIo {
  return { ...io, out: (l) => io.out(`  ${l}`), err: (l) => io.err(`  ${l}`) };
}

/** Keeps the latest verdicts for the diagnostics package. */
async function saveLastChecks(home: string, results: readonly CheckResult[]): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  await writeFile(join(home, 'last-checks.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2), { mode: 0o600 });
}

/** The steps that run side by side after the names resolve. */
const LATER_STEPS = ['services', 'drives', 'printers'] as const;
const isLaterStep = (step: StepEvent['step']): step is (typeof LATER_STEPS)[number] => (LATER_STEPS as readonly string[]).includes(step);

/** `hoc connect [--profile FILE]`. */
export const connectCommand: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { profile: { type: 'string' } }, strict: true });
  const started = Date.now();
  let loaded;
  try {
    loaded = await resolveConnectProfile(values.profile, io.env);
    io.out(`[1/6] ${t(io.lang, 'step.profile')} … ${t(io.lang, 'step.state.ok')}: ${loaded.profile.org.name} (${loaded.fingerprint})`);
    const expiry = expiryWarning(loaded.expiry, new Date());
    if (expiry) io.out(`  ${t(io.lang, expiry.key, expiry.params)}`);
  } catch (err) {
    const e = asUserError(err);
    io.err(`[1/6] ${t(io.lang, 'step.profile')} … ${t(io.lang, 'step.state.failed')}: ${e.localized(io.lang)}`);
    return exitFor(e);
  }
  const d = deps(io);
  let checks: readonly CheckResult[] = [];
  // Services, drives and printers run side by side; their lines still come out in step order.
  const sections = orderedSections(LATER_STEPS, io);
  const result = await connectSession(loaded.profile, loaded.privateKey, {
    ...d,
    onEvent: (e) => {
      const out = isLaterStep(e.step) ? sections.section(e.step) : io;
      const line = renderStepEvent(e, io.lang);
      if (line) (e.state === 'failed' ? out.err : out.out)(line);
      // The services step's verdicts, one indented line each, right under it.
      if (e.step === 'services' && e.state !== 'running') {
        for (const r of checks) for (const l of renderCheckLines(r, io.lang)) (r.status === 'fail' ? out.err : out.out)(`    ${l}`);
      }
      if (e.state !== 'running' && isLaterStep(e.step)) sections.finish(e.step);
    },
    stages: {
      services: createServicesStage({
        tunnelStatus: () => callHelper({ cmd: 'tunnel.status' }, d.helper),
        onResults: (results) => {
          checks = results;
          void saveLastChecks(d.home, results);
        },
      }),
      drives: createDrivesStage({ onDrive: (e) => driveLine(indented(sections.section('drives')), e) }),
      printers: createPrintersStage({ helper: d.helper, onPrinter: (e) => printerLine(indented(sections.section('printers')), e) }),
    },
  });
  if (result.phase === 'error') {
    if (result.error) io.err(renderError(result.error, io.lang));
    return exitFor(UserError.fromData(result.error ?? { code: 'error.internal', params: { detail: '?' } }));
  }
  const total = Date.now() - started;
  io.out(`${t(io.lang, result.phase === 'ready' ? 'step.ready' : 'status.connected', { org: loaded.profile.org.name })} (${total} ms)`);
  return result.phase === 'ready' ? EXIT.ok : EXIT.degraded;
};

/** `hoc status [--json]`. */
export const statusCommand: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const { status, record } = await sessionStatus(deps(io));
  const now = Math.floor(Date.now() / 1000);
  if (values.json) {
    const up = status.state === 'up';
    io.out(
      JSON.stringify(
        {
          connected: up,
          org: record ? { id: record.orgId, name: record.orgName } : null,
          interface: up ? status.interface : null,
          addresses: up ? status.addresses : [],
          endpoint: up ? status.endpoint : null,
          latestHandshake: up && status.latestHandshake ? new Date(status.latestHandshake * 1000).toISOString() : null,
          handshakeAgeSeconds: up && status.latestHandshake ? Math.max(0, now - status.latestHandshake) : null,
          rxBytes: up ? status.rxBytes : 0,
          txBytes: up ? status.txBytes : 0,
          since: up ? status.since : null,
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  if (status.state !== 'up') {
    io.out(t(io.lang, 'status.disconnected'));
    return EXIT.ok;
  }
  io.out(t(io.lang, 'status.connected', { org: record?.orgName ?? status.interface }));
  io.out(`  ${status.latestHandshake ? t(io.lang, 'status.handshake', { seconds: Math.max(0, now - status.latestHandshake) }) : t(io.lang, 'status.noHandshake')}`);
  io.out(`  ${t(io.lang, 'status.traffic', { rx: formatBytes(status.rxBytes), tx: formatBytes(status.txBytes) })}`);
  if (status.endpoint) io.out(`  ${t(io.lang, 'status.endpoint', { endpoint: status.endpoint })}`);
  return EXIT.ok;
};

/** `hoc disconnect`. */
export const disconnectCommand: CliCommand = async (args, io) => {
  parseArgs({ args, options: {}, strict: true });
  io.out(`${t(io.lang, 'step.disconnect.tunnel')} …`);
  const result = await disconnectSession(deps(io));
  for (const e of result.errors) io.err(`  ${renderError(e, io.lang)}`);
  io.out(t(io.lang, 'step.disconnect.done'));
  return result.errors.length ? EXIT.failure : EXIT.ok;
};
