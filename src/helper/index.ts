/**
 * hoc-helper: the privileged service. Runs as root, serves a short list of
 * typed commands (tunnel up / down / status) on a local socket to members of
 * one group. Never runs a command it was given.
 */
import { parseArgs } from 'node:util';
import { groupId } from './peer-credentials';
import { defaultPrinterService } from './printers';
import { startHelperServer } from './server';
import { TunnelService } from './tunnel-service';

const DEFAULTS = {
  socket: '/run/homeoffice-connect/helper.sock',
  group: 'hoc',
  'state-dir': '/run/homeoffice-connect/tunnels',
};

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} hoc-helper: ${line}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      socket: { type: 'string', default: DEFAULTS.socket },
      group: { type: 'string', default: DEFAULTS.group },
      'state-dir': { type: 'string', default: DEFAULTS['state-dir'] },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'Usage: hoc-helper [--socket PATH] [--group NAME] [--state-dir DIR]\n' +
        `Defaults: --socket ${DEFAULTS.socket} --group ${DEFAULTS.group} --state-dir ${DEFAULTS['state-dir']}\n`,
    );
    return 0;
  }
  if (process.getuid?.() !== 0) {
    log('must run as root');
    return 1;
  }
  const gid = await groupId(values.group);
  if (gid === null) {
    log(`group ${values.group} does not exist`);
    return 1;
  }
  const tunnels = new TunnelService({ stateDir: values['state-dir'], log });
  await tunnels.recover();
  const printers = defaultPrinterService(log);
  const server = await startHelperServer({ socketPath: values.socket, groupName: values.group, gid, tunnels, printers, log });
  const stop = () => {
    log('stopping (the tunnel stays up and is adopted at the next start)');
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    log(`fatal: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
