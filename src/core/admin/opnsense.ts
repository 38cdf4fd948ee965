/**
 * `hoc admin opnsense setup | push | status`: keeps the firewall's WireGuard peers equal to the
 * address book — one peer per active employee on the org's instance, none for a revoked one.
 * Peers the book does not know (site-to-site links, the admin's own) are never touched.
 */
import { join } from 'node:path';
import * as z from 'zod';
import { UserError } from '../../shared/errors';
import { OpnsenseApi, checkApiUrl, parseApiKeyFile, type OpnsenseClient, type OpnsenseClientFields, type OpnsenseServer } from './opnsense-api';
import { readAddressBook, readIssuedPayload, readTemplate, readText, writeFileAtomic, type AddressBookUser } from './org-dir';

export const OPNSENSE_FILE = 'opnsense.json';
export const OPNSENSE_CREDENTIALS_FILE = 'opnsense-credentials.txt';
export const OPNSENSE_CA_FILE = 'opnsense-ca.pem';

const SettingsSchema = z.strictObject({ version: z.literal(1), url: z.string(), instance: z.string().optional(), ca: z.boolean() });
type Settings = z.infer<typeof SettingsSchema>;

/** Where credentials may come from besides the stored file. */
export interface OpnsenseEnv {
  readonly OPNSENSE_API_KEY?: string | undefined;
  readonly OPNSENSE_API_SECRET?: string | undefined;
}

export interface SetupOptions {
  readonly url: string;
  /** OPNsense's apikey.txt; without it OPNSENSE_API_KEY / OPNSENSE_API_SECRET must be set at each push. */
  readonly credentialsFile?: string;
  readonly caFile?: string;
  readonly instance?: string;
  readonly env?: OpnsenseEnv;
}

/** Checks the firewall answers with these settings and finds the instance, then stores them (credentials 0600). */
export async function setupOpnsense(dir: string, o: SetupOptions): Promise<{ instance: OpnsenseServer }> {
  const tpl = await readTemplate(dir);
  const url = checkApiUrl(o.url);
  const credentials = o.credentialsFile ? parseApiKeyFile((await readText(o.credentialsFile)) ?? '', o.credentialsFile) : fromEnv(o.env);
  const ca = o.caFile ? await readText(o.caFile) : undefined;
  const api = new OpnsenseApi({ url, ...credentials, ca });
  const instance = findInstance(await api.servers(), o.instance, tpl.tunnel.peer.publicKey);
  if (o.credentialsFile) await writeFileAtomic(join(dir, OPNSENSE_CREDENTIALS_FILE), `key=${credentials.key}\nsecret=${credentials.secret}\n`, 0o600);
  if (ca !== undefined) await writeFileAtomic(join(dir, OPNSENSE_CA_FILE), ca, 0o644);
  const settings: Settings = { version: 1, url, ...(o.instance ? { instance: o.instance } : {}), ca: ca !== undefined };
  await writeFileAtomic(join(dir, OPNSENSE_FILE), `${JSON.stringify(settings, null, 2)}\n`, 0o644);
  return { instance };
}

function fromEnv(env: OpnsenseEnv | undefined): { key: string; secret: string } {
  const key = env?.OPNSENSE_API_KEY;
  const secret = env?.OPNSENSE_API_SECRET;
  if (!key || !secret) throw new UserError('admin.opnsense.noCredentials');
  return { key, secret };
}

/** The instance by name when one is given, else the one whose public key the profiles carry. */
export function findInstance(servers: readonly OpnsenseServer[], name: string | undefined, serverKey: string): OpnsenseServer {
  const found = name ? servers.find((s) => s.name === name) : servers.find((s) => s.pubkey === serverKey);
  if (!found) throw new UserError('admin.opnsense.noInstance', { wanted: name ?? serverKey, found: servers.map((s) => s.name).join(', ') || '–' });
  if (found.pubkey && found.pubkey !== serverKey) throw new UserError('admin.opnsense.instanceKey', { name: found.name });
  return found;
}

async function connect(dir: string, env: OpnsenseEnv | undefined): Promise<{ api: OpnsenseApi; settings: Settings }> {
  const text = await readText(join(dir, OPNSENSE_FILE), true);
  if (text === undefined) throw new UserError('admin.opnsense.notSetUp', { dir });
  const parsed = SettingsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new UserError('admin.opnsense.notSetUp', { dir });
  const settings = parsed.data;
  const stored = await readText(join(dir, OPNSENSE_CREDENTIALS_FILE), true);
  const credentials = env?.OPNSENSE_API_KEY || env?.OPNSENSE_API_SECRET || stored === undefined ? fromEnv(env) : parseApiKeyFile(stored, OPNSENSE_CREDENTIALS_FILE);
  const ca = settings.ca ? await readText(join(dir, OPNSENSE_CA_FILE)) : undefined;
  return { api: new OpnsenseApi({ url: settings.url, ...credentials, ca }), settings };
}

/** One employee's peer: what the firewall has and what push does about it. */
export interface PeerPlan {
  readonly name: string;
  readonly slug: string;
  /** add / update / delete: push changes it; unchanged: nothing to do; gone: revoked and not there. */
  readonly action: 'add' | 'update' | 'delete' | 'unchanged' | 'gone';
  /** The fields that differ (update), for the admin's eyes (never a key's value). */
  readonly differs: readonly string[];
  readonly uuid?: string;
  readonly fields?: OpnsenseClientFields;
}

/** Compares the address book with the firewall's peers. Pure: the unit tests feed it directly. */
export function planPeers(
  users: readonly { user: AddressBookUser; psk: string }[],
  revoked: readonly AddressBookUser[],
  remote: readonly OpnsenseClient[],
  instance: OpnsenseServer,
): PeerPlan[] {
  const match = (u: AddressBookUser): OpnsenseClient | undefined => remote.find((c) => c.pubkey === u.publicKey) ?? remote.find((c) => c.name === u.slug);
  const plans: PeerPlan[] = users.map(({ user: u, psk }) => {
    const have = match(u);
    const fields: OpnsenseClientFields = {
      enabled: '1',
      name: u.slug,
      pubkey: u.publicKey,
      psk,
      tunneladdress: u.address,
      servers: [...new Set([...(have?.servers ?? []), instance.uuid])].join(','),
    };
    if (!have) return { name: u.name, slug: u.slug, action: 'add', differs: [], fields };
    const differs = [
      ...(have.enabled !== '1' ? ['enabled'] : []),
      ...(have.name !== u.slug ? ['name'] : []),
      ...(have.pubkey !== u.publicKey ? ['pubkey'] : []),
      ...(have.psk !== psk ? ['psk'] : []),
      ...(have.tunneladdress.length !== 1 || have.tunneladdress[0] !== u.address ? ['tunneladdress'] : []),
      ...(!have.servers.includes(instance.uuid) ? ['servers'] : []),
    ];
    return { name: u.name, slug: u.slug, action: differs.length ? 'update' : 'unchanged', differs, uuid: have.uuid, fields };
  });
  for (const u of revoked) {
    const have = match(u);
    plans.push(have ? { name: u.name, slug: u.slug, action: 'delete', differs: [], uuid: have.uuid } : { name: u.name, slug: u.slug, action: 'gone', differs: [] });
  }
  return plans;
}

export interface PushOptions {
  /** Only this employee (name or file name); default: everyone in the book. */
  readonly name?: string;
  readonly dryRun?: boolean;
  readonly env?: OpnsenseEnv;
}

async function plan(dir: string, o: PushOptions): Promise<{ api: OpnsenseApi; plans: PeerPlan[] }> {
  const tpl = await readTemplate(dir);
  const book = await readAddressBook(dir);
  const { api, settings } = await connect(dir, o.env);
  const wanted = o.name?.trim().toLowerCase();
  const chosen = book.users.filter((u) => !wanted || u.name.toLowerCase() === wanted || u.slug === wanted);
  if (wanted && !chosen.length) throw new UserError('admin.user.unknown', { name: o.name ?? '' });
  const active = await Promise.all(
    chosen.filter((u) => !u.revokedAt).map(async (user) => ({ user, psk: (await readIssuedPayload(dir, user)).tunnel.peer.presharedKey ?? '' })),
  );
  const instance = findInstance(await api.servers(), settings.instance, tpl.tunnel.peer.publicKey);
  return { api, plans: planPeers(active, chosen.filter((u) => u.revokedAt), await api.clients(), instance) };
}

/** Makes the firewall's peers match the book, then applies (reconfigure) when anything changed. */
export async function pushPeers(dir: string, o: PushOptions = {}): Promise<{ plans: PeerPlan[]; applied: boolean }> {
  const { api, plans } = await plan(dir, o);
  const changes = plans.filter((p) => p.action === 'add' || p.action === 'update' || p.action === 'delete');
  if (o.dryRun || !changes.length) return { plans, applied: false };
  for (const p of changes) {
    if (p.action === 'add' && p.fields) await api.addClient(p.fields);
    else if (p.action === 'update' && p.fields && p.uuid) await api.setClient(p.uuid, p.fields);
    else if (p.action === 'delete' && p.uuid) await api.delClient(p.uuid, p.slug);
  }
  await api.reconfigure();
  return { plans, applied: true };
}

/** Per employee: pushed, differs or missing (and revoked peers still present). Changes nothing. */
export async function opnsenseStatus(dir: string, o: Omit<PushOptions, 'dryRun'> = {}): Promise<PeerPlan[]> {
  return (await plan(dir, o)).plans;
}
