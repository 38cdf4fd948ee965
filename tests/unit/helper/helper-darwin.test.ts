/**
 * The whole helper with the macOS platform (src/helper/platform/darwin.ts),
 * on a recording stand-in of macOS (it cannot run here), behind its real
 * transport (a Unix socket, identity from the kernel), driven by the real
 * `hoc` CLI: connect, status, a helper restart with the tunnel up,
 * disconnect, and the clean-up after a crash and a reboot. The sequences pin
 * every program's argv and every file; the syntax of each is documented in
 * src/helper/platform/darwin.ts and the stand-in (doc links there).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDarwinPlatform, DARWIN_RESOLVER_MARKER } from '../../../src/helper/platform/darwin';
import { bundleCli, osHarness, type OsHarness } from './os-harness';
import type { MachineOp } from './standin-machine';
import { RecordingMacStandIn } from './standin-mac';

const TOOLS = '/Applications/HomeOffice Connect.app/Contents/Resources/wireguard';
const STATE = '/Library/Application Support/HomeOffice Connect/tunnels';
const CONF = `${STATE}/hoc0.conf`;
const RESOLVER = '/etc/resolver/buero.local';
const UID = process.getuid?.() ?? 0;
const GID = process.getgid?.() ?? 0;

const run = (...argv: string[]): MachineOp => ({ op: 'run', argv });
const write = (path: string, mode = 0o600): MachineOp => ({ op: 'write', path, mode });
const remove = (path: string): MachineOp => ({ op: 'remove', path });
const wgQuick = (action: 'up' | 'down') =>
  run('/usr/bin/env', '-i', `PATH=${TOOLS}:/usr/bin:/bin:/usr/sbin:/sbin`, `WG_QUICK_USERSPACE_IMPLEMENTATION=${TOOLS}/wireguard-go`, `${TOOLS}/bash`, `${TOOLS}/wg-quick`, action, CONF);

/** Programs that only read: the status, and the caller's groups (asked once per connection). */
const READ_ONLY = [[`${TOOLS}/wg`, 'show', 'all', 'dump'], ['/usr/bin/id', '-G', String(UID)]].map((a) => JSON.stringify(a));
const isRead = (op: MachineOp) => op.op === 'run' && READ_ONLY.includes(JSON.stringify(op.argv));
const changes = (ops: MachineOp[]) => ops.filter((op) => !isRead(op));
const reads = (ops: MachineOp[]) => [...new Set(ops.filter(isRead).map((op) => (op.op === 'run' ? op.argv.join(' ') : '')))].sort();

const START = [run('/usr/bin/id', '-u'), run('/usr/bin/dscl', '.', '-read', '/Groups/hoc', 'PrimaryGroupID')];
const UP = [
  { op: 'mkdir', path: STATE, mode: 0o700 } as MachineOp,
  write(`${STATE}/spec.json`),
  write(`${STATE}/session.json`),
  write(CONF),
  wgQuick('up'),
  write(`${STATE}/dns.json`),
  { op: 'mkdir', path: '/etc/resolver', mode: 0o755 } as MachineOp,
  write(RESOLVER, 0o644),
];
const REMOVE_DNS = [remove(RESOLVER), remove(`${STATE}/dns.json`)];
const REMOVE_FILES = [remove(CONF), remove(`${STATE}/session.json`), remove(`${STATE}/spec.json`), remove(`${STATE}/hoc0.setconf`)];

let machine: RecordingMacStandIn;
let h: OsHarness;
let disk: string;
let socket: string;

beforeAll(async () => {
  disk = mkdtempSync(join(tmpdir(), 'hoc-mac-disk-'));
  machine = new RecordingMacStandIn(disk, { uid: UID, gid: GID });
  socket = join(disk, 'run', 'helper.sock');
  h = osHarness({ platform: createDarwinPlatform(), system: machine, address: socket, clientAddress: socket, cli: await bundleCli() });
});
afterAll(() => {
  h.cleanup();
  rmSync(disk, { recursive: true, force: true });
});

describe('the macOS helper (recording stand-in of macOS), driven by hoc', () => {
  it('darwin on a recording stand-in: up, status, restart with the tunnel up, down — exact commands and files', async () => {
    let helper = await h.start();
    expect(machine.take()).toEqual(START);
    expect(statSync(socket).mode & 0o777).toBe(0o660);

    const connect = await h.hoc('connect', '--profile', h.profile);
    expect(connect.stdout).toMatch(/\[2\/6\] Bring up VPN tunnel … ok/);
    expect(connect.exitCode).toBe(3);
    const up = machine.take();
    expect(changes(up)).toEqual(UP);
    expect(reads(up)).toEqual([`${TOOLS}/wg show all dump`, `/usr/bin/id -G ${UID}`]);
    expect(machine.file(RESOLVER)).toBe(`${DARWIN_RESOLVER_MARKER}\nnameserver 10.77.0.1\n`);
    // No DNS line: wg-quick would set the office's server on every network service.
    expect(machine.file(CONF)).not.toMatch(/^DNS/m);

    const status = await h.hoc('status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain('Connected to Architekturbüro Müller');
    expect(status.stdout).toContain('Peer 198.51.100.7:51820');
    expect(machine.take()).toEqual([run('/usr/bin/id', '-G', String(UID)), run(`${TOOLS}/wg`, 'show', 'all', 'dump')]);

    await helper.stop();
    helper = await h.start();
    expect(machine.take()).toEqual([...START, run(`${TOOLS}/wg`, 'show', 'all', 'dump')]);
    expect(h.helperLog).toContain(`adopting running tunnel of uid ${UID}`);

    const disconnect = await h.hoc('disconnect');
    expect(disconnect.exitCode).toBe(0);
    const down = machine.take();
    expect(changes(down)).toEqual([...REMOVE_DNS, wgQuick('down'), ...REMOVE_FILES]);
    expect(machine.file(RESOLVER)).toBeNull();
    expect(machine.file('/var/run/wireguard/hoc0.name')).toBeNull();
    await helper.stop();
    machine.take();
  });

  it('darwin on a recording stand-in: after a crash and a reboot, the next start removes the resolver file and the key', async () => {
    let helper = await h.start();
    expect((await h.hoc('connect', '--profile', h.profile)).stdout).toMatch(/\[2\/6\] Bring up VPN tunnel … ok/);
    expect(machine.file(RESOLVER)).not.toBeNull();
    await helper.stop();
    // /var/run is gone with the tunnel; /etc/resolver and the helper's records stay on disk.
    machine.reboot();
    machine.take();

    helper = await h.start();
    // Nothing is left to stop (no utun name), so no wg-quick; the files go.
    expect(machine.take()).toEqual([...START, ...REMOVE_DNS, ...REMOVE_FILES]);
    expect(h.helperLog).toContain('cleaning up a tunnel left by an earlier run');
    expect(machine.file(RESOLVER)).toBeNull();
    expect((await h.hoc('status')).stdout).toContain('Not connected');
    await helper.stop();
  });

  it('darwin on a recording stand-in: a resolver file someone else wrote is left alone', async () => {
    machine.put(RESOLVER, 'nameserver 192.0.2.53\n');
    const helper = await h.start();
    expect((await h.hoc('connect', '--profile', h.profile)).stdout).toMatch(/\[2\/6\] Bring up VPN tunnel … ok/);
    expect(machine.file(RESOLVER)).toBe('nameserver 192.0.2.53\n');
    expect((await h.hoc('disconnect')).exitCode).toBe(0);
    expect(machine.file(RESOLVER)).toBe('nameserver 192.0.2.53\n');
    await helper.stop();
  });
});
