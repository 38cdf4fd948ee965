/**
 * macOS system printers: CUPS is the print system, so the same `lpadmin`
 * route as Linux with absolute tool paths. The fallback for a printer without
 * IPP Everywhere is Apple's generic PostScript PPD (macOS has no raw queues in
 * the print dialog).
 */
import type { PrinterUri } from '../../shared/helper-protocol';
import { parseLpstatDevices, type HelperPrinterPlatform, type PrinterAddAttempt } from './printers-types';

/** Apple's generic PostScript printer description. */
export const DARWIN_GENERIC_PPD =
  '/System/Library/Frameworks/ApplicationServices.framework/Versions/A/Frameworks/PrintCore.framework/Versions/A/Resources/Generic.ppd';

/** The macOS printer planner. */
export const darwinPrinters: HelperPrinterPlatform = {
  os: 'darwin',
  listArgv: () => ['/usr/bin/lpstat', '-v'],
  parseList: parseLpstatDevices,
  addAttempts(name: string, uri: string, parsed: PrinterUri): PrinterAddAttempt[] {
    const base = ['/usr/sbin/lpadmin', '-p', name, '-E', '-v', uri];
    const shareOff = ['-o', 'printer-is-shared=false'];
    const generic: PrinterAddAttempt = { driver: 'raw', argv: [...base, '-P', DARWIN_GENERIC_PPD, ...shareOff] };
    if (parsed.scheme !== 'ipp' && parsed.scheme !== 'ipps') return [generic];
    return [{ driver: 'everywhere', argv: [...base, '-m', 'everywhere', ...shareOff] }, generic];
  },
  removeArgv: (name: string) => ['/usr/sbin/lpadmin', '-x', name],
};
