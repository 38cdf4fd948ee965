/** Byte fixtures and fake protocol responders for the probe tests. */
import type { Socket } from 'node:net';

/** An SMB2 NEGOTIATE response (NetBIOS-framed) choosing `dialect`, with `status`. */
export function smb2NegotiateResponse(dialect = 0x0311, status = 0): Buffer {
  const smb = Buffer.alloc(64 + 65);
  smb.write('\xfeSMB', 0, 'latin1');
  smb.writeUInt16LE(64, 4);
  smb.writeUInt32LE(status, 8);
  smb.writeUInt16LE(0, 12); // NEGOTIATE
  smb.writeUInt16LE(1, 14);
  smb.writeUInt32LE(0x1, 16); // SERVER_TO_REDIR
  smb.writeUInt16LE(65, 64);
  smb.writeUInt16LE(0x1, 66);
  smb.writeUInt16LE(dialect, 68);
  const nb = Buffer.alloc(4);
  nb.writeUInt32BE(smb.length, 0);
  return Buffer.concat([nb, smb]);
}

/** A fake file server: reads one NetBIOS message and answers with an SMB2 NEGOTIATE response. */
export function smbResponder(reply: Buffer = smb2NegotiateResponse()): (s: Socket) => void {
  return (s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 4 && buf.length >= 4 + (buf.readUInt32BE(0) & 0xffffff)) s.write(reply);
    });
  };
}

/** Encodes one IPP attribute. */
function attr(tag: number, name: string, value: Buffer | string): Buffer {
  const n = Buffer.from(name);
  const v = typeof value === 'string' ? Buffer.from(value) : value;
  const h = Buffer.alloc(5 + n.length);
  h.writeUInt8(tag, 0);
  h.writeUInt16BE(n.length, 1);
  n.copy(h, 3);
  h.writeUInt16BE(v.length, 3 + n.length);
  return Buffer.concat([h, v]);
}

function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v, 0);
  return b;
}

/** A Get-Printer-Attributes response as CUPS would send it. */
export function ippResponse(opts: { status?: number; state?: number; reasons?: string[]; requestId?: number } = {}): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt8(2, 0);
  head.writeUInt8(0, 1);
  head.writeUInt16BE(opts.status ?? 0, 2);
  head.writeUInt32BE(opts.requestId ?? 1, 4);
  const reasons = opts.reasons ?? ['none'];
  return Buffer.concat([
    head,
    Buffer.from([0x01]),
    attr(0x47, 'attributes-charset', 'utf-8'),
    attr(0x48, 'attributes-natural-language', 'en'),
    Buffer.from([0x04]),
    attr(0x42, 'printer-name', 'Plotter'),
    attr(0x23, 'printer-state', int32(opts.state ?? 3)),
    ...reasons.map((r, i) => attr(0x44, i === 0 ? 'printer-state-reasons' : '', r)),
    attr(0x41, 'printer-state-message', ''),
    Buffer.from([0x03]),
  ]);
}

/** A line-based fake server: sends `greeting`, then answers each line with `answer(line)`. */
export function lineResponder(greeting: string, answer: (line: string) => string | null): (s: Socket) => void {
  return (s) => {
    s.write(greeting);
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        const out = answer(line);
        if (out === null) s.end();
        else if (out) s.write(out);
      }
    });
  };
}

/** A fake IMAP server; `starttls` decides whether the capability is listed. */
export function imapResponder(starttls: boolean, greeting = '* OK IMAP ready\r\n'): (s: Socket) => void {
  return lineResponder(greeting, (line) => {
    const [tag, cmd] = line.split(' ');
    if (cmd?.toUpperCase() === 'CAPABILITY') return `* CAPABILITY IMAP4rev1 ${starttls ? 'STARTTLS ' : ''}AUTH=PLAIN\r\n${tag} OK done\r\n`;
    if (cmd?.toUpperCase() === 'LOGOUT') return `* BYE\r\n${tag} OK bye\r\n`;
    return `${tag} BAD\r\n`;
  });
}

/** A fake SMTP server; `starttls` decides whether EHLO lists it. */
export function smtpResponder(starttls: boolean, greeting = '220 mail.buero.test ESMTP\r\n'): (s: Socket) => void {
  return lineResponder(greeting, (line) => {
    if (/^EHLO /i.test(line)) return `250-mail.buero.test\r\n250-PIPELINING\r\n${starttls ? '250-STARTTLS\r\n' : ''}250 AUTH PLAIN\r\n`;
    if (/^QUIT/i.test(line)) return '221 bye\r\n';
    return '500 what\r\n';
  });
}

/** A SIP response to a request, echoing its Via/Call-ID/CSeq like a real server. */
export function sipReply(request: string, status = 200): string {
  const keep = request.split('\r\n').filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
  return [`SIP/2.0 ${status} OK`, ...keep, 'Content-Length: 0', '', ''].join('\r\n');
}

/** A minimal DNS answer (A record) for a query, or NXDOMAIN when `address` is null. */
export function dnsAnswer(query: Buffer, address: string | null): Buffer {
  // Question ends after the name + 4 bytes; answer points back to the name at offset 12.
  let i = 12;
  while (query[i] !== 0 && i < query.length) i += (query[i] ?? 0) + 1;
  const questionEnd = i + 5;
  const head = Buffer.from(query.subarray(0, 12));
  head.writeUInt16BE(address ? 0x8180 : 0x8183, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(address ? 1 : 0, 6);
  head.writeUInt16BE(0, 8);
  head.writeUInt16BE(0, 10);
  const question = query.subarray(12, questionEnd);
  if (!address) return Buffer.concat([head, question]);
  const rr = Buffer.alloc(16);
  rr.writeUInt16BE(0xc00c, 0);
  rr.writeUInt16BE(1, 2);
  rr.writeUInt16BE(1, 4);
  rr.writeUInt32BE(60, 6);
  rr.writeUInt16BE(4, 10);
  address.split('.').forEach((o, k) => rr.writeUInt8(Number(o), 12 + k));
  return Buffer.concat([head, question, rr]);
}
