/**
 * Runs the whole helper with one platform on top of a recording stand-in of
 * that OS, and the real `hoc` CLI (bundled from src/cli, run as its own
 * process) against it through the platform's real transport.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import { InstalledProfiles } from '../../../src/helper/profile-store';
import { startHelper, type RunningHelper } from '../../../src/helper/start';
import type { HelperPlatform, SystemAccess } from '../../../src/helper/platform/types';
import { examplePayload, makeOrgKey, signPayload } from '../../fixtures/profiles/make';
import { loadRealAddon } from './peer-addon';

const repo = new URL('../../../', import.meta.url).pathname;

/** Bundles the CLI the way scripts/build.mjs does, into a folder from which its externals resolve. */
export async function bundleCli(): Promise<string> {
  const dir = join(repo, 'node_modules', '.cache', 'hoc-unit-cli', `${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'hoc.mjs');
  await build({
    entryPoints: [join(repo, 'src/cli/hoc.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['@napi-rs/keyring'],
    define: { __HOC_VERSION__: '"test"' },
    banner: { js: "import { createRequire as __hocCreateRequire } from 'node:module'; const require = __hocCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

/** Removes a CLI bundled by `bundleCli`. */
export function removeBundledCli(cli: string): void {
  rmSync(dirname(cli), { recursive: true, force: true });
}

/** A signed profile valid today, with the tunnel and DNS of the example and no services, drives or printers. */
export function writeProfile(dir: string): string {
  const org = makeOrgKey();
  const p = examplePayload();
  const now = Date.now();
  p.issuedAt = new Date(now - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  p.expiresAt = new Date(now + 365 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  p.services = [];
  p.drives = [];
  p.printers = [];
  const file = join(dir, 'anna.hocprofile');
  writeFileSync(file, signPayload(p, org));
  return file;
}

export interface OsHarness {
  readonly home: string;
  readonly profile: string;
  readonly helperLog: string[];
  start(): Promise<RunningHelper>;
  /** `hoc ARGS --lang en` as its own process; exit code and output. */
  hoc(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  cleanup(): void;
}

/** A harness for one platform: the helper's start options are the platform's defaults. */
export function osHarness(opts: { platform: HelperPlatform; system: SystemAccess; address: string; clientAddress: string; cli: string }): OsHarness {
  // The macOS platform asks the kernel for the peer's uid through the real addon (Linux's SO_PEERCRED here).
  loadRealAddon();
  const dir = mkdtempSync(join(tmpdir(), `hoc-${opts.platform.os}-`));
  const home = join(dir, 'home');
  mkdirSync(home, { mode: 0o700 });
  const helperLog: string[] = [];
  const d = opts.platform.defaults;
  const profile = writeProfile(dir);
  const profileDir = join(dir, 'profiles');
  return {
    home,
    profile,
    helperLog,
    start: async () => {
      // As the installer does (hoc-helper pin): the company key is pinned before anyone connects.
      await new InstalledProfiles({ dir: profileDir, log: () => undefined }).pinAsAdmin(JSON.parse(readFileSync(profile, 'utf8')));
      return startHelper({
        platform: opts.platform,
        system: opts.system,
        address: opts.address,
        group: d.group,
        stateDir: d.stateDir,
        profileDir,
        printerStateDir: join(dir, 'printers'),
        log: (line) => helperLog.push(line),
        // The keeper probes on a timer; its argv is pinned by its own test, not in these sequences.
        keepAlive: false,
      });
    },
    async hoc(...args) {
      const r = await execa(process.execPath, [opts.cli, ...args, '--lang', 'en'], {
        reject: false,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOC_HOME: home, HOC_HELPER_SOCKET: opts.clientAddress, HOC_SECRET_STORE: 'file', LANG: 'C' },
        extendEnv: false,
        timeout: 60_000,
      });
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      removeBundledCli(opts.cli);
    },
  };
}
