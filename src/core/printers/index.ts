/**
 * The `printers` step of a connect and its undo: every printer of the profile
 * is added (system queues through the helper, Windows shared queues in the
 * user's session), recorded before it is added. A queue of that name that was
 * there before is never taken over: same address → used as it is, not
 * recorded; another address → the user is told. Undo removes exactly the
 * recorded queues; the helper itself refuses any queue it did not add.
 */
import type { ProfilePrinter } from '../../shared/profile/types';
import type { PrinterEntry } from '../../shared/helper-protocol';
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import { helperSocketPath } from '../paths';
import type { HelperClientOptions } from '../helper-client';
import { currentPlatform } from '../platform';
import type { PlatformAdapter } from '../platform/types';
import { checkPrinterName, checkPrinterUri } from '../platform/validate';
import type { SessionRecord } from '../session/record';
import { isCompanyHost, type DrivesProfile, type StageOutcome } from '../drives';
import { updateRecord, withPrinter, withoutPrinter } from '../drives/session-record';
import { callPrinterHelper } from './helper-calls';

/** The profile parts the printers step reads. */
export interface PrintersProfile extends DrivesProfile {
  readonly printers?: readonly ProfilePrinter[];
}

export type PrinterEvent =
  | { readonly name: string; readonly status: 'added' | 'reused'; readonly driver?: string }
  | { readonly name: string; readonly error: UserErrorData };

export interface PrintersStageDeps {
  readonly platform?: PlatformAdapter;
  readonly helper?: HelperClientOptions;
  readonly onPrinter?: (event: PrinterEvent) => void;
}

const defaultHelper = (): HelperClientOptions => ({ socketPath: helperSocketPath() });

/** A `printers` step runner for `connectSession` (StageRunner-compatible). */
export function createPrintersStage(deps: PrintersStageDeps = {}) {
  return async (ctx: { readonly profile: PrintersProfile; readonly home: string }): Promise<StageOutcome> => {
    const printers = ctx.profile.printers ?? [];
    if (printers.length === 0) return { ok: true };
    const platform = deps.platform ?? currentPlatform();
    const helper = deps.helper ?? defaultHelper();
    const org = ctx.profile.org;
    let firstError: UserErrorData | undefined;
    for (const printer of printers) {
      try {
        checkPrinterName(printer.name);
        const uri = checkPrinterUri(printer.name, printer.uri);
        if (!isCompanyHost(uri.host, ctx.profile)) {
          throw new UserError('printers.outsideDomain', { name: printer.name, host: uri.host, domain: org.domain });
        }
        if (platform.printerRoute(printer.uri) === 'user') {
          const connection = `\\\\${uri.host}\\${uri.path[0] ?? ''}`;
          await updateRecord(ctx.home, org, withPrinter(connection));
          const r = await platform.addUserPrinter(printer.name, printer.uri).catch(async (err: unknown) => {
            await updateRecord(ctx.home, org, withoutPrinter(connection));
            throw err;
          });
          if (!r.created) await updateRecord(ctx.home, org, withoutPrinter(connection));
          deps.onPrinter?.({ name: printer.name, status: r.created ? 'added' : 'reused' });
          continue;
        }
        // Recorded before it exists; the helper keeps its own list too.
        await updateRecord(ctx.home, org, withPrinter(printer.name));
        try {
          const r = await callPrinterHelper({ cmd: 'printer.add', name: printer.name, uri: printer.uri }, helper);
          deps.onPrinter?.({ name: printer.name, status: 'added', ...(r.kind === 'printer.added' ? { driver: r.driver } : {}) });
        } catch (err) {
          await updateRecord(ctx.home, org, withoutPrinter(printer.name));
          const e = asUserError(err);
          // The user's own queue of that name: fine when it prints to the same place, never taken over.
          if (e.code === 'printers.exists' && e.params.uri === printer.uri) {
            deps.onPrinter?.({ name: printer.name, status: 'reused' });
            continue;
          }
          throw e;
        }
      } catch (err) {
        const error = asUserError(err).toData();
        firstError ??= error;
        deps.onPrinter?.({ name: String(printer.name), error });
      }
    }
    return firstError ? { ok: false, error: firstError } : { ok: true };
  };
}

/** The `printers` step with this computer's adapter and helper. */
export const printersStage = createPrintersStage();

export interface UndoPrintersOptions {
  readonly platform?: PlatformAdapter;
  readonly helper?: HelperClientOptions;
  /** When given, each undone entry is taken off the record file at once. */
  readonly home?: string;
}

/** Removes the printers a record lists (newest first); queues the helper did not add are left alone. */
export async function undoPrinters(record: SessionRecord, opts: UndoPrintersOptions = {}): Promise<{ removed: string[]; errors: UserErrorData[] }> {
  const helper = opts.helper ?? defaultHelper();
  const removed: string[] = [];
  const errors: UserErrorData[] = [];
  for (const name of [...record.printers].reverse()) {
    try {
      if (name.startsWith('\\\\')) {
        const platform = opts.platform ?? currentPlatform();
        if ((await platform.removeUserPrinter(name)).removed) removed.push(name);
      } else {
        const r = await callPrinterHelper({ cmd: 'printer.remove', name }, helper).catch((err: unknown) => {
          if (asUserError(err).code === 'printers.notManaged') return null;
          throw err;
        });
        if (r?.kind === 'printer.removed' && r.removed) removed.push(name);
      }
      if (opts.home) await updateRecord(opts.home, null, withoutPrinter(name));
    } catch (err) {
      errors.push(asUserError(err).toData());
    }
  }
  return { removed, errors };
}

/** Every printer queue, marked when HomeOffice Connect added it (through the helper). */
export async function listPrinters(helper: HelperClientOptions = defaultHelper()): Promise<PrinterEntry[]> {
  const r = await callPrinterHelper({ cmd: 'printer.list' }, helper);
  return r.kind === 'printer.list' ? r.printers : [];
}

/** Prints the small test page on `name` from the user's session. */
export async function printTestPage(name: string, platform: PlatformAdapter = currentPlatform()): Promise<{ job: string }> {
  return platform.printTestPage(name);
}
