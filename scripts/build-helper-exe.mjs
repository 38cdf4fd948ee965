#!/usr/bin/env node
// Builds the privileged helper as one executable for the platform this runs
// on (a Node single-executable application): packaged Electron cannot run the
// helper's Node bundle itself (the RunAsNode fuse is off), and the installers
// register `resources/hoc-helper[.exe]` as a service. Run it on each target
// OS before electron-builder (Windows: sign with signtool afterwards; macOS:
// the script removes the Node binary's signature, sign and notarise afterwards).
//   node scripts/build-helper-exe.mjs [--out DIR]   (default out/helper-bin)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'out/helper-bin') } } });
const work = join(root, 'out/helper-sea');
const exe = join(values.out, process.platform === 'win32' ? 'hoc-helper.exe' : 'hoc-helper');
const run = (argv) => {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status})`);
};

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
mkdirSync(values.out, { recursive: true });
// Node's single-executable applications take one CommonJS script.
await build({ entryPoints: [join(root, 'src/helper/index.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: join(work, 'hoc-helper.cjs'), logLevel: 'warning' });
writeFileSync(join(work, 'sea.json'), JSON.stringify({ main: join(work, 'hoc-helper.cjs'), output: join(work, 'sea.blob'), disableExperimentalSEAWarning: true }));
run([process.execPath, '--experimental-sea-config', join(work, 'sea.json')]);
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
if (process.platform === 'darwin') run(['codesign', '--remove-signature', exe]);
const postject = join(root, 'node_modules/postject/dist/cli.js');
run([process.execPath, postject, exe, 'NODE_SEA_BLOB', join(work, 'sea.blob'), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2', ...(process.platform === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : [])]);
console.log(`helper executable: ${exe} (${(statSync(exe).size / 1e6).toFixed(1)} MB)`);
