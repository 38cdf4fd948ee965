/** Recording stand-in of a Windows 11 machine with WireGuard for Windows (see standin-machine.ts for what it follows). */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../../src/helper/platform/types';
import { dumpLines, fail, ok, RecordingMachine } from './standin-machine';

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
