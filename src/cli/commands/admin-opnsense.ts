/** `hoc admin opnsense setup | push | status`: the firewall's peers through OPNsense's API. Thin: logic is in core/admin. */
import { parseArgs } from 'node:util';
import { opnsenseStatus, pushPeers, setupOpnsense, type PeerPlan } from '../../core/admin';
import { t, type MessageKey } from '../../shared/i18n';
import { EXIT, type CliIo } from '../io';
import { UsageError } from './admin-usage';

const env = (io: CliIo) => ({ OPNSENSE_API_KEY: io.env.OPNSENSE_API_KEY, OPNSENSE_API_SECRET: io.env.OPNSENSE_API_SECRET });

const PUSH_LINE: Record<PeerPlan['action'], MessageKey> = {
  add: 'admin.push.add',
  update: 'admin.push.update',
  delete: 'admin.push.delete',
  unchanged: 'admin.push.unchanged',
  gone: 'admin.push.gone',
};
const STATUS_LINE: Record<PeerPlan['action'], MessageKey> = {
  add: 'admin.status.missing',
  update: 'admin.status.differs',
  delete: 'admin.status.revokedPresent',
  unchanged: 'admin.status.pushed',
  gone: 'admin.status.revokedGone',
};

/** Pushes the book's peers (all, or one employee) and prints one line per employee. */
export async function push(orgDir: string, io: CliIo, o: { name?: string; dryRun?: boolean }): Promise<number> {
  const r = await pushPeers(orgDir, { ...o, env: env(io) });
  for (const p of r.plans) io.out(t(io.lang, PUSH_LINE[p.action], { name: p.name, slug: p.slug, fields: p.differs.join(', ') }));
  const changes = r.plans.filter((p) => p.action === 'add' || p.action === 'update' || p.action === 'delete').length;
  io.out(t(io.lang, o.dryRun ? 'admin.push.dryRun' : r.applied ? 'admin.push.applied' : 'admin.push.nothing', { count: changes }));
  return EXIT.ok;
}

/** `hoc admin opnsense SUB …`. */
export async function opnsense(args: string[], orgDir: string, io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const s = { type: 'string' } as const;
  if (sub === 'setup') {
    const { values, positionals } = parseArgs({ args: rest, strict: true, allowPositionals: true, options: { url: s, credentials: s, ca: s, instance: s } });
    if (positionals.length || !values.url) throw new UsageError('opnsense setup --url URL --credentials FILE [--ca FILE] [--instance NAME]');
    const r = await setupOpnsense(orgDir, {
      url: values.url,
      ...(values.credentials !== undefined ? { credentialsFile: values.credentials } : {}),
      ...(values.ca !== undefined ? { caFile: values.ca } : {}),
      ...(values.instance !== undefined ? { instance: values.instance } : {}),
      env: env(io),
    });
    io.out(t(io.lang, 'admin.opnsense.setupDone', { url: values.url, instance: r.instance.name }));
    return EXIT.ok;
  }
  if (sub === 'push') {
    const { values, positionals } = parseArgs({ args: rest, strict: true, allowPositionals: true, options: { name: s, all: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } } });
    if (positionals.length || (values.all && values.name !== undefined)) throw new UsageError('opnsense push [--name NAME | --all] [--dry-run]');
    return push(orgDir, io, { ...(values.name !== undefined ? { name: values.name } : {}), dryRun: values['dry-run'] });
  }
  if (sub === 'status') {
    const { values, positionals } = parseArgs({ args: rest, strict: true, allowPositionals: true, options: { name: s } });
    if (positionals.length) throw new UsageError('opnsense status [--name NAME]');
    const plans = await opnsenseStatus(orgDir, { ...(values.name !== undefined ? { name: values.name } : {}), env: env(io) });
    for (const p of plans) io.out(t(io.lang, STATUS_LINE[p.action], { name: p.name, slug: p.slug, fields: p.differs.join(', ') }));
    return plans.some((p) => p.action !== 'unchanged' && p.action !== 'gone') ? EXIT.degraded : EXIT.ok;
  }
  throw new UsageError(`opnsense ${sub ?? ''}`);
}
