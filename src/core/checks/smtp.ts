/** smtp: the mail server greets (`220`) and answers EHLO; STARTTLS should be offered. */
import type { Probe } from './types';
import type { ServiceTarget } from './target';
import { takeLinesUntil } from './stream';
import { excerpt, isImplicitTls, openMail } from './mail-session';
import { ClosedError, ok, problem } from './verdict';

/** `take` for a complete SMTP reply: lines `NNN-…` until a line `NNN …`. */
export const takeSmtpReply = takeLinesUntil((line) => !/^\d{3}-/.test(line));

/** The EHLO keywords of a reply (`250-STARTTLS` → STARTTLS). */
export function smtpExtensions(reply: string): Set<string> {
  const ext = new Set<string>();
  for (const line of reply.split(/\r?\n/).slice(1)) {
    const m = /^250[- ]([A-Za-z0-9-]+)/.exec(line);
    if (m?.[1]) ext.add(m[1].toUpperCase());
  }
  return ext;
}

/** Reads the greeting, says EHLO, and quits. */
export function probeSmtp(target: ServiceTarget): Probe {
  return async (ctx) => {
    const params = { label: ctx.label, host: target.host, port: target.port };
    const { conv, local } = await openMail(ctx, target);
    try {
      let greeting: string;
      try {
        greeting = (await conv.read(takeSmtpReply)).toString('latin1');
      } catch (err) {
        if (err instanceof ClosedError) return problem('fail', 'check.common.closed', params, 'check.next.callSupport', { detail: 'closed before the greeting' });
        throw err;
      }
      const code = /^(\d{3})[ -]/.exec(greeting)?.[1];
      if (!code) return problem('fail', 'check.smtp.notSmtp', params, 'check.next.callSupport', { detail: `greeting: ${excerpt(greeting)}` });
      if (code !== '220') return problem('fail', 'check.smtp.rejected', { ...params, detail: excerpt(greeting, 80) }, 'check.next.callSupport', { detail: excerpt(greeting) });
      const literal = local.includes(':') ? `[IPv6:${local}]` : `[${local}]`;
      conv.send(`EHLO ${literal}\r\n`);
      const reply = (await conv.read(takeSmtpReply)).toString('latin1');
      conv.send('QUIT\r\n');
      if (!reply.startsWith('250')) return problem('fail', 'check.smtp.rejected', { ...params, detail: excerpt(reply, 80) }, 'check.next.callSupport', { detail: excerpt(reply) });
      const ext = smtpExtensions(reply);
      const detail = `EHLO: ${[...ext].join(' ')}`;
      if (isImplicitTls(target.port) || ext.has('STARTTLS')) return ok('check.smtp.ok', params, detail);
      return problem('warn', 'check.smtp.noStarttls', params, 'check.next.tellSupport', { detail });
    } finally {
      conv.close();
    }
  };
}
