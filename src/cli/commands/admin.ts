/** `hoc admin init | add-user | add-users | renew | revoke | sign | from-wg | opnsense` on an organisation folder (`--org-dir DIR`, default: cwd). Thin: logic is in core/admin. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { basename, relative } from 'node:path';
import {
  REVOKED_ADDRESS_HOLD_DAYS,
  addUser,
  addUsers,
  initOrg,
  parseEmployeeCsv,
  payloadFromWireGuard,
  renewUser,
  setOfficeProof,
  revokeUser,
  signPayloadFile,
  writeInstallerFiles,
  type AddUserResult,
} from '../../core/admin';
import { UserError, asUserError } from '../../shared/errors';
import { opnsense, push } from './admin-opnsense';
import { UsageError } from './admin-usage';
import { isLang, t, type Lang } from '../../shared/i18n';
import { EXIT, type CliCommand, type CliIo } from '../io';



/** Takes `--org-dir DIR` / `--org-dir=DIR` out of the arguments, wherever it stands. */
function splitOrgDir(args: string[]): { orgDir: string; rest: string[] } {
  const rest: string[] = [];
  let orgDir = process.cwd();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const inline = /^--org-dir=(.+)$/.exec(a);
    if (inline) orgDir = inline[1]!;
    else if (a === '--org-dir') {
      const v = args[++i];
      if (v === undefined) throw new UsageError('--org-dir DIR');
      orgDir = v;
    } else rest.push(a);
  }
  return { orgDir, rest };
}

const list = (v: string | undefined): string[] => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);

function required<T extends Record<string, unknown>>(values: T, names: (keyof T & string)[]): void {
  const missing = names.filter((n) => values[n] === undefined);
  if (missing.length) throw new UsageError(missing.map((m) => `--${m}`).join(', '));
}

function int(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value)) throw new UsageError(`${option} ${value}`);
  return Number(value);
}

const show = (file: string): string => {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
};

async function init(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const s = { type: 'string' } as const;
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      'org-id': s,
      'org-name': s,
      domain: s,
      endpoint: s,
      'server-key': s,
      'allowed-ips': s,
      dns: s,
      'search-domains': s,
      'address-pool': s,
      mtu: s,
      keepalive: s,
      'validity-days': s,
      'no-psk': { type: 'boolean', default: false },
      'support-name': s,
      'support-phone': s,
      'support-email': s,
      'support-hours': s,
    },
  });
  if (positionals.length) throw new UsageError(positionals.join(' '));
  required(values, ['org-id', 'org-name', 'domain', 'endpoint', 'server-key', 'allowed-ips', 'support-name', 'support-phone', 'support-email', 'support-hours']);
  const mtu = int(values.mtu, '--mtu');
  const keepalive = int(values.keepalive, '--keepalive');
  const validityDays = int(values['validity-days'], '--validity-days');
  const result = await initOrg(orgDir, {
    orgId: values['org-id']!,
    orgName: values['org-name']!,
    domain: values.domain!,
    endpoint: values.endpoint!,
    serverKey: values['server-key']!,
    allowedIPs: list(values['allowed-ips']),
    dns: list(values.dns),
    ...(values['search-domains'] !== undefined ? { searchDomains: list(values['search-domains']) } : {}),
    ...(values['address-pool'] !== undefined ? { addressPool: values['address-pool'] } : {}),
    ...(mtu !== undefined ? { mtu } : {}),
    ...(keepalive !== undefined ? { keepalive } : {}),
    ...(validityDays !== undefined ? { validityDays } : {}),
    presharedKeys: !values['no-psk'],
    support: { name: values['support-name']!, phone: values['support-phone']!, email: values['support-email']!, hours: values['support-hours']! },
  });
  io.out(t(io.lang, 'admin.cli.initDone', { org: values['org-name']!, dir: orgDir }));
  io.out(t(io.lang, 'admin.cli.keyWritten', { file: show(result.keyFile) }));
  io.out(t(io.lang, 'admin.cli.fingerprint', { fingerprint: result.fingerprint }));
  io.out(t(io.lang, 'admin.cli.editTemplate', { file: show(result.templateFile) }));
  return EXIT.ok;
}

/** Prints what add-user / renew issued: files, fingerprint, address, the firewall's peer data (secrets only when asked). */
function printIssued(r: AddUserResult, io: CliIo, showSecrets: boolean): void {
  const lang = io.lang;
  io.out(t(lang, 'admin.cli.profileWritten', { name: r.profile.user.name, file: show(r.profileFile) }));
  io.out(t(lang, 'admin.cli.guideWritten', { file: show(r.guideFile) }));
  io.out(t(lang, 'admin.cli.fingerprint', { fingerprint: r.fingerprint }));
  io.out(t(lang, 'admin.cli.address', { address: r.address }));
  io.out(t(lang, 'admin.cli.serialExpires', { serial: r.profile.serial, expires: r.profile.expiresAt }));
  io.out('');
  io.out(t(lang, 'admin.cli.peerBlock'));
  const hidden = t(lang, 'admin.cli.secretHidden');
  io.out('[Peer]');
  io.out(`# ${r.profile.user.name} (${r.profile.user.role})`);
  io.out(`PublicKey = ${r.publicKey}`);
  if (r.presharedKey) io.out(`PresharedKey = ${showSecrets ? r.presharedKey : hidden}`);
  io.out(`AllowedIPs = ${r.address}`);
  io.out('');
  io.out(t(lang, 'admin.cli.opnsense'));
  const width = Math.max(...r.opnsense.map((f) => f.field.length)) + 1;
  for (const f of r.opnsense) {
    const value =
      f.value === null ? t(lang, 'admin.cli.opnsenseEmpty') : f.value === 'instance' ? t(lang, 'admin.cli.opnsenseInstance') : f.secret && !showSecrets ? hidden : f.value;
    io.out(`  ${`${f.field}:`.padEnd(width + 1)} ${value}`);
  }
  io.out(t(lang, 'admin.cli.opnsenseApply'));
}

/** The guide is German unless English was asked for (--lang en or HOC_LANG=en): the employees are German speakers first. */
function guideLang(value: string | undefined, io: CliIo): Lang {
  if (value !== undefined && !isLang(value)) throw new UsageError('--lang de|en');
  return value ?? (io.langExplicit ? io.lang : 'de');
}

const issueOptions = {
  role: { type: 'string' },
  lang: { type: 'string' },
  'validity-days': { type: 'string' },
  push: { type: 'boolean', default: false },
  'show-secrets': { type: 'boolean', default: false },
} as const;

async function addUserCommand(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: issueOptions });
  if (positionals.length !== 1) throw new UsageError('add-user NAME --role ROLE');
  required(values, ['role']);
  const validityDays = int(values['validity-days'], '--validity-days');
  const r = await addUser(orgDir, { name: positionals[0]!, role: values.role!, lang: guideLang(values.lang, io), ...(validityDays !== undefined ? { validityDays } : {}) });
  printIssued(r, io, values['show-secrets']);
  return values.push ? push(orgDir, io, { name: r.profile.user.name }) : EXIT.ok;
}

async function addUsersCommand(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: issueOptions });
  if (positionals.length !== 1 || values.role !== undefined) throw new UsageError('add-users FILE.csv [--push]');
  const file = positionals[0]!;
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError('admin.file.read', { file, detail: err.code ?? err.message });
  });
  const rows = parseEmployeeCsv(text, basename(file));
  const validityDays = int(values['validity-days'], '--validity-days');
  const results = await addUsers(orgDir, rows, { lang: guideLang(values.lang, io), ...(validityDays !== undefined ? { validityDays } : {}) });
  for (const r of results) {
    io.out(t(io.lang, 'admin.cli.issuedRow', { name: r.profile.user.name, role: r.profile.user.role, address: r.address, file: show(r.profileFile), guide: show(r.guideFile) }));
  }
  if (values['show-secrets']) for (const r of results) if (r.presharedKey) io.out(`${r.profile.user.name}: PresharedKey = ${r.presharedKey}`);
  io.out(t(io.lang, 'admin.cli.issuedCount', { count: results.length, fingerprint: results[0]?.fingerprint ?? '' }));
  return values.push ? push(orgDir, io, {}) : EXIT.ok;
}

async function renewCommand(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { ...issueOptions, 'new-key': { type: 'boolean', default: false } } });
  if (positionals.length !== 1 || values.role !== undefined) throw new UsageError('renew NAME [--new-key] [--validity-days N]');
  const validityDays = int(values['validity-days'], '--validity-days');
  const r = await renewUser(orgDir, { name: positionals[0]!, newKey: values['new-key'], lang: guideLang(values.lang, io), ...(validityDays !== undefined ? { validityDays } : {}) });
  printIssued(r, io, values['show-secrets']);
  io.out(t(io.lang, r.newKey ? 'admin.cli.renewedNewKey' : 'admin.cli.renewed', { name: r.profile.user.name, serial: r.profile.serial }));
  return values.push ? push(orgDir, io, { name: r.profile.user.name }) : EXIT.ok;
}

async function revokeCommand(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { push: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('revoke NAME [--push]');
  const u = await revokeUser(orgDir, positionals[0]!);
  io.out(t(io.lang, 'admin.cli.revoked', { name: u.name, address: u.address, days: REVOKED_ADDRESS_HOLD_DAYS }));
  return values.push ? push(orgDir, io, { name: u.name }) : EXIT.ok;
}

async function sign(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('sign PAYLOAD.json --out FILE');
  required(values, ['out']);
  const r = await signPayloadFile(orgDir, positionals[0]!, values.out!);
  io.out(t(io.lang, 'admin.cli.signed', { file: values.out! }));
  io.out(t(io.lang, 'admin.cli.fingerprint', { fingerprint: r.fingerprint }));
  return EXIT.ok;
}

async function fromWg(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('from-wg FILE.conf --name NAME --role ROLE');
  required(values, ['name', 'role']);
  const r = await payloadFromWireGuard(orgDir, positionals[0]!, {
    name: values.name!,
    role: values.role!,
    ...(values.out !== undefined ? { out: values.out } : {}),
    lang: io.lang,
  });
  for (const entry of r.ignored) io.out(t(io.lang, 'admin.cli.wgIgnored', { entry }));
  io.out(t(io.lang, 'admin.cli.payloadWritten', { file: show(r.payloadFile), profile: show(r.profileFile) }));
  return EXIT.ok;
}

async function installerFilesCommand(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1 || values.out === undefined) throw new UsageError('installer-files NAME --out DIR');
  const r = await writeInstallerFiles(orgDir, positionals[0]!, values.out);
  io.out(t(io.lang, 'admin.cli.installerFiles', { profile: show(r.profileFile), key: show(r.keyFile), fingerprint: r.fingerprint }));
  return EXIT.ok;
}

async function office(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { host: { type: 'string' }, port: { type: 'string' }, spki: { type: 'string' }, fetch: { type: 'boolean', default: false }, 'connect-to': { type: 'string' } },
  });
  if (positionals.length) throw new UsageError(positionals.join(' '));
  required(values, ['host']);
  if ((values.spki === undefined) === !values.fetch) throw new UsageError('office --host HOST [--port N] (--spki sha256/… | --fetch)');
  const r = await setOfficeProof(orgDir, {
    host: values.host!,
    port: int(values.port, '--port') ?? 443,
    ...(values.spki !== undefined ? { spki: values.spki } : {}),
    fetch: values.fetch,
    ...(values['connect-to'] !== undefined ? { connectTo: values['connect-to'] } : {}),
  });
  io.out(t(io.lang, 'admin.cli.officeSet', { host: r.office.host, port: r.office.port, spki: r.office.spki }));
  if (r.subject !== undefined) io.out(t(io.lang, 'admin.cli.officeSubject', { subject: r.subject || '–' }));
  io.out(t(io.lang, 'admin.cli.officeNext'));
  return EXIT.ok;
}

const subcommands: Record<string, (args: string[], orgDir: string, io: CliIo) => Promise<number>> = {
  init,
  'add-user': addUserCommand,
  sign,
  'from-wg': fromWg,
  'add-users': addUsersCommand,
  renew: renewCommand,
  revoke: revokeCommand,
  opnsense,
  'installer-files': installerFilesCommand,
  office,
};

/** `hoc admin [--org-dir DIR] SUBCOMMAND ...`. */
export const adminCommand: CliCommand = async (args, io) => {
  try {
    const { orgDir, rest } = splitOrgDir(args);
    const [name, ...subArgs] = rest;
    const run = name !== undefined ? subcommands[name] : undefined;
    if (!run) throw new UsageError(name ?? '');
    return await run(subArgs, orgDir, io);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(t(io.lang, 'error.usage', { detail: err.message }));
      io.err(t(io.lang, 'admin.cli.usage'));
      return EXIT.invalid;
    }
    const e = asUserError(err);
    io.err(e.localized(io.lang) + (e.detail?.startsWith('$') ? ` [${e.detail}]` : ''));
    return e.code === 'error.internal' || e.code === 'admin.file.write' ? EXIT.failure : EXIT.invalid;
  }
};
