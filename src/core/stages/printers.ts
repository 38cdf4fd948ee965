/**
 * The `printers` stage: adds every printer of the profile — system queues
 * through the helper, Windows shared queues in the user's session — each
 * entry written to the record before the printer is added. A queue of that
 * name that was there before us is never taken over: same address → recorded
 * as the user's (`theirs`) and left alone; another address → the user is told.
 * Undo removes exactly our entries; the helper itself refuses a queue it did
 * not add.
 */
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import { isInsideCompany } from '../../shared/profile/addresses';
import type { ProfilePrinter, StoredProfile } from '../../shared/profile/types';
import { callPrinterHelper, type HelperClientOptions } from '../helper-client';
import { currentPlatform } from '../platform';
import type { PlatformAdapter } from '../platform/types';
import { checkPrinterName, checkPrinterUri } from '../platform/validate';
import type { PrinterEntry, RecordSlice } from '../session/record';
import type { Stage } from '../session/stage';

export type PrinterEvent =
  | { readonly name: string; readonly status: 'added' | 'reused'; readonly driver?: string }
  | { readonly name: string; readonly error: UserErrorData };

export interface PrintersStageOptions {
  readonly platform?: PlatformAdapter;
  readonly onPrinter?: (event: PrinterEvent) => void;
  /** A printer of ours was removed by undo. */
  readonly onRemoved?: (name: string) => void;
}

const replace = (entry: PrinterEntry) => (list: readonly PrinterEntry[]): PrinterEntry[] => [...list.filter((e) => e.name !== entry.name), entry];
const without = (name: string) => (list: readonly PrinterEntry[]): PrinterEntry[] => list.filter((e) => e.name !== name);

/** Adds one printer; `add` does the change and says whether the queue is ours (`created`) or was the user's before. */
async function addRecorded(
  entry: Omit<PrinterEntry, 'owner'>,
  record: RecordSlice<'printers'>,
  add: () => Promise<{ created: boolean; driver?: string }>,
): Promise<{ created: boolean; driver?: string }> {
  const prior = (await record.read()).find((e) => e.name === entry.name);
  // Written before it exists: a crash in between still gets undone.
  if (!prior) await record.update(replace({ ...entry, owner: 'ours' }));
  let result;
  try {
    result = await add();
  } catch (err) {
    if (!prior) await record.update(without(entry.name));
    throw err;
  }
  if (!result.created && !prior) await record.update(replace({ ...entry, owner: 'theirs' }));
  if (result.created) await record.update(replace({ ...entry, owner: 'ours' }));
  return result;
}

async function addOne(printer: ProfilePrinter, profile: StoredProfile, platform: PlatformAdapter, helper: HelperClientOptions, record: RecordSlice<'printers'>): Promise<PrinterEvent> {
  checkPrinterName(printer.name);
  const uri = checkPrinterUri(printer.name, printer.uri);
  if (!isInsideCompany(uri.host, profile)) throw new UserError('printers.outsideDomain', { name: printer.name, host: uri.host, domain: profile.org.domain });
  if (platform.printerRoute(printer.uri) === 'user') {
    const connection = `\\\\${uri.host}\\${uri.path[0] ?? ''}`;
    const r = await addRecorded({ name: connection, route: 'user' }, record, () => platform.addUserPrinter(printer.name, printer.uri));
    return { name: printer.name, status: r.created ? 'added' : 'reused' };
  }
  const r = await addRecorded({ name: printer.name, route: 'helper' }, record, async () => {
    try {
      const reply = await callPrinterHelper({ cmd: 'printer.add', org: profile.org.id, name: printer.name, uri: printer.uri }, helper);
      // The helper answers `printer.added` only for queues on its own list (new, or its own from before): ours.
      return { created: true, ...(reply.kind === 'printer.added' ? { driver: reply.driver } : {}) };
    } catch (err) {
      const e = asUserError(err);
      // The user's own queue of that name: fine when it prints to the same place, never taken over.
      if (e.code === 'printers.exists' && e.params.uri === printer.uri) return { created: false };
      throw e;
    }
  });
  return { name: printer.name, status: r.created ? 'added' : 'reused', ...(r.driver ? { driver: r.driver } : {}) };
}

/** The `printers` stage. */
export function createPrintersStage(opts: PrintersStageOptions = {}): Stage<'printers'> {
  const platformOf = () => opts.platform ?? currentPlatform();
  return {
    step: 'printers',
    slice: 'printers',
    async run(ctx, record) {
      if (!ctx.loaded) throw new UserError('error.profile.notFound');
      const profile = ctx.loaded.profile;
      if (profile.printers.length === 0) return { ok: true };
      const platform = platformOf();
      let firstError: UserErrorData | undefined;
      for (const printer of profile.printers) {
        try {
          const event = await addOne(printer, profile, platform, ctx.helper, record);
          opts.onPrinter?.(event);
        } catch (err) {
          const error = asUserError(err).toData();
          firstError ??= error;
          opts.onPrinter?.({ name: printer.name, error });
        }
      }
      return firstError ? { ok: false, error: firstError } : { ok: true };
    },
    async undo(record, ctx) {
      const errors: UserErrorData[] = [];
      for (const entry of [...(await record.read())].reverse()) {
        try {
          let removed = false;
          if (entry.owner === 'ours' && entry.route === 'user') removed = (await platformOf().removeUserPrinter(entry.name)).removed;
          if (entry.owner === 'ours' && entry.route === 'helper') {
            const reply = await callPrinterHelper({ cmd: 'printer.remove', name: entry.name }, ctx.helper).catch((err: unknown) => {
              // The helper did not add it (or no longer has it): nothing of ours to remove.
              if (asUserError(err).code !== 'printers.notManaged') throw err;
              return null;
            });
            removed = reply?.kind === 'printer.removed' && reply.removed;
          }
          if (removed) opts.onRemoved?.(entry.name);
          await record.update(without(entry.name));
        } catch (err) {
          errors.push(asUserError(err).toData());
        }
      }
      return errors;
    },
  };
}
