#!/usr/bin/env node
// Time to a full verdict for 8 services with 0, 1 and 4 of them black-holed
// (local servers on 127.0.0.1), next to the per-probe timeout. Target: with
// any number dead, within one timeout + 10 %. A script, not a test.
// Usage: node scripts/bench-checks.mjs [TIMEOUT_MS]   (bundles src/core/checks with esbuild first)
/* global performance */
import { build } from 'esbuild';
import { createServer } from 'node:net';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const timeoutMs = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'hoc-bench-'));
const outfile = join(dir, 'checks.mjs');
await build({ entryPoints: [join(root, 'src/core/checks/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
const { runChecks } = await import(pathToFileURL(outfile).href);

const servers = [];
const listen = (onConnection) =>
  new Promise((resolve) => {
    const s = createServer((c) => {
      c.on('error', () => {});
      onConnection(c);
    });
    servers.push(s);
    s.listen(0, '127.0.0.1', () => resolve(s.address().port));
  });
const smb2Reply = () => {
  const smb = Buffer.alloc(64 + 65);
  smb.write('\xfeSMB', 0, 'latin1');
  smb.writeUInt16LE(64, 4);
  smb.writeUInt32LE(1, 16);
  smb.writeUInt16LE(65, 64);
  smb.writeUInt16LE(0x0311, 68);
  const nb = Buffer.alloc(4);
  nb.writeUInt32BE(smb.length, 0);
  return Buffer.concat([nb, smb]);
};
const live = {
  tcp: () => listen((c) => c.end()),
  smb: () => listen((c) => c.once('data', () => c.write(smb2Reply()))),
  imap: () =>
    listen((c) => {
      c.write('* OK ready\r\n');
      c.on('data', (d) => {
        const tag = String(d).split(' ')[0];
        c.write(String(d).includes('CAPABILITY') ? `* CAPABILITY IMAP4rev1 STARTTLS\r\n${tag} OK\r\n` : `${tag} OK\r\n`);
      });
    }),
  smtp: () =>
    listen((c) => {
      c.write('220 ready\r\n');
      c.on('data', (d) => c.write(/^EHLO/i.test(String(d)) ? '250-mail\r\n250 STARTTLS\r\n' : '221 bye\r\n'));
    }),
};
const blackHole = () => listen(() => {});
// The last four are the ones black-holed: protocols where an accepting but silent server is "dead".
const kinds = ['tcp', 'tcp', 'imap', 'smtp', 'smb', 'imap', 'smtp', 'smb'];

async function scenario(dead) {
  const services = [];
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    const isDead = i >= kinds.length - dead;
    const port = isDead ? await blackHole() : await live[kind]();
    services.push({ id: `${kind}-${i}`, label: `${kind} ${i}`, kind, host: '127.0.0.1', port });
  }
  const profile = { org: { domain: 'bench.test' }, support: { phone: '0' }, tunnel: { mtu: 1380, dns: { servers: [] } }, services };
  const started = performance.now();
  const results = await runChecks(profile, { builtins: false, timeoutMs });
  const ms = performance.now() - started;
  const failed = results.filter((r) => r.status === 'fail').length;
  return { dead, ms, failed };
}

console.log(`per-probe timeout ${timeoutMs} ms; target: full verdict within ${Math.round(timeoutMs * 1.1)} ms`);
let pass = true;
for (const dead of [0, 1, 4]) {
  const { ms, failed } = await scenario(dead);
  const ok = ms <= timeoutMs * 1.1 && failed === dead;
  pass &&= ok;
  console.log(`8 services, ${dead} black-holed: ${ms.toFixed(0).padStart(5)} ms to a full verdict (${failed} failed) ${ok ? 'OK' : 'OVER TARGET'}`);
}
for (const s of servers) s.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = pass ? 0 : 1;
