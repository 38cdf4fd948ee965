/** Each probe against real local servers: the verdict a person would read. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks, type RunChecksOptions } from '../../../src/core/checks';
import type { ProfileService } from '../../../src/shared/profile/types';
import { makeCerts, type TestCerts } from './certs';
import { imapResponder, ippResponse, sipReply, smb2NegotiateResponse, smbResponder, smtpResponder } from './fixtures';
import { blackHoleTcp, closedPort, httpServer, httpsServer, profileWith, tcpServer, udpServer } from './servers';

const TIMEOUT = 800;

async function check(service: ProfileService, opts: RunChecksOptions = {}) {
  const [result] = await runChecks(profileWith([service]), { builtins: false, timeoutMs: TIMEOUT, ...opts });
  if (!result) throw new Error('no result');
  return result;
}

describe('tcp', () => {
  it('is ok when the licence server accepts a connection', async () => {
    const port = await tcpServer((s) => s.end());
    const r = await check({ id: 'cad', label: 'CAD-Lizenzserver', kind: 'tcp', host: '127.0.0.1', port });
    expect(r).toMatchObject({ id: 'cad', kind: 'tcp', status: 'ok', message: { code: 'check.tcp.ok' }, nextStep: { code: 'check.next.none' } });
    expect(r.supportPhone).toBeUndefined();
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('fails with "service not running" and the support phone when the port is closed', async () => {
    const r = await check({ id: 'ava', label: 'Ausschreibung', kind: 'tcp', host: '127.0.0.1', port: await closedPort() });
    expect(r).toMatchObject({ status: 'fail', message: { code: 'check.common.refused', params: { label: 'Ausschreibung' } }, nextStep: { code: 'check.next.callSupport' } });
    expect(r.supportPhone).toBe('+49 621 1234567');
  });
});

describe('smb', () => {
  it('answers as a file server when an SMB2 NEGOTIATE response comes back', async () => {
    const port = await tcpServer(smbResponder());
    const r = await check({ id: 'files', label: 'Dateiserver', kind: 'smb', host: '127.0.0.1', port });
    expect(r).toMatchObject({ status: 'ok', message: { code: 'check.smb.ok', params: { dialect: '3.1.1' } } });
  });

  it('says "answers, but is not a file server" when an HTTP server sits on the port', async () => {
    const port = await httpServer((_req, res) => res.end('hello'));
    const r = await check({ id: 'files', label: 'Dateiserver', kind: 'smb', host: '127.0.0.1', port });
    expect(r).toMatchObject({ status: 'fail', message: { code: 'check.smb.notSmb' } });
  });

  it('says the server refuses when NEGOTIATE comes back with an error status', async () => {
    const port = await tcpServer(smbResponder(smb2NegotiateResponse(0, 0xc0000022)));
    const r = await check({ id: 'files', label: 'Dateiserver', kind: 'smb', host: '127.0.0.1', port });
    expect(r).toMatchObject({ status: 'fail', message: { code: 'check.smb.refusedNegotiate', params: { status: '0xc0000022' } } });
  });

  it('tells a server that hangs up apart from one that stays silent', async () => {
    const hangUp = await tcpServer((s) => s.on('data', () => s.end()));
    const silent = await blackHoleTcp();
    const [a, b] = await runChecks(
      profileWith([
        { id: 'a', label: 'Dateiserver', kind: 'smb', host: '127.0.0.1', port: hangUp },
        { id: 'b', label: 'Dateiserver', kind: 'smb', host: '127.0.0.1', port: silent },
      ]),
      { builtins: false, timeoutMs: TIMEOUT },
    );
    expect(a).toMatchObject({ status: 'fail', message: { code: 'check.smb.closed' } });
    expect(b).toMatchObject({ status: 'fail', message: { code: 'check.common.timeoutReply', params: { seconds: 0.8 } } });
  });
});

describe('imap and smtp', () => {
  it('is ok when IMAP greets and offers STARTTLS, a warning when it does not', async () => {
    const good = await tcpServer(imapResponder(true));
    const plain = await tcpServer(imapResponder(false));
    expect(await check({ id: 'in', label: 'E-Mail Empfang', kind: 'imap', host: '127.0.0.1', port: good })).toMatchObject({ status: 'ok', message: { code: 'check.imap.ok' } });
    const r = await check({ id: 'in', label: 'E-Mail Empfang', kind: 'imap', host: '127.0.0.1', port: plain });
    expect(r).toMatchObject({ status: 'warn', message: { code: 'check.imap.noStarttls' }, nextStep: { code: 'check.next.tellSupport' }, supportPhone: '+49 621 1234567' });
  });

  it('recognises an IMAP server that turns the connection away and a non-IMAP greeting', async () => {
    const bye = await tcpServer(imapResponder(true, '* BYE too many connections\r\n'));
    const ssh = await tcpServer((s) => s.write('SSH-2.0-OpenSSH_9.2\r\n'));
    expect(await check({ id: 'in', label: 'E-Mail', kind: 'imap', host: '127.0.0.1', port: bye })).toMatchObject({ status: 'fail', message: { code: 'check.imap.rejected' } });
    expect(await check({ id: 'in', label: 'E-Mail', kind: 'imap', host: '127.0.0.1', port: ssh })).toMatchObject({ status: 'fail', message: { code: 'check.imap.notImap' } });
  });

  it('is ok when SMTP greets 220 and EHLO lists STARTTLS, a warning when not, a failure on 554', async () => {
    const good = await tcpServer(smtpResponder(true));
    const plain = await tcpServer(smtpResponder(false));
    const busy = await tcpServer(smtpResponder(true, '554 no service\r\n'));
    expect(await check({ id: 'out', label: 'E-Mail Versand', kind: 'smtp', host: '127.0.0.1', port: good })).toMatchObject({ status: 'ok', message: { code: 'check.smtp.ok' } });
    expect(await check({ id: 'out', label: 'E-Mail Versand', kind: 'smtp', host: '127.0.0.1', port: plain })).toMatchObject({ status: 'warn', message: { code: 'check.smtp.noStarttls' } });
    expect(await check({ id: 'out', label: 'E-Mail Versand', kind: 'smtp', host: '127.0.0.1', port: busy })).toMatchObject({ status: 'fail', message: { code: 'check.smtp.rejected' } });
  });
});

describe('ipp', () => {
  it('posts Get-Printer-Attributes to the queue path and reports "out of paper"', async () => {
    let seen: { path?: string; type?: string; op?: number } = {};
    const port = await httpServer((req, res, body) => {
      seen = { path: req.url, type: req.headers['content-type'], op: body.readUInt16BE(2) };
      res.writeHead(200, { 'content-type': 'application/ipp' });
      res.end(ippResponse({ state: 5, reasons: ['media-empty-error'] }));
    });
    const r = await check({ id: 'plotter', label: 'Plotter', kind: 'ipp', url: `ipp://127.0.0.1:${port}/printers/Plotter` });
    expect(seen).toEqual({ path: '/printers/Plotter', type: 'application/ipp', op: 0x000b });
    expect(r).toMatchObject({ status: 'fail', message: { code: 'check.ipp.mediaEmpty', params: { label: 'Plotter' } }, nextStep: { code: 'check.next.atPrinter' } });
  });

  it('is ok for an idle printer, and says so when the queue or the print server is missing', async () => {
    const idle = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/ipp' });
      res.end(ippResponse({ state: 3 }));
    });
    const missing = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/ipp' });
      res.end(ippResponse({ status: 0x0406 }));
    });
    const web = await httpServer((_req, res) => res.end('<html>'));
    expect(await check({ id: 'p', label: 'Plotter', kind: 'ipp', url: `ipp://127.0.0.1:${idle}/printers/Plotter` })).toMatchObject({ status: 'ok', message: { code: 'check.ipp.idle' } });
    expect(await check({ id: 'p', label: 'Plotter', kind: 'ipp', url: `ipp://127.0.0.1:${missing}/printers/Gone` })).toMatchObject({
      status: 'fail',
      message: { code: 'check.ipp.notFound', params: { queue: 'Gone' } },
    });
    expect(await check({ id: 'p', label: 'Plotter', kind: 'ipp', url: `ipp://127.0.0.1:${web}/printers/Plotter` })).toMatchObject({ status: 'fail', message: { code: 'check.ipp.notIpp' } });
  });
});

describe('sip', () => {
  it('is ok when the phone system answers OPTIONS over UDP and TCP', async () => {
    const tcp = await tcpServer((s) => s.once('data', (d: Buffer) => s.write(sipReply(d.toString()))));
    await udpServer((msg, reply) => reply(sipReply(msg.toString())), tcp);
    const r = await check({ id: 'phone', label: 'Telefonanlage', kind: 'sip', host: '127.0.0.1', port: tcp });
    expect(r).toMatchObject({ status: 'ok', message: { code: 'check.sip.ok' } });
  });

  it('is ok over UDP alone; fails when neither transport has a phone system', async () => {
    const port = await udpServer((msg, reply) => reply(sipReply(msg.toString(), 404)));
    expect(await check({ id: 'phone', label: 'Telefonanlage', kind: 'sip', host: '127.0.0.1', port })).toMatchObject({
      status: 'ok',
      message: { code: 'check.sip.okOne', params: { transport: 'UDP' } },
    });
    const closed = await closedPort();
    expect(await check({ id: 'phone', label: 'Telefonanlage', kind: 'sip', host: '127.0.0.1', port: closed })).toMatchObject({ status: 'fail', message: { code: 'check.common.refused' } });
  });

  it('says "not a phone system" when an HTTP server answers on the SIP port', async () => {
    const port = await tcpServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    expect(await check({ id: 'phone', label: 'Telefonanlage', kind: 'sip', host: '127.0.0.1', port })).toMatchObject({ status: 'fail', message: { code: 'check.sip.notSip' } });
  });
});

describe('https', () => {
  let certs: TestCerts;
  beforeAll(async () => {
    certs = await makeCerts();
  });
  afterAll(() => certs.cleanup());
  const intranet = (port: number): ProfileService => ({ id: 'intranet', label: 'Intranet', kind: 'https', url: `https://localhost:${port}/` });

  it('is ok with a trusted certificate and reports the HTTP status', async () => {
    const port = await httpsServer(certs.key, certs.good);
    expect(await check(intranet(port), { extraCa: [certs.ca] })).toMatchObject({ status: 'ok', message: { code: 'check.https.ok', params: { status: 200 } } });
  });

  it('explains an expired certificate, one for another name, and one from an unknown issuer', async () => {
    const expired = await httpsServer(certs.key, certs.expired);
    const other = await httpsServer(certs.key, certs.otherName);
    const self = await httpsServer(certs.selfSignedKey, certs.selfSigned);
    expect(await check(intranet(expired), { extraCa: [certs.ca] })).toMatchObject({ status: 'fail', message: { code: 'check.https.certExpired' } });
    expect(await check(intranet(other), { extraCa: [certs.ca] })).toMatchObject({
      status: 'fail',
      message: { code: 'check.https.certWrongName', params: { host: 'localhost', names: 'other.example' } },
    });
    expect(await check(intranet(self), { extraCa: [certs.ca] })).toMatchObject({ status: 'fail', message: { code: 'check.https.certUntrusted' } });
  });

  it('fails on a server error and warns on a missing page', async () => {
    const broken = await httpsServer(certs.key, certs.good, 503);
    const missing = await httpsServer(certs.key, certs.good, 404);
    expect(await check(intranet(broken), { extraCa: [certs.ca] })).toMatchObject({ status: 'fail', message: { code: 'check.https.serverError', params: { status: 503 } } });
    expect(await check(intranet(missing), { extraCa: [certs.ca] })).toMatchObject({ status: 'warn', message: { code: 'check.https.notFound' } });
  });

  it('says no secure connection is possible when plain HTTP answers on the HTTPS port', async () => {
    const port = await httpServer((_req, res) => res.end('plain'));
    expect(await check(intranet(port))).toMatchObject({ status: 'fail', message: { code: 'check.https.tlsFailed' } });
  });
});
