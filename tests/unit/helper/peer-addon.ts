/** The real caller-identity addon for unit tests: built from native/peercred when missing or older than its source. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { loadPeerCredentials } from '../../../src/helper/peer-credentials';

const repo = new URL('../../..', import.meta.url).pathname;
/** Where node-gyp leaves the addon (scripts/lib/peercred-addon.mjs). */
export const builtAddon = join(repo, 'native/peercred/build/Release/hoc_peercred.node');

const mtime = (p: string) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/** Builds the addon if needed and loads it into the helper's identity module. */
export function loadRealAddon(): void {
  const source = Math.max(mtime(join(repo, 'native/peercred/peercred.c')), mtime(join(repo, 'native/peercred/binding.gyp')));
  if (mtime(builtAddon) < source) {
    execaSync(process.execPath, ['--input-type=module', '-e', "import { buildPeercredAddon } from './scripts/lib/peercred-addon.mjs'; buildPeercredAddon();"], { cwd: repo });
  }
  loadPeerCredentials(builtAddon);
}
