/**
 * The caller's identity from the kernel (native/peercred): real sockets, real
 * processes, no root needed. The lab tests do the same across real users.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadPeerCredentials, peerIdentity } from '../../../src/helper/peer-credentials';
import { builtAddon, loadRealAddon } from './peer-addon';

let dir: string;
let socketPath: string;
let server: Server;
const accepted: ((s: Socket) => void)[] = [];

/** The next connection the server accepts (paused, as the helper accepts them). */
function nextAccepted(): Promise<Socket> {
  return new Promise((resolve) => accepted.push(resolve));
}

/** Runs a python3 client and returns the accepted socket and the child (a failing child fails the test). */
async function fromChild(script: string): Promise<{ socket: Socket; child: ReturnType<typeof execa> }> {
  const s = nextAccepted();
  const child = execa('python3', ['-c', script, socketPath], { input: '' });
  const socket = await Promise.race([s, child.then((r) => { throw new Error(`client exited early: ${r.stderr}`); })]);
  return { socket, child };
}

beforeAll(async () => {
  loadRealAddon();
  dir = mkdtempSync(join(tmpdir(), 'hoc-peercred-'));
  socketPath = join(dir, 'helper.sock');
  server = createServer({ pauseOnConnect: true }, (s) => {
    const waiter = accepted.shift();
    if (waiter) waiter(s);
    else s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
}, 120_000);
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

// A client in another process; python3 because Node cannot bind a client socket to a name.
const pythonClient = (bindName: string | null) => `
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
${bindName === null ? '' : `s.bind(${JSON.stringify(bindName)}.encode('utf-8'))`}
s.connect(sys.argv[1])
sys.stdout.write('connected\\n'); sys.stdout.flush()
sys.stdin.read()
`;

describe('caller identity from the kernel (SO_PEERCRED, SO_PEERGROUPS)', () => {
  it('identifies a client of this process as this process: pid, uid, primary and supplementary groups', async () => {
    const s = nextAccepted();
    const client = (await import('node:net')).connect(socketPath);
    const peer = await peerIdentity(await s);
    client.destroy();
    expect(peer).toEqual({ pid: process.pid, uid: process.getuid?.(), gids: expect.any(Array) });
    expect(new Set(peer?.gids)).toEqual(new Set([process.getgid?.(), ...(process.getgroups?.() ?? [])]));
  });

  it('identifies a client in another process by that process, not by anything it sent', async () => {
    const { socket, child } = await fromChild(pythonClient(null));
    const peer = await peerIdentity(socket);
    await child;
    expect(peer?.pid).toBe(child.pid);
    expect(peer?.uid).toBe(process.getuid?.());
  });

  it('identifies a client that bound its socket to a crafted abstract name holding a fake ss row as itself', async () => {
    // The name an `ss -x -p` parser was fooled by: newlines and a row that claims pid 1 (root).
    // (An abstract name holds at most 107 bytes.)
    const crafted = '\0x 1 * 2\nu_str ESTAB 0 0 * 2 * 1 users:(("init",pid=1,fd=3))\n';
    const { socket, child } = await fromChild(pythonClient(crafted));
    const peer = await peerIdentity(socket);
    await child;
    expect(peer?.pid).toBe(child.pid);
    expect(peer?.pid).not.toBe(1);
    expect(peer?.uid).toBe(process.getuid?.());
  });

  it('answers null (refuse) for a socket that is not a Unix socket', async () => {
    const tcp = createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as { port: number }).port;
    const got = new Promise<Socket>((resolve) => tcp.once('connection', resolve));
    const client = (await import('node:net')).connect(port, '127.0.0.1');
    const s = await got;
    expect(await peerIdentity(s)).toBeNull();
    client.destroy();
    s.destroy();
    tcp.close();
  });

  it('answers null (refuse) when the addon was never loaded', async () => {
    vi.resetModules();
    const fresh = (await import('../../../src/helper/peer-credentials')) as typeof import('../../../src/helper/peer-credentials');
    const s = nextAccepted();
    const client = (await import('node:net')).connect(socketPath);
    expect(await fresh.peerIdentity(await s)).toBeNull();
    client.destroy();
  });

  it('refuses to load a file that is not the addon', () => {
    expect(() => loadPeerCredentials(join(dir, 'missing.node'))).toThrow();
    expect(() => loadPeerCredentials(builtAddon)).not.toThrow();
  });
});
