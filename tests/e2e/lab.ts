/**
 * Test-side access to the simulated office (tests/lab/lab.sh): run commands
 * in its namespaces as root or as the lab's unprivileged employee, and run
 * the built `hoc` CLI the way an employee would.
 */
import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';

/** What a finished command left: exit code and its output as text. */
export interface LabResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly all: string;
}

async function settle(p: Promise<{ exitCode?: number | undefined; stdout?: unknown; stderr?: unknown; all?: unknown }>): Promise<LabResult> {
  const r = await p;
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), all: String(r.all ?? '') };
}

export const repo = new URL('../..', import.meta.url).pathname;
export const labDir = process.env.HOC_LAB_DIR ?? '/tmp/hoc-lab';
export const labSh = join(repo, 'tests/lab/lab.sh');
export const helperSocket = join(labDir, 'helper/helper.sock');
export const profilePath = join(labDir, 'anna.hocprofile');
export const officeAccount = { user: 'anna', password: 'Anna-Lab-2026!' };
/** The home's resolver before any tunnel (lab.sh writes it into the home's resolv.conf). */
export const HOME_RESOLVER = '100.64.3.53';
/** The printer the employee set up by hand before HomeOffice Connect (lab.sh up adds it to the home CUPS). */
export const USER_PRINTER = { name: 'Eigener-Drucker', uri: 'socket://127.0.0.1:9100' } as const;

/** A lab namespace: the short names, or a full `hoc-…` name such as an extra home `hoc-home3`. */
export type Ns = 'home' | 'inet' | 'office' | 'lan' | `hoc-${string}`;

/** The second employee at the home computer (also in the helper's group), for tests between two users. */
export const labPeer = 'hocpeer';

/** Runs argv in a lab namespace; `user` runs it as the unprivileged employee, `as` as the second one. */
export function inLab(ns: Ns, argv: string[], opts: { user?: boolean; as?: typeof labPeer; env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<LabResult> {
  return settle(execa(labSh, ['exec', ns, ...(opts.as ? ['--as', opts.as] : opts.user ? ['--user'] : []), '--', ...argv], {
    reject: false,
    all: true,
    env: opts.env ?? {},
    timeout: opts.timeoutMs ?? 60_000,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
  }));
}

/** Runs a lab.sh subcommand as root (stop/start services, relay control …). */
export function lab(...args: string[]): Promise<LabResult> {
  return settle(execa(labSh, args, { reject: false, all: true, stdin: 'ignore', timeout: 120_000 }));
}

/** Runs argv as the employee inside their desktop session (D-Bus, gnome-keyring, gvfs; lab.sh desktop exec). */
export function desktopExec(argv: string[], env: Record<string, string> = {}, input?: string): Promise<LabResult> {
  return settle(
    execa(labSh, ['desktop', 'exec', '--', ...argv], {
      reject: false,
      all: true,
      env,
      timeout: 120_000,
      ...(input !== undefined ? { input } : { stdin: 'ignore' as const }),
    }),
  );
}

/**
 * Copies the built CLI where the employee can read it (the repo may live in a
 * folder only root can enter) and returns an `hoc` runner for that employee.
 */
export function employee(name: string, where: { ns?: Ns; socket?: string; homeDir?: string } = {}) {
  const appDir = join(labDir, 'app');
  mkdirSync(appDir, { recursive: true });
  chmodSync(appDir, 0o755);
  const built = join(repo, 'out/cli/hoc.mjs');
  if (!existsSync(built)) throw new Error('out/cli/hoc.mjs missing: run npm run build first');
  copyFileSync(built, join(appDir, 'hoc.mjs'));
  chmodSync(join(appDir, 'hoc.mjs'), 0o755);
  // The keychain binding is a native module outside the bundle: ship it beside the CLI, as the app does.
  const napi = join(repo, 'node_modules/@napi-rs');
  for (const name of readdirSync(napi).filter((n) => n.startsWith('keyring'))) {
    cpSync(join(napi, name), join(appDir, 'node_modules/@napi-rs', name), { recursive: true });
  }
  const home = join(labDir, 'users', where.homeDir ?? name);
  mkdirSync(home, { recursive: true });
  chmodSync(join(labDir, 'users'), 0o755);
  const uid = Number(execaSync('id', ['-u', name]).stdout);
  chownSync(home, uid, Number(execaSync('id', ['-g', name]).stdout));
  chmodSync(home, 0o700);
  // The employee's computer trusts the company CA (as a managed machine would): the intranet check needs it.
  const baseEnv = { HOC_HOME: home, HOC_HELPER_SOCKET: where.socket ?? helperSocket, HOC_LANG: 'de', NODE_EXTRA_CA_CERTS: join(labDir, 'ca/ca.pem') };
  const cli = join(appDir, 'hoc.mjs');
  // At the main home the CLI runs in the employee's desktop session (D-Bus, keyring, gvfs),
  // as it would on a real workstation; extra homes have no desktop and skip drives.
  const desktop = (where.ns ?? 'home') === 'home';
  return {
    home,
    hoc: (args: string[], env: Record<string, string> = {}, input?: string) =>
      desktop
        ? desktopExec(['node', cli, ...args], { ...baseEnv, ...env }, input)
        : inLab(where.ns ?? 'home', ['node', cli, ...args], { user: true, env: { ...baseEnv, ...env }, ...(input !== undefined ? { input } : {}) }),
    /**
     * Starts `hoc ARGS` in the desktop session and returns the running process. lab.sh, nsenter,
     * setpriv, env and sh all exec, so its pid is the CLI's own node process (checked by callers).
     */
    spawn: (args: string[]) => {
      if (!desktop) throw new Error('spawn runs in the desktop session of the main home only');
      return execa(labSh, ['desktop', 'exec', '--', 'node', cli, ...args], { reject: false, all: true, env: baseEnv, stdin: 'ignore' });
    },
  };
}

/** The employee's `hoc` runner (see employee). */
export type Employee = ReturnType<typeof employee>;

/** Stores the office sign-in for the employee (in the desktop session's keychain). */
export async function ensureOfficeAccount(who: Employee): Promise<void> {
  const r = await who.hoc(['account', 'set', '--profile', profilePath, '--user', officeAccount.user, '--domain', 'BUERO', '--password-stdin'], {}, officeAccount.password);
  if (r.exitCode !== 0) throw new Error(`account set failed: ${r.all}`);
}

/** Removes the stored office sign-in again (what ensureOfficeAccount stored). */
export async function forgetOfficeAccount(who: Employee): Promise<void> {
  const r = await who.hoc(['account', 'forget', '--profile', profilePath]);
  if (r.exitCode !== 0) throw new Error(`account forget failed: ${r.all}`);
}

/** Waits until `probe` returns a value that is not undefined (polling every `everyMs`); throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
