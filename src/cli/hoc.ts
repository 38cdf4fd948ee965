/**
 * `hoc`: the command-line client for employees and the IT provider. Same
 * code path as the desktop app (core/session); one line of progress per step.
 */
import { createInterface } from 'node:readline/promises';
import { asUserError } from '../shared/errors';
import { isLang, langFromLocale, type Lang } from '../shared/i18n';
import { adminCommand } from './commands/admin';
import { checkCommand } from './commands/check';
import { doctorCommand } from './commands/doctor';
import { accountCommand, drivesCommand, printersCommand } from './commands/drives';
import { profileCommand } from './commands/profile';
import { connectCommand, disconnectCommand, statusCommand } from './commands/tunnel';
import { createFileLog, type FileLog } from '../core/log-file';
import { hocHome } from '../core/paths';
import { EXIT, type CliCommand, type CliIo } from './io';
import { usage } from './usage';

declare const __HOC_VERSION__: string;

const commands: Record<string, CliCommand> = {
  connect: connectCommand,
  status: statusCommand,
  disconnect: disconnectCommand,
  check: checkCommand,
  drives: drivesCommand,
  printers: printersCommand,
  account: accountCommand,
  doctor: doctorCommand,
  profile: profileCommand,
  admin: adminCommand,
};

/** Language: `--lang`, then HOC_LANG, then the locale variables. */
function pickLang(argv: string[], env: NodeJS.ProcessEnv): { lang: Lang; explicit: boolean; rest: string[] } {
  const rest: string[] = [];
  let lang: Lang | null = isLang(env.HOC_LANG) ? env.HOC_LANG : null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const inline = /^--lang=(.*)$/.exec(a);
    const value = inline ? inline[1] : a === '--lang' ? argv[++i] : undefined;
    if (inline || a === '--lang') {
      if (!isLang(value)) throw new Error(`--lang must be de or en, not ${JSON.stringify(value ?? '')}`);
      lang = value;
    } else rest.push(a);
  }
  return { lang: lang ?? langFromLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG), explicit: lang !== null, rest };
}

function processIo(lang: Lang, langExplicit: boolean, log: FileLog): CliIo {
  return {
    lang,
    langExplicit,
    env: process.env,
    log,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    async confirm(question) {
      if (!process.stdin.isTTY) return false;
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return /^(j|ja|y|yes)$/i.test((await rl.question(`${question} [j/N] `)).trim());
      } finally {
        rl.close();
      }
    },
  };
}

/** Runs one invocation and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let lang: Lang;
  let explicit: boolean;
  let rest: string[];
  try {
    ({ lang, explicit, rest } = pickLang(argv, process.env));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return EXIT.invalid;
  }
  const log = createFileLog(hocHome(process.env), 'cli');
  const io = processIo(lang, explicit, log);
  const [name, ...args] = rest;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage(lang));
    return name ? EXIT.ok : EXIT.invalid;
  }
  if (name === '--version' || name === 'version') {
    io.out(typeof __HOC_VERSION__ === 'string' ? __HOC_VERSION__ : 'dev');
    return EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    io.err(lang === 'de' ? `Unbekannter Befehl: ${name}. Hilfe: hoc --help` : `Unknown command: ${name}. Help: hoc --help`);
    return EXIT.invalid;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(usage(lang));
    return EXIT.ok;
  }
  // The command line as support needs it (arguments redacted like every log line).
  log.info(`hoc ${name} ${args.join(' ')}`.trim());
  try {
    const code = await command(args, io);
    log.info(`hoc ${name} finished: exit ${code}`);
    return code;
  } catch (err) {
    log.error(`hoc ${name} failed`, err);
    const e = err as NodeJS.ErrnoException;
    if (typeof e?.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${e.message}. ${lang === 'de' ? 'Hilfe' : 'Help'}: hoc --help`);
      return EXIT.invalid;
    }
    const user = asUserError(err);
    io.err(user.localized(lang));
    return user.code.startsWith('error.helper.') ? EXIT.helper : EXIT.failure;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = EXIT.failure;
  },
);
