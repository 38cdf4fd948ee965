/**
 * The diagnostics package support asks for: one zip with versions, OS, the
 * profile without secrets, latest check results, tunnel status (never keys),
 * routes, DNS configuration and recent logs. Every file passes redactSecrets
 * with the secrets we know by value before it is written.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { arch, release, type as osType } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { strToU8, zipSync } from 'fflate';
import type { TunnelStatus } from '../../shared/helper-protocol';
import { redactProfile, redactSecrets } from './redact';

export interface DoctorInput {
  readonly appVersion: string;
  readonly home: string;
  /** The active profile (with or without its key; keys are removed either way). */
  readonly profile: unknown;
  /** Secret values to scrub from every file (private key, preshared key, office password …). */
  readonly secrets: readonly string[];
  /** Tunnel status from the helper, or the error that prevented asking. */
  readonly tunnel: TunnelStatus | { error: string; detail?: string };
  readonly platform?: NodeJS.Platform;
}

/** argv of the commands whose output goes into the package, per OS. Never a shell. */
export function diagnosticCommands(platform: NodeJS.Platform): Record<string, readonly string[]> {
  switch (platform) {
    case 'win32':
      return { 'routes.txt': ['route', 'print'], 'network.txt': ['ipconfig', '/all'] };
    case 'darwin':
      return { 'routes.txt': ['netstat', '-rn'], 'dns.txt': ['scutil', '--dns'], 'interfaces.txt': ['ifconfig'] };
    default:
      return { 'routes.txt': ['ip', 'route', 'show', 'table', 'all'], 'interfaces.txt': ['ip', 'address', 'show'], 'wg-version.txt': ['wg', '--version'] };
  }
}

async function commandOutput(argv: readonly string[]): Promise<string> {
  const [file, ...args] = argv;
  const r = await execa(file ?? 'true', args, { reject: false, all: true, stdin: 'ignore', timeout: 5000 });
  return `$ ${argv.join(' ')}\n${r.all ?? ''}\n(exit ${r.exitCode ?? 'none'})\n`;
}

async function recentLogs(home: string): Promise<Record<string, string>> {
  const dir = join(home, 'logs');
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: Record<string, string> = {};
  for (const name of names.filter((n) => n.endsWith('.log')).slice(0, 10)) {
    const path = join(dir, name);
    const size = (await stat(path)).size;
    const text = await readFile(path, 'utf8');
    out[`logs/${name}`] = size > 256 * 1024 ? text.slice(-256 * 1024) : text;
  }
  return out;
}

/** Collects everything into file name → text, secrets already removed. */
export async function collectDiagnostics(input: DoctorInput): Promise<Record<string, string>> {
  const platform = input.platform ?? process.platform;
  const files: Record<string, string> = {
    'versions.json': JSON.stringify(
      { app: input.appVersion, node: process.versions.node, os: { type: osType(), release: release(), arch: arch(), platform }, createdAt: new Date().toISOString() },
      null,
      2,
    ),
    'profile.json': JSON.stringify(redactProfile(input.profile), null, 2),
    'tunnel-status.json': JSON.stringify(input.tunnel, null, 2),
  };
  const lastChecks = await readFile(join(input.home, 'last-checks.json'), 'utf8').catch(() => null);
  files['checks.json'] = lastChecks ?? '{"note":"no check results yet"}';
  const session = await readFile(join(input.home, 'session.json'), 'utf8').catch(() => null);
  if (session) files['session.json'] = session;
  if (platform !== 'win32') files['resolv.conf'] = await readFile('/etc/resolv.conf', 'utf8').catch((e: Error) => `unreadable: ${e.message}`);
  for (const [name, argv] of Object.entries(diagnosticCommands(platform))) files[name] = await commandOutput(argv);
  Object.assign(files, await recentLogs(input.home));
  for (const name of Object.keys(files)) files[name] = redactSecrets(files[name] ?? '', input.secrets);
  return files;
}

/** Writes the zip (mode 0600: it describes this computer's network) and returns its file names. */
export async function writeDiagnosticsZip(path: string, files: Record<string, string>): Promise<string[]> {
  const entries = Object.fromEntries(Object.entries(files).map(([name, text]) => [`homeoffice-connect-diagnostics/${name}`, strToU8(text)]));
  await writeFile(path, zipSync(entries, { level: 6 }), { mode: 0o600 });
  return Object.keys(files);
}
