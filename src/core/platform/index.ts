/** The adapter for this OS, with the real runner (execa, no shell) and file system. */
import { lstat, mkdir, readdir, readlink, rmdir, symlink, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { createDarwinAdapter } from './darwin';
import { createLinuxAdapter } from './linux';
import type { AdapterDeps, LinkFs, PlatformAdapter, PlatformEnv, PlatformOs, Runner } from './types';
import { createWin32Adapter } from './win32';

export type * from './types';

/** Runs argv through execa: never a shell, stdin only when given, C locale for parseable output. */
export const execaRunner: Runner = async (inv) => {
  const [file, ...args] = inv.argv;
  if (!file) throw new Error('empty argv');
  const timeout = inv.timeoutMs ?? 60_000;
  const r = await execa(file, args, {
    reject: false,
    timeout,
    env: { LC_ALL: 'C', LANG: 'C' },
    ...(inv.stdin !== undefined ? { input: inv.stdin } : { stdin: 'ignore' as const }),
  });
  const stderr = String(r.stderr ?? '');
  // A hung program leaves no message of its own: say what happened, for the detail line.
  const note = r.timedOut ? `${stderr ? '\n' : ''}${file} gave no answer within ${timeout >= 1000 ? `${Math.round(timeout / 1000)} s` : `${timeout} ms`} and was stopped` : '';
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: stderr + note };
};

/** The real file operations. */
export const nodeLinkFs: LinkFs = {
  ensureDir: async (path) => {
    await mkdir(path, { recursive: true, mode: 0o755 });
  },
  readLink: async (path) => {
    try {
      return (await lstat(path)).isSymbolicLink() ? await readlink(path) : null;
    } catch {
      return null;
    }
  },
  exists: async (path) => lstat(path).then(
    () => true,
    () => false,
  ),
  makeLink: async (target, path) => {
    await mkdir(dirname(path), { recursive: true });
    await symlink(target, path);
  },
  remove: async (path) => {
    const st = await lstat(path).catch(() => null);
    if (!st) return;
    if (st.isSymbolicLink()) await unlink(path);
    else if (st.isDirectory()) await rmdir(path);
  },
  list: async (dir) => readdir(dir).catch(() => []),
};

/** Paths for this user from the environment. */
export function platformEnv(env: NodeJS.ProcessEnv = process.env): PlatformEnv {
  const uid = process.getuid?.() ?? 0;
  return {
    home: env.HOME ?? homedir(),
    runtimeDir: env.XDG_RUNTIME_DIR ?? `/run/user/${uid}`,
    resourcesDir: env.HOC_RESOURCES_DIR ?? (process as { resourcesPath?: string }).resourcesPath ?? join(process.cwd(), 'resources'),
    ...(env.HOC_DRIVES_DIR ? { drivesDir: env.HOC_DRIVES_DIR } : {}),
  };
}

/** The adapter for `os` with the given dependencies. */
export function createPlatformAdapter(os: PlatformOs, deps: AdapterDeps): PlatformAdapter {
  return os === 'win32' ? createWin32Adapter(deps) : os === 'darwin' ? createDarwinAdapter(deps) : createLinuxAdapter(deps);
}

/** The adapter for this computer. */
export function currentPlatform(env: NodeJS.ProcessEnv = process.env): PlatformAdapter {
  const os: PlatformOs = process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
  return createPlatformAdapter(os, { run: execaRunner, fs: nodeLinkFs, env: platformEnv(env) });
}
