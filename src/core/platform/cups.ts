/** What the CUPS user tools (Linux, macOS) print, and the test page we send. */

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
