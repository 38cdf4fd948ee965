/**
 * The few calls of OPNsense's WireGuard REST API that `hoc admin opnsense` makes (OPNsense ≥ 24.1,
 * WireGuard in core), written from its source (opnsense/core):
 * controllers/OPNsense/Wireguard/Api/{Client,Server,Service}Controller.php and the base class
 * controllers/OPNsense/Base/ApiMutableModelControllerBase.php. Authentication is HTTP basic
 * with the API key as user and the secret as password. Validation failures come back as
 * HTTP 200 with `{"result":"failed","validations":{"client.FIELD": message}}`.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { UserError } from '../../shared/errors';
import { isIPv4, isIPv6 } from '../../shared/net';

/** Where and how to reach the firewall. */
export interface OpnsenseConnection {
  readonly url: string;
  readonly key: string;
  readonly secret: string;
  /** PEM of the CA that signed the firewall's certificate (else the system's CAs). */
  readonly ca?: string | undefined;
  readonly timeoutMs?: number;
}

/** One row of `server/searchServer`. */
export interface OpnsenseServer {
  readonly uuid: string;
  readonly name: string;
  readonly pubkey: string;
  readonly enabled: string;
}

/** A peer (`client`) as `client/getClient/UUID` returns it, flattened. */
export interface OpnsenseClient {
  readonly uuid: string;
  readonly enabled: string;
  readonly name: string;
  readonly pubkey: string;
  readonly psk: string;
  readonly tunneladdress: string[];
  /** uuids of the instances this peer belongs to. */
  readonly servers: string[];
}

/** The fields `hoc` sets on a peer; the rest (endpoint, keepalive) stays empty as for a road warrior. */
export interface OpnsenseClientFields {
  readonly enabled: '1';
  readonly name: string;
  readonly pubkey: string;
  readonly psk: string;
  readonly tunneladdress: string;
  readonly servers: string;
}

const MAX_RESPONSE = 8 << 20;

/** Checks the API address: https://, or http:// only to a loopback address (tests). Returns the base URL. */
export function checkApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError('admin.opnsense.url', { url: value });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || (isIPv4(host) && host.startsWith('127.')) || (isIPv6(host) && host === '::1');
  if (url.username || url.password || url.search || url.hash) throw new UserError('admin.opnsense.url', { url: value });
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new UserError('admin.opnsense.url', { url: value });
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Reads OPNsense's `apikey.txt` (`key=…` and `secret=…` lines). */
export function parseApiKeyFile(text: string, file: string): { key: string; secret: string } {
  const get = (name: string): string | undefined => new RegExp(`^${name}=(\\S+)\\s*$`, 'm').exec(text.replace(/^\uFEFF/, '').replace(/\r/g, ''))?.[1];
  const key = get('key');
  const secret = get('secret');
  if (!key || !secret) throw new UserError('admin.opnsense.credentials', { file });
  return { key, secret };
}

/** Talks to one firewall. Every answer is bounded in size and time. */
export class OpnsenseApi {
  private readonly base: string;

  constructor(private readonly c: OpnsenseConnection) {
    this.base = checkApiUrl(c.url);
  }

  /** Every WireGuard instance (server). */
  async servers(): Promise<OpnsenseServer[]> {
    const r = (await this.call('GET', 'server/searchServer?current=1&rowCount=-1')) as { rows?: Record<string, unknown>[] };
    return (r.rows ?? []).map((row) => ({ uuid: str(row.uuid), name: str(row.name), pubkey: str(row.pubkey), enabled: str(row.enabled) }));
  }

  /** Every peer with its preshared key and instances (search, then get per peer). */
  async clients(): Promise<OpnsenseClient[]> {
    const r = (await this.call('GET', 'client/searchClient?current=1&rowCount=-1')) as { rows?: Record<string, unknown>[] };
    const out: OpnsenseClient[] = [];
    for (const row of r.rows ?? []) {
      const uuid = str(row.uuid);
      const got = (await this.call('GET', `client/getClient/${encodeURIComponent(uuid)}`)) as { client?: Record<string, unknown> };
      const c = got.client ?? {};
      out.push({
        uuid,
        enabled: str(c.enabled),
        name: str(c.name),
        pubkey: str(c.pubkey),
        psk: str(c.psk),
        tunneladdress: selected(c.tunneladdress),
        servers: selected(c.servers),
      });
    }
    return out;
  }

  /** Creates a peer (`client/addClient`). */
  async addClient(fields: OpnsenseClientFields): Promise<void> {
    this.saved(fields.name, await this.call('POST', 'client/addClient', { client: fields }));
  }

  /** Updates a peer (`client/setClient/UUID`). */
  async setClient(uuid: string, fields: OpnsenseClientFields): Promise<void> {
    this.saved(fields.name, await this.call('POST', `client/setClient/${encodeURIComponent(uuid)}`, { client: fields }));
  }

  /** Removes a peer (`client/delClient/UUID`). */
  async delClient(uuid: string, name: string): Promise<void> {
    const r = (await this.call('POST', `client/delClient/${encodeURIComponent(uuid)}`, {})) as { result?: unknown };
    if (r.result !== 'deleted' && r.result !== 'not found') throw new UserError('admin.opnsense.failed', { name, action: 'delClient', detail: JSON.stringify(r).slice(0, 200) });
  }

  /** Applies the saved configuration (`service/reconfigure`). */
  async reconfigure(): Promise<void> {
    const r = (await this.call('POST', 'service/reconfigure', {})) as { result?: unknown };
    if (r.result !== 'ok') throw new UserError('admin.opnsense.failed', { name: '–', action: 'reconfigure', detail: JSON.stringify(r).slice(0, 200) });
  }

  private saved(name: string, r: unknown): void {
    const answer = r as { result?: unknown; validations?: Record<string, unknown> };
    if (answer.result === 'saved') return;
    const v = answer.validations;
    if (v && typeof v === 'object') {
      const [field, message] = Object.entries(v)[0] ?? ['?', '?'];
      const text = Array.isArray(message) ? message.map(String).join(' ') : String(message);
      throw new UserError('admin.opnsense.validation', { name, field: field.replace(/^client\./, ''), message: text.slice(0, 300) });
    }
    throw new UserError('admin.opnsense.failed', { name, action: 'setClient', detail: JSON.stringify(r).slice(0, 200) });
  }

  private call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const url = new URL(`${this.base}/api/wireguard/${path}`);
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          auth: `${this.c.key}:${this.c.secret}`,
          headers: { accept: 'application/json', ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) },
          timeout: this.c.timeoutMs ?? 15_000,
          ...(url.protocol === 'https:' ? { rejectUnauthorized: true, ...(this.c.ca ? { ca: this.c.ca } : {}) } : {}),
        },
        (res) => collect(res, url, resolve, reject),
      );
      req.on('timeout', () => req.destroy(new UserError('admin.opnsense.unreachable', { url: this.base, detail: 'timeout' })));
      req.on('error', (err) => reject(err instanceof UserError ? err : networkError(err, this.base)));
      req.end(data);
    });
  }
}

function collect(res: IncomingMessage, url: URL, resolve: (v: unknown) => void, reject: (e: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_RESPONSE) res.destroy(new UserError('admin.opnsense.answer', { url: url.pathname, detail: 'too large' }));
    else chunks.push(c);
  });
  res.on('error', reject);
  res.on('end', () => {
    const status = res.statusCode ?? 0;
    if (status === 401 || status === 403) return reject(new UserError('admin.opnsense.auth', { url: url.origin }));
    if (status !== 200) {
      // OPNsense reports an exception as {"errorMessage": …}: the admin's best clue.
      let detail: string;
      try {
        detail = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errorMessage?: unknown }).errorMessage ?? '').slice(0, 300);
      } catch {
        detail = '';
      }
      return reject(new UserError('admin.opnsense.http', { status, path: url.pathname, detail: detail || '–' }, detail));
    }
    try {
      resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      reject(new UserError('admin.opnsense.answer', { url: url.pathname, detail: 'not JSON' }));
    }
  });
}

function networkError(err: Error, base: string): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? err.message;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return new UserError('admin.opnsense.tls', { url: base, detail: code }, code);
  return new UserError('admin.opnsense.unreachable', { url: base, detail: code }, code);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** OPNsense list fields: a comma string, or a map of `{ value, selected }` options keyed by value/uuid. */
function selected(v: unknown): string[] {
  if (typeof v === 'string') return v.split(',').filter(Boolean);
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, { selected?: unknown }>)
      .filter(([, o]) => o && (o.selected === 1 || o.selected === '1' || o.selected === true))
      .map(([k]) => k);
  }
  return [];
}
