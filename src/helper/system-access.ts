/** The real machine for the helper: programs through execa (never a shell), files through node:fs. */
import { access, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import type { SystemAccess } from './platform/types';

/** The machine the helper runs on. */
export const realSystem: SystemAccess = {
  async run(argv, options = {}) {
    const [file, ...args] = argv;
    if (!file) throw new Error('empty argv');
    const r = await execa(file, args, {
      reject: false,
      all: true,
      stdin: 'ignore',
      timeout: options.timeoutMs ?? 30_000,
      // Own process group when asked: wireguard-go (forked by wg-quick) must outlive a helper restart.
      detached: options.detached ?? false,
      env: { LC_ALL: 'C', LANG: 'C' },
    });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), all: String(r.all ?? '') };
  },
  async writeFile(path, content, mode) {
    await writeFile(path, content, { mode });
    await chmod(path, mode);
  },
  async removeFile(path) {
    await rm(path, { force: true });
  },
  async readFile(path) {
    return readFile(path, 'utf8').catch(() => null);
  },
  async exists(path) {
    return access(path).then(
      () => true,
      () => false,
    );
  },
  async ensureDir(path, mode) {
    await mkdir(path, { recursive: true, mode });
    await chmod(path, mode);
  },
};
