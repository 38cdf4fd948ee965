/** `hoc profile check|import|list|remove`: thin wrapper over core/profile. */
import { parseArgs } from 'node:util';
import { importProfile, listProfiles, loadProfileFile, planImport, removeProfile, type VerifiedProfile } from '../../core/profile';
import { UserError, asUserError } from '../../shared/errors';
import { isLang, t, type Lang } from '../../shared/i18n';
import type { Profile } from '../../shared/profile';
import { EXIT, type CliCommand, type CliIo } from '../io';

/** One line for a refused or failed operation; the JSON path follows in brackets. */
function refusedLine(err: UserError, lang: Lang): string {
  const where = err.detail?.startsWith('$') ? ` [${err.detail}]` : '';
  return t(lang, 'profile.cli.refused', { message: err.localized(lang) }) + where;
}

function exitFor(err: UserError): number {
  if (err.code === 'error.helper.unreachable' || err.code === 'error.helper.denied' || err.code === 'error.helper.protocol') return EXIT.helper;
  return err.code.startsWith('profile.store.secret') || err.code === 'profile.store.write' || err.code === 'error.internal'
    ? EXIT.failure
    : EXIT.invalid;
}

function usageError(io: CliIo, err: unknown): number {
  io.err(t(io.lang, 'error.usage', { detail: err instanceof Error ? err.message : String(err) }));
  io.err(t(io.lang, 'profile.cli.usage'));
  return EXIT.invalid;
}

/** The summary shown by check and import: org, user, support, fingerprint, services, drives, printers. */
function summaryLines(v: VerifiedProfile, lang: Lang): string[] {
  const p = v.profile;
  const lines = [
    t(lang, 'profile.cli.org', { name: p.org.name, id: p.org.id, domain: p.org.domain }),
    t(lang, 'profile.cli.user', { name: p.user.name, role: p.user.role }),
    t(lang, 'profile.cli.support', { ...p.support }),
    t(lang, 'profile.cli.fingerprint', { fingerprint: v.fingerprint }),
    t(lang, 'profile.cli.serial', { serial: p.serial, expires: p.expiresAt }),
    t(lang, 'profile.cli.services', { count: p.services.length }),
    ...(p.services.length ? p.services.map((s) => `  ${s.label} (${s.kind}: ${'url' in s ? s.url : s.port ? `${s.host}:${s.port}` : s.host})`) : [t(lang, 'profile.cli.none')]),
    t(lang, 'profile.cli.drives', { count: p.drives.length }),
    ...(p.drives.length ? p.drives.map((d) => `  ${d.letter}: ${d.label} → ${d.share}`) : [t(lang, 'profile.cli.none')]),
    t(lang, 'profile.cli.printers', { count: p.printers.length }),
    ...(p.printers.length ? p.printers.map((pr) => `  ${pr.label} (${pr.name}) → ${pr.uri}`) : [t(lang, 'profile.cli.none')]),
  ];
  return lines;
}

/** The profile as JSON for --json, without any key material. */
function publicView(p: Profile): unknown {
  const { privateKey: _privateKey, ...tunnel } = p.tunnel;
  const { presharedKey, ...peer } = tunnel.peer;
  return { ...p, tunnel: { ...tunnel, peer: { ...peer, hasPresharedKey: presharedKey !== undefined } } };
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, lang: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) return usageError(io, 'check FILE');
  if (values.lang !== undefined && !isLang(values.lang)) return usageError(io, '--lang de|en');
  const lang: Lang = values.lang ?? io.lang;
  try {
    const v = await loadProfileFile(positionals[0]!);
    if (values.json) {
      io.out(JSON.stringify({ ok: true, fingerprint: v.fingerprint, orgKey: v.orgKey, profile: publicView(v.profile) }, null, 2));
    } else {
      io.out(t(lang, 'profile.cli.valid'));
      for (const line of summaryLines(v, lang)) io.out(line);
    }
    return EXIT.ok;
  } catch (err) {
    const e = asUserError(err);
    if (values.json) io.out(JSON.stringify({ ok: false, error: e.toData(), message: e.localized(lang) }));
    else io.err(refusedLine(e, lang));
    return exitFor(e);
  }
}

async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { yes: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) return usageError(io, 'import FILE');
  const lang = io.lang;
  try {
    const v = await loadProfileFile(positionals[0]!);
    const plan = await planImport(v, { env: io.env });
    for (const line of summaryLines(v, lang)) io.out(line);
    io.out(
      plan.kind === 'first'
        ? t(lang, 'profile.cli.firstImport')
        : t(lang, 'profile.cli.update', { current: plan.currentSerial, serial: v.profile.serial }),
    );
    io.out(t(lang, 'profile.cli.compare'));
    if (!values.yes && !(await io.confirm(t(lang, 'profile.cli.confirm')))) {
      io.err(t(lang, 'profile.cli.aborted'));
      return EXIT.failure;
    }
    const result = await importProfile(v, { env: io.env });
    io.out(t(lang, 'profile.cli.imported', { org: v.profile.org.name }));
    if (result.machinePin === 'new') io.out(t(lang, 'profile.cli.machinePinned', { fingerprint: v.fingerprint }));
    io.out(t(lang, 'profile.cli.keyInHelper'));
    return EXIT.ok;
  } catch (err) {
    const e = asUserError(err);
    io.err(refusedLine(e, lang));
    return exitFor(e);
  }
}

async function list(args: string[], io: CliIo): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const profiles = await listProfiles({ env: io.env });
  if (profiles.length === 0) {
    io.out(t(io.lang, 'profile.cli.listEmpty'));
    return EXIT.ok;
  }
  for (const p of profiles) {
    const expires = p.expired ? `${p.expiresAt} ${t(io.lang, 'profile.cli.listExpired')}` : p.expiresAt;
    io.out(
      t(io.lang, 'profile.cli.listLine', {
        marker: p.active ? '*' : ' ',
        id: p.orgId,
        name: p.orgName,
        user: p.userName,
        serial: p.serial,
        expires,
        fingerprint: p.fingerprint,
      }),
    );
  }
  return EXIT.ok;
}

async function remove(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) return usageError(io, 'remove ID');
  try {
    await removeProfile(positionals[0]!, { env: io.env });
    io.out(t(io.lang, 'profile.cli.removed', { id: positionals[0]! }));
    return EXIT.ok;
  } catch (err) {
    const e = asUserError(err);
    io.err(e.localized(io.lang));
    return exitFor(e);
  }
}

const subcommands: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  check,
  import: importCommand,
  list,
  remove,
};

/** `hoc profile SUBCOMMAND ...`. */
export const profileCommand: CliCommand = async (args, io) => {
  const [name, ...rest] = args;
  const run = name !== undefined ? subcommands[name] : undefined;
  if (!run) {
    io.err(t(io.lang, 'profile.cli.usage'));
    return EXIT.invalid;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof TypeError && String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) return usageError(io, err);
    const e = asUserError(err);
    io.err(e.localized(io.lang));
    return exitFor(e);
  }
};
