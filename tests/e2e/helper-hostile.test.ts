/**
 * The helper against hostile members of its own group, as the lab's
 * unprivileged users: identity from the kernel (a crafted abstract socket
 * name does not make anyone root) and the bounds (a flood and idle
 * connections do not take the helper down or its memory up).
 * The client is tests/lab/hostile-client.py, run with Debian's /usr/bin/python3 (a
 * python3 earlier in root's PATH may not be readable by the employees).
 */
import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELPER_LIMITS } from '../../src/helper/connection-limits';
import { employee, helperSocket, inLab, labDir, labPeer, labSh, profilePath, repo } from './lab';

const anna = employee('hocuser');
const helperLog = join(labDir, 'logs/helper.log');
const client = join(labDir, 'app/hostile-client.py');
const uidOf = (name: string) => Number(execaSync('id', ['-u', name]).stdout);

const STATUS = '{"v":1,"id":3,"cmd":"tunnel.status"}';
const DOWN = '{"v":1,"id":4,"cmd":"tunnel.down"}';

/** Runs the hostile client as one of the lab's employees. */
async function hostile(who: 'hocuser' | typeof labPeer, args: string[], timeoutMs = 60_000) {
  const r = await inLab('home', ['/usr/bin/python3', client, ...args], { ...(who === labPeer ? { as: labPeer } : { user: true }), timeoutMs });
  if (r.exitCode !== 0) throw new Error(`hostile-client ${args[0]} failed: ${r.all}`);
  return r.stdout.trim();
}

/** The helper log from `offset` on. */
const logSince = (offset: number) => readFileSync(helperLog, 'utf8').slice(offset);
const logSize = () => statSync(helperLog).size;

/** The helper process of the lab's main home (the Node bundle or the executable). */
function helperPid(): number {
  const r = execaSync('pgrep', ['-f', `hoc-helper[^ ]* --socket ${helperSocket}`], { reject: false });
  const pids = r.stdout.split('\n').filter(Boolean).map(Number);
  if (pids.length !== 1) throw new Error(`expected one helper process, found: ${r.stdout}`);
  return pids[0] as number;
}

/** Resident and peak resident memory of a process in MiB (/proc/PID/status). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
/** Resets the kernel's peak-RSS counter of a process (clear_refs 5, proc(5)). */
const resetPeak = (pid: number) => writeFileSync(`/proc/${pid}/clear_refs`, '5');

beforeAll(async () => {
  mkdirSync(join(labDir, 'app'), { recursive: true });
  chmodSync(join(labDir, 'app'), 0o755);
  copyFileSync(join(repo, 'tests/lab/hostile-client.py'), client);
  chmodSync(client, 0o755);
  await anna.hoc(['disconnect']);
}, 180_000);

afterAll(async () => {
  await anna.hoc(['disconnect']);
});

describe('helper identity: a group member cannot pose as someone else', () => {
  it('identifies a member behind a crafted abstract socket name as themself, and refuses their tunnel.down of another user\'s tunnel', async () => {
    // Only the tunnel matters here: without a stored office sign-in the drives step fails and
    // connect ends degraded (exit 3); this file stores none, so it changes no later file's start.
    const c = await anna.hoc(['connect', '--profile', profilePath]);
    expect([0, 3], c.all).toContain(c.exitCode);
    expect((await inLab('home', ['ip', '-o', 'link', 'show', 'hoc0'])).exitCode).toBe(0);
    const peerUid = uidOf(labPeer);

    // Plain, then from a socket bound to a name that carries newlines and a fake `ss` row for pid 1.
    const offset = logSize();
    const plain = JSON.parse(await hostile(labPeer, ['ask', helperSocket, DOWN]));
    const crafted = JSON.parse(await hostile(labPeer, ['crafted', helperSocket, DOWN]));
    expect(plain).toMatchObject({ ok: false, error: { code: 'error.tunnel.ownedByOther' } });
    expect(crafted).toMatchObject({ ok: false, error: { code: 'error.tunnel.ownedByOther' } });
    const log = logSince(offset);
    console.log(`helper log during the crafted-name attempt:\n${log.trim()}`);
    expect(log.match(new RegExp(`uid ${peerUid}: tunnel\\.down$`, 'gm'))).toHaveLength(2);
    expect(log.match(new RegExp(`uid ${peerUid}: tunnel\\.down failed: error\\.tunnel\\.ownedByOther$`, 'gm'))).toHaveLength(2);
    expect(log).not.toMatch(/uid 0: tunnel\.down/);

    // The owner's tunnel is still up.
    expect((await inLab('home', ['ip', '-o', 'link', 'show', 'hoc0'])).exitCode).toBe(0);
    const s = JSON.parse((await anna.hoc(['status', '--json'])).stdout);
    expect(s).toMatchObject({ connected: true, interface: 'hoc0' });
    const d = await anna.hoc(['disconnect']);
    expect(d.exitCode, d.all).toBe(0);
  });
});

describe('helper bounds: a flood and idle connections', () => {
  it('survives 2 million unread lines, then 300 idle connections, with memory and connections bounded', async () => {
    const pid = helperPid();
    const annaUid = uidOf('hocuser');
    const before = memory(pid);
    resetPeak(pid);

    // 1. Flood: 2 000 000 lines of "x\n" (4 MB), never reading an answer.
    let offset = logSize();
    const flood = JSON.parse(await hostile('hocuser', ['flood', helperSocket, '2000000'], 240_000)) as { sent: number; of: number; outcome: string };
    const floodLog = logSince(offset);
    const afterFlood = memory(pid);
    const summary = /(\d+) requests refused on one connection \((\d+) bytes read, (\d+) answers\)/.exec(floodLog);
    console.log(
      `flood: client sent ${flood.sent} of ${flood.of} bytes, ${flood.outcome}; helper: ${summary?.[0] ?? '(no summary)'}\n` +
        `helper RSS: before ${before.rss.toFixed(1)} MiB, peak during flood ${afterFlood.peak.toFixed(1)} MiB, after close ${afterFlood.rss.toFixed(1)} MiB`,
    );
    // Backpressure, not the byte cap, stops it: the helper stops reading once its answers back up.
    expect(flood.outcome).toBe('closed by the helper');
    expect(flood.sent).toBeLessThan(flood.of);
    expect(floodLog).toMatch(/closed the connection after 10000 ms \(the caller did not read its answers\)/);
    expect(Number(summary?.[2])).toBeLessThanOrEqual(HELPER_LIMITS.maxConnectionBytes);

    // 2. 300 idle connections of one user, while a fresh client of another user asks.
    offset = logSize();
    resetPeak(pid);
    const idle = execa(labSh, ['exec', 'home', '--user', '--', '/usr/bin/python3', client, 'idle', helperSocket, '300', '90'], { reject: false, stdin: 'ignore', timeout: 120_000 });
    const holding = await new Promise<{ counts: Record<string, number> }>((resolve, reject) => {
      let out = '';
      idle.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.includes('"holding"'));
        if (line) resolve(JSON.parse(line));
      });
      void idle.then((r) => reject(new Error(`idle client ended before holding: ${r.all ?? r.stderr}`)));
    });
    // While one uid holds its cap: another user is answered, the same user is told to wait.
    const fresh = JSON.parse(await hostile(labPeer, ['ask', helperSocket, STATUS]));
    const sameUser = JSON.parse(await hostile('hocuser', ['ask', helperSocket, STATUS]));
    const done = await idle;
    const result = JSON.parse(String(done.stdout).split('\n').find((l) => l.includes('"done"')) ?? '{}') as { counts: Record<string, number>; seconds: number };
    const afterIdle = memory(pid);
    const idleLog = logSince(offset);
    console.log(
      `300 idle connections: while holding ${JSON.stringify(holding.counts)}; at the end ${JSON.stringify(result.counts)} after ${result.seconds} s\n` +
        `fresh client of another user: ${JSON.stringify(fresh)}; same user meanwhile: ${JSON.stringify(sameUser)}\n` +
        `helper RSS: peak during idle ${afterIdle.peak.toFixed(1)} MiB, after close ${afterIdle.rss.toFixed(1)} MiB`,
    );
    const cap = HELPER_LIMITS.maxConnectionsPerUid;
    expect(holding.counts).toEqual({ open: cap, busy: 300 - cap });
    expect(result.counts).toEqual({ 'closed idle': cap, busy: 300 - cap });
    expect(idleLog.match(new RegExp(`uid ${annaUid}: closed the connection after 10000 ms waiting for a request`, 'g'))).toHaveLength(cap);
    expect(fresh).toMatchObject({ id: 3, ok: true });
    expect(sameUser).toMatchObject({ ok: false, error: { code: 'error.helper.busy', params: { limit: cap } } });

    // 3. Still up, and the same user is served again once the idle ones are gone.
    expect(helperPid()).toBe(pid);
    expect(JSON.parse(await hostile('hocuser', ['ask', helperSocket, STATUS]))).toMatchObject({ ok: true });

    // Memory bound: the connections hold at most maxConnections × (one frame + one 64 KiB socket
    // read + Node's 16 KiB write buffer) ≈ 9 MiB; 32 MiB more is room for V8's heap growth.
    // Before these bounds the same flood took the helper from 55 MB to 1.1 GB and kept 950 MB.
    const heldBound = (HELPER_LIMITS.maxConnections * (HELPER_LIMITS.maxFrameBytes + 64 * 1024 + 16 * 1024)) / 2 ** 20;
    const bound = heldBound + 32;
    console.log(`memory bound asserted: growth < ${bound.toFixed(1)} MiB over the ${before.rss.toFixed(1)} MiB before the flood`);
    expect(afterFlood.peak - before.rss).toBeLessThan(bound);
    expect(afterIdle.peak - before.rss).toBeLessThan(bound);
    expect(afterIdle.rss - before.rss).toBeLessThan(bound);
  });
});
