import { describe, expect, it } from 'vitest';
import { dialectName, parseNegotiateReply, smb2NegotiateRequest, SMB2_DIALECTS, takeNetbiosMessage } from '../../../src/core/checks/smb2-wire';
import { getPrinterAttributesRequest, ippAttribute, IppParseError, parseIppResponse } from '../../../src/core/checks/ipp-wire';
import { printerVerdict } from '../../../src/core/checks/ipp';
import { paddedQuery, responseId } from '../../../src/core/checks/dns-wire';
import { imapCapabilities } from '../../../src/core/checks/imap';
import { smtpExtensions } from '../../../src/core/checks/smtp';
import { sipStatus } from '../../../src/core/checks/sip';
import { httpStatus } from '../../../src/core/checks/https';
import { certificateVerdict } from '../../../src/core/checks/cert-verdict';
import { ippResponse, smb2NegotiateResponse } from './fixtures';

describe('SMB2 NEGOTIATE on the wire', () => {
  it('frames the request in a NetBIOS session message with all five dialects and a pre-auth context', () => {
    const req = smb2NegotiateRequest(Buffer.alloc(16, 1), Buffer.alloc(32, 2));
    expect(req[0]).toBe(0x00);
    expect(req.readUInt32BE(0) & 0xffffff).toBe(req.length - 4);
    const smb = req.subarray(4);
    expect(smb.subarray(0, 4)).toEqual(Buffer.from([0xfe, 0x53, 0x4d, 0x42]));
    expect(smb.readUInt16LE(4)).toBe(64);
    expect(smb.readUInt16LE(12)).toBe(0); // NEGOTIATE
    expect(smb.readUInt16LE(64)).toBe(36);
    expect(smb.readUInt16LE(66)).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => smb.readUInt16LE(100 + i * 2))).toEqual([...SMB2_DIALECTS]);
    const ctx = smb.readUInt32LE(64 + 28);
    expect(ctx % 8).toBe(0);
    expect(smb.readUInt16LE(64 + 32)).toBe(1);
    expect(smb.readUInt16LE(ctx)).toBe(1); // PREAUTH_INTEGRITY_CAPABILITIES
    expect(smb.readUInt16LE(ctx + 12)).toBe(1); // SHA-512
  });

  it('recognises an SMB2 NEGOTIATE response and its dialect', () => {
    expect(parseNegotiateReply(smb2NegotiateResponse(0x0311))).toEqual({ kind: 'smb2', status: 0, dialect: 0x0311 });
    expect(dialectName(0x0311)).toBe('3.1.1');
    expect(dialectName(0x0210)).toBe('2.1');
  });

  it('reports an error status, an SMB1-only server and a wrong command', () => {
    expect(parseNegotiateReply(smb2NegotiateResponse(0, 0xc0000022))).toMatchObject({ kind: 'smb2', status: 0xc0000022 });
    const smb1 = Buffer.from([0, 0, 0, 8, 0xff, 0x53, 0x4d, 0x42, 0x72, 0, 0, 0]);
    expect(parseNegotiateReply(smb1)).toEqual({ kind: 'smb1' });
    const wrong = smb2NegotiateResponse();
    wrong.writeUInt16LE(1, 4 + 12); // SESSION_SETUP
    expect(parseNegotiateReply(wrong)).toMatchObject({ kind: 'other' });
  });

  it('tells an HTTP answer apart from a file server', () => {
    const http = Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    expect(takeNetbiosMessage(http)).toBe(http.length);
    expect(parseNegotiateReply(http)).toMatchObject({ kind: 'other' });
  });

  it('waits for the whole NetBIOS message', () => {
    const full = smb2NegotiateResponse();
    expect(takeNetbiosMessage(full.subarray(0, 20))).toBeNull();
    expect(takeNetbiosMessage(full)).toBe(full.length);
  });
});

describe('IPP on the wire', () => {
  it('builds a Get-Printer-Attributes request with the printer URI', () => {
    const req = getPrinterAttributesRequest('ipp://print.buero.test:631/printers/Plotter', 7);
    expect(req.readUInt16BE(0)).toBe(0x0101);
    expect(req.readUInt16BE(2)).toBe(0x000b);
    expect(req.readUInt32BE(4)).toBe(7);
    expect(req.includes(Buffer.from('printer-uri'))).toBe(true);
    expect(req.includes(Buffer.from('ipp://print.buero.test:631/printers/Plotter'))).toBe(true);
    expect(req[req.length - 1]).toBe(0x03);
  });

  it('parses printer-state and every printer-state-reasons value', () => {
    const res = parseIppResponse(ippResponse({ state: 5, reasons: ['media-empty-error', 'toner-low-warning'], requestId: 9 }));
    expect(res).toMatchObject({ version: '2.0', statusCode: 0, requestId: 9 });
    expect(ippAttribute(res, 'printer-state')).toEqual([5]);
    expect(ippAttribute(res, 'printer-state-reasons')).toEqual(['media-empty-error', 'toner-low-warning']);
    expect(ippAttribute(res, 'printer-name')).toEqual(['Plotter']);
  });

  it('refuses truncated or foreign bytes', () => {
    const bytes = ippResponse();
    expect(() => parseIppResponse(bytes.subarray(0, bytes.length - 6))).toThrow(IppParseError);
    expect(() => parseIppResponse(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))).toThrow(IppParseError);
  });

  it('says "out of paper" for a stopped plotter with media-empty', () => {
    const v = printerVerdict(parseIppResponse(ippResponse({ state: 5, reasons: ['media-empty-error'] })), 'Plotter', 'Plotter');
    expect(v).toMatchObject({ status: 'fail', message: { code: 'check.ipp.mediaEmpty' }, next: 'check.next.atPrinter', support: true });
  });

  it('maps states and reasons to verdicts', () => {
    const verdict = (state: number, reasons: string[], status = 0) => printerVerdict(parseIppResponse(ippResponse({ state, reasons, status })), 'Plotter', 'Plotter');
    expect(verdict(3, ['none'])).toMatchObject({ status: 'ok', message: { code: 'check.ipp.idle' } });
    expect(verdict(4, ['none'])).toMatchObject({ status: 'ok', message: { code: 'check.ipp.processing' } });
    expect(verdict(5, ['paused'])).toMatchObject({ status: 'fail', message: { code: 'check.ipp.stopped' } });
    expect(verdict(3, ['media-jam-error'])).toMatchObject({ status: 'warn', message: { code: 'check.ipp.mediaJam' } });
    expect(verdict(3, ['toner-low-warning'])).toMatchObject({ status: 'warn', message: { code: 'check.ipp.markerLow' }, next: 'check.next.tellSupport' });
    expect(verdict(3, ['media-empty-report'])).toMatchObject({ status: 'ok' });
    expect(verdict(3, ['spool-area-full-error'])).toMatchObject({ status: 'warn', message: { code: 'check.ipp.otherReason', params: { reasons: 'spool-area-full-error' } } });
    expect(verdict(3, ['none'], 0x0406)).toMatchObject({ status: 'fail', message: { code: 'check.ipp.notFound', params: { queue: 'Plotter' } } });
    expect(verdict(3, ['none'], 0x0401)).toMatchObject({ status: 'fail', message: { code: 'check.ipp.refusedRequest' } });
  });
});

describe('small parsers', () => {
  it('pads a DNS query to an exact size and reads response ids', () => {
    const q = paddedQuery(0x1234, 'fs.buero.test', 1200);
    expect(q.length).toBe(1200);
    expect(q.readUInt16BE(0)).toBe(0x1234);
    expect(responseId(q)).toBeNull(); // a query, not a response
    const r = Buffer.from(q);
    r.writeUInt16BE(0x8180, 2);
    expect(responseId(r)).toBe(0x1234);
  });

  it('reads IMAP capabilities, SMTP extensions, SIP and HTTP status lines', () => {
    expect(imapCapabilities('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\n* CAPABILITY IMAP4rev1 IDLE\na1 OK')).toEqual(new Set(['IMAP4REV1', 'STARTTLS', 'IDLE']));
    expect(smtpExtensions('250-mail\r\n250-STARTTLS\r\n250 SIZE 100')).toEqual(new Set(['STARTTLS', 'SIZE']));
    expect(sipStatus(Buffer.from('SIP/2.0 200 OK\r\n'))).toBe(200);
    expect(sipStatus(Buffer.from('HTTP/1.1 200 OK\r\n'))).toBeNull();
    expect(httpStatus(Buffer.from('HTTP/1.1 404 Not Found\r\n'))).toBe(404);
  });

  it('explains certificate errors in plain words', () => {
    expect(certificateVerdict('CERT_HAS_EXPIRED', 'Intranet', 'intranet', { valid_to: 'Jan  2 00:00:00 2026 GMT' } as never)).toMatchObject({
      message: { code: 'check.https.certExpired', params: { date: '2026-01-02' } },
    });
    expect(certificateVerdict('CERT_NOT_YET_VALID', 'I', 'h', undefined)?.next).toBe('check.next.checkClock');
    expect(certificateVerdict('ERR_TLS_CERT_ALTNAME_INVALID', 'I', 'h', { subjectaltname: 'DNS:other.example' } as never)).toMatchObject({
      message: { code: 'check.https.certWrongName', params: { names: 'other.example' } },
    });
    expect(certificateVerdict('SELF_SIGNED_CERT_IN_CHAIN', 'I', 'h', undefined)?.message.code).toBe('check.https.certUntrusted');
    expect(certificateVerdict('ECONNRESET', 'I', 'h', undefined)).toBeNull();
  });
});
