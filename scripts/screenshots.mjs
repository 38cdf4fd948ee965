#!/usr/bin/env node
// Regenerates docs/screenshots/*.png: builds the renderer, then runs the UI
// tests (tests/ui, real Chromium + the real AppController against the lab)
// with HOC_SCREENSHOTS_DIR set, so every screen is captured as the tests see it.
// Needs root and the simulated office: tests/lab/lab.sh up && tests/lab/lab.sh helper-start
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'docs/screenshots');
const run = (argv, env = {}) => {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (process.getuid?.() !== 0) {
  console.error('screenshots: run as root (the UI tests use the lab namespaces).');
  process.exit(1);
}
if (!existsSync('/tmp/hoc-lab/helper/helper.sock') && !process.env.HOC_LAB_DIR) {
  console.error('screenshots: the lab is not up. Run: tests/lab/lab.sh up && tests/lab/lab.sh helper-start');
  process.exit(1);
}
run([process.execPath, 'scripts/build.mjs', 'renderer']);
run(['npx', 'vitest', 'run', '--project', 'ui'], { HOC_SCREENSHOTS_DIR: out });
console.log(`screenshots in docs/screenshots: ${readdirSync(out).filter((f) => f.endsWith('.png')).sort().join(', ')}`);
