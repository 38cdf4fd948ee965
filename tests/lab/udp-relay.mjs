#!/usr/bin/env node
// User-space UDP relay: the office's "public" face on the simulated internet.
//
// Runs inside the hoc-inet namespace. It listens on PUBLIC:PORT and forwards
// every client (keyed by the public socket it used + its source addr:port, one
// upstream socket per client) to the office's real address, and the replies
// back. Because WireGuard is UDP, all tunnel traffic passes through here, which
// lets tests add latency and loss (the kernel here has no netem) and move the
// office to a new public address.
//
// Server:  node udp-relay.mjs --listen 100.64.3.10:51820 --upstream 100.64.2.2:51820 \
//                 --upstream-bind 100.64.2.1 --control /tmp/hoc-lab/relay.sock
// Client:  node udp-relay.mjs --ctl /tmp/hoc-lab/relay.sock '{"cmd":"delay","ms":100}'
//
// Control protocol (one JSON object per line, one JSON reply per line):
//   {"cmd":"status"}
//   {"cmd":"delay","ms":N}        one-way delay, applied in each direction, order preserved
//   {"cmd":"loss","percent":P}    random drop of P % of the packets, in each direction
//   {"cmd":"move","address":"A"}  listen on A (same port) and stop listening on the old address;
//                                 sessions of the old address are closed.
//   {"cmd":"reset"}               delay 0, loss 0, counters 0
import dgram from 'node:dgram';
import net from 'node:net';
import fs from 'node:fs';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const key = a.slice(2);
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) { out[key] = next; i++; } else out[key] = true;
    } else {
      (out._ ??= []).push(a);
    }
  }
  return out;
}

function splitHostPort(s) {
  const i = s.lastIndexOf(':');
  if (i < 0) throw new Error(`expected HOST:PORT, got ${s}`);
  return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

const args = parseArgs(process.argv.slice(2));

if (args.ctl) {
  // Control client mode.
  const line = (args._ ?? []).join(' ') || '{"cmd":"status"}';
  const sock = net.createConnection(args.ctl);
  let buf = '';
  const timer = setTimeout(() => { console.error('relay: no answer'); process.exit(2); }, 5000);
  sock.on('connect', () => sock.write(line.trim() + '\n'));
  sock.on('data', (d) => {
    buf += d;
    const nl = buf.indexOf('\n');
    if (nl >= 0) {
      clearTimeout(timer);
      const reply = buf.slice(0, nl);
      console.log(reply);
      sock.end();
      let ok = false;
      try { ok = JSON.parse(reply).ok === true; } catch { /* ignore */ }
      process.exit(ok ? 0 : 1);
    }
  });
  sock.on('error', (e) => { console.error(`relay: ${e.message}`); process.exit(2); });
} else {
  runServer();
}

function runServer() {
  const listen = splitHostPort(args.listen ?? '100.64.3.10:51820');
  const upstream = splitHostPort(args.upstream ?? '100.64.2.2:51820');
  const upstreamBind = args['upstream-bind'] ?? undefined;
  const controlPath = args.control;
  const idleMs = Number(args['idle-timeout'] ?? 180) * 1000;

  const state = { delayMs: 0, lossPercent: 0, address: listen.host, port: listen.port,
    stats: { toOffice: 0, toClient: 0, dropped: 0, sessions: 0 } };
  let publicSock = null;           // current listening socket
  const sessions = new Map();      // key `${sockId}|${addr}:${port}` -> session
  let sockSeq = 0;

  const log = (...m) => console.log(new Date().toISOString(), ...m);

  // Ordered delay queue per direction: each packet gets a due time that is never
  // earlier than the previous packet's, so lowering the delay keeps the order.
  function makeQueue() {
    const q = []; let timer = null; let lastDue = 0;
    function pump() {
      timer = null;
      const now = Date.now();
      while (q.length && q[0].due <= now) q.shift().send();
      if (q.length) timer = setTimeout(pump, Math.max(0, q[0].due - Date.now()));
    }
    return {
      push(send) {
        if (state.delayMs <= 0 && q.length === 0) { send(); return; }
        const due = Math.max(Date.now() + state.delayMs, lastDue);
        lastDue = due;
        q.push({ due, send });
        if (!timer) timer = setTimeout(pump, Math.max(0, q[0].due - Date.now()));
      },
      clear() { q.length = 0; if (timer) clearTimeout(timer); timer = null; },
    };
  }
  const toOfficeQ = makeQueue();
  const toClientQ = makeQueue();

  const lost = () => state.lossPercent > 0 && Math.random() * 100 < state.lossPercent;

  function openPublic(address) {
    return new Promise((resolve, reject) => {
      const s = dgram.createSocket({ type: 'udp4', reuseAddr: false });
      s.hocId = ++sockSeq;
      s.hocAddress = address;
      s.once('error', reject);
      s.bind(state.port, address, () => {
        s.removeListener('error', reject);
        s.on('error', (e) => log('public socket error', e.message));
        s.on('message', (msg, rinfo) => onClientPacket(s, msg, rinfo));
        resolve(s);
      });
    });
  }

  function closeSessionsOf(sock) {
    for (const [key, sess] of sessions) {
      if (sess.pub === sock) { try { sess.up.close(); } catch { /* */ } clearTimeout(sess.idle); sessions.delete(key); }
    }
  }

  function onClientPacket(pub, msg, rinfo) {
    const key = `${pub.hocId}|${rinfo.address}:${rinfo.port}`;
    let sess = sessions.get(key);
    if (!sess) {
      const up = dgram.createSocket('udp4');
      sess = { pub, up, client: { address: rinfo.address, port: rinfo.port }, idle: null, ready: false, pending: [] };
      sessions.set(key, sess);
      state.stats.sessions++;
      up.on('message', (reply) => {
        if (lost()) { state.stats.dropped++; return; }
        toClientQ.push(() => {
          if (sessions.get(key) !== sess) return; // session closed meanwhile
          state.stats.toClient++;
          pub.send(reply, sess.client.port, sess.client.address, () => {});
        });
      });
      up.on('error', (e) => log('upstream error', key, e.message));
      up.bind(upstreamBind ? { address: upstreamBind, port: 0 } : { port: 0 }, () => {
        sess.ready = true;
        log(`session ${key} via ${up.address().address}:${up.address().port}`);
        for (const p of sess.pending) p();
        sess.pending = [];
      });
    }
    clearTimeout(sess.idle);
    sess.idle = setTimeout(() => { try { sess.up.close(); } catch { /* */ } sessions.delete(key); }, idleMs);
    if (lost()) { state.stats.dropped++; return; }
    toOfficeQ.push(() => {
      const send = () => { state.stats.toOffice++; sess.up.send(msg, upstream.port, upstream.host, () => {}); };
      if (sessions.get(key) !== sess) return;
      if (sess.ready) send(); else sess.pending.push(send);
    });
  }

  function statusObj() {
    return { ok: true, address: state.address, port: state.port, upstream: `${upstream.host}:${upstream.port}`,
      delayMs: state.delayMs, lossPercent: state.lossPercent, activeSessions: sessions.size, stats: state.stats };
  }

  async function handle(cmd) {
    switch (cmd.cmd) {
      case 'status': case 'ping': return statusObj();
      case 'delay': {
        const ms = Number(cmd.ms);
        if (!Number.isFinite(ms) || ms < 0 || ms > 60000) return { ok: false, error: 'ms must be 0..60000' };
        state.delayMs = ms; log('delay', ms); return statusObj();
      }
      case 'loss': {
        const p = Number(cmd.percent);
        if (!Number.isFinite(p) || p < 0 || p > 100) return { ok: false, error: 'percent must be 0..100' };
        state.lossPercent = p; log('loss', p); return statusObj();
      }
      case 'reset':
        state.delayMs = 0; state.lossPercent = 0; state.stats = { toOffice: 0, toClient: 0, dropped: 0, sessions: 0 };
        return statusObj();
      case 'move': {
        const addr = String(cmd.address ?? '');
        if (!net.isIPv4(addr)) return { ok: false, error: 'address must be IPv4' };
        if (addr === state.address) return statusObj();
        let s;
        try { s = await openPublic(addr); } catch (e) { return { ok: false, error: `bind ${addr}: ${e.message}` }; }
        const old = publicSock;
        closeSessionsOf(old);
        try { old.close(); } catch { /* */ }
        publicSock = s; state.address = addr;
        log('moved to', addr);
        return statusObj();
      }
      default: return { ok: false, error: `unknown cmd ${cmd.cmd}` };
    }
  }

  async function main() {
    publicSock = await openPublic(listen.host);
    log(`relay ${listen.host}:${listen.port} -> ${upstream.host}:${upstream.port}`);
    if (controlPath) {
      try { fs.unlinkSync(controlPath); } catch { /* */ }
      const srv = net.createServer((c) => {
        let buf = '';
        c.on('data', async (d) => {
          buf += d;
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
            let reply;
            try { reply = await handle(JSON.parse(line)); } catch (e) { reply = { ok: false, error: e.message }; }
            c.write(JSON.stringify(reply) + '\n');
          }
        });
        c.on('error', () => {});
      });
      srv.listen(controlPath, () => { fs.chmodSync(controlPath, 0o600); log('control', controlPath); });
    }
  }
  const shutdown = () => { if (controlPath) { try { fs.unlinkSync(controlPath); } catch { /* */ } } process.exit(0); };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  main().catch((e) => { console.error(e); process.exit(1); });
}
