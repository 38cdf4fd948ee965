/**
 * The unprivileged end of the helper protocol: one request per connection,
 * one validated reply. Only core talks to the helper; the app and the CLI go
 * through here.
 */
import type { Socket } from 'node:net';
import type * as z from 'zod';
import {
  describeIssues,
  HELPER_MAX_MESSAGE_BYTES,
  HELPER_PROTOCOL_VERSION,
  HelperReplySchema,
  PrinterReplySchema,
  ProfileReplySchema,
  type EnvelopeWire,
  type PrinterResult,
  type ProfileResult,
  type TunnelStatus,
} from '../shared/helper-protocol';
import { UserError } from '../shared/errors';
import { de } from '../shared/i18n/de';
import type { MessageKey } from '../shared/i18n';
import { openHelperConnection } from './helper-transport';

export interface HelperClientOptions {
  readonly socketPath: string;
  /** How long to wait for an answer (tunnel up can take a few seconds). */
  readonly timeoutMs?: number;
}

/** A tunnel command: `tunnel.up` names the caller's installed profile; the helper has the content. */
type TunnelBody = { cmd: 'tunnel.up'; org: string } | { cmd: 'tunnel.down' } | { cmd: 'tunnel.status' };
/** A printer command for the helper; `printer.add` names the installed profile whose hosts the URI must use. */
export type PrinterCommand =
  | { cmd: 'printer.add'; org: string; name: string; uri: string }
  | { cmd: 'printer.remove'; name: string }
  | { cmd: 'printer.list' };
/** A profile command: install a signed envelope, or remove the caller's installed profile. */
export type ProfileCommand = { cmd: 'profile.install'; envelope: EnvelopeWire; firstPin: boolean } | { cmd: 'profile.remove'; org: string };

type ReplySchema<T> = z.ZodType<
  { v: number; id: number; ok: true; result: T } | { v: number; id: number; ok: false; error: { code: string; params: Record<string, string | number>; detail?: string | undefined } }
>;

let nextId = 1;

function isMessageKey(code: string): code is MessageKey {
  return Object.prototype.hasOwnProperty.call(de, code);
}

/** Sends one request over a fresh connection and returns the result validated by `schema`. */
function exchange<T>(body: TunnelBody | PrinterCommand | ProfileCommand, schema: ReplySchema<T>, opts: HelperClientOptions, defaultTimeoutMs: number): Promise<T> {
  const id = nextId++ % 2 ** 31;
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  return new Promise((resolve, reject) => {
    let socket: Socket | null = null;
    let buffer = '';
    let settled = false;
    const finish = (err: Error | null, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      if (err) reject(err);
      else resolve(value as T);
    };
    const timer = setTimeout(() => finish(new UserError('error.helper.unreachable', {}, `no answer within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: string) => {
      buffer += chunk;
      if (buffer.length > HELPER_MAX_MESSAGE_BYTES) return finish(new UserError('error.helper.protocol', { detail: 'answer too long' }));
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(buffer.slice(0, nl));
      } catch {
        return finish(new UserError('error.helper.protocol', { detail: 'not JSON' }));
      }
      const reply = schema.safeParse(parsed);
      if (!reply.success) return finish(new UserError('error.helper.protocol', { detail: describeIssues(reply.error) }));
      const r = reply.data;
      if (!r.ok) {
        const code = isMessageKey(r.error.code) ? r.error.code : 'error.helper.protocol';
        return finish(new UserError(code, code === r.error.code ? r.error.params : { detail: r.error.code }, r.error.detail));
      }
      if (r.id !== id) return finish(new UserError('error.helper.protocol', { detail: 'answer to another request' }));
      finish(null, r.result);
    };
    openHelperConnection(opts.socketPath).then((s) => {
      socket = s;
      if (settled) return void s.destroy();
      s.setEncoding('utf8');
      s.on('error', (err: NodeJS.ErrnoException) => finish(new UserError('error.helper.unreachable', {}, `${opts.socketPath}: ${err.code ?? err.message}`)));
      s.on('close', () => finish(new UserError('error.helper.unreachable', {}, 'connection closed without an answer')));
      s.on('data', onData);
      s.write(`${JSON.stringify({ v: HELPER_PROTOCOL_VERSION, id, ...body })}\n`);
    }, (err: Error) => finish(err));
  });
}

/** A tunnel command: up, down or status. */
export function callHelper(body: TunnelBody, opts: HelperClientOptions): Promise<TunnelStatus> {
  return exchange(body, HelperReplySchema, opts, 60_000);
}

/** A printer command (lpadmin can wait on a slow printer, hence the longer default). */
export function callPrinterHelper(body: PrinterCommand, opts: HelperClientOptions): Promise<PrinterResult> {
  return exchange(body, PrinterReplySchema, opts, 120_000);
}

/** A profile command: install (verifying signature, pin and serial takes the helper a moment) or remove. */
export function callProfileHelper(body: ProfileCommand, opts: HelperClientOptions): Promise<ProfileResult> {
  return exchange(body, ProfileReplySchema, opts, 30_000);
}
