/**
 * The whole helper with the Windows platform (src/helper/platform/win32.ts),
 * on a recording stand-in of Windows (it cannot run here), behind its real
 * transport (loopback TCP, the endpoint file, the handshake), driven by the
 * real `hoc` CLI: connect, status, a helper restart with the tunnel up,
 * disconnect, and the clean-up after a crash. The sequences pin every
 * program's argv and every file; the syntax of each is documented in
 * src/helper/platform/win32.ts and the stand-in (doc links there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWin32Platform, WIN32_ENDPOINT_FILE } from '../../../src/helper/platform/win32';
import { bundleCli, osHarness, type OsHarness } from './os-harness';
import type { MachineOp } from './standin-machine';
import { RecordingWindowsStandIn } from './standin-windows';

const SCRIPTS = 'C:\\Program Files\\HomeOffice Connect\\resources\\windows';
const STATE = 'C:\\ProgramData\\HomeOffice Connect\\tunnels';
const CONF = `${STATE}\\hoc0.conf`;
const WG = 'C:\\Program Files\\WireGuard\\wg.exe';
const WIREGUARD = 'C:\\Program Files\\WireGuard\\wireguard.exe';
const POWERSHELL = ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File'];

const run = (...argv: string[]): MachineOp => ({ op: 'run', argv });
const write = (path: string, mode = 0o600): MachineOp => ({ op: 'write', path, mode });
const remove = (path: string): MachineOp => ({ op: 'remove', path });

/** Programs that only read; the client may ask for the status any number of times. */
const READ_ONLY = [
  [WG, 'show', 'hoc0', 'dump'],
  ['C:\\Windows\\System32\\sc.exe', 'query', 'WireGuardTunnel$hoc0'],
].map((a) => JSON.stringify(a));
const isRead = (op: MachineOp) => op.op === 'run' && READ_ONLY.includes(JSON.stringify(op.argv));
/** What changed the machine, in order. */
const changes = (ops: MachineOp[]) => ops.filter((op) => !isRead(op));
/** Every read-only program that ran is one of the pinned ones. */
const reads = (ops: MachineOp[]) => [...new Set(ops.filter(isRead).map((op) => (op.op === 'run' ? op.argv.join(' ') : '')))];

const START = [
  // Runs as LocalSystem, and the group exists: otherwise the service refuses to start.
  run('C:\\Windows\\System32\\whoami.exe', '/user', '/fo', 'csv', '/nh'),
  run('C:\\Windows\\System32\\net.exe', 'localgroup', 'HomeOffice Connect Users'),
];
const LISTEN = [
  { op: 'mkdir', path: 'C:\\ProgramData\\HomeOffice Connect\\helper', mode: 0o700 } as MachineOp,
  // Empty file, ACL, then the secret: never readable by anyone else.
  write(WIN32_ENDPOINT_FILE),
  run('C:\\Windows\\System32\\icacls.exe', WIN32_ENDPOINT_FILE, '/inheritance:r', '/grant:r', '*S-1-5-18:(F)', '*S-1-5-32-544:(F)', 'HomeOffice Connect Users:(R)'),
  write(WIN32_ENDPOINT_FILE),
];
const UP = [
  { op: 'mkdir', path: STATE, mode: 0o700 } as MachineOp,
  write(`${STATE}\\spec.json`),
  write(`${STATE}\\session.json`),
  write(CONF),
  run(WIREGUARD, '/installtunnelservice', CONF),
  write(`${STATE}\\dns.json`),
  run(...POWERSHELL, `${SCRIPTS}\\Add-OfficeDnsRule.ps1`, '-Namespace', '.buero.local', '-NameServers', '10.77.0.1', '-Comment', 'HomeOffice Connect hoc0'),
];
const DOWN = [
  run(...POWERSHELL, `${SCRIPTS}\\Remove-OfficeDnsRules.ps1`, '-Comment', 'HomeOffice Connect hoc0'),
  remove(`${STATE}\\dns.json`),
  run(WIREGUARD, '/uninstalltunnelservice', 'hoc0'),
  remove(CONF),
  remove(`${STATE}\\session.json`),
  remove(`${STATE}\\spec.json`),
  remove(`${STATE}\\hoc0.setconf`),
];
const NRPT_RULE = { Namespace: ['.buero.local'], NameServers: ['10.77.0.1'], Comment: 'HomeOffice Connect hoc0' };

let machine: RecordingWindowsStandIn;
let h: OsHarness;
let disk: string;

beforeAll(async () => {
  disk = mkdtempSync(join(tmpdir(), 'hoc-windows-disk-'));
  machine = new RecordingWindowsStandIn(disk, SCRIPTS);
  h = osHarness({
    platform: createWin32Platform({ scriptsDir: SCRIPTS }),
    system: machine,
    address: WIN32_ENDPOINT_FILE,
    clientAddress: machine.real(WIN32_ENDPOINT_FILE),
    cli: await bundleCli(),
  });
});
afterAll(() => {
  h.cleanup();
  rmSync(disk, { recursive: true, force: true });
});

describe('the Windows helper (recording stand-in of Windows), driven by hoc', () => {
  it('win32 on a recording stand-in: up, status, restart with the tunnel up, down — exact commands and files', async () => {
    let helper = await h.start();
    const atStart = machine.take();
    expect(changes(atStart)).toEqual([...START, ...LISTEN]);
    expect(reads(atStart)).toEqual([`${WG} show hoc0 dump`]);

    const connect = await h.hoc('connect', '--profile', h.profile);
    // The tunnel comes up; names cannot resolve on this Linux machine (there is no office), so: degraded.
    expect(connect.stdout).toMatch(/\[2\/6\] Bring up VPN tunnel … ok/);
    expect(connect.exitCode).toBe(3);
    const up = machine.take();
    expect(changes(up)).toEqual(UP);
    expect(reads(up)).toEqual([`${WG} show hoc0 dump`]);
    expect(machine.nrptRules()).toEqual([NRPT_RULE]);
    expect(machine.tunnelService()).toEqual({ running: true });
    // No DNS line: WireGuard for Windows would send every name of the machine to the office.
    expect(machine.file(CONF)).not.toMatch(/^DNS/m);

    const status = await h.hoc('status');
    expect(status).toMatchObject({ exitCode: 0 });
    expect(status.stdout).toContain('Connected to Architekturbüro Müller');
    expect(status.stdout).toContain('Peer 198.51.100.7:51820');
    expect(machine.take()).toEqual([run(WG, 'show', 'hoc0', 'dump')]);

    // The service restarts (an update, a crash): the tunnel stays up and is adopted.
    await helper.stop();
    helper = await h.start();
    const restart = machine.take();
    expect(changes(restart)).toEqual([remove(WIN32_ENDPOINT_FILE), ...START, ...LISTEN]);
    expect(h.helperLog).toContain('adopting running tunnel of uid 1');
    expect((await h.hoc('status')).stdout).toContain('Connected to Architekturbüro Müller');
    machine.take();

    const disconnect = await h.hoc('disconnect');
    expect(disconnect.exitCode).toBe(0);
    const down = machine.take();
    expect(changes(down)).toEqual(DOWN);
    expect(reads(down).sort()).toEqual([`${WG} show hoc0 dump`, 'C:\\Windows\\System32\\sc.exe query WireGuardTunnel$hoc0']);
    expect(machine.nrptRules()).toEqual([]);
    expect(machine.tunnelService()).toBeNull();
    expect(machine.file(CONF)).toBeNull();
    await helper.stop();
    machine.take();
  });

  it('win32 on a recording stand-in: after a crash, the next start removes the NRPT rule, the stopped tunnel service and the key', async () => {
    let helper = await h.start();
    expect((await h.hoc('connect', '--profile', h.profile)).stdout).toMatch(/\[2\/6\] Bring up VPN tunnel … ok/);
    expect(machine.nrptRules()).toEqual([NRPT_RULE]);
    // The helper dies without a word, and the tunnel service stops while it is gone.
    await helper.stop();
    machine.stopTunnelService();
    machine.take();

    helper = await h.start();
    const recovery = machine.take();
    expect(changes(recovery)).toEqual([...START, ...DOWN, ...LISTEN]);
    expect(h.helperLog).toContain('cleaning up a tunnel left by an earlier run');
    expect(machine.nrptRules()).toEqual([]);
    expect(machine.tunnelService()).toBeNull();
    expect(machine.file(CONF)).toBeNull();
    expect((await h.hoc('status')).stdout).toContain('Not connected');
    await helper.stop();
  });

  it('win32 on a recording stand-in: without WireGuard for Windows, connect fails and leaves no NRPT rule and no key behind', async () => {
    const helper = await h.start();
    machine.removeWireGuard();
    machine.take();
    const connect = await h.hoc('connect', '--profile', h.profile);
    expect(connect.exitCode).toBe(1);
    expect(connect.stderr).toMatch(/\[2\/6\] Bring up VPN tunnel … failed/);
    expect(changes(machine.take())).toEqual([
      ...UP.slice(0, 5),
      // Nothing of the tunnel service exists (sc.exe query: 1060), so only the files go.
      remove(CONF),
      remove(`${STATE}\\session.json`),
      remove(`${STATE}\\spec.json`),
      remove(`${STATE}\\hoc0.setconf`),
    ]);
    expect(machine.nrptRules()).toEqual([]);
    expect(machine.file(CONF)).toBeNull();
    await helper.stop();
  });
});
