/**
 * The system-printer part of the helper, one planner per OS: argv arrays for
 * listing, adding and removing queues. Pure: the printer service runs them.
 */
import type { PrinterUri } from '../../shared/helper-protocol';

/** How a queue was set up (also reported to the caller). */
export type PrinterDriver = 'everywhere' | 'raw' | 'ipp-class-driver' | 'shared-connection';

/** One way to add a queue; the service tries them in order until one succeeds. */
export interface PrinterAddAttempt {
  readonly driver: PrinterDriver;
  readonly argv: readonly string[];
}

/** A queue found on the system. */
export interface SystemPrinter {
  readonly name: string;
  readonly uri: string;
}

export interface HelperPrinterPlatform {
  readonly os: 'linux' | 'darwin' | 'win32';
  /** argv that prints every queue with its device URI. */
  listArgv(): readonly string[];
  /** Reads the output of `listArgv`. */
  parseList(stdout: string): SystemPrinter[];
  /** The ways to add `name` for `uri`, best first. Throws on a URI this OS cannot serve from the helper. */
  addAttempts(name: string, uri: string, parsed: PrinterUri): PrinterAddAttempt[];
  /** argv that deletes the queue `name`. */
  removeArgv(name: string): readonly string[];
}

/** Parses `lpstat -v` (C locale): `device for NAME: URI`. */
export function parseLpstatDevices(stdout: string): SystemPrinter[] {
  const out: SystemPrinter[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^device for ([^:\s]+): (\S.*)$/.exec(line.trim());
    if (m?.[1] && m[2]) out.push({ name: m[1], uri: m[2] });
  }
  return out;
}
