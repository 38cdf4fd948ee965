#!/usr/bin/env node
// STAND-IN for the OPNsense REST API (WireGuard in OPNsense core, >= 24.1): no OPNsense can run
// here, so the lab's office firewall answers the few endpoints `hoc admin opnsense` uses, written
// from OPNsense's source (opnsense/core, read with the search tool; no code copied):
//   controllers/OPNsense/Wireguard/Api/{Client,Server,Service}Controller.php
//   models/OPNsense/Wireguard/{Client,Server}.xml (field types, masks, messages)
//   controllers/OPNsense/Base/ApiMutableModelControllerBase.php (searchBase, getBase, setBase, delBase)
//   controllers/OPNsense/Base/UIModelGrid.php (search answer: rows, rowCount, total, current)
// What it reproduces: HTTP basic auth with key/secret; validation failures as HTTP 200 with
// {"result":"failed","validations":{"client.FIELD": message}}; addClient answering
// {"result":"saved"} without a uuid (it goes through setClient's upsert); setClient with an
// unknown but well-formed uuid creating the entry; the client's `servers` stored as the server's
// `peers` list; search values of list fields joined by commas. `service/reconfigure` renders the
// model to the lab's real WireGuard interface with `wg set` (argv only; a preshared key via a 0600 file).
//
// node opnsense-api-standin.mjs --listen ADDR:PORT --credentials apikey.txt
//   [--cert PEM --key PEM] [--wg-pidfile FILE --iface wg0] [--instance-name NAME --tunnel-address CIDR]
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME = /^([0-9a-zA-Z._-]){1,64}$/u;
const NAME_MSG = 'Should be a string between 1 and 64 characters. Allowed characters are alphanumeric characters, dash and underscores.';
const REQUIRED_MSG = 'A value is required.';
const MAX_BODY = 1 << 20;

const isBase64 = (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0;
const isIPv4 = (v) => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(v);
const isIPv6 = (v) => /^[0-9a-fA-F:]+$/.test(v) && v.includes(':') && (v.match(/::/g) ?? []).length <= 1;
/** NetworkField with NetMaskRequired: every entry ADDRESS/PREFIX. */
function isNetworkWithMask(v) {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(v);
  if (!m) return false;
  const prefix = Number(m[2]);
  return (isIPv4(m[1]) && prefix <= 32) || (isIPv6(m[1]) && prefix <= 128);
}
const isHostname = (v) => v.length <= 253 && v.split('.').every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));

/** Parses apikey.txt as OPNsense hands it out (`key=…` and `secret=…` lines). */
export function readApiKeyFile(text) {
  const get = (k) => new RegExp(`^${k}=(.+)$`, 'm').exec(text)?.[1]?.trim();
  return { key: get('key'), secret: get('secret') };
}

/**
 * The API over an in-memory model. `applyPeers(peers)` gets the rendered peers of the instance
 * on reconfigure ([{ pubkey, psk, tunneladdress: [] }]); without it nothing is applied.
 */
export function createStandin({ key, secret, servers = [], clients = [], applyPeers }) {
  const model = { servers: new Map(servers.map((s) => [s.uuid, s])), clients: new Map(clients.map((c) => [c.uuid, c])) };
  const log = [];

  function validateClient(c, uuid) {
    const v = {};
    const put = (f, msg) => { v[`client.${f}`] = v[`client.${f}`] ? [].concat(v[`client.${f}`], msg) : msg; };
    if (c.enabled !== '0' && c.enabled !== '1') put('enabled', c.enabled === '' ? REQUIRED_MSG : 'Value should be a boolean (0,1).');
    if (c.name === '') put('name', REQUIRED_MSG);
    else if (!NAME.test(c.name)) put('name', NAME_MSG);
    if (c.pubkey === '') put('pubkey', REQUIRED_MSG);
    else if (!isBase64(c.pubkey)) put('pubkey', 'Invalid base64 value.');
    else {
      for (const [other, o] of model.clients) {
        if (other !== uuid && o.pubkey === c.pubkey && o.serveraddress === c.serveraddress && o.serverport === c.serverport) put('pubkey', 'Public keys should be unique.');
      }
    }
    if (c.psk !== '' && !isBase64(c.psk)) put('psk', 'Invalid base64 value.');
    const nets = c.tunneladdress.split(',').filter(Boolean);
    if (!nets.length) put('tunneladdress', REQUIRED_MSG);
    else if (!nets.every(isNetworkWithMask)) put('tunneladdress', 'Please specify a valid network segment or IP address.');
    if (c.serveraddress !== '' && !(isIPv4(c.serveraddress) || isIPv6(c.serveraddress) || isHostname(c.serveraddress))) put('serveraddress', 'Please specify a valid IP address or hostname.');
    if (c.serverport !== '' && !(/^\d+$/.test(c.serverport) && Number(c.serverport) >= 1 && Number(c.serverport) <= 65535)) put('serverport', 'Please specify a valid port number (1-65535).');
    if (c.keepalive !== '' && !(/^\d+$/.test(c.keepalive) && Number(c.keepalive) >= 1 && Number(c.keepalive) <= 86400)) put('keepalive', 'Please specify a value between 1 and 86400.');
    return v;
  }

  const emptyClient = () => ({ enabled: '1', name: '', pubkey: '', psk: '', tunneladdress: '', serveraddress: '', serverport: '', keepalive: '' });
  const peersOf = (s) => s.peers.split(',').filter(Boolean);

  /** setClientAction → setBase: upsert by uuid, servers stored as each server's peers. */
  function setClient(uuid, post) {
    if (!post || typeof post !== 'object' || !post.client || typeof post.client !== 'object') return { result: 'failed' };
    if (!uuid) uuid = randomUUID();
    else if (!model.clients.has(uuid) && !UUID.test(uuid)) return { result: 'failed' };
    const next = { ...(model.clients.get(uuid) ?? emptyClient()) };
    for (const f of Object.keys(next)) if (f in post.client) next[f] = String(post.client[f] ?? '').trim();
    const v = validateClient(next, uuid);
    const wanted = typeof post.client.servers === 'string' ? post.client.servers.split(',').filter(Boolean) : [];
    if (wanted.some((s) => !model.servers.has(s))) v['client.servers'] = 'Related item not found.';
    if (Object.keys(v).length) return { result: 'failed', validations: v };
    model.clients.set(uuid, { ...next, uuid });
    for (const [sid, s] of model.servers) {
      const peers = peersOf(s);
      if (peers.includes(uuid) && !wanted.includes(sid)) s.peers = peers.filter((p) => p !== uuid).join(',');
      else if (!peers.includes(uuid) && wanted.includes(sid)) s.peers = [...peers, uuid].join(',');
    }
    return { result: 'saved' };
  }

  function search(items, fields, query) {
    const phrase = (query.get('searchPhrase') ?? '').toLowerCase();
    const rowCount = Number(query.get('rowCount') ?? -1);
    const current = Number(query.get('current') ?? 1);
    const all = [...items].map((it) => Object.fromEntries([['uuid', it.uuid], ...fields.filter((f) => f in it).map((f) => [f, it[f]])]));
    const found = all.filter((r) => !phrase || fields.some((f) => String(r[f] ?? '').toLowerCase().includes(phrase)));
    const rows = rowCount === -1 ? found : found.slice(rowCount * (current - 1), rowCount * current);
    return { rows, rowCount: rows.length, total: found.length, current };
  }

  const serverRow = (s) => ({ ...s, peers: peersOf(s).map((p) => model.clients.get(p)?.name).filter(Boolean).join(','), interface: `wg${s.instance}` });
  const listMap = (csv) => Object.fromEntries(csv.split(',').filter(Boolean).map((x) => [x, { value: x, selected: 1 }]));

  /** What `wireguard configure` renders for one instance: its enabled peers. */
  function rendered(s) {
    return peersOf(s)
      .map((p) => model.clients.get(p))
      .filter((c) => c && c.enabled === '1')
      .map((c) => ({ pubkey: c.pubkey, psk: c.psk, tunneladdress: c.tunneladdress.split(',').filter(Boolean) }));
  }

  function route(method, path, query, body) {
    const [mod, ctl, action, arg] = path.split('/').slice(1);
    if (mod !== 'wireguard') return null;
    const post = method === 'POST';
    switch (`${ctl}/${action}`) {
      case 'server/searchServer':
        return search([...model.servers.values()].map(serverRow), ['enabled', 'instance', 'peers', 'name', 'networks', 'pubkey', 'port', 'tunneladdress', 'interface'], query);
      case 'client/searchClient':
        return search(model.clients.values(), ['enabled', 'name', 'pubkey', 'tunneladdress', 'serveraddress', 'serverport'], query);
      case 'client/getClient': {
        const c = arg ? model.clients.get(arg) : { ...emptyClient(), uuid: '' };
        if (!c) return [];
        const servers = Object.fromEntries([...model.servers].map(([sid, s]) => [sid, { value: s.name, selected: peersOf(s).includes(arg) ? '1' : '0' }]));
        const { uuid: _u, ...nodes } = c;
        return { client: { ...nodes, tunneladdress: listMap(c.tunneladdress), endpoint: '', servers } };
      }
      case 'client/addClient':
        return post ? setClient(null, body) : { result: 'failed' };
      case 'client/setClient':
        return post && arg ? setClient(arg, body) : { result: 'failed' };
      case 'client/delClient': {
        if (!post) return { result: 'failed' };
        let result = 'failed';
        for (const uuid of (arg ?? '').split(',').filter(Boolean)) result = model.clients.delete(uuid) ? 'deleted' : 'not found';
        return { result };
      }
      case 'service/reconfigure': {
        if (!post) return { result: 'failed' };
        for (const s of model.servers.values()) if (s.enabled === '1' && applyPeers) applyPeers(s, rendered(s));
        log.push('reconfigure');
        return { result: 'ok' };
      }
      default:
        return null;
    }
  }

  /** The request handler (node:http / node:https). */
  function handle(req, res) {
    const send = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(value));
    };
    const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [user, ...pw] = auth ? Buffer.from(auth[1], 'base64').toString('utf8').split(':') : [];
    if (user !== key || pw.join(':') !== secret) return send(401, { status: 401, message: 'Authentication Failed' });
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url, 'http://standin');
      let body = {};
      if (req.method === 'POST' && chunks.length) {
        if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return send(400, { errorMessage: 'Invalid JSON syntax' });
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return send(400, { errorMessage: 'Invalid JSON syntax' });
        }
      }
      log.push(`${req.method} ${url.pathname}`);
      let answer;
      try {
        answer = url.pathname.startsWith('/api/') ? route(req.method, url.pathname.slice(4), url.searchParams, body) : null;
      } catch (err) {
        return send(500, { errorMessage: String(err?.message ?? err) });
      }
      if (answer === null) return send(404, { errorMessage: 'Endpoint not found', errorTitle: 'An error occurred' });
      send(200, answer);
    });
  }

  return { handle, model, log };
}

/** `wg` inside the office firewall's WireGuard namespaces (the pid file names its process). */
function wgRunner(pidFile) {
  return (args) => {
    const pid = fs.readFileSync(pidFile, 'utf8').trim();
    return execFileSync('nsenter', ['--target', pid, '--mount', '--net', '--', 'wg', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
}

/** Reads the instance and its peers from `wg show IFACE dump`, so the model starts as the firewall is. */
function seedFromWireGuard(wg, iface, instanceName, tunnelAddress) {
  const [ifLine, ...peerLines] = wg(['show', iface, 'dump']).trim().split('\n');
  const [privkey, pubkey, port] = ifLine.split('\t');
  const clients = peerLines.filter(Boolean).map((line, i) => {
    const [pk, psk, , allowed] = line.split('\t');
    return { uuid: randomUUID(), enabled: '1', name: `lab-peer-${i + 1}`, pubkey: pk, psk: psk === '(none)' ? '' : psk, tunneladdress: allowed === '(none)' ? '' : allowed, serveraddress: '', serverport: '', keepalive: '' };
  });
  const server = { uuid: randomUUID(), enabled: '1', name: instanceName, instance: '0', pubkey, privkey, port, tunneladdress: tunnelAddress, peers: clients.map((c) => c.uuid).join(',') };
  return { servers: [server], clients };
}

/** Makes wg0's peers exactly the rendered ones (as `wireguard configure` does with `wg syncconf`). */
function applyTo(wg, iface) {
  return (_server, peers) => {
    const present = wg(['show', iface, 'peers']).split('\n').filter(Boolean);
    const wanted = new Set(peers.map((p) => p.pubkey));
    for (const pk of present) if (!wanted.has(pk)) wg(['set', iface, 'peer', pk, 'remove']);
    // wg reads a preshared key only from a file: one in a private folder, gone right after.
    const dir = fs.mkdtempSync(join(tmpdir(), 'hoc-standin-'));
    try {
      for (const p of peers) {
        const args = ['set', iface, 'peer', p.pubkey, 'allowed-ips', p.tunneladdress.join(',')];
        if (p.psk) {
          const file = join(dir, 'psk');
          fs.writeFileSync(file, `${p.psk}\n`, { mode: 0o600 });
          wg([...args, 'preshared-key', file]);
        } else wg(args);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  const { key, secret } = readApiKeyFile(fs.readFileSync(args.credentials, 'utf8'));
  if (!key || !secret) throw new Error(`${args.credentials}: no key= and secret= lines`);
  const iface = args.iface ?? 'wg0';
  const wg = args['wg-pidfile'] ? wgRunner(args['wg-pidfile']) : undefined;
  const seed = wg ? seedFromWireGuard(wg, iface, args['instance-name'] ?? 'HomeOffice', args['tunnel-address'] ?? '') : {};
  const standin = createStandin({ key, secret, ...seed, ...(wg ? { applyPeers: applyTo(wg, iface) } : {}) });
  const [host, port] = (args.listen ?? '127.0.0.1:8443').split(/:(?=\d+$)/);
  const server = args.cert
    ? https.createServer({ cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) }, standin.handle)
    : http.createServer(standin.handle);
  server.listen(Number(port), host, () => console.log(`OPNsense API stand-in on ${args.cert ? 'https' : 'http'}://${host}:${port}/api/wireguard/`));
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
