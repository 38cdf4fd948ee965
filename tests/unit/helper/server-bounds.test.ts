/**
 * The helper server's bounds (src/helper/connection-limits.ts) over real Unix
 * sockets, with the callers identified by the real kernel lookup (the
 * native addon), unprivileged. Small limits are passed so each bound is
 * reached quickly; the shipped values are tested in the lab flood test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelperLimits } from '../../../src/helper/connection-limits';
import type { PeerIdentity } from '../../../src/helper/peer-credentials';
import { PrinterService, printerPlatformFor, type PrinterCommandResult } from '../../../src/helper/printers';
import { startHelperServer, type HelperServerOptions } from '../../../src/helper/server';
import { InstalledProfiles } from '../../../src/helper/profile-store';
import { TunnelService } from '../../../src/helper/tunnel-service';
import { linuxPlatform } from '../../../src/helper/platform/linux';
import { loadRealAddon } from './peer-addon';

let dir: string;
let n = 0;
const servers: Server[] = [];

beforeAll(() => {
  loadRealAddon();
  dir = mkdtempSync(join(tmpdir(), 'hoc-bounds-'));
}, 120_000);
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const STATUS = '{"v":1,"id":7,"cmd":"tunnel.status"}\n';

/** A helper server of its own with the given limits; its log lines are collected. */
async function start(limits: Partial<HelperLimits>, extra: Partial<HelperServerOptions> = {}) {
  const socketPath = join(dir, `s${n++}`, 'helper.sock');
  const logs: string[] = [];
  const log = (l: string) => logs.push(l);
  const tunnels = new TunnelService({ stateDir: join(dir, `state${n}`), log, platform: linuxPlatform });
  const profiles = new InstalledProfiles({ dir: join(dir, `profiles${n}`), log });
  const server = await startHelperServer({ socketPath, groupName: 'hoc', gid: process.getgid?.() ?? 0, tunnels, profiles, log, limits, ...extra });
  servers.push(server);
  return { socketPath, logs, server };
}

/** A client connection that collects answer lines and notes when the helper closes it. */
function client(socketPath: string) {
  const socket: Socket = connect(socketPath);
  const lines: string[] = [];
  let buf = '';
  let onLine: (() => void) | null = null;
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => {
    buf += c;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
    onLine?.();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    socket,
    lines,
    closed,
    connected,
    /** Resolves once `count` answers arrived (or the connection closed). */
    answers: (count: number) =>
      new Promise<unknown[]>((resolve) => {
        const check = () => {
          if (lines.length >= count) resolve(lines.map((l) => JSON.parse(l)));
        };
        onLine = check;
        check();
        void closed.then(() => resolve(lines.map((l) => JSON.parse(l))));
      }),
  };
}

const until = async (cond: () => boolean | Promise<boolean>) => {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 10));
};
/** Connections the server holds open. */
const openConnections = (server: Server) => new Promise<number>((resolve) => server.getConnections((_e, count) => resolve(count)));

describe('helper server bounds (real sockets, kernel identity)', () => {
  it('counts the frame limit in bytes: 30 000 "€" (90 000 bytes, 30 000 UTF-16 units) are refused as too long', async () => {
    const { socketPath } = await start({ maxFrameBytes: 64 * 1024 });
    const c = client(socketPath);
    c.socket.write(`{"v":1,"id":1,"cmd":"tunnel.status","pad":"${'€'.repeat(30_000)}"}\n`);
    const [reply] = (await c.answers(1)) as { ok: boolean; error: { params: { detail: string } } }[];
    await c.closed;
    expect(reply).toMatchObject({ ok: false, error: { params: { detail: 'message too long' } } });
  });

  it('reads a line just within the byte limit and judges its content', async () => {
    const { socketPath } = await start({ maxFrameBytes: 64 * 1024 });
    const head = '{"v":1,"id":1,"cmd":"tunnel.status","pad":"';
    const pad = '€'.repeat(Math.floor((64 * 1024 - head.length - 2) / 3));
    const c = client(socketPath);
    c.socket.write(`${head}${pad}"}\n`);
    const [reply] = (await c.answers(1)) as { ok: boolean; error: { params: { detail: string } } }[];
    c.socket.destroy();
    expect(Buffer.byteLength(`${head}${pad}"}`)).toBeLessThanOrEqual(64 * 1024);
    expect(reply?.error.params.detail).not.toBe('message too long');
    expect(reply?.error.params.detail).toMatch(/pad/);
  });

  it('refuses bytes that are not UTF-8 and keeps serving', async () => {
    const { socketPath } = await start({});
    const c = client(socketPath);
    c.socket.write(Buffer.concat([Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(STATUS)]));
    const replies = (await c.answers(2)) as { ok: boolean; error?: { params: { detail: string } } }[];
    c.socket.destroy();
    expect(replies.map((r) => [r.ok, r.error?.params.detail])).toEqual([
      [false, 'not UTF-8'],
      [true, undefined],
    ]);
  });

  it('takes one request at a time: the next line is not even parsed before the previous one is answered (recording printer runner)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const calls: string[][] = [];
    const run = async (argv: readonly string[]): Promise<PrinterCommandResult> => {
      calls.push([...argv]);
      if (calls.length === 1) await gate;
      return { exitCode: 0, stdout: '', all: '' };
    };
    const printers = new PrinterService({ stateDir: join(dir, 'printers'), log: () => undefined, platform: printerPlatformFor('linux'), run });
    const { socketPath, logs } = await start({}, { printers });
    const c = client(socketPath);
    c.socket.write('{"v":1,"id":1,"cmd":"printer.list"}\n{"v":1,"id":2,"cmd":"printer.list"}\n{"v":1,"id":3,"cmd":"printer.list"}\n');
    await until(() => calls.length === 1);
    // Give the server every chance to read ahead: it must not.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(logs.filter((l) => l.endsWith('printer.list'))).toHaveLength(1);
    release();
    const replies = (await c.answers(3)) as { id: number; ok: boolean }[];
    c.socket.destroy();
    expect(replies.map((r) => [r.id, r.ok])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('stops reading from a client that never reads its answers (backpressure) and closes it when idle', async () => {
    // The byte cap is out of the way here: what stops this flood is backpressure alone.
    const { socketPath, logs } = await start({ idleTimeoutMs: 300, maxConnectionBytes: 1024 * 1024 * 1024 });
    const c = client(socketPath);
    c.socket.pause(); // never reads
    await c.connected;
    c.socket.write('x\n'.repeat(2_000_000));
    await c.closed;
    await until(() => logs.some((l) => /requests refused on one connection/.test(l)));
    const summary = logs.find((l) => /requests refused on one connection/.test(l)) ?? '';
    const read = Number(/\((\d+) bytes read/.exec(summary)?.[1]);
    console.log(`flood of 4 000 000 bytes: ${summary}`);
    expect(logs.some((l) => /closed the connection after 300 ms \(the caller did not read its answers\)/.test(l))).toBe(true);
    // Bound: reading stops once an answer backs up, so the helper holds at most the chunks
    // read before that (a few 64 KiB socket reads), never the whole flood.
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(4 * 64 * 1024);
  });

  it('closes a connection after its byte cap, even when it reads every answer', async () => {
    const { socketPath, logs } = await start({ maxConnectionBytes: 4096 });
    const c = client(socketPath);
    for (let i = 0; i < 200; i++) c.socket.write(STATUS);
    await c.closed;
    const last = JSON.parse(c.lines.at(-1) ?? '{}') as { error?: { params: { detail: string } } };
    expect(last.error?.params.detail).toBe('connection byte limit reached');
    expect(c.lines.length).toBeLessThan(4096 / STATUS.length + 1);
    expect(logs.some((l) => /closed the connection after \d+ bytes \(cap 4096\)/.test(l))).toBe(true);
  });

  it('closes a connection that sends nothing within the idle timeout, without an answer', async () => {
    const { socketPath, logs } = await start({ idleTimeoutMs: 200 });
    const c = client(socketPath);
    await c.closed;
    expect(c.lines).toEqual([]);
    expect(logs.some((l) => /closed the connection after 200 ms waiting for a request/.test(l))).toBe(true);
  });

  it('closes a connection that trickles its request: bytes that trickle in do not extend the idle timeout', async () => {
    const { socketPath } = await start({ idleTimeoutMs: 200 });
    const c = client(socketPath);
    await c.connected;
    let sent = 0;
    const request = '{"v":1,"id":1,"cmd":"tunnel.status"}'.padEnd(400, ' ');
    const trickle = setInterval(() => {
      if (!c.socket.destroyed && sent < request.length) c.socket.write(request[sent++] ?? ' ');
    }, 20);
    await c.closed;
    clearInterval(trickle);
    expect(sent).toBeLessThan(request.length);
    expect(c.lines).toEqual([]);
  });

  it('caps the connections of one uid, answers the next one busy, and gives the slot back when one closes', async () => {
    const { socketPath, server } = await start({ maxConnectionsPerUid: 3 });
    const held = [client(socketPath), client(socketPath), client(socketPath)];
    await Promise.all(held.map((h) => h.connected));
    await until(async () => (await openConnections(server)) === 3);
    // Each held connection proves it was admitted by being answered.
    held.forEach((h) => h.socket.write(STATUS));
    await Promise.all(held.map((h) => h.answers(1)));
    const extra = client(socketPath);
    const [busy] = (await extra.answers(1)) as { ok: boolean; error: { code: string; params: { limit: number } } }[];
    await extra.closed;
    expect(busy).toMatchObject({ ok: false, error: { code: 'error.helper.busy', params: { limit: 3 } } });
    held[0]?.socket.destroy();
    await held[0]?.closed;
    await until(async () => (await openConnections(server)) === 2);
    const again = client(socketPath);
    again.socket.write(STATUS);
    const [ok] = (await again.answers(1)) as { ok: boolean }[];
    expect(ok?.ok).toBe(true);
    for (const c of [...held, again]) c.socket.destroy();
  });

  it('caps the connections in all', async () => {
    const { socketPath, server } = await start({ maxConnections: 4, maxConnectionsPerUid: 100 });
    const held = [0, 1, 2, 3].map(() => client(socketPath));
    held.forEach((h) => h.socket.write(STATUS));
    await Promise.all(held.map((h) => h.answers(1)));
    const extra = client(socketPath);
    const [busy] = (await extra.answers(1)) as { error: { code: string; params: { limit: number } } }[];
    expect(busy?.error).toMatchObject({ code: 'error.helper.busy', params: { limit: 4 } });
    for (const c of held) c.socket.destroy();
    await until(async () => (await openConnections(server)) === 0);
  });

  it('answers a caller who shut their side right after sending (half-open)', async () => {
    const { socketPath } = await start({});
    const c = client(socketPath);
    c.socket.end(STATUS + STATUS);
    const replies = (await c.answers(2)) as { ok: boolean }[];
    await c.closed;
    expect(replies.map((r) => r.ok)).toEqual([true, true]);
  });
});

describe('helper server bounds across users (fake identities)', () => {
  it('still serves another uid while one uid is at its cap', async () => {
    let next: PeerIdentity = { pid: 10, uid: 1001, gids: [4242] };
    const { socketPath } = await start({ maxConnectionsPerUid: 2 }, { gid: 4242, identify: async () => next });
    const held = [client(socketPath), client(socketPath)];
    held.forEach((h) => h.socket.write(STATUS));
    await Promise.all(held.map((h) => h.answers(1)));
    const same = client(socketPath);
    const [busy] = (await same.answers(1)) as { error: { code: string } }[];
    expect(busy?.error.code).toBe('error.helper.busy');
    next = { pid: 11, uid: 1002, gids: [4242] };
    const other = client(socketPath);
    other.socket.write(STATUS);
    const [ok] = (await other.answers(1)) as { ok: boolean }[];
    expect(ok?.ok).toBe(true);
    for (const c of [...held, other]) c.socket.destroy();
  });
});
