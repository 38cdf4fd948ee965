/**
 * `hoc drives`, `hoc printers`, `hoc account`: the network drives, the office
 * printers and the office sign-in they use, outside a full connect (after
 * `hoc connect` or to test a plotter on the phone with support).
 */
import { parseArgs } from 'node:util';
import { t } from '../../shared/i18n';
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import { hocHome, helperSocketPath } from '../../core/paths';
import { forgetOfficeAccount, loadOfficeAccount, saveOfficeAccount } from '../../core/account';
import type { StoredProfile } from '../../shared/profile/types';
import { listDrives } from '../../core/drives';
import { listPrinters, printTestPage } from '../../core/printers';
import { connectOffice, disconnectOffice, healOffice, loadConnectProfile, type DriveEvent, type PrinterEvent } from '../../core/stages';
import { defaultSecretStores, withFileConsent } from '../../core/profile';
import { EXIT, type CliCommand, type CliIo } from '../io';
import { renderError } from '../render';
import { refusedWithoutKeychain, STORE_IN_FILE_OPTION } from '../secret-consent';

function fail(io: CliIo, err: unknown): number {
  const e = asUserError(err);
  io.err(renderError(e.toData(), io.lang));
  return e.code.startsWith('error.helper.') ? EXIT.helper : e.code.startsWith('error.profile') ? EXIT.invalid : EXIT.failure;
}

/** The verified profile (a file, or the imported one). */
async function loadProfile(file: string | undefined, io: CliIo): Promise<StoredProfile> {
  return (await loadConnectProfile({ file, env: io.env })).profile;
}

/** One progress line for a drive. */
export function driveLine(io: CliIo, e: DriveEvent): void {
  if ('error' in e) io.err(`  ${e.letter}: ${renderError(e.error, io.lang)}`);
  else if (e.outcome.status === 'reused') io.out(`  ${t(io.lang, 'drives.reused', { letter: e.letter, label: e.label })}`);
  else io.out(`  ${t(io.lang, 'drives.mapped', { letter: e.letter, label: e.label, path: e.outcome.path })}`);
}

/** One progress line for a printer. */
export function printerLine(io: CliIo, e: PrinterEvent): void {
  if ('error' in e) io.err(`  ${e.name}: ${renderError(e.error, io.lang)}`);
  else io.out(`  ${t(io.lang, e.status === 'reused' ? 'printers.reused' : 'printers.added', { name: e.name })}${e.driver ? ` (${e.driver})` : ''}`);
}

function report(io: CliIo, errors: readonly UserErrorData[]): number {
  for (const e of errors) io.err(renderError(e, io.lang));
  return errors.length ? EXIT.degraded : EXIT.ok;
}

/** `hoc drives [list | connect [--profile FILE] | disconnect]`. */
export const drivesCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseArgs({ args, options: { profile: { type: 'string' } }, allowPositionals: true, strict: true });
  const sub = positionals[0] ?? 'list';
  const home = hocHome(io.env);
  const helper = { socketPath: helperSocketPath(io.env) };
  try {
    if (sub === 'list') {
      const profile = await loadProfile(values.profile, io).catch(() => null);
      const mapped = await listDrives();
      if (!profile?.drives?.length) io.out(t(io.lang, 'drives.none'));
      for (const d of profile?.drives ?? []) {
        const on = mapped.find((m) => m.letter === d.letter && m.share.toLowerCase() === d.share.toLowerCase());
        io.out(t(io.lang, on ? 'drives.listMapped' : 'drives.listNotMapped', { letter: d.letter, label: d.label, share: d.share }));
      }
      return EXIT.ok;
    }
    const office = { home, helper, env: io.env, profileFile: values.profile };
    if (sub === 'connect') {
      // The same stages as a connect, without the tunnel: the record is merged into in the same way.
      const r = await connectOffice({ ...office, only: ['profile', 'drives', 'printers'], onDrive: (e) => driveLine(io, e), onPrinter: (e) => printerLine(io, e) });
      if (r.phase === 'error') return fail(io, UserError.fromData(r.error ?? { code: 'error.internal', params: { detail: '?' } }));
      return report(io, r.error ? [r.error] : []);
    }
    if (sub === 'disconnect') {
      const r = await disconnectOffice({
        ...office,
        only: ['drives', 'printers'],
        onUnmapped: (letter) => io.out(`  ${t(io.lang, 'drives.unmapped', { letter })}`),
        onPrinterRemoved: (name) => io.out(`  ${t(io.lang, 'printers.removed', { name })}`),
      });
      return report(io, r.errors);
    }
    if (sub === 'heal') {
      // Maps again what this session added and the system dropped (the app does this by itself).
      const loaded = await loadConnectProfile({ file: values.profile, env: io.env });
      const errors = await healOffice({ ...office, only: ['drives'], onDrive: (e) => 'outcome' in e && e.outcome.status === 'mapped' && io.out(`  ${t(io.lang, 'drives.remapped', { letter: e.letter })}`) }, loaded);
      return report(io, errors);
    }
    io.err(`hoc drives list | connect [--profile FILE] | heal | disconnect`);
    return EXIT.invalid;
  } catch (err) {
    return fail(io, err);
  }
};

/** `hoc printers [list] | test-page NAME`. */
export const printersCommand: CliCommand = async (args, io) => {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [sub = 'list', name] = positionals;
  try {
    if (sub === 'list') {
      for (const p of await listPrinters({ socketPath: helperSocketPath(io.env) })) {
        io.out(t(io.lang, 'printers.listLine', { name: p.name, uri: p.uri, mark: p.managed ? t(io.lang, 'printers.markManaged') : '' }));
      }
      return EXIT.ok;
    }
    if (sub === 'test-page' && name) {
      const { job } = await printTestPage(name);
      io.out(t(io.lang, 'printers.testPageSent', { name, job }));
      return EXIT.ok;
    }
    io.err('hoc printers list | test-page NAME');
    return EXIT.invalid;
  } catch (err) {
    return fail(io, err);
  }
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `hoc account set --user NAME [--domain DOMAIN] --password-stdin | show | forget` (needs the profile for the org). */
export const accountCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      profile: { type: 'string' },
      user: { type: 'string' },
      domain: { type: 'string', default: '' },
      'password-stdin': { type: 'boolean', default: false },
      ...STORE_IN_FILE_OPTION,
    },
    allowPositionals: true,
    strict: true,
  });
  const sub = positionals[0] ?? 'show';
  try {
    const profile = await loadProfile(values.profile, io);
    const orgId = profile.org.id;
    if (sub === 'set') {
      if (!values.user) {
        io.err('hoc account set --user NAME [--domain DOMAIN] --password-stdin');
        return EXIT.invalid;
      }
      const password = values['password-stdin'] ? await readStdin() : '';
      if (!password) {
        io.err(t(io.lang, 'account.noPassword'));
        return EXIT.invalid;
      }
      const stores = withFileConsent(defaultSecretStores(io.env), values['store-in-file']);
      const where = await saveOfficeAccount(orgId, { user: values.user, domain: values.domain, password }, stores);
      io.out(
        where.kind === 'keyring'
          ? t(io.lang, 'account.saved', { user: values.user })
          : t(io.lang, 'account.savedFile', { user: values.user, location: where.location }),
      );
      return EXIT.ok;
    }
    if (sub === 'show') {
      const found = await loadOfficeAccount(orgId);
      io.out(found ? t(io.lang, 'account.show', { user: found.account.user, domain: found.account.domain, where: found.where.location }) : t(io.lang, 'account.none'));
      return EXIT.ok;
    }
    if (sub === 'forget') {
      io.out(t(io.lang, (await forgetOfficeAccount(orgId)) ? 'account.forgotten' : 'account.none'));
      return EXIT.ok;
    }
    io.err('hoc account set | show | forget');
    return EXIT.invalid;
  } catch (err) {
    return refusedWithoutKeychain(io, err) ?? fail(io, err);
  }
};
