/**
 * The CLI's log, and where both logs live: `$HOC_HOME/logs/<name>.log`, one
 * line per event, every message and value passed through the same redaction
 * as the app's electron-log (core/redact). When a file passes its size it
 * becomes `<name>.old.log` (as electron-log rotates), so at most two files
 * per program stay. `hoc doctor` collects this folder.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redactText, redactValue } from './redact';

/** A logger with three levels (the app's AppLog has the same shape). */
export interface FileLog {
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

/** The folder of the logs support gets with the diagnostics package. */
export function logsDir(home: string): string {
  return join(home, 'logs');
}

/** Where the app's electron-log writes (main points electron-log here). */
export function appLogPath(home: string): string {
  return join(logsDir(home), 'app.log');
}

/** A rotating, redacting log at `$HOC_HOME/logs/<name>.log`; a log that cannot be written never fails the command. */
export function createFileLog(home: string, name: string, maxBytes = 1024 * 1024): FileLog {
  const path = join(logsDir(home), `${name}.log`);
  const write = (level: string, message: string, data?: unknown) => {
    try {
      mkdirSync(logsDir(home), { recursive: true, mode: 0o700 });
      if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(path, join(logsDir(home), `${name}.old.log`));
      const extra = data === undefined ? '' : ` ${JSON.stringify(redactValue(data))}`;
      appendFileSync(path, `[${new Date().toISOString()}] [${level}] ${redactText(message)}${extra}\n`, { mode: 0o600 });
    } catch {
      // The log is for support; a full disk must not turn a connect into a failure.
    }
  };
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}
