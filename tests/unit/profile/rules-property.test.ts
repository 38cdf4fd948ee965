/**
 * One rule per fact, checked as a property (fast-check): every drive and
 * printer the profile validator accepts passes each adapter's own checks —
 * the Linux, macOS and Windows adapters (recording runner: argv only) and the
 * `ValidatePattern`s of the PowerShell scripts in resources/windows — and
 * whatever the validator refuses by its shape, the adapters refuse too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPlatformAdapter } from '../../../src/core/platform';
import type { PlatformOs } from '../../../src/core/platform/types';
import { checkDrive, checkPrinterName, checkPrinterUri } from '../../../src/core/platform/validate';
import { createWin32Printers } from '../../../src/helper/platform/printers-win32';
import { HelperRequestSchema } from '../../../src/shared/helper-protocol';
import { isInsideCompany } from '../../../src/shared/profile/addresses';
import { checkPayload } from '../../../src/shared/profile/validate';
import { NOW, examplePayload } from '../../fixtures/profiles/make';
import { ACCOUNT, memoryFs, recorder } from '../platform/fakes';

const RUNS = 300;
const payload = examplePayload();

/** A ValidatePattern of a shipped script, as a JS RegExp (.NET matches case-insensitively by default). */
function scriptPattern(script: string, param: string): RegExp {
  const text = readFileSync(join('resources', 'windows', script), 'utf8');
  const m = new RegExp(`ValidatePattern\\('([^']*)'\\)\\]\\[string\\]\\$${param}\\b`).exec(text);
  if (!m?.[1]) throw new Error(`no ValidatePattern for -${param} in ${script}`);
  return new RegExp(m[1], 'iu');
}

/** The value that follows `-Name` in a PowerShell argv. */
function param(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`-${name}`);
  return i < 0 ? undefined : argv[i + 1];
}

const SEGMENT_CHARS = ['a', 'Z', 'k', '0', '7', 'ä', 'Ö', 'ü', 'ß', 'é', 'ł', '漢', ' ', '.', '-', '_', '$', ';', '"', "'", '?', '*', '%', '&', '\u0301', '\t', '/', '\\'];
const segment = fc.array(fc.constantFrom(...SEGMENT_CHARS), { minLength: 0, maxLength: 12 }).map((cs) => cs.join(''));
const longSegment = fc.tuple(segment, fc.integer({ min: 0, max: 90 })).map(([s, n]) => `${s}${'x'.repeat(n)}`);
const host = fc.constantFrom('fs.buero.local', 'FS.Buero.Local', '10.77.0.10', '10.99.0.4', 'evil.example.com', '192.168.1.1', '-x.buero.local', 'fs..buero.local', 'fs_buero.local');
const drive = fc.record({
  letter: fc.constantFrom('A', 'C', 'D', 'P', 'Z', 'p', 'PP', '', ';'),
  label: fc.constantFrom('Projekte', 'Pläne & Entwürfe', 'Daten'),
  share: fc.tuple(host, fc.array(fc.oneof(segment, longSegment, fc.constant('..'), fc.constant('Pläne'), fc.constant('Büro Ablage')), { minLength: 0, maxLength: 3 })).map(([h, segs]) => `\\\\${h}${segs.map((s) => `\\${s}`).join('')}`),
});

const accepts = (mutate: (p: typeof payload) => void): boolean => {
  const p = structuredClone(payload);
  mutate(p);
  return checkPayload(p, { now: NOW }).ok;
};
const adapterFor = (os: PlatformOs) => {
  const rec = recorder();
  return { rec, adapter: createPlatformAdapter(os, { run: rec.run, fs: memoryFs(), env: { home: '/home/anna', runtimeDir: '/run/user/1000', resourcesDir: 'C:\\res' }, visibleWithinMs: 0 }) };
};
const shapeOk = (d: { letter: string; label: string; share: string }): boolean => {
  try {
    checkDrive(d);
    return true;
  } catch {
    return false;
  }
};

describe('drives: the validator and every adapter apply the same rule (property)', () => {
  it('accepts a drive exactly when the adapters accept its shape and its host lies inside the company', () => {
    fc.assert(
      fc.property(drive, (d) => {
        const signed = accepts((p) => (p.drives = [d]));
        const host = /^\\\\([^\\]*)/.exec(d.share)?.[1] ?? '';
        expect(signed).toBe(shapeOk(d) && isInsideCompany(host, payload as never));
      }),
      { numRuns: RUNS },
    );
  });

  it.each(['linux', 'darwin', 'win32'] as const)('maps every drive a signed profile may hold on %s, and refuses the rest before running anything', async (os) => {
    const remotePath = scriptPattern('Map-NetworkDrive.ps1', 'RemotePath');
    const letterPattern = scriptPattern('Map-NetworkDrive.ps1', 'Letter');
    const unmapPath = scriptPattern('Unmap-NetworkDrive.ps1', 'RemotePath');
    await fc.assert(
      fc.asyncProperty(drive, async (d) => {
        const { rec, adapter } = adapterFor(os);
        const outcome = await adapter.mapDrive(d, ACCOUNT).then(
          () => 'ok',
          (e: { code?: string }) => e.code ?? 'thrown',
        );
        if (!shapeOk(d)) {
          expect(outcome).toBe('drives.invalid');
          expect(rec.calls).toEqual([]);
          return;
        }
        expect(outcome).not.toBe('drives.invalid');
        const segments = d.share.slice(2).split('\\').slice(1);
        if (os === 'win32') {
          const call = rec.calls.find((c) => c.argv.some((a) => a.endsWith('Map-NetworkDrive.ps1')));
          expect(param(call?.argv ?? [], 'RemotePath')).toBe(d.share);
          expect(d.share).toMatch(remotePath);
          expect(d.share).toMatch(unmapPath);
          expect(d.letter).toMatch(letterPattern);
        }
        if (os === 'darwin') {
          const call = rec.calls.find((c) => c.argv[0] === '/sbin/mount_smbfs');
          const url = call?.argv[4] ?? '';
          // The URL carries each name percent-encoded; decoded it is the share again.
          expect(url.split('/').slice(3).map(decodeURIComponent)).toEqual(segments);
          expect(url).toMatch(/^\/\/[A-Za-z0-9%;._~-]+@[A-Za-z0-9.-]+(\/[A-Za-z0-9%._~!*'()-]+)+$/);
        }
        if (os === 'linux') {
          // gio gets the share as one percent-encoded path segment (first `gio info`, then `gio mount` when needed).
          const uri = rec.calls.flatMap((c) => c.argv).find((a) => a.startsWith('smb://')) ?? 'smb://x/';
          expect(decodeURIComponent(new URL(uri).pathname.split('/')[1] ?? '')).toBe(segments[0]);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('maps the umlaut and space shares of a real office on every adapter', async () => {
    for (const os of ['linux', 'darwin', 'win32'] as const) {
      for (const share of ['\\\\fs.buero.local\\Pläne', '\\\\fs.buero.local\\Büro Ablage\\Entwürfe 2026']) {
        expect(accepts((p) => (p.drives = [{ letter: 'P', label: 'Pläne', share }]))).toBe(true);
        const { rec, adapter } = adapterFor(os);
        // The recording runner answers nothing useful; what counts is that the share reached a program.
        const outcome = await adapter.mapDrive({ letter: 'P', label: 'Pläne', share }, ACCOUNT).catch((e: { code?: string }) => e.code);
        expect(outcome).not.toBe('drives.invalid');
        expect(rec.calls.length).toBeGreaterThan(0);
      }
    }
  });
});

const NAME_CHARS = ['a', 'Z', '0', '.', '_', '-', ' ', 'ä', ';', '$', '`', '\\'];
const printerName = fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 0, maxLength: 10 }).map((cs) => cs.join(''));
const printerUri = fc
  .tuple(
    fc.constantFrom('ipp', 'ipps', 'smb', 'lpd', 'socket', 'file', 'http'),
    fc.constantFrom('print.buero.local', '10.77.0.20', 'evil.example.com', '[fd00::1]', 'user@print.buero.local'),
    fc.constantFrom('', ':631', ':99999'),
    fc.constantFrom('', '/printers/Plotter', '/Plotter', '/a/b/c', '/P?x=1', '/P;id', '/P%20Q', '/'),
  )
  .map(([s, h, p, path]) => `${s}://${h}${p}${path}`);

/** Printers a profile may well hold (most of them valid), for the "everything signed passes" direction. */
const plausibleName = fc
  .tuple(fc.constantFrom('P', 'k', '7'), fc.array(fc.constantFrom('a', 'Z', '0', '.', '_', '-'), { maxLength: 20 }))
  .map(([first, rest]) => `${first}${rest.join('')}`);
const plausibleUri = fc
  .tuple(
    fc.constantFrom('ipp', 'ipps', 'smb', 'lpd', 'socket'),
    fc.constantFrom('print.buero.local', 'PRINT.buero.local', '10.77.0.20', 'plot-2.buero.local'),
    fc.constantFrom('', ':631', ':9100'),
    fc.constantFrom('', '/printers/Plotter', '/Plotter', '/queue_1', '/a/b', '/'),
  )
  .map(([s, h, p, path]) => `${s}://${h}${p}${path}`);

describe('printers: the validator and every adapter apply the same rule (property)', () => {
  it('accepts a printer exactly when the adapters accept its name and URI and its host lies inside the company', () => {
    fc.assert(
      fc.property(printerName, printerUri, (name, uri) => {
        const signed = accepts((p) => (p.printers = [{ name, label: 'Plotter', uri }]));
        let adapterOk = true;
        let host = '';
        try {
          checkPrinterName(name);
          host = checkPrinterUri(name, uri).host;
        } catch {
          adapterOk = false;
        }
        expect(signed).toBe(adapterOk && isInsideCompany(host, payload as never));
      }),
      { numRuns: RUNS },
    );
  });

  it("passes the helper's schema and the Windows scripts' patterns for every printer a signed profile may hold", () => {
    const name = scriptPattern('Add-OfficePrinter.ps1', 'Name');
    const uriPattern = scriptPattern('Add-OfficePrinter.ps1', 'Uri');
    const connection = scriptPattern('Add-SharedPrinter.ps1', 'ConnectionName');
    const removeName = scriptPattern('Remove-OfficePrinter.ps1', 'Name');
    const win32 = createWin32Printers('C:\\res');
    fc.assert(
      fc.property(fc.oneof(plausibleName, printerName), fc.oneof(plausibleUri, printerUri), (n, uri) => {
        fc.pre(accepts((p) => (p.printers = [{ name: n, label: 'Plotter', uri }])));
        expect(HelperRequestSchema.safeParse({ v: 1, id: 1, cmd: 'printer.add', org: 'buero', name: n, uri }).success).toBe(true);
        expect(n).toMatch(name);
        expect(n).toMatch(removeName);
        const parsed = checkPrinterUri(n, uri);
        if (parsed.scheme === 'smb') {
          expect(`\\\\${parsed.host}\\${parsed.path[0] ?? ''}`).toMatch(connection);
        } else {
          const argv = win32.addAttempts(n, uri, parsed)[0]?.argv ?? [];
          expect(param(argv, 'Uri')).toBe(uri);
          expect(uri).toMatch(uriPattern);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
