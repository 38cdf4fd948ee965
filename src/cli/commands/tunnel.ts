/** `hoc connect`, `hoc status`, `hoc disconnect`: the session commands. */
import { parseArgs } from 'node:util';
import { t } from '../../shared/i18n';
import { UserError } from '../../shared/errors';
import type { CheckResult } from '../../shared/checks';
import type { Place, StepEvent } from '../../shared/session';
import type { TunnelStatus } from '../../shared/helper-protocol';
import { proveOffice } from '../../core/office/proof';
import { getActiveProfile } from '../../core/profile';
import { hocHome, helperSocketPath } from '../../core/paths';
import { sessionStatus } from '../../core/session/session';
import { connectOffice, disconnectOffice, type OfficeOptions } from '../../core/stages';
import { EXIT, type CliCommand, type CliIo } from '../io';
import { renderCheckLines } from './check';
import { driveLine, printerLine } from './drives';
import { formatBytes, renderError, renderStepEvent } from '../render';
import { orderedSections } from '../ordered';
import { expiryWarning } from '../../shared/profile';

/** The office options for this user: home, helper socket, environment. */
export function officeOptions(io: CliIo, extra: Partial<OfficeOptions> = {}): OfficeOptions {
  return { home: hocHome(io.env), helper: { socketPath: helperSocketPath(io.env) }, env: io.env, ...extra };
}

/** The exit code for a failure: helper (4), profile (2), anything else (1). */
export function exitFor(err: UserError): number {
  return err.code.startsWith('error.helper.') ? EXIT.helper : err.code.startsWith('error.profile') ? EXIT.invalid : EXIT.failure;
}

/** The same io, with lines indented under their step. */
function indented(io: CliIo): CliIo {
  return { ...io, out: (l) => io.out(`  ${l}`), err: (l) => io.err(`  ${l}`) };
}

/** The steps that run side by side after the names resolve. */
const LATER_STEPS = ['services', 'drives', 'printers'] as const;
const isLaterStep = (step: StepEvent['step']): step is (typeof LATER_STEPS)[number] => (LATER_STEPS as readonly string[]).includes(step);

/** `hoc connect [--profile FILE]`: core runs every step; this only renders what it hears. */
export const connectCommand: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { profile: { type: 'string' } }, strict: true });
  const started = Date.now();
  let checks: readonly CheckResult[] = [];
  let fingerprint = '';
  let expiry: ReturnType<typeof expiryWarning> = null;
  // Services, drives and printers run side by side; their lines still come out in step order.
  const sections = orderedSections(LATER_STEPS, io);
  let profileOk = false;
  const result = await connectOffice(
    officeOptions(io, {
      profileFile: values.profile,
      onLoaded: (loaded) => {
        fingerprint = `${loaded.profile.org.name} (${loaded.fingerprint})`;
        expiry = expiryWarning(loaded.profile, new Date());
      },
      onEvent: (e) => {
        // Every finished step with its technical detail goes to the log; the screen gets the catalogue line.
        if (e.state === 'failed') io.log?.warn(`step ${e.step} failed`, e.error);
        else if (e.state !== 'running') io.log?.info(`step ${e.step}: ${e.state}${e.ms !== undefined ? ` (${e.ms} ms)` : ''}`);
        const out = isLaterStep(e.step) ? sections.section(e.step) : io;
        // The profile step names the company and its key's fingerprint instead of its time.
        const loadedLine = e.step === 'profile' && e.state === 'ok';
        const line = renderStepEvent(loadedLine ? { step: e.step, state: e.state } : e, io.lang);
        if (line) (e.state === 'failed' ? out.err : out.out)(loadedLine ? `${line}: ${fingerprint}` : line);
        // Thirty days before the profile expires: say so under the profile line, with whom to call.
        if (loadedLine && expiry) io.out(`  ${t(io.lang, expiry.key, expiry.params)}`);
        if (e.step === 'profile' && e.state === 'ok') profileOk = true;
        // A tunnel skipped after a good profile: the office proof held (docs/office.md).
        if (e.step === 'tunnel' && e.state === 'skipped' && profileOk) io.out(`  ${t(io.lang, 'step.tunnel.office')}`);
        // The services step's verdicts, one indented line each, right under it.
        if (e.step === 'services' && e.state !== 'running') {
          for (const r of checks) for (const l of renderCheckLines(r, io.lang)) (r.status === 'fail' ? out.err : out.out)(`    ${l}`);
        }
        if (e.state !== 'running' && isLaterStep(e.step)) sections.finish(e.step);
      },
      onChecks: (results) => {
        checks = results;
      },
      onDrive: (e) => driveLine(indented(sections.section('drives')), e),
      onPrinter: (e) => printerLine(indented(sections.section('printers')), e),
    }),
  );
  if (result.phase === 'error') {
    // The error once more as the last line (as before); a failed profile step already said it on its own line.
    if (result.error && result.org) io.err(renderError(result.error, io.lang));
    return exitFor(UserError.fromData(result.error ?? { code: 'error.internal', params: { detail: '?' } }));
  }
  const total = Date.now() - started;
  const org = result.org?.name ?? '';
  const summary = result.phase === 'ready' ? 'step.ready' : result.phase === 'office' ? 'step.office' : 'status.connected';
  io.out(`${t(io.lang, summary, { org })} (${total} ms)`);
  return result.phase === 'ready' || result.phase === 'office' ? EXIT.ok : EXIT.degraded;
};

/**
 * Where the computer is now: with the tunnel up it is away from the office by
 * definition (the proof would run through it); else one proof with the active
 * profile's pinned key, when it has one (docs/office.md).
 */
async function currentPlace(io: CliIo, status: TunnelStatus): Promise<Place> {
  if (status.state === 'up') return 'home';
  const active = await getActiveProfile(io.env).catch(() => null);
  if (!active?.profile.office) return 'home';
  return (await proveOffice({ office: active.profile.office, tunnelAddresses: active.profile.tunnel.address })).place;
}

/** `hoc status [--json]`. */
export const statusCommand: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const { status, record } = await sessionStatus(officeOptions(io));
  const now = Math.floor(Date.now() / 1000);
  const place = await currentPlace(io, status);
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
          place,
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  if (status.state !== 'up') {
    io.out(place === 'office' && record ? t(io.lang, 'status.office', { org: record.orgName }) : t(io.lang, 'status.disconnected'));
    if (place === 'office' && !record) io.out(`  ${t(io.lang, 'status.place.office')}`);
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
  const result = await disconnectOffice(officeOptions(io));
  for (const e of result.errors) io.err(`  ${renderError(e, io.lang)}`);
  io.out(t(io.lang, 'step.disconnect.done'));
  return result.errors.length ? EXIT.failure : EXIT.ok;
};
