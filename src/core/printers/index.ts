/**
 * Printers outside a connect: every queue (marked when we added it) and the
 * test page. Adding and removing are the `printers` stage (core/stages/printers).
 */
import type { PrinterEntry } from '../../shared/helper-protocol';
import { helperSocketPath } from '../paths';
import { callPrinterHelper, type HelperClientOptions } from '../helper-client';
import { currentPlatform } from '../platform';
import type { PlatformAdapter } from '../platform/types';

const defaultHelper = (): HelperClientOptions => ({ socketPath: helperSocketPath() });

/** Every printer queue, marked when HomeOffice Connect added it (through the helper). */
export async function listPrinters(helper: HelperClientOptions = defaultHelper()): Promise<PrinterEntry[]> {
  const r = await callPrinterHelper({ cmd: 'printer.list' }, helper);
  return r.kind === 'printer.list' ? r.printers : [];
}

/** Prints the small test page on `name` from the user's session. */
export async function printTestPage(name: string, platform: PlatformAdapter = currentPlatform()): Promise<{ job: string }> {
  return platform.printTestPage(name);
}
