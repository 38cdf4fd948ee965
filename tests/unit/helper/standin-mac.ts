/** Recording stand-in of a macOS machine with the app's bundled WireGuard tools (see standin-machine.ts for what it follows). */
import { mkdirSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { RunResult } from '../../../src/helper/platform/types';
import { dumpLines, fail, ok, RecordingMachine } from './standin-machine';

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
