/**
 * hoc-helper: the privileged service. Runs as root / SYSTEM, serves a short
 * list of typed commands (tunnel up / down / status, system printers) to the
 * members of one group. Never runs a command it was given. The OS is
 * `process.platform`, always: the other platforms run only inside the tests
 * (src/helper/start.ts).
 */
import { dirname, join } from 'node:path';
import { isSea } from 'node:sea';
import { parseArgs } from 'node:util';
import { loadPeerCredentials, PEER_CREDENTIALS_ADDON_FILE } from './peer-credentials';
import { ADMIN_COMMANDS, runAdminCommand } from './admin-cli';
import { defaultProfileDir } from './profile-store';
import { startHelper, StartRefused } from './start';
import { platformFor } from './platform';
import { realSystem } from './system-access';

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} hoc-helper: ${line}\n`);
}

async function main(): Promise<number> {
  const first = process.argv[2];
  if ((ADMIN_COMMANDS as readonly (string | undefined)[]).includes(first)) {
    return runAdminCommand(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`));
  }
  const platform = platformFor(process.platform);
  const d = platform.defaults;
  const profileDir = defaultProfileDir(process.platform);
  const { values } = parseArgs({
    options: {
      socket: { type: 'string', default: d.address },
      group: { type: 'string', default: d.group },
      'state-dir': { type: 'string', default: d.stateDir },
      'profile-dir': { type: 'string', default: profileDir },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'Usage: hoc-helper [--socket PATH] [--group NAME] [--state-dir DIR] [--profile-dir DIR]\n' +
        `Defaults here: --socket ${JSON.stringify(d.address)} --group ${JSON.stringify(d.group)} --state-dir ${JSON.stringify(d.stateDir)} --profile-dir ${JSON.stringify(profileDir)}\n` +
        '(on Windows --socket names the endpoint file the clients read)\n' +
        '--profile-dir holds the installed signed profiles and the machine-wide key pin (root only, persistent).\n' +
        'Administration (as root): hoc-helper pin --profile FILE | unpin ORG-ID | pins [--profile-dir DIR]\n',
    );
    return 0;
  }
  // The caller-identity addon lives beside the executable (shipped) or the bundle (out/helper).
  const addon = join(dirname(isSea() ? process.execPath : (process.argv[1] ?? process.execPath)), PEER_CREDENTIALS_ADDON_FILE);
  if (process.platform !== 'win32') {
    try {
      loadPeerCredentials(addon);
    } catch (err) {
      log(`cannot identify callers without ${addon}: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  }
  let helper;
  try {
    helper = await startHelper({
      platform,
      system: realSystem,
      address: values.socket,
      group: values.group,
      stateDir: values['state-dir'],
      profileDir: values['profile-dir'],
      printerStateDir: process.env.HOC_HELPER_PRINTER_STATE_DIR ?? d.printerStateDir,
      log,
    });
  } catch (err) {
    if (err instanceof StartRefused) {
      log(err.message);
      return 1;
    }
    throw err;
  }
  const stop = () => {
    log('stopping (the tunnel stays up and is adopted at the next start)');
    void helper.stop().finally(() => process.exit(0));
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
