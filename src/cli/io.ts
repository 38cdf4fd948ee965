/** What a CLI command gets from the outside world; tests pass their own. */
import type { Lang } from '../shared/i18n';
import type { FileLog } from '../core/log-file';

export interface CliIo {
  readonly lang: Lang;
  /** True when the language was asked for (--lang or HOC_LANG), not taken from the locale. */
  readonly langExplicit?: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** The CLI's log file (`$HOC_HOME/logs/cli.log`); tests may leave it out. */
  readonly log?: FileLog;
  out(line: string): void;
  err(line: string): void;
  /** Asks a yes/no question on the terminal; false when there is no terminal. */
  confirm(question: string): Promise<boolean>;
}

/** A subcommand: gets its own arguments (after the command words), returns the exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/** Exit codes, documented in `hoc --help`. */
export const EXIT = {
  ok: 0,
  /** Something went wrong at run time (tunnel, helper, network). */
  failure: 1,
  /** Bad input: wrong arguments, or a profile that is refused. */
  invalid: 2,
  /** Connected, but some office service or step failed (degraded). */
  degraded: 3,
  /** The privileged helper cannot be reached or refused us. */
  helper: 4,
  /** `hoc check`: not connected to the office, so nothing was checked. */
  offline: 5,
  /** No keychain, and the secret was not stored because `--store-in-file` was not given. */
  noKeychain: 6,
} as const;
