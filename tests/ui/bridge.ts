/**
 * The UI tests' stand-in for Electron's main process: the REAL AppController,
 * run as the lab's employee in the `home` namespace (so its session calls
 * reach the real helper), speaking JSON lines on stdio:
 *   in:  {"id":1,"op":"invoke","name":"session-connect","request":null}
 *        {"id":2,"op":"openArgv","argv":["app","/x.hocprofile"]}   (file association / hoc:// link)
 *        {"id":3,"op":"refresh"}                                      (one tick of main's watch)
 *   out: {"id":1,"result":{...}}   and   {"event":"session-step","value":{...}}
 * Only the transport differs from Electron: the handlers, the request
 * validation and the events are the ones main registers.
 */
import { createInterface } from 'node:readline';
import { channelName, listChannels } from '../../src/shared/ipc';
import { AppController, importSourceFromArgv, redactValue } from '../../src/core/app';

const write = (msg: unknown) => process.stdout.write(`${JSON.stringify(msg)}\n`);
const log = (level: string) => (message: string, data?: unknown) =>
  process.stderr.write(`[bridge ${level}] ${message}${data === undefined ? '' : ` ${JSON.stringify(redactValue(data))}`}\n`);

const controller = new AppController({
  env: process.env,
  version: process.env.HOC_UI_VERSION ?? '0.0.0-test',
  platform: process.platform,
  systemLocale: process.env.HOC_UI_LOCALE ?? 'de-DE',
  log: { info: log('info'), warn: log('warn'), error: log('error') },
});
controller.subscribe((event) => write({ event: channelName(event.group, event.key), value: event.value }));

const byName = new Map(listChannels().filter((c) => c.kind === 'invoke').map((c) => [c.name, c]));

interface Message {
  readonly id: number;
  readonly op: 'invoke' | 'openArgv' | 'refresh';
  readonly name?: string;
  readonly request?: unknown;
  readonly argv?: string[];
}

async function handle(msg: Message): Promise<unknown> {
  switch (msg.op) {
    case 'invoke': {
      const channel = byName.get(msg.name ?? '');
      if (!channel) return { ok: false, error: { code: 'error.usage', params: { detail: 'unknown channel' } } };
      return controller.invoke(channel, msg.request ?? undefined);
    }
    case 'openArgv': {
      const source = importSourceFromArgv(msg.argv ?? [], process.platform);
      if (source) await controller.openImport(source);
      return source?.kind ?? null;
    }
    case 'refresh':
      return controller.refresh();
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  let msg: Message;
  try {
    msg = JSON.parse(line) as Message;
  } catch {
    return;
  }
  handle(msg).then(
    (result) => write({ id: msg.id, result }),
    (err: unknown) => write({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.stdin.on('end', () => process.exit(0));
write({ ready: true });
