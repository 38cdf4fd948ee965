/** `hoc admin office`: the office proof pinned from a real TLS server on loopback, and carried into profiles. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { adminCommand } from '../../../src/cli/commands/admin';
import type { CliIo } from '../../../src/cli/io';
import { loadProfileFile } from '../../../src/core/profile';
import { makeCerts, type TestCerts } from '../checks/certs';
import { wgKey } from '../../fixtures/profiles/make';

let certs: TestCerts;
let server: Server;
let port: number;
let pin: string;

function io(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lang: 'en', env: {}, lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), confirm: async () => false };
}

async function orgDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hoc-admin-office-'));
  const args = ['--org-dir', dir, 'init', '--org-id', 'buero-mueller', '--org-name', 'Büro', '--domain', 'buero.local', '--endpoint', 'vpn.buero-mueller.example:51820',
    '--server-key', wgKey(), '--allowed-ips', '10.77.0.0/24,10.99.0.0/24', '--dns', '10.77.0.1', '--support-name', 'IT', '--support-phone', '+49 621 1',
    '--support-email', 'hilfe@it-service.example', '--support-hours', 'Mo–Fr'];
  expect(await adminCommand(args, io())).toBe(0);
  const tpl = JSON.parse(await readFile(join(dir, 'org.json'), 'utf8'));
  tpl.roles = { staff: { services: [], drives: [], printers: [] } };
  await writeFile(join(dir, 'org.json'), JSON.stringify(tpl));
  return dir;
}

beforeAll(async () => {
  certs = await makeCerts();
  server = createServer({ key: certs.key, cert: certs.good }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  const pub = await execa('openssl', ['x509', '-pubkey', '-noout'], { input: certs.good });
  const der = await execa('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pub.stdout, encoding: 'buffer' });
  const digest = await execa('openssl', ['dgst', '-sha256', '-binary'], { input: der.stdout, encoding: 'buffer' });
  pin = `sha256/${Buffer.from(digest.stdout).toString('base64')}`;
});
afterAll(() => {
  server.close();
  certs.cleanup();
});

describe('hoc admin office', () => {
  it('fetches and pins the key the office host shows, and every new profile carries it', async () => {
    const dir = await orgDir();
    const out = io();
    expect(await adminCommand(['--org-dir', dir, 'office', '--host', 'fw.buero.local', '--port', String(port), '--fetch', '--connect-to', '127.0.0.1'], out)).toBe(0);
    expect(out.lines.join('\n')).toContain(pin);
    expect(out.lines.join('\n')).toContain('localhost'); // the certificate's subject, to compare
    const tpl = JSON.parse(await readFile(join(dir, 'org.json'), 'utf8'));
    expect(tpl.office).toEqual({ host: 'fw.buero.local', port, spki: pin });
    expect(await adminCommand(['--org-dir', dir, 'add-user', 'Eva Beispiel', '--role', 'staff'], io())).toBe(0);
    const profile = await loadProfileFile(join(dir, 'users', 'eva-beispiel.hocprofile'));
    expect(profile.profile.office).toEqual({ host: 'fw.buero.local', port, spki: pin });
    await rm(dir, { recursive: true, force: true });
  });

  it('takes a pin given by hand, and refuses a malformed one or a host outside the company', async () => {
    const dir = await orgDir();
    expect(await adminCommand(['--org-dir', dir, 'office', '--host', '10.77.0.1', '--spki', pin], io())).toBe(0);
    const bad = io();
    expect(await adminCommand(['--org-dir', dir, 'office', '--host', 'fw.buero.local', '--spki', 'sha1/xyz'], bad)).toBe(2);
    expect(bad.errors.join('\n')).toContain('key fingerprint');
    const outside = io();
    expect(await adminCommand(['--org-dir', dir, 'office', '--host', 'intranet.example.com', '--spki', pin], outside)).toBe(2);
    expect(outside.errors.join('\n')).toContain('intranet.example.com');
    expect(JSON.parse(await readFile(join(dir, 'org.json'), 'utf8')).office.host).toBe('10.77.0.1');
    await rm(dir, { recursive: true, force: true });
  });

  it('says what to do when the host cannot be reached, and asks for exactly one of --spki and --fetch', async () => {
    const dir = await orgDir();
    const closed = io();
    expect(await adminCommand(['--org-dir', dir, 'office', '--host', 'fw.buero.local', '--port', '1', '--fetch', '--connect-to', '127.0.0.1'], closed)).toBe(2);
    expect(closed.errors.join('\n')).toContain('could not be reached');
    expect(await adminCommand(['--org-dir', dir, 'office', '--host', 'fw.buero.local'], io())).toBe(2);
    expect(JSON.parse(await readFile(join(dir, 'org.json'), 'utf8')).office).toBeUndefined();
    await rm(dir, { recursive: true, force: true });
  });
});
