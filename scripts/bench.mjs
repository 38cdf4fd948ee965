#!/usr/bin/env node
// Benchmark driver for scripts/bench.sh (the lab must be up with the helper and desktop running).
// Every figure is measured here, in this run, next to its baseline:
//   baseline  scripts/bench-baseline.sh: the same work with wg-quick and standard tools
//   cli       `hoc connect` as a new process (Node start-up and loading included)
//   warm      the desktop app's controller in one running Node process (scripts/bench-warm.mjs)
// with the time of each stage on the critical path (tunnel, names, then services ‖ drives ‖
// printers), from the session's progress events.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'idle-seconds': { type: 'string', default: '60' },
    out: { type: 'string', default: 'bench-results.json' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const IDLE_S = Math.max(5, Number(values['idle-seconds']));
const repo = new URL('..', import.meta.url).pathname;
const lab = join(repo, 'tests/lab/lab.sh');
const LAB = process.env.HOC_LAB_DIR ?? '/tmp/hoc-lab';
const APP = join(LAB, 'app');
const profile = join(LAB, 'anna.hocprofile');
const payload = JSON.parse(Buffer.from(JSON.parse(readFileSync(profile, 'utf8')).payload, 'base64').toString('utf8'));
const office = JSON.parse(readFileSync(join(LAB, 'office-account.json'), 'utf8'));
const STEPS = ['profile', 'tunnel', 'dns', 'services', 'drives', 'printers'];
const machine = { cores: cpus().length, loadavgAtStart: loadavg().map((l) => +l.toFixed(2)), node: process.version, at: new Date().toISOString() };
machine.commit = spawnSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();

// The employee's CLI and the app's controller, where they can read them, with the keychain binding beside them.
mkdirSync(join(APP, 'node_modules/@napi-rs'), { recursive: true });
copyFileSync(join(repo, 'out/cli/hoc.mjs'), join(APP, 'hoc.mjs'));
copyFileSync(join(repo, 'scripts/bench-warm.mjs'), join(APP, 'bench-warm.mjs'));
await build({
  entryPoints: [join(repo, 'src/core/app/index.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm',
  outfile: join(APP, 'core-app.mjs'), external: ['@napi-rs/keyring'], logLevel: 'warning',
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
});
for (const name of readdirSync(join(repo, 'node_modules/@napi-rs')).filter((n) => n.startsWith('keyring'))) {
  cpSync(join(repo, 'node_modules/@napi-rs', name), join(APP, 'node_modules/@napi-rs', name), { recursive: true });
}
await run('chmod', ['-R', 'a+rX', APP]);
const userHome = join(LAB, 'users/bench');
mkdirSync(userHome, { recursive: true });
chmodSync(join(LAB, 'users'), 0o755);
const [uid, gid] = readFileSync('/etc/passwd', 'utf8').match(/^hocuser:x:(\d+):(\d+)/m).slice(1).map(Number);
chownSync(userHome, uid, gid);

async function sh(args, opts = {}) {
  try {
    const r = await run(lab, args, { maxBuffer: 1 << 24, timeout: 120_000, ...opts });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    return { code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
const userEnv = { ...process.env, HOC_HOME: userHome, HOC_HELPER_SOCKET: join(LAB, 'helper/helper.sock'), HOC_LANG: 'en', NODE_EXTRA_CA_CERTS: join(LAB, 'ca/ca.pem') };
// The employee's CLI in their desktop session (D-Bus, keyring, gvfs): the drive is mounted for real.
const hoc = (...args) => sh(['desktop', 'exec', '--', 'node', join(APP, 'hoc.mjs'), ...args], { env: userEnv });
const once = (args, input) => spawnSync(lab, ['desktop', 'exec', '--', 'node', join(APP, 'hoc.mjs'), ...args], { input, env: userEnv, encoding: 'utf8' });
const ms = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (t) => new Promise((res) => setTimeout(res, t));
const stats = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: Math.round(median), min: Math.round(s[0]), max: Math.round(s[s.length - 1]), runs: s.length };
};

// The office sign-in for the drive (gnome-keyring), and the profile imported for the app's controller.
for (const [args, input] of [
  [['account', 'set', '--profile', profile, '--user', office.user, '--domain', office.domain, '--password-stdin'], `${office.password}\n`],
  [['profile', 'import', '--yes', profile], ''],
]) {
  const r = once(args, input);
  if (r.status !== 0) throw new Error(`hoc ${args[0]}: ${r.stdout}${r.stderr}`);
}

// ---- the baseline's inputs, from the same profile
const t = payload.tunnel;
const baseDir = join(LAB, 'bench-base');
mkdirSync(baseDir, { recursive: true, mode: 0o700 });
writeFileSync(
  join(baseDir, 'wgbase.conf'),
  `[Interface]\nPrivateKey = ${t.privateKey}\nAddress = ${t.address.join(', ')}\nMTU = ${t.mtu}\n\n[Peer]\nPublicKey = ${t.peer.publicKey}\nPresharedKey = ${t.peer.presharedKey}\nEndpoint = ${t.peer.endpoint}\nAllowedIPs = ${t.peer.allowedIPs.join(', ')}\nPersistentKeepalive = ${t.peer.persistentKeepalive}\n`,
  { mode: 0o600 },
);
const hostOf = (s) => s.host ?? new URL(s.url).hostname;
const defaultPort = { smb: 445, ipp: 631, https: 443 };
writeFileSync(join(baseDir, 'services.txt'), payload.services.map((s) => [s.kind, hostOf(s), s.port ?? defaultPort[s.kind] ?? '', s.url ?? ''].join('|')).join('\n') + '\n');
writeFileSync(join(baseDir, 'office-pass'), office.password, { mode: 0o600 });
writeFileSync(join(baseDir, 'office-pass-user'), office.password, { mode: 0o600 });
chownSync(join(baseDir, 'office-pass-user'), uid, gid);
chmodSync(baseDir, 0o711);
const drive = payload.drives[0];
const [, driveHost, driveShare] = drive.share.match(/^\\\\([^\\]+)\\([^\\]+)/);
const printer = payload.printers[0];
const domain = payload.org.domain;
const baseEnv = {
  BASE_DIR: baseDir, OFFICE_DNS: t.dns.servers[0], DOMAIN: domain, MTU: String(t.mtu),
  NAME: payload.services.map(hostOf).find((h) => h.endsWith(`.${domain}`)) ?? domain,
  DESKTOP_PID: readFileSync(join(LAB, 'run/desktop.pid'), 'utf8').trim(), USER_UID: String(uid), USER_GID: String(gid),
  DESKTOP_HOME: join(LAB, 'desktop/home'), DESKTOP_RUN: join(LAB, 'desktop/run'), OFFICE_USER: office.user, CA_FILE: join(LAB, 'ca/ca.pem'),
  DRIVE_URI: `smb://${office.domain};${office.user}@${driveHost.toLowerCase()}/${driveShare}`,
  DRIVE_FUSE: join(LAB, 'desktop/run/gvfs', `smb-share:domain=${office.domain},server=${driveHost.toLowerCase()},share=${driveShare.toLowerCase()},user=${office.user}`),
  CUPS_SOCK: join(LAB, 'home/cups/run/cups.sock'), PRINTER: printer.name, PRINTER_URI: printer.uri,
};
const baseline = (op) => sh(['exec', 'home', '--', 'env', ...Object.entries(baseEnv).map(([k, v]) => `${k}=${v}`), 'bash', join(repo, 'scripts/bench-baseline.sh'), op]);

// ---- one measurement of each kind; each starts from a settled, disconnected desktop (3 s after
// the last unmount: right after one, gvfsd-fuse answers "input/output error" for the share's folder
// for a second or two). A run that does not end ready is an error, not a figure.
const SETTLE_MS = 3000;
const baselineOnce = async ({ settle = true } = {}) => {
  if (settle) await sleep(SETTLE_MS);
  const r = await baseline('up');
  await baseline('down');
  const line = r.out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  const res = line ? JSON.parse(line) : null;
  if (r.code !== 0 || !res?.ok) throw new Error(`baseline failed: ${r.out}`);
  const spans = Object.values(res.stages);
  const stages = Object.fromEntries(Object.entries(res.stages).map(([k, [a, b]]) => [k === 'names' ? 'dns' : k, b - a]));
  return { ms: Math.max(...spans.map((s) => s[1])) - Math.min(...spans.map((s) => s[0])), stages, printerDriver: res.printerDriver };
};
const cliOnce = async ({ settle = true } = {}) => {
  if (settle) await sleep(SETTLE_MS);
  const started = ms();
  const r = await hoc('connect', '--profile', profile);
  const took = ms() - started;
  await hoc('disconnect');
  if (r.code !== 0) throw new Error(`hoc connect did not end ready (exit ${r.code}): ${r.out}`);
  const stages = {};
  for (const m of r.out.matchAll(/^\[(\d)\/6\].*\((\d+) ms\)/gm)) stages[STEPS[Number(m[1]) - 1]] = Number(m[2]);
  const inside = Number(r.out.match(/\((\d+) ms\)\s*$/)?.[1]);
  return { ms: took, stages, inside };
};

// The warm path: one controller process for the whole run.
const warm = spawn(lab, ['desktop', 'exec', '--', 'node', join(APP, 'bench-warm.mjs'), join(APP, 'core-app.mjs')], { env: userEnv, stdio: ['pipe', 'pipe', 'inherit'] });
const replies = [];
let waiting = null;
createInterface({ input: warm.stdout }).on('line', (l) => {
  if (!l.startsWith('{')) return;
  const msg = JSON.parse(l);
  if (waiting) { const w = waiting; waiting = null; w(msg); } else replies.push(msg);
});
const nextReply = () => (replies.length ? Promise.resolve(replies.shift()) : new Promise((res) => (waiting = res)));
const warmCall = async (op) => {
  warm.stdin.write(`${JSON.stringify({ op })}\n`);
  return nextReply();
};
if (!(await nextReply()).ready) throw new Error('warm controller did not start');
const warmOnce = async ({ settle = true } = {}) => {
  if (settle) await sleep(SETTLE_MS);
  const r = await warmCall('connect');
  const d = await warmCall('disconnect');
  if (r.phase !== 'ready') throw new Error(`warm connect did not end ready: ${JSON.stringify(r)}`);
  if (d.phase !== 'idle') throw new Error(`warm disconnect failed: ${JSON.stringify(d)}`);
  return { ms: r.ms, stages: Object.fromEntries(Object.entries(r.steps).map(([k, v]) => [k, v.ms])), disconnectMs: d.ms };
};
// A reconnect straight after a disconnect (the disconnect is not timed; the connect is).
const warmReconnect = async () => {
  await warmCall('connect');
  await warmCall('disconnect');
  return warmOnce({ settle: false });
};

const summary = (samples) => {
  const stageNames = [...new Set(samples.flatMap((s) => Object.keys(s.stages ?? {})))];
  return {
    total: stats(samples.map((s) => s.ms)),
    stages: Object.fromEntries(stageNames.map((k) => [k, stats(samples.map((s) => s.stages?.[k]).filter((v) => typeof v === 'number'))])),
    samples,
  };
};

const results = { machine, runs: RUNS, settleMs: SETTLE_MS, connect: {}, reconnectAtOnce: {}, recovery: {}, idleCpu: null };
results.warmFirstConnect = await warmOnce(); // the process's first connect (loading, JIT), kept apart
for (const delay of [0, 25]) {
  await sh(['relay', 'delay', String(delay)]);
  const base = [], cli = [], app = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await baselineOnce());
    cli.push(await cliOnce());
    app.push(await warmOnce());
  }
  const again = [], baseAgain = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    again.push(await warmReconnect());
    // The baseline's own reconnect at once: the same share mounted again right after its unmount.
    await baselineOnce();
    baseAgain.push(await baselineOnce({ settle: false }));
  }
  const r = { baseline: summary(base), cli: summary(cli), warm: summary(app) };
  r.cliInsideMs = stats(cli.map((c) => c.inside).filter(Number.isFinite));
  r.warmRatio = +(r.warm.total.median / r.baseline.total.median).toFixed(2);
  r.cliRatio = +(r.cli.total.median / r.baseline.total.median).toFixed(2);
  results.connect[`${delay}ms`] = r;
  results.reconnectAtOnce[`${delay}ms`] = {
    warm: summary(again),
    baseline: summary(baseAgain),
    ratioToConnect: +(stats(again.map((a) => a.ms)).median / r.warm.total.median).toFixed(2),
    baselineRatioToConnect: +(stats(baseAgain.map((a) => a.ms)).median / r.baseline.total.median).toFixed(2),
  };
}
await sh(['relay', 'reset']);
{
  const again = [];
  await cliOnce();
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) again.push(await cliOnce({ settle: false }));
  results.reconnectAtOnce['0ms'].cli = summary(again);
}
warm.stdin.end();

// Recovery: time until the licence server answers through the tunnel again.
async function timeToOffice(limit = 30_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < limit) {
    const r = await sh(['exec', 'home', '--', 'timeout', '0.5', 'bash', '-c', 'exec 3<>/dev/tcp/10.77.0.10/27000']);
    if (r.code === 0) return Date.now() - t0;
    await sleep(100);
  }
  return null;
}
await hoc('connect', '--profile', profile);
await timeToOffice(5000);
results.recovery['office WireGuard restart'] = (await sh(['wg-restart']), await timeToOffice());
await sh(['exec', 'home', '--', 'ip', 'link', 'set', 'eth0', 'down']);
await sleep(20_000);
await sh(['exec', 'home', '--', 'ip', 'link', 'set', 'eth0', 'up']);
await sh(['exec', 'home', '--', 'ip', 'route', 'replace', 'default', 'via', '100.64.1.1']);
results.recovery['home link down 20 s (after it is back)'] = await timeToOffice();
results.recovery['office moved to a new public address'] = (await sh(['relay', 'move']), await timeToOffice());
await sh(['helper-stop']);
await sh(['helper-start']);
results.recovery['helper restart (tunnel adopted)'] = await timeToOffice();

// Idle CPU: helper + wireguard-go over the idle window, from /proc (user+system ticks).
const pidsOf = async (pattern) => (await run('pgrep', ['-f', pattern]).catch(() => ({ stdout: '' }))).stdout.split('\n').filter(Boolean).map(Number);
const ticks = (pids) =>
  pids.reduce((sum, pid) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + Number(f[11]) + Number(f[12]);
    } catch {
      return sum;
    }
  }, 0);
const pids = [...(await pidsOf('hoc-helper.mjs')), ...(await pidsOf('wireguard-go hoc0'))];
const before = ticks(pids);
await sleep(IDLE_S * 1000);
const used = (ticks(pids) - before) / 100; // CLK_TCK is 100 on Linux
results.idleCpu = { seconds: IDLE_S, cpuSeconds: used, percentOfOneCore: +((used / IDLE_S) * 100).toFixed(2), processes: pids.length };
await hoc('disconnect');
machine.loadavgAtEnd = loadavg().map((l) => +l.toFixed(2));

writeFileSync(values.out, JSON.stringify(results, null, 2));
const fmt = (s) => (s ? `${s.median} (${s.min}–${s.max})` : '–');
const row = (cells) => cells.map((c, i) => String(c).padEnd(i === 0 ? 34 : 20)).join('');
console.log(`\n${machine.cores} cores, load average ${machine.loadavgAtStart.join(' ')} at start, ${machine.loadavgAtEnd.join(' ')} at end`);
console.log(`connect-to-ready, ${RUNS} runs each (median (min–max) ms); targets: warm ≤ 1.2× baseline, reconnect ≤ 1.0× connect`);
console.log(row(['', 'baseline (shell)', 'warm (app process)', 'hoc connect (CLI)', 'warm / baseline']));
for (const [delay, r] of Object.entries(results.connect)) {
  console.log(row([`${delay} one way`, fmt(r.baseline.total), fmt(r.warm.total), fmt(r.cli.total), `${r.warmRatio}× (CLI ${r.cliRatio}×)`]));
  for (const st of STEPS) {
    console.log(row([`  ${st}`, fmt(r.baseline.stages[st]), fmt(r.warm.stages[st]), fmt(r.cli.stages[st])]));
  }
  const again = results.reconnectAtOnce[delay];
  console.log(row([`  reconnect at once`, fmt(again.baseline.total), fmt(again.warm.total), fmt(again.cli?.total), `${again.ratioToConnect}× of connect (baseline ${again.baselineRatioToConnect}×)`]));
  console.log(row([`    its drives stage`, fmt(again.baseline.stages.drives), fmt(again.warm.stages.drives), fmt(again.cli?.stages.drives)]));
}
console.log('\ntime to recover (target < 10000 ms)');
for (const [name, v] of Object.entries(results.recovery)) console.log(row([name, v === null ? 'not recovered' : `${v} ms`]));
console.log(`\nidle connected session: ${results.idleCpu.percentOfOneCore}% of one core over ${IDLE_S} s (target < 1%)`);
console.log(`\nwritten: ${values.out}`);
