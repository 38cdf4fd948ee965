// Two-way imports between the folders of a source tree (e.g. core/session <-> core/drives), type imports included.
// Usage: node scripts/import-cycles.mjs src/core
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
const root = resolve(process.argv[2]);
const files = [];
const walk = (d) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (/\.tsx?$/.test(n)) files.push(p); } };
walk(root);
const unit = (f) => { const r = relative(root, f).split('/'); return r.length > 1 ? r[0] : r[0].replace(/\.ts$/, ''); };
const edges = new Map();
for (const f of files) {
  for (const m of readFileSync(f, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
    const base = resolve(dirname(f), m[1]);
    const t = [base + '.ts', base + '.tsx', join(base, 'index.ts')].find(existsSync);
    if (!t || !t.startsWith(root + '/')) continue;
    const a = unit(f), b = unit(t);
    if (a !== b) { if (!edges.has(a)) edges.set(a, new Set()); edges.get(a).add(b); }
  }
}
const pairs = [];
for (const [a, bs] of edges) for (const b of bs) if (a < b && edges.get(b)?.has(a)) pairs.push(`${a} <-> ${b}`);
console.log(`${pairs.length} two-way folder imports`); for (const p of pairs) console.log('  ' + p);
