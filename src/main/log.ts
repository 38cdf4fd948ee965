/** electron-log to a file, with every message passed through the secret redaction first. */
import log from 'electron-log/main';
import { redactValue, type AppLog } from '../core/app';
import { appLogPath } from '../core/log-file';
import { hocHome } from '../core/paths';

/** Sets up the file log (`$HOC_HOME/logs/app.log`, beside the CLI's, where `hoc doctor` collects) and returns the app's logger. */
export function setupLog(): AppLog {
  log.transports.file.resolvePathFn = () => appLogPath(hocHome());
  log.transports.file.level = 'info';
  log.transports.file.maxSize = 2 * 1024 * 1024;
  log.transports.console.level = process.env.HOC_DEBUG ? 'debug' : 'warn';
  // Runs before every transport: nothing unredacted reaches a file or the console.
  log.hooks.push((message) => ({ ...message, data: message.data.map((item) => redactValue(item)) }));
  log.errorHandler.startCatching({ showDialog: false });
  return {
    info: (m, d) => (d === undefined ? log.info(m) : log.info(m, d)),
    warn: (m, d) => (d === undefined ? log.warn(m) : log.warn(m, d)),
    error: (m, d) => (d === undefined ? log.error(m) : log.error(m, d)),
  };
}
