/** Test certificates made with openssl: a CA, and server certificates that are good, expired, for another name, or self-signed. */
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface TestCerts {
  readonly ca: string;
  readonly key: string;
  readonly good: string;
  readonly expired: string;
  readonly otherName: string;
  readonly selfSigned: string;
  readonly selfSignedKey: string;
  cleanup(): void;
}

/** Creates the certificates in a temporary folder (EC P-256, fast). */
export async function makeCerts(): Promise<TestCerts> {
  const dir = mkdtempSync(join(tmpdir(), 'hoc-certs-'));
  const p = (n: string) => join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await execa('openssl', ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-subj', '/CN=HOC Test CA', '-days', '2']);
  await execa('openssl', ['req', ...ec, '-keyout', p('s.key'), '-out', p('s.csr'), '-subj', '/CN=localhost']);
  writeFileSync(p('local.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  writeFileSync(p('other.ext'), 'subjectAltName=DNS:other.example\n');
  const sign = (out: string, ext: string, days: string) =>
    execa('openssl', ['x509', '-req', '-in', p('s.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p(out), '-days', days, '-extfile', p(ext)]);
  await sign('good.pem', 'local.ext', '2');
  await sign('expired.pem', 'local.ext', '-1');
  await sign('other.pem', 'other.ext', '2');
  await execa('openssl', ['req', '-x509', ...ec, '-keyout', p('self.key'), '-out', p('self.pem'), '-subj', '/CN=localhost', '-days', '2', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  const read = (n: string) => readFileSync(p(n), 'utf8');
  return {
    ca: read('ca.pem'),
    key: read('s.key'),
    good: read('good.pem'),
    expired: read('expired.pem'),
    otherName: read('other.pem'),
    selfSigned: read('self.pem'),
    selfSignedKey: read('self.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
