#!/usr/bin/env node
// Builds every runtime: the CLI and the helper (plain Node), the Electron main
// process and preload, and the React renderer (Vite); the helper's native
// addon (native/peercred, node-gyp) beside the helper bundle. Prints the renderer's
// gzip size against its 300 KB budget.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { shipPeercredAddon } from './lib/peercred-addon.mjs';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
const define = { __HOC_VERSION__: JSON.stringify(pkg.version) };
// ESM bundles for Node need a require() for the CommonJS parts of dependencies.
const esmBanner = {
  js: "import { createRequire as __hocCreateRequire } from 'node:module'; const require = __hocCreateRequire(import.meta.url);",
};

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, define, logLevel: 'warning' };

if (only.length === 0) rmSync(join(root, 'out'), { recursive: true, force: true });

if (want('cli')) {
  await build({ ...node, entryPoints: ['src/cli/hoc.ts'], outfile: 'out/cli/hoc.mjs', format: 'esm', external: ['@napi-rs/keyring'],
    banner: { js: `#!/usr/bin/env node\n${esmBanner.js}` } });
}
if (want('helper')) {
  await build({ ...node, entryPoints: ['src/helper/index.ts'], outfile: 'out/helper/hoc-helper.mjs', format: 'esm', banner: esmBanner });
  // The helper identifies callers through its native addon, loaded from beside the bundle.
  if (process.platform !== 'win32') shipPeercredAddon(join(root, 'out/helper'));
}
if (want('main')) {
  await build({ ...node, entryPoints: ['src/main/index.ts'], outfile: 'out/main/index.mjs', format: 'esm',
    external: ['electron', '@napi-rs/keyring'], banner: esmBanner });
  // Sandboxed preloads must be one CommonJS file that requires only 'electron'.
  await build({ ...node, entryPoints: ['src/preload/index.ts'], outfile: 'out/preload/index.cjs', format: 'cjs',
    external: ['electron'] });
}
if (want('renderer')) {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  let raw = 0;
  let gz = 0;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|css|html)$/.test(name)) {
        const bytes = readFileSync(p);
        raw += bytes.length;
        gz += gzipSync(bytes, { level: 9 }).length;
      }
    }
  };
  walk(join(root, 'out/renderer'));
  const kb = (n) => (n / 1024).toFixed(1);
  console.log(`renderer bundle: ${kb(raw)} KB raw, ${kb(gz)} KB gzip (budget 300 KB gzip)${gz > 300 * 1024 ? ' — OVER BUDGET' : ''}`);
}
console.log(`built ${only.length ? only.join(', ') : 'cli, helper, main, preload, renderer'} into out/`);
