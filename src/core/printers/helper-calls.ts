/** The printer commands of the helper protocol, from the unprivileged side (see core/helper-client). */
export { callPrinterHelper, type PrinterCommand } from '../helper-client';
