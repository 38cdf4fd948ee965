/**
 * Linux system printers: queues in the local CUPS through `lpadmin`. IPP
 * Everywhere (`-m everywhere`, the PPD is built from the printer's own
 * attributes through the tunnel) first; where the printer or the CUPS version
 * cannot do that, a raw queue that passes the job through to the office server.
 */
import type { PrinterUri } from '../../shared/helper-protocol';
import { parseLpstatDevices, type HelperPrinterPlatform, type PrinterAddAttempt } from './printers-types';

/** The Linux printer planner (`lpadmin` / `lpstat` from PATH; CUPS_SERVER picks the server). */
export const linuxPrinters: HelperPrinterPlatform = {
  os: 'linux',
  listArgv: () => ['lpstat', '-v'],
  parseList: parseLpstatDevices,
  addAttempts(name: string, uri: string, parsed: PrinterUri): PrinterAddAttempt[] {
    const base = ['lpadmin', '-p', name, '-E', '-v', uri];
    const shareOff = ['-o', 'printer-is-shared=false'];
    const raw: PrinterAddAttempt = { driver: 'raw', argv: [...base, '-m', 'raw', ...shareOff] };
    // Only an IPP printer can describe itself; smb, lpd and socket queues go raw.
    if (parsed.scheme !== 'ipp' && parsed.scheme !== 'ipps') return [raw];
    return [{ driver: 'everywhere', argv: [...base, '-m', 'everywhere', ...shareOff] }, raw];
  },
  removeArgv: (name: string) => ['lpadmin', '-x', name],
};
