/**
 * The unprivileged end of the helper protocol: one request, one validated
 * reply. Only core talks to the helper; the app and the CLI go through here.
 */
import { connect } from 'node:net';
import {
  describeIssues,
  HELPER_MAX_MESSAGE_BYTES,
  HELPER_PROTOCOL_VERSION,
  HelperReplySchema,
  type TunnelSpec,
  type TunnelStatus,
} from '../shared/helper-protocol';
import { UserError } from '../shared/errors';
import { de } from '../shared/i18n/de';
import type { MessageKey } from '../shared/i18n';

export interface HelperClientOptions {
  readonly socketPath: string;
  /** How long to wait for an answer (tunnel up can take a few seconds). */
  readonly timeoutMs?: number;
}

type Body = { cmd: 'tunnel.up'; spec: TunnelSpec } | { cmd: 'tunnel.down' } | { cmd: 'tunnel.status' };

let nextId = 1;

function isMessageKey(code: string): code is MessageKey {
  return Object.prototype.hasOwnProperty.call(de, code);
}

/** Sends one request over a fresh connection and returns the validated result. */
export function callHelper(body: Body, opts: HelperClientOptions): Promise<TunnelStatus> {
  const id = nextId++ % 2 ** 31;
  return new Promise((resolve, reject) => {
    const socket = connect(opts.socketPath);
    let buffer = '';
    let settled = false;
    const finish = (err: Error | null, value?: TunnelStatus) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value as TunnelStatus);
    };
    const timer = setTimeout(
      () => finish(new UserError('error.helper.unreachable', {}, `no answer within ${opts.timeoutMs ?? 60_000} ms`)),
      opts.timeoutMs ?? 60_000,
    );
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ v: HELPER_PROTOCOL_VERSION, id, ...body })}\n`));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EACCES' || err.code === 'EPERM') finish(new UserError('error.helper.denied', { group: 'hoc' }, err.message));
      else finish(new UserError('error.helper.unreachable', {}, `${opts.socketPath}: ${err.code ?? err.message}`));
    });
    socket.on('close', () => finish(new UserError('error.helper.unreachable', {}, 'connection closed without an answer')));
    socket.on('data', (chunk: string) => {
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
      const reply = HelperReplySchema.safeParse(parsed);
      if (!reply.success) return finish(new UserError('error.helper.protocol', { detail: describeIssues(reply.error) }));
      const r = reply.data;
      if (!r.ok) {
        const code = isMessageKey(r.error.code) ? r.error.code : 'error.helper.protocol';
        return finish(new UserError(code, code === r.error.code ? r.error.params : { detail: r.error.code }, r.error.detail));
      }
      if (r.id !== id && r.id !== 0) return finish(new UserError('error.helper.protocol', { detail: 'answer to another request' }));
      finish(null, r.result);
    });
  });
}
