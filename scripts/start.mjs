#!/usr/bin/env node
// `npm start`: fetch the Electron binary if it is missing (its install script
// is denied in package.json's allowScripts so `npm ci` works offline), build,
// and start the desktop app. Needs internet the first time only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (argv) => {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const electronDir = require.resolve('electron/package.json').replace(/package\.json$/, '');
if (!existsSync(`${electronDir}path.txt`)) {
  console.log('Electron binary missing: fetching it once (needs internet) …');
  run([process.execPath, `${electronDir}install.js`]);
}
run([process.execPath, 'scripts/build.mjs']);
const electronPath = require('electron');
run([electronPath, '.', ...process.argv.slice(2)]);
