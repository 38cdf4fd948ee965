/** What the CUPS user tools (Linux, macOS) print, and the test page we send. */
import { UserError } from '../../shared/errors';
import type { Runner } from './types';
import { checkPrinterName, tail } from './validate';

/** Title of the test page job. */
export const TEST_PAGE_TITLE = 'HomeOffice Connect Testseite';

/** A small plain-text test page (sent on stdin, so no file has to be shipped). */
export const TEST_PAGE_TEXT = [
  'HomeOffice Connect - Testseite / test page',
  '',
  'Wenn Sie diese Seite lesen, druckt der Bürodrucker von zu Hause aus.',
  'If you can read this page, the office printer works from home.',
  '',
].join('\n');

/** Queues from `lpstat -v` (C locale): `device for NAME: URI`. */
export function parseLpstatV(stdout: string): { name: string; uri: string }[] {
  return [...stdout.matchAll(/^device for ([^:\s]+): (\S+)$/gm)].map((m) => ({ name: m[1] ?? '', uri: m[2] ?? '' }));
}

/** The job id from `lp`: `request id is Plotter-12 (1 file(s))`. */
export function parseLpRequestId(stdout: string): string | null {
  return /request id is (\S+)/.exec(stdout)?.[1] ?? null;
}

/** Sends the test page with CUPS's `lp` (its path per OS) and answers the job id. */
export async function printCupsTestPage(run: Runner, lp: string, name: string): Promise<{ job: string }> {
  checkPrinterName(name);
  const r = await run({ argv: [lp, '-d', name, '-t', TEST_PAGE_TITLE], stdin: TEST_PAGE_TEXT, timeoutMs: 30_000 });
  const job = parseLpRequestId(r.stdout);
  if (r.exitCode !== 0 || !job) {
    const detail = tail(`${r.stderr}\n${r.stdout}`);
    throw new UserError('printers.testPageFailed', { name, detail }, detail);
  }
  return { job };
}
