/**
 * The base of the recording stand-ins for a Windows and a macOS machine
 * (standin-windows.ts, standin-mac.ts), so the whole helper
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
import { dirname, join } from 'node:path';
import type { RunResult, SystemAccess } from '../../../src/helper/platform/types';

/** One thing the helper did to the machine. */
export type MachineOp =
  | { readonly op: 'run'; readonly argv: readonly string[] }
  | { readonly op: 'write'; readonly path: string; readonly mode: number }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'mkdir'; readonly path: string; readonly mode: number };

/** A program that succeeded with this output. */
export const ok = (stdout = ''): RunResult => ({ exitCode: 0, stdout, all: stdout });
/** A program that failed with this exit code and message. */
export const fail = (exitCode: number, message: string): RunResult => ({ exitCode, stdout: '', all: message });

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
export function dumpLines(conf: string): [string, string] {
  const c = configValues(conf);
  const iface = [c.PrivateKey, publicKeyOf(c.PrivateKey ?? ''), '51820', 'off'].join('\t');
  const peer = [c.PublicKey, c.PresharedKey ?? '(none)', '198.51.100.7:51820', (c.AllowedIPs ?? '').replace(/, /g, ','), '1764300000', '1234', '5678', c.PersistentKeepalive ?? 'off'].join(
    '\t',
  );
  return [iface, peer];
}

/** Base: a machine whose disk is a real folder, recording the helper's changes. */
export abstract class RecordingMachine implements SystemAccess {
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
