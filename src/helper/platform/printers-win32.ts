/**
 * Windows system printers from the helper (SYSTEM): the IPP, LPD and raw
 * socket routes, which need a printer port and so administrator rights.
 * Shared queues (`smb://host/queue` → `\\host\queue`) are per-user
 * connections and are added in the user's session by core, not here.
 * PowerShell only with `-File` on the fixed scripts shipped with the app.
 */
import { UserError } from '../../shared/errors';
import type { PrinterUri } from '../../shared/helper-protocol';
import type { HelperPrinterPlatform, PrinterAddAttempt, SystemPrinter } from './printers-types';

/** Where the installer puts the PowerShell scripts. */
export const WIN32_HELPER_SCRIPTS_DIR = 'C:\\Program Files\\HomeOffice Connect\\resources\\windows';

import { powershellArgv } from '../../shared/powershell';

export { powershellArgv };

/** Reads the JSON that List-Printers.ps1 prints: `{"printers":[{"name":…,"port":…}]}`. */
function parseWindowsList(stdout: string): SystemPrinter[] {
  try {
    const v = JSON.parse(stdout.trim()) as { printers?: { name?: unknown; uri?: unknown }[] };
    return (v.printers ?? []).flatMap((p) => (typeof p.name === 'string' ? [{ name: p.name, uri: typeof p.uri === 'string' ? p.uri : '' }] : []));
  } catch {
    return [];
  }
}

/** A Windows printer planner using the scripts in `scriptsDir`. */
export function createWin32Printers(scriptsDir: string = WIN32_HELPER_SCRIPTS_DIR): HelperPrinterPlatform {
  return {
    os: 'win32',
    listArgv: () => powershellArgv(scriptsDir, 'List-Printers.ps1', []),
    parseList: parseWindowsList,
    addAttempts(name: string, uri: string, parsed: PrinterUri): PrinterAddAttempt[] {
      if (parsed.scheme === 'smb') {
        throw new UserError('printers.userRoute', { name }, 'shared queues are per-user connections (core adds them)');
      }
      return [{ driver: 'ipp-class-driver', argv: powershellArgv(scriptsDir, 'Add-OfficePrinter.ps1', [['Name', name], ['Uri', uri]]) }];
    },
    removeArgv: (name: string) => powershellArgv(scriptsDir, 'Remove-OfficePrinter.ps1', [['Name', name]]),
  };
}

/** The Windows planner with the installed scripts. */
export const win32Printers: HelperPrinterPlatform = createWin32Printers();
