// Builds the helper's native addon (native/peercred: the caller's identity
// from the kernel) with node-gyp, against this Node's own headers when they
// are installed beside it (Debian's nodejs and the official tarballs put them
// in <prefix>/include/node), so no header download is needed offline.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
/** The file name the helper loads from beside its own script or executable. */
export const PEERCRED_ADDON_FILE = 'hoc-peercred.node';
/** Where node-gyp leaves the built addon. */
export const PEERCRED_BUILT = join(root, 'native/peercred/build/Release/hoc_peercred.node');

/** Builds the addon (node-gyp rebuild); throws with node-gyp's output when it fails. */
export function buildPeercredAddon() {
  const nodeGyp = createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  const prefix = dirname(dirname(process.execPath));
  const nodedir = existsSync(join(prefix, 'include/node/node_api.h')) ? ['--nodedir', prefix] : [];
  const r = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--directory', join(root, 'native/peercred'), ...nodedir, '--loglevel', 'warn'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building native/peercred failed (node-gyp exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return PEERCRED_BUILT;
}

/** Builds the addon and copies it into `dir` as PEERCRED_ADDON_FILE. */
export function shipPeercredAddon(dir) {
  buildPeercredAddon();
  mkdirSync(dir, { recursive: true });
  copyFileSync(PEERCRED_BUILT, join(dir, PEERCRED_ADDON_FILE));
  return join(dir, PEERCRED_ADDON_FILE);
}
