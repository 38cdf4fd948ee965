/**
 * The helper's printer commands: add, remove, list system printer queues.
 * The helper keeps its own list of the queues it added (with the user who
 * asked), written before each addition; it removes only queues on that list,
 * never a printer the user or the admin set up. The caller is not trusted:
 * names and URIs were checked by the protocol schema and are checked again here.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { isPrinterName, parsePrinterUri, type PrinterEntry, type PrinterResult } from '../shared/helper-protocol';
import { UserError } from '../shared/errors';
import { placeHost } from '../shared/profile';
import type { PeerIdentity } from './peer-credentials';
import type { CompanyScope } from './profile-store';
import { darwinPrinters } from './platform/printers-darwin';
import { platformFor } from './platform';
import { linuxPrinters } from './platform/printers-linux';
import type { HelperPrinterPlatform } from './platform/printers-types';
import { win32Printers } from './platform/printers-win32';

/** What one command left: exit code and output. */
export interface PrinterCommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly all: string;
}

/** Runs one argv (never through a shell). */
export type PrinterCommandRunner = (argv: readonly string[]) => Promise<PrinterCommandResult>;

export interface PrinterServiceOptions {
  /** Root-only folder for `printers.json` (the list of queues this helper added). */
  readonly stateDir: string;
  readonly log: (line: string) => void;
  readonly platform?: HelperPrinterPlatform;
  readonly run?: PrinterCommandRunner;
}

interface ManagedPrinter {
  readonly name: string;
  readonly uri: string;
  readonly ownerUid: number;
  readonly addedAt: string;
  /** The route that worked when it was added (reported again when it is reused). */
  readonly driver?: 'everywhere' | 'raw' | 'ipp-class-driver' | 'shared-connection';
}

/** The printer planner for this OS. */
export function printerPlatformFor(os: NodeJS.Platform = process.platform): HelperPrinterPlatform {
  return os === 'win32' ? win32Printers : os === 'darwin' ? darwinPrinters : linuxPrinters;
}

const runArgv: PrinterCommandRunner = async (argv) => {
  const [file, ...args] = argv;
  if (!file) throw new Error('empty argv');
  // C locale: lpstat's output is parsed.
  const r = await execa(file, args, { reject: false, all: true, stdin: 'ignore', timeout: 90_000, env: { LC_ALL: 'C', LANG: 'C' } });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), all: String(r.all ?? '') };
};

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ');
}

/** Adds, removes and lists system printers for members of the helper's group. */
export class PrinterService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly platform: HelperPrinterPlatform;
  private readonly run: PrinterCommandRunner;

  constructor(private readonly opts: PrinterServiceOptions) {
    this.platform = opts.platform ?? printerPlatformFor();
    this.run = opts.run ?? runArgv;
  }

  private get stateFile(): string {
    return join(this.opts.stateDir, 'printers.json');
  }

  /** One command at a time: two adds of the same name must not race. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readManaged(): Promise<ManagedPrinter[]> {
    try {
      const value = JSON.parse(await readFile(this.stateFile, 'utf8')) as { printers?: unknown };
      if (!Array.isArray(value.printers)) return [];
      return value.printers.filter(
        (p): p is ManagedPrinter =>
          typeof p === 'object' && p !== null && typeof p.name === 'string' && isPrinterName(p.name) && typeof p.ownerUid === 'number',
      );
    } catch {
      return [];
    }
  }

  /** Writes the list atomically; no file at all when it is empty (nothing left behind). */
  private async writeManaged(list: readonly ManagedPrinter[]): Promise<void> {
    if (list.length === 0) {
      await rm(this.stateFile, { force: true });
      return;
    }
    await mkdir(this.opts.stateDir, { recursive: true, mode: 0o700 });
    await chmod(this.opts.stateDir, 0o700);
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ printers: list }, null, 2), { mode: 0o600 });
    await rename(tmp, this.stateFile);
  }

  private async systemPrinters() {
    const r = await this.run(this.platform.listArgv());
    // lpstat says "No destinations added." and may exit non-zero on an empty system.
    if (r.exitCode !== 0 && !/no destinations/i.test(r.all)) {
      throw new UserError('printers.listFailed', {}, lastLines(r.all));
    }
    return this.platform.parseList(r.stdout);
  }

  private checkName(name: string): void {
    if (!isPrinterName(name)) throw new UserError('printers.invalidName', { name: name.slice(0, 40) });
  }

  /**
   * Adds (or updates its own) queue `name` for `uri`, whose host must be a
   * company host of `company` (the caller's installed profile) by the same
   * rule as drives and services. Refuses a name the system already has and the helper did not add.
   */
  add(name: string, uri: string, caller: PeerIdentity, company: CompanyScope): Promise<PrinterResult> {
    return this.exclusive(async () => {
      this.checkName(name);
      const parsed = parsePrinterUri(uri);
      if (!parsed) throw new UserError('printers.invalidUri', { name });
      if (placeHost(parsed.host, company.domain, company.routed) !== 'inside') {
        throw new UserError('printers.outsideDomain', { name, host: parsed.host, domain: company.domain }, `printer host ${parsed.host} is not a company host`);
      }
      const managed = await this.readManaged();
      const mine = managed.find((p) => p.name === name);
      const existing = (await this.systemPrinters()).find((p) => p.name.toLowerCase() === name.toLowerCase());
      if (existing && !mine) throw new UserError('printers.exists', { name, uri: existing.uri });
      if (mine && caller.uid !== 0 && mine.ownerUid !== caller.uid) throw new UserError('printers.ownedByOther', { name });
      if (mine && existing && existing.uri === uri) {
        // Already set up by us for the same printer (another session of this user): leave it as it is.
        return { kind: 'printer.added', printer: { name, uri, managed: true }, created: false, driver: mine.driver ?? 'everywhere' };
      }
      const attempts = this.platform.addAttempts(name, uri, parsed);
      if (!mine) {
        // On the list before it exists: after a crash the helper still knows the queue is its own.
        await this.writeManaged([...managed, { name, uri, ownerUid: caller.uid, addedAt: new Date().toISOString() }]);
      }
      const failures: string[] = [];
      for (const attempt of attempts) {
        this.opts.log(`run ${attempt.argv.join(' ')}`);
        const r = await this.run(attempt.argv);
        if (r.exitCode === 0) {
          const now = await this.readManaged();
          await this.writeManaged(now.map((p) => (p.name === name ? { ...p, uri, driver: attempt.driver } : p)));
          return {
            kind: 'printer.added',
            printer: { name, uri, managed: true },
            created: !mine,
            driver: attempt.driver,
          };
        }
        failures.push(`${attempt.driver}: ${lastLines(r.all)}`);
      }
      if (!mine) {
        // Nothing half-made stays behind; the name was free before.
        await this.run(this.platform.removeArgv(name)).catch(() => undefined);
        await this.writeManaged(managed);
      }
      const detail = failures.join(' / ');
      this.opts.log(`printer.add ${name} failed: ${detail}`);
      throw new UserError('printers.addFailed', { name, detail: detail.slice(0, 300) }, detail);
    });
  }

  /** Removes a queue this helper added for the caller; anything else is refused. */
  remove(name: string, caller: PeerIdentity): Promise<PrinterResult> {
    return this.exclusive(async () => {
      this.checkName(name);
      const managed = await this.readManaged();
      const mine = managed.find((p) => p.name === name);
      if (!mine) throw new UserError('printers.notManaged', { name });
      if (caller.uid !== 0 && mine.ownerUid !== caller.uid) throw new UserError('printers.ownedByOther', { name });
      const present = (await this.systemPrinters()).some((p) => p.name === name);
      if (present) {
        const argv = this.platform.removeArgv(name);
        this.opts.log(`run ${argv.join(' ')}`);
        const r = await this.run(argv);
        if (r.exitCode !== 0) throw new UserError('printers.removeFailed', { name }, lastLines(r.all));
      }
      await this.writeManaged(managed.filter((p) => p.name !== name));
      return { kind: 'printer.removed', name, removed: present };
    });
  }

  /** Every queue on the system, with the ones this helper added marked. */
  list(): Promise<PrinterResult> {
    return this.exclusive(async () => {
      const managed = new Set((await this.readManaged()).map((p) => p.name));
      const printers: PrinterEntry[] = (await this.systemPrinters())
        .slice(0, 1000)
        .map((p) => ({ name: p.name.slice(0, 127), uri: p.uri.slice(0, 1024), managed: managed.has(p.name) }));
      return { kind: 'printer.list', printers };
    });
  }
}

let fallback: PrinterService | null = null;

/**
 * The service a helper gets when its start-up did not create one: state in
 * `$HOC_HELPER_PRINTER_STATE_DIR`, else the OS's helper state folder.
 */
export function defaultPrinterService(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): PrinterService {
  const stateDir = env.HOC_HELPER_PRINTER_STATE_DIR ?? platformFor(process.platform).defaults.printerStateDir;
  fallback ??= new PrinterService({ stateDir, log });
  return fallback;
}
