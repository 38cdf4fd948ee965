/** The office proof against real TLS servers on loopback, and the profile rule for `office`. */
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { proveOffice, spkiPin } from '../../../src/core/office/proof';
import { validatePayload } from '../../../src/shared/profile';
import { UserError } from '../../../src/shared/errors';
import { makeCerts, type TestCerts } from '../checks/certs';
import { examplePayload, NOW } from '../../fixtures/profiles/make';

let certs: TestCerts;
const servers: (Server | TcpServer)[] = [];

/** The pin computed by openssl, independently of the code under test. */
async function opensslPin(certPem: string): Promise<string> {
  const pub = await execa('openssl', ['x509', '-pubkey', '-noout'], { input: certPem });
  const der = await execa('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pub.stdout, encoding: 'buffer' });
  const digest = await execa('openssl', ['dgst', '-sha256', '-binary'], { input: der.stdout, encoding: 'buffer' });
  return `sha256/${Buffer.from(digest.stdout).toString('base64')}`;
}

async function listen<S extends Server | TcpServer>(server: S): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

let goodPort: number;
let selfPort: number;
let silentPort: number;
let goodPin: string;
let selfPin: string;

beforeAll(async () => {
  certs = await makeCerts();
  goodPort = await listen(createServer({ key: certs.key, cert: certs.good }, (s) => s.end()));
  selfPort = await listen(createServer({ key: certs.selfSignedKey, cert: certs.selfSigned }, (s) => s.end()));
  silentPort = await listen(createTcpServer(() => {})); // accepts, never speaks TLS
  goodPin = await opensslPin(certs.good);
  selfPin = await opensslPin(certs.selfSigned);
});

afterAll(() => {
  for (const s of servers) s.close();
  certs.cleanup();
});

const office = (port: number, spki: string) => ({ host: '127.0.0.1', port, spki });

describe('office proof', () => {
  it('computes the same SPKI pin as openssl', async () => {
    const { X509Certificate } = await import('node:crypto');
    expect(spkiPin(new X509Certificate(certs.good).raw)).toBe(goodPin);
  });

  it('is in the office when the host shows the pinned key', async () => {
    const proof = await proveOffice({ office: office(goodPort, goodPin), tunnelAddresses: ['10.99.0.2/32'] });
    expect(proof).toEqual({ place: 'office', address: '127.0.0.1', localAddress: '127.0.0.1' });
  });

  it('stays at home when a CA-signed certificate carries another key than the pinned one', async () => {
    const proof = await proveOffice({ office: office(goodPort, selfPin), tunnelAddresses: [] });
    expect(proof).toMatchObject({ place: 'home', reason: 'wrongKey', detail: goodPin });
  });

  it('accepts a self-signed certificate when its key is the pinned one (the pin, not a CA, decides)', async () => {
    const proof = await proveOffice({ office: office(selfPort, selfPin), tunnelAddresses: [] });
    expect(proof.place).toBe('office');
  });

  it('stays at home when the handshake went through our own tunnel', async () => {
    const proof = await proveOffice({ office: office(goodPort, goodPin), tunnelAddresses: ['127.0.0.1/32'] });
    expect(proof).toMatchObject({ place: 'home', reason: 'viaTunnel', detail: '127.0.0.1' });
  });

  it('stays at home when nothing listens', async () => {
    const closed = await listen(createTcpServer());
    (servers.pop() as TcpServer).close();
    await new Promise((r) => setTimeout(r, 20));
    const proof = await proveOffice({ office: office(closed, goodPin), tunnelAddresses: [] });
    expect(proof).toMatchObject({ place: 'home', reason: 'unreachable' });
  });

  it('stays at home when the host accepts but never completes TLS (timeout)', async () => {
    const proof = await proveOffice({ office: office(silentPort, goodPin), tunnelAddresses: [] }, { timeoutMs: 300 });
    expect(proof).toEqual({ place: 'home', reason: 'timeout' });
  });

  it('stays at home when the name does not resolve (fake resolver)', async () => {
    const resolve = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND fw.buero.local'), { code: 'ENOTFOUND' }));
    const proof = await proveOffice({ office: { host: 'fw.buero.local', port: goodPort, spki: goodPin }, tunnelAddresses: [] }, { resolve });
    expect(proof).toMatchObject({ place: 'home', reason: 'unresolved' });
  });

  it('resolves the name and proves against the address it got (fake resolver)', async () => {
    const proof = await proveOffice(
      { office: { host: 'fw.buero.local', port: goodPort, spki: goodPin }, tunnelAddresses: [] },
      { resolve: () => Promise.resolve('127.0.0.1') },
    );
    expect(proof.place).toBe('office');
  });

  it('is at home when the profile has no office proof', async () => {
    expect(await proveOffice({ tunnelAddresses: [] })).toEqual({ place: 'home', reason: 'noProof' });
  });
});

describe('profile rule for office', () => {
  const pin = `sha256/${Buffer.alloc(32, 7).toString('base64')}`;
  const withOffice = (o: unknown) => ({ ...examplePayload(), office: o });
  const code = (o: unknown) => {
    try {
      validatePayload(withOffice(o), { now: NOW });
      return 'ok';
    } catch (err) {
      return err instanceof UserError ? err.code : String(err);
    }
  };

  it('accepts a company host or an address inside the routed ranges', () => {
    expect(code({ host: 'fw.buero.local', port: 443, spki: pin })).toBe('ok');
    expect(code({ host: '10.77.0.1', port: 8443, spki: pin })).toBe('ok');
    expect(validatePayload(withOffice({ host: 'fw.buero.local', port: 443, spki: pin }), { now: NOW }).office).toEqual({ host: 'fw.buero.local', port: 443, spki: pin });
  });

  it('refuses a host outside the company, a bad port, a malformed pin and unknown fields', () => {
    expect(code({ host: 'evil.example', port: 443, spki: pin })).toBe('profile.office.host');
    expect(code({ host: '192.0.2.1', port: 443, spki: pin })).toBe('profile.office.host');
    expect(code({ host: 'fw.buero.local', port: 0, spki: pin })).toBe('profile.office.port');
    expect(code({ host: 'fw.buero.local', port: 443, spki: 'sha1/abc' })).toBe('profile.office.spki');
    expect(code({ host: 'fw.buero.local', port: 443, spki: pin, ssid: 'Buero-WLAN' })).toBe('profile.field.unknown');
  });

  it('leaves a profile without office as it was', () => {
    expect(validatePayload(examplePayload(), { now: NOW }).office).toBeUndefined();
  });
});
