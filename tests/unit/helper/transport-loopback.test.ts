/**
 * The part of the Windows transport that runs on Linux: loopback TCP, the
 * endpoint file with this start's secret, and the handshake. On Windows an
 * ACL (icacls, pinned in helper-win32.test.ts) decides who can read the
 * file; here the file's mode does the same job, so "cannot read the secret"
 * is a real failed read. The helper is the real one (win32 platform on the
 * recording stand-in of Windows); the client is the real one (core's
 * helper client, and the bundled `hoc` CLI for the user who cannot read).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { callHelper } from '../../../src/core/helper-client';
import { helperSocketPath } from '../../../src/core/paths';
import { createDarwinPlatform } from '../../../src/helper/platform/darwin';
import { linuxPlatform } from '../../../src/helper/platform/linux';
import { createWin32Platform, WIN32_ENDPOINT_FILE } from '../../../src/helper/platform/win32';
import { startHelper, type RunningHelper } from '../../../src/helper/start';
import { listenLoopback } from '../../../src/helper/transport-loopback';
import { randomToken } from '../../../src/shared/helper-handshake';
import { bundleCli, removeBundledCli } from './os-harness';
import { RecordingWindowsStandIn } from './standin-windows';

const SCRIPTS = 'C:\\Program Files\\HomeOffice Connect\\resources\\windows';
let disk: string;
let machine: RecordingWindowsStandIn;
let helper: RunningHelper;
let endpointFile: string;
let log: string[];

/** Opens a raw TCP connection to the helper's port and collects every line it sends. */
function raw(port: number): Promise<{ socket: Socket; lines: string[]; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const lines: string[] = [];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        lines.push(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, lines, closed }));
    socket.once('error', reject);
  });
}

function endpoint(): { port: number; secret: string } {
  return JSON.parse(readFileSync(endpointFile, 'utf8')) as { port: number; secret: string };
}

beforeAll(async () => {
  disk = mkdtempSync(join(tmpdir(), 'hoc-loopback-'));
  machine = new RecordingWindowsStandIn(disk, SCRIPTS);
  log = [];
  helper = await startHelper({
    platform: createWin32Platform({ scriptsDir: SCRIPTS }),
    system: machine,
    address: WIN32_ENDPOINT_FILE,
    group: 'HomeOffice Connect Users',
    stateDir: 'C:\\ProgramData\\HomeOffice Connect\\tunnels',
    profileDir: join(disk, 'profiles'),
    printerStateDir: join(disk, 'printers'),
    log: (l) => log.push(l),
    keepAlive: false,
  });
  endpointFile = machine.real(WIN32_ENDPOINT_FILE);
});
afterAll(async () => {
  await helper.stop();
  rmSync(disk, { recursive: true, force: true });
});

describe('Windows transport: loopback plus the secret in the endpoint file (the part that runs on Linux)', () => {
  it("the client's default address on each OS is the helper's", () => {
    expect(helperSocketPath({}, 'win32')).toBe(WIN32_ENDPOINT_FILE);
    expect(helperSocketPath({}, 'darwin')).toBe(createDarwinPlatform().defaults.address);
    expect(helperSocketPath({}, 'linux')).toBe(linuxPlatform.defaults.address);
  });

  it('serves a client that can read the endpoint file', async () => {
    expect(await callHelper({ cmd: 'tunnel.status' }, { socketPath: endpointFile })).toEqual({ state: 'down' });
  });

  it('listens on loopback only, and the endpoint file holds the port and a 32-byte secret', () => {
    const address = helper.transport.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    const e = endpoint();
    expect(Buffer.from(e.secret, 'base64')).toHaveLength(32);
    expect(typeof address === 'object' && address?.port).toBe(e.port);
  });

  it('refuses a user who cannot read the secret, naming the group (hoc status as another user)', async () => {
    const cli = await bundleCli();
    onTestFinished(() => removeBundledCli(cli));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOC_HELPER_SOCKET: endpointFile, HOC_HOME: join(disk, 'other-home'), LANG: 'C' };
    let r;
    if (process.getuid?.() === 0) {
      // As root (CI): the real CLI as nobody, who may not read the file (nor enter its folder).
      r = await execa(process.execPath, [cli, 'status', '--lang', 'en'], { reject: false, env, extendEnv: false, uid: 65534, gid: 65534 });
    } else {
      chmodSync(endpointFile, 0o000);
      try {
        r = await execa(process.execPath, [cli, 'status', '--lang', 'en'], { reject: false, env, extendEnv: false });
      } finally {
        chmodSync(endpointFile, 0o600);
      }
    }
    expect(r.exitCode).toBe(4);
    expect(String(r.stderr)).toContain('HomeOffice Connect Users');
  });

  it('refuses a caller with a wrong secret and serves it nothing', async () => {
    const { socket, lines, closed } = await raw(endpoint().port);
    while (lines.length === 0) await new Promise((r) => setImmediate(r));
    const hello = JSON.parse(lines[0] ?? '{}') as { hello?: string };
    expect(hello.hello).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    socket.write(`${JSON.stringify({ v: 1, nonce: randomToken(), proof: randomToken() })}\n{"v":1,"id":7,"cmd":"tunnel.status"}\n`);
    await closed;
    expect(lines.slice(1).map((l) => JSON.parse(l) as { id: number; ok: boolean; error?: { code: string } })).toEqual([
      { v: 1, id: 0, ok: false, error: { code: 'error.helper.denied', params: { group: 'HomeOffice Connect Users' } } },
    ]);
    expect(log).toContain('refused caller (wrong secret)');
  });

  it('refuses a caller that skips the handshake and sends a request straight away', async () => {
    const { socket, lines, closed } = await raw(endpoint().port);
    socket.write('{"v":1,"id":1,"cmd":"tunnel.down"}\n');
    await closed;
    expect(lines.map((l) => (JSON.parse(l) as { error?: { code: string } }).error?.code)).toEqual([undefined, 'error.helper.denied']);
  });

  it('refuses a handshake line longer than its limit', async () => {
    const { socket, lines, closed } = await raw(endpoint().port);
    socket.write('x'.repeat(4096));
    await closed;
    expect((JSON.parse(lines[1] ?? '{}') as { error?: { code: string } }).error?.code).toBe('error.helper.denied');
  });

  it('closes a connection that never completes the handshake', async () => {
    const file = join(disk, 'quiet.endpoint');
    const t = await listenLoopback(
      {
        endpointFile: file,
        writeEndpoint: async (p, c) => writeFileSync(p, c, { mode: 0o600 }),
        removeEndpoint: async (p) => rmSync(p, { force: true }),
        member: { pid: 0, uid: 1, gids: [1] },
        groupName: 'HomeOffice Connect Users',
        log: () => undefined,
        handshakeTimeoutMs: 100,
      },
      () => {
        throw new Error('must not be served');
      },
    );
    const { closed, lines } = await raw((JSON.parse(readFileSync(file, 'utf8')) as { port: number }).port);
    await closed;
    expect((JSON.parse(lines[1] ?? '{}') as { error?: { code: string } }).error?.code).toBe('error.helper.denied');
    await t.close();
    expect(t.server.listening).toBe(false);
  });

  it('a program on the port that does not know the secret gets no request from the client', async () => {
    const received: string[] = [];
    const fake = createServer((s) => {
      s.setEncoding('utf8');
      s.write(`${JSON.stringify({ v: 1, hello: randomToken() })}\n`);
      s.on('data', (chunk: string) => {
        received.push(...chunk.split('\n').filter(Boolean));
        s.write(`${JSON.stringify({ v: 1, proof: randomToken() })}\n`);
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    const port = (fake.address() as { port: number }).port;
    const file = join(disk, 'squatted.endpoint');
    writeFileSync(file, JSON.stringify({ v: 1, port, secret: endpoint().secret }), { mode: 0o600 });
    await expect(callHelper({ cmd: 'tunnel.status' }, { socketPath: file, timeoutMs: 5000 })).rejects.toMatchObject({ code: 'error.helper.protocol' });
    fake.close();
    // Only the handshake answer (nonce and proof): never the request.
    expect(received).toHaveLength(1);
    expect(Object.keys(JSON.parse(received[0] ?? '{}') as object).sort()).toEqual(['nonce', 'proof', 'v']);
  });
});
