#!/usr/bin/env node
// Builds the privileged helper and the `hoc` CLI as one executable each for
// the platform this runs on (Node single-executable applications): packaged
// Electron cannot run a Node bundle itself (the RunAsNode fuse is off), the
// helper with its native addon beside it. The
// installers register `resources/hoc-helper[.exe]` as a service and put
// `resources/bin/hoc[.exe]` on the PATH. Run it on each target OS before
// electron-builder (Windows: sign with signtool afterwards; macOS: the script
// removes the Node binary's signature, sign and notarise afterwards).
// The CLI executable has no keychain binding (a native module cannot live
// inside it): it uses the file store, after asking, like any machine without one.
//   node scripts/build-helper-exe.mjs [--out DIR] [--cli-out DIR]
//   (defaults out/helper-bin and out/cli-bin)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { shipPeercredAddon } from './lib/peercred-addon.mjs';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: { out: { type: 'string', default: join(root, 'out/helper-bin') }, 'cli-out': { type: 'string', default: join(root, 'out/cli-bin') } },
});
const work = join(root, 'out/helper-sea');
const suffix = process.platform === 'win32' ? '.exe' : '';
const run = (argv) => {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status})`);
};

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

/** One single-executable application from one entry point. */
async function seaExecutable(name, entry, outDir, external = []) {
  mkdirSync(outDir, { recursive: true });
  const exe = join(outDir, `${name}${suffix}`);
  // Node's single-executable applications take one CommonJS script.
  await build({ entryPoints: [join(root, entry)], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: join(work, `${name}.cjs`), external,
    define: { __HOC_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) }, logLevel: 'warning' });
  writeFileSync(join(work, `${name}.json`), JSON.stringify({ main: join(work, `${name}.cjs`), output: join(work, `${name}.blob`), disableExperimentalSEAWarning: true }));
  run([process.execPath, '--experimental-sea-config', join(work, `${name}.json`)]);
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  if (process.platform === 'darwin') run(['codesign', '--remove-signature', exe]);
  const postject = join(root, 'node_modules/postject/dist/cli.js');
  run([process.execPath, postject, exe, 'NODE_SEA_BLOB', join(work, `${name}.blob`), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2', ...(process.platform === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : [])]);
  console.log(`${name} executable: ${exe} (${(statSync(exe).size / 1e6).toFixed(1)} MB)`);
}

await seaExecutable('hoc-helper', 'src/helper/index.ts', values.out);
// The caller-identity addon ships beside the helper executable, where it loads it from
// (Windows identifies its callers through the transport instead: no addon there).
if (process.platform !== 'win32') console.log(`helper addon: ${shipPeercredAddon(values.out)}`);
await seaExecutable('hoc', 'src/cli/hoc.ts', values['cli-out'], ['@napi-rs/keyring']);
