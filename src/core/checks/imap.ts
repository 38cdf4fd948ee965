/** imap: the mail server greets (`* OK`) and lists its capabilities; STARTTLS should be offered. */
import type { Probe } from './types';
import type { ServiceTarget } from './target';
import { takeLine, takeLinesUntil } from './stream';
import { excerpt, isImplicitTls, openMail } from './mail-session';
import { ClosedError, ok, problem } from './verdict';

/** Capabilities from `* CAPABILITY …` lines or a `[CAPABILITY …]` greeting code. */
export function imapCapabilities(text: string): Set<string> {
  const caps = new Set<string>();
  for (const m of text.matchAll(/(?:^\* |\[)CAPABILITY ([^\]\r\n]*)/gim)) for (const c of (m[1] ?? '').split(/\s+/)) if (c) caps.add(c.toUpperCase());
  return caps;
}

/** Reads the greeting, asks `a1 CAPABILITY`, and logs out. */
export function probeImap(target: ServiceTarget): Probe {
  return async (ctx) => {
    const params = { label: ctx.label, host: target.host, port: target.port };
    const { conv } = await openMail(ctx, target);
    try {
      let greeting: string;
      try {
        greeting = (await conv.read(takeLine)).toString('latin1');
      } catch (err) {
        if (err instanceof ClosedError) return problem('fail', 'check.common.closed', params, 'check.next.callSupport', { detail: 'closed before the greeting' });
        throw err;
      }
      if (/^\* BYE/i.test(greeting)) return problem('fail', 'check.imap.rejected', { ...params, detail: excerpt(greeting, 80) }, 'check.next.callSupport', { detail: excerpt(greeting) });
      if (!/^\* (OK|PREAUTH)/i.test(greeting)) return problem('fail', 'check.imap.notImap', params, 'check.next.callSupport', { detail: `greeting: ${excerpt(greeting)}` });
      conv.send('a1 CAPABILITY\r\n');
      const reply = (await conv.read(takeLinesUntil((line) => /^a1 /i.test(line)))).toString('latin1');
      conv.send('a2 LOGOUT\r\n');
      const caps = imapCapabilities(`${greeting}\n${reply}`);
      const detail = `capabilities: ${[...caps].join(' ')}`;
      if (isImplicitTls(target.port) || caps.has('STARTTLS')) return ok('check.imap.ok', params, detail);
      return problem('warn', 'check.imap.noStarttls', params, 'check.next.tellSupport', { detail });
    } finally {
      conv.close();
    }
  };
}
