/**
 * Recording stand-ins for a Windows and a macOS machine, so the whole helper
 * can run with the win32 and darwin platforms on Linux. They record every
 * program the helper runs (exact argv) and every file it writes or removes,
 * and answer the way the real programs do, as their documentation says:
 *
 * - wireguard.exe /installtunnelservice CONF creates and starts the service
 *   `WireGuardTunnel$NAME`, NAME from the file name; /uninstalltunnelservice NAME
 *   removes it (https://github.com/WireGuard/wireguard-windows/blob/master/docs/enterprise.md).
 * - wg.exe / wg `show … dump`: tab-separated, interface line then one line per peer
 *   (https://git.zx2c4.com/wireguard-tools/about/src/man/wg.8); `show all dump` prefixes the interface.
 * - sc.exe query: exit 1060 for a service that does not exist
 *   (https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1000-1299-).
 * - wg-quick up on macOS writes the utun name to /var/run/wireguard/NAME.name; down removes it
 *   (wireguard-tools src/wg-quick/darwin.bash).
 * - The NRPT scripts are the shipped ones: the stand-in checks each call against the
 *   script's own param block and keeps the rules the way Get-DnsClientNrptRule would list them.
 *
 * Files live under a real folder (the machine's "disk"), so state survives a helper
 * restart exactly as it would on the real machine. Not a mock of the helper: the
 * helper's own code runs unchanged on top of it.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult, SystemAccess } from '../../../src/helper/platform/types';

/** One thing the helper did to the machine. */
export type MachineOp =
  | { readonly op: 'run'; readonly argv: readonly string[] }
  | { readonly op: 'write'; readonly path: string; readonly mode: number }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'mkdir'; readonly path: string; readonly mode: number };

const ok = (stdout = ''): RunResult => ({ exitCode: 0, stdout, all: stdout });
const fail = (exitCode: number, message: string): RunResult => ({ exitCode, stdout: '', all: message });

/** The WireGuard public key of a private key (X25519), as `wg show` prints it. */
export function publicKeyOf(privateKey: string): string {
  const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), Buffer.from(privateKey, 'base64')]);
  const pub = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  return pub.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
}

/** Reads the keys of a rendered config (only what a dump shows). */
function configValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const m of text.matchAll(/^(\w+) = (.*)$/gm)) values[m[1] ?? ''] = m[2] ?? '';
  return values;
}

/** The dump line of the peer, as a running tunnel with a handshake shows it. */
function dumpLines(conf: string): [string, string] {
  const c = configValues(conf);
  const iface = [c.PrivateKey, publicKeyOf(c.PrivateKey ?? ''), '51820', 'off'].join('\t');
  const peer = [c.PublicKey, c.PresharedKey ?? '(none)', '198.51.100.7:51820', (c.AllowedIPs ?? '').replace(/, /g, ','), '1764300000', '1234', '5678', c.PersistentKeepalive ?? 'off'].join(
    '\t',
  );
  return [iface, peer];
}

/** Base: a machine whose disk is a real folder, recording the helper's changes. */
abstract class RecordingMachine implements SystemAccess {
  readonly ops: MachineOp[] = [];

  constructor(readonly disk: string) {}

  /** The real file behind a path of the emulated OS. */
  abstract real(path: string): string;
  protected abstract program(argv: readonly string[]): RunResult;

  /** Everything recorded since the last call, then forgets it. */
  take(): MachineOp[] {
    return this.ops.splice(0, this.ops.length);
  }

  async run(argv: readonly string[]): Promise<RunResult> {
    this.ops.push({ op: 'run', argv: [...argv] });
    return this.program(argv);
  }
  async writeFile(path: string, content: string, mode: number): Promise<void> {
    this.ops.push({ op: 'write', path, mode });
    const file = this.real(path);
    if (!existsSync(dirname(file))) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    writeFileSync(file, content, { mode });
    chmodSync(file, mode);
  }
  async removeFile(path: string): Promise<void> {
    this.ops.push({ op: 'remove', path });
    rmSync(this.real(path), { force: true });
  }
  async readFile(path: string): Promise<string | null> {
    try {
      return readFileSync(this.real(path), 'utf8');
    } catch {
      return null;
    }
  }
  async exists(path: string): Promise<boolean> {
    return existsSync(this.real(path));
  }
  async ensureDir(path: string, mode: number): Promise<void> {
    this.ops.push({ op: 'mkdir', path, mode });
    mkdirSync(this.real(path), { recursive: true, mode });
  }

  /** The text of a file on the emulated disk, or null. */
  file(path: string): string | null {
    try {
      return readFileSync(this.real(path), 'utf8');
    } catch {
      return null;
    }
  }

  /** Writes a file as the OS or another program would (not recorded: not the helper's doing). */
  put(path: string, content: string): void {
    mkdirSync(dirname(this.real(path)), { recursive: true });
    writeFileSync(this.real(path), content);
  }

  protected state<T>(initial: T): T {
    const file = join(this.disk, '.standin-state.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : initial;
  }
  protected save(value: unknown): void {
    writeFileSync(join(this.disk, '.standin-state.json'), JSON.stringify(value));
  }
}

/** An NRPT rule as Get-DnsClientNrptRule lists it. */
export interface NrptRule {
  readonly Namespace: string[];
  readonly NameServers: string[];
  readonly Comment: string;
}

interface WindowsState {
  service: null | { conf: string; running: boolean };
  nrpt: NrptRule[];
  noWireGuard?: boolean;
}

/** The parameter names a shipped script declares in its param block. */
function scriptParams(script: string): Set<string> {
  const text = readFileSync(fileURLToPath(new URL(`../../../resources/windows/${script}`, import.meta.url)), 'utf8');
  const block = text.slice(text.indexOf('param('), text.indexOf('\n)\n'));
  return new Set([...block.matchAll(/\[string\]\$(\w+)/g)].map((m) => m[1] ?? ''));
}

/** Recording stand-in of a Windows 11 machine with WireGuard for Windows installed. */
export class RecordingWindowsStandIn extends RecordingMachine {
  constructor(
    disk: string,
    private readonly scriptsDir: string,
  ) {
    super(disk);
    for (const dir of ['C:\\ProgramData\\HomeOffice Connect', 'C:\\Program Files\\WireGuard']) mkdirSync(this.real(dir), { recursive: true });
  }

  real(path: string): string {
    const m = /^([A-Za-z]):\\(.*)$/.exec(path);
    if (!m) throw new Error(`not an absolute Windows path: ${path}`);
    return join(this.disk, (m[1] ?? '').toUpperCase(), ...(m[2] ?? '').split('\\').filter(Boolean));
  }

  /** The NRPT rules now on the machine. */
  nrptRules(): NrptRule[] {
    return this.state<WindowsState>({ service: null, nrpt: [] }).nrpt;
  }

  /** Whether the tunnel service is installed, and running. */
  tunnelService(): null | { running: boolean } {
    const s = this.state<WindowsState>({ service: null, nrpt: [] }).service;
    return s ? { running: s.running } : null;
  }

  /** The tunnel service stopped on its own (it failed, or someone stopped it); it stays installed. */
  stopTunnelService(): void {
    const s = this.state<WindowsState>({ service: null, nrpt: [] });
    if (s.service) s.service.running = false;
    this.save(s);
  }

  /** WireGuard for Windows is not installed (or was removed): its programs are missing. */
  removeWireGuard(): void {
    this.save({ ...this.state<WindowsState>({ service: null, nrpt: [] }), noWireGuard: true });
  }

  protected program(argv: readonly string[]): RunResult {
    const s = this.state<WindowsState>({ service: null, nrpt: [] });
    const [exe = '', ...args] = argv;
    const name = win32.basename(exe).toLowerCase();
    // The real system access reports a program that cannot be started with exit code -1.
    if (s.noWireGuard && (name === 'wireguard.exe' || name === 'wg.exe')) return fail(-1, `spawn ${exe} ENOENT`);
    try {
      switch (name) {
        case 'whoami.exe':
          return args.join(' ') === '/user /fo csv /nh' ? ok('"nt authority\\system","S-1-5-18"\r\n') : fail(1, 'ERROR: Invalid argument/option');
        case 'net.exe':
          return args[0] === 'localgroup' && args[1] === 'HomeOffice Connect Users' && args.length === 2
            ? ok('Alias name     HomeOffice Connect Users\r\nComment        May use the HomeOffice Connect helper\r\n\r\nMembers\r\n\r\n---\r\nanna\r\nThe command completed successfully.\r\n')
            : fail(2, 'System error 1376 has occurred.\r\n\r\nThe specified local group does not exist.');
        case 'icacls.exe':
          if (!existsSync(this.real(args[0] ?? ''))) return fail(2, `${args[0]}: The system cannot find the file specified.`);
          return ok(`processed file: ${args[0]}\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n`);
        case 'wireguard.exe': {
          if (args[0] === '/installtunnelservice' && args.length === 2) {
            const conf = args[1] ?? '';
            if (!/\.conf$/.test(conf) || win32.basename(conf) !== 'hoc0.conf') return fail(1, 'Invalid tunnel name');
            if (s.service) return fail(1, 'Tunnel already installed and running');
            const text = this.file(conf);
            if (text === null) return fail(1, 'Unable to open configuration file');
            s.service = { conf, running: true };
            return ok();
          }
          if (args[0] === '/uninstalltunnelservice' && args[1] === 'hoc0' && args.length === 2) {
            if (!s.service) return fail(1, 'The specified service does not exist as an installed service.');
            s.service = null;
            return ok();
          }
          return fail(1, 'Usage: wireguard.exe [...]');
        }
        case 'wg.exe': {
          if (args.join(' ') === 'show hoc0 dump') {
            if (!s.service?.running) return fail(1, 'Unable to access interface: The system cannot find the file specified.');
            return ok(`${dumpLines(this.file(s.service.conf) ?? '').join('\n')}\n`);
          }
          if (args[0] === 'setconf' && args[1] === 'hoc0' && args.length === 3) return s.service?.running ? ok() : fail(1, 'Unable to modify interface');
          return fail(1, 'Invalid subcommand');
        }
        case 'sc.exe':
          if (args[0] === 'query' && args.length === 2) {
            if (args[1] === 'WireGuardTunnel$hoc0' && s.service) {
              return ok(`SERVICE_NAME: WireGuardTunnel$hoc0\r\n        STATE              : ${s.service.running ? '4  RUNNING' : '1  STOPPED'}\r\n`);
            }
            return fail(1060, '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.');
          }
          return fail(1, 'DESCRIPTION: SC is a command line program ...');
        case 'powershell.exe':
          return this.powershell(args, s);
        default:
          return fail(9009, `'${exe}' is not recognized as an internal or external command`);
      }
    } finally {
      this.save(s);
    }
  }

  private powershell(args: readonly string[], s: WindowsState): RunResult {
    const head = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File'];
    if (args.slice(0, 5).join(' ') !== head.join(' ')) return fail(1, 'powershell: not called with -File on a shipped script');
    const script = args[5] ?? '';
    if (win32.dirname(script) !== this.scriptsDir) return fail(1, `not a shipped script: ${script}`);
    const base = win32.basename(script);
    const declared = scriptParams(base);
    const params = new Map<string, string>();
    for (let i = 6; i < args.length; i += 2) {
      const key = (args[i] ?? '').replace(/^-/, '');
      if (!declared.has(key)) return fail(1, `A parameter cannot be found that matches parameter name '${key}'.`);
      params.set(key, args[i + 1] ?? '');
    }
    if (base === 'Add-OfficeDnsRule.ps1') {
      s.nrpt.push({ Namespace: (params.get('Namespace') ?? '').split(','), NameServers: (params.get('NameServers') ?? '').split(','), Comment: params.get('Comment') ?? '' });
      return ok('{"result":"added"}\r\n');
    }
    if (base === 'Remove-OfficeDnsRules.ps1') {
      const before = s.nrpt.length;
      s.nrpt = s.nrpt.filter((r) => r.Comment !== params.get('Comment'));
      return ok(`{"result":"removed","count":${before - s.nrpt.length}}\r\n`);
    }
    return fail(1, `stand-in knows no script ${base}`);
  }
}

interface MacState {
  running: null | { conf: string; utun: string };
}

/** Recording stand-in of a macOS machine with the app's bundled WireGuard tools. */
export class RecordingMacStandIn extends RecordingMachine {
  constructor(
    disk: string,
    private readonly member: { uid: number; gid: number },
  ) {
    super(disk);
    for (const dir of ['/Library/Application Support/HomeOffice Connect', '/var/run/wireguard', '/etc']) mkdirSync(this.real(dir), { recursive: true });
  }

  real(path: string): string {
    if (!posix.isAbsolute(path)) throw new Error(`not an absolute path: ${path}`);
    return join(this.disk, path);
  }

  /** The machine restarts: /var/run is empty and the tunnel is gone; /etc and /Library stay. */
  reboot(): void {
    rmSync(this.real('/var/run'), { recursive: true, force: true });
    mkdirSync(this.real('/var/run/wireguard'), { recursive: true });
    this.save({ running: null });
  }

  protected program(argv: readonly string[]): RunResult {
    const s = this.state<MacState>({ running: null });
    const [exe = '', ...args] = argv;
    try {
      if (exe === '/usr/bin/dscl') {
        return args.join(' ') === '. -read /Groups/hoc PrimaryGroupID' ? ok(`PrimaryGroupID: ${this.member.gid}\n`) : fail(56, 'DS Error: -14136 (eDSRecordNotFound)');
      }
      if (exe === '/usr/bin/id' && args.join(' ') === '-u') return ok('0\n');
      if (exe === '/usr/bin/id') {
        return args[0] === '-G' && args[1] === String(this.member.uid) && args.length === 2 ? ok(`20 12 61 79 80 81 ${this.member.gid}\n`) : fail(1, `id: ${args[1]}: no such user`);
      }
      if (exe === '/usr/bin/env') return this.wgQuick(args, s);
      if (posix.basename(exe) === 'wg') {
        if (args.join(' ') === 'show all dump') {
          if (!s.running) return ok('');
          const [iface, peer] = dumpLines(this.file(s.running.conf) ?? '');
          return ok(`${s.running.utun}\t${iface}\n${s.running.utun}\t${peer}\n`);
        }
        if (args[0] === 'setconf' && args.length === 3) return s.running && args[1] === s.running.utun ? ok() : fail(1, 'Unable to modify interface');
        return fail(1, 'Invalid subcommand');
      }
      return fail(127, `${exe}: No such file or directory`);
    } finally {
      this.save(s);
    }
  }

  // `/usr/bin/env -i PATH=… WG_QUICK_USERSPACE_IMPLEMENTATION=… BASH WG-QUICK up|down CONF`
  private wgQuick(args: readonly string[], s: MacState): RunResult {
    const [clear, path, impl, bash, script, action, conf = ''] = args;
    if (clear !== '-i' || !path?.startsWith('PATH=') || !impl?.startsWith('WG_QUICK_USERSPACE_IMPLEMENTATION=') || !bash || posix.basename(script ?? '') !== 'wg-quick' || args.length !== 7) {
      return fail(127, 'env: not the wg-quick call the helper makes');
    }
    const nameFile = '/var/run/wireguard/hoc0.name';
    if (action === 'up') {
      if (s.running) return fail(1, "[!] `hoc0' already exists as `utun4'");
      if (this.file(conf) === null) return fail(1, `[!] \`${conf}' does not exist`);
      s.running = { conf, utun: 'utun4' };
      this.put(nameFile, 'utun4\n');
      return ok('[#] wireguard-go utun\n[+] Interface for hoc0 is utun4\n');
    }
    if (action === 'down') {
      if (!s.running) return fail(1, "[!] `hoc0' is not a WireGuard interface");
      s.running = null;
      rmSync(this.real(nameFile), { force: true });
      return ok('[#] rm -f /var/run/wireguard/utun4.sock\n');
    }
    return fail(1, 'Usage: wg-quick [ up | down ] [ CONFIG_FILE | INTERFACE ]');
  }
}
