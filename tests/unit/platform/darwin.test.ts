/** macOS (plan only, cannot run on Linux): mount_smbfs into ~/Netzlaufwerke, the password via the keychain, lpadmin through the helper. */
import { describe, expect, it } from 'vitest';
import { createDarwinAdapter, keychainCommand } from '../../../src/core/platform/darwin';
import { darwinPrinters, DARWIN_GENERIC_PPD } from '../../../src/helper/platform/printers-darwin';
import { parsePrinterUri } from '../../../src/shared/helper-protocol';
import type { UserError } from '../../../src/shared/errors';
import { ACCOUNT, DRIVE, memoryFs, recorder } from './fakes';

const HOME = '/Users/anna';
const POINT = '/Users/anna/Netzlaufwerke/P - Projekte';

function adapter(mountOutput = '', mountSmbfs: { exitCode?: number; stderr?: string } = {}) {
  const rec = recorder([
    [['/sbin/mount'], { stdout: mountOutput }],
    [['/sbin/mount_smbfs'], mountSmbfs],
  ]);
  const fs = memoryFs();
  return { rec, fs, mac: createDarwinAdapter({ run: rec.run, fs, env: { home: HOME, runtimeDir: '', resourcesDir: '' } }) };
}

describe('darwin drives (plan only, cannot run on Linux)', () => {
  it('stores the password in the login keychain over stdin, then mounts with -N into ~/Netzlaufwerke', async () => {
    const { rec, fs, mac } = adapter();
    expect(await mac.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'mapped', path: POINT });
    expect(rec.calls.map((c) => c.argv)).toEqual([
      ['/sbin/mount'],
      ['/usr/bin/security', '-i'],
      ['/sbin/mount_smbfs', '-N', '-o', 'nobrowse', '//BUERO;anna@fs.buero.local/projekte', POINT],
    ]);
    expect(rec.calls[1]?.stdin).toBe(
      'add-internet-password -U -a "BUERO;anna" -s "fs.buero.local" -r "smb " -l "HomeOffice Connect: fs.buero.local" -T /sbin/mount_smbfs -w "Anna-Lab-2026!"\n',
    );
    expect(rec.calls.flatMap((c) => c.argv).join(' ')).not.toContain(ACCOUNT.password);
    expect(fs.entries.has(POINT)).toBe(true);
  });

  it('quotes a password with quotes and backslashes for security -i', () => {
    expect(keychainCommand('fs.buero.local', { ...ACCOUNT, password: 'a"b\\c' })).toContain('-w "a\\"b\\\\c"\n');
  });

  it('reuses the mount point already mounted with the same share, refuses one with another', async () => {
    const same = adapter(`//anna@fs.buero.local/projekte on ${POINT} (smbfs, nodev, nosuid, mounted by anna)\n`);
    await same.fs.ensureDir(POINT);
    expect(await same.mac.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'reused', path: POINT });
    const other = adapter(`//anna@nas.buero.local/privat on ${POINT} (smbfs, nodev, nosuid, mounted by anna)\n`);
    await other.fs.ensureDir(POINT);
    const e = (await other.mac.mapDrive(DRIVE, ACCOUNT).catch((x: unknown) => x)) as UserError;
    expect(e.code).toBe('drives.letterInUse');
    expect(e.params.other).toBe('\\\\nas.buero.local\\privat');
  });

  it('maps an authentication error and removes the empty mount point again', async () => {
    const { fs, mac } = adapter('', { exitCode: 77, stderr: 'mount_smbfs: server rejected the connection: Authentication error' });
    const e = (await mac.mapDrive(DRIVE, ACCOUNT).catch((x: unknown) => x)) as UserError;
    expect(e.code).toBe('drives.authFailed');
    expect(fs.entries.has(POINT)).toBe(false);
  });

  it('unmounts with umount and removes the mount point and the empty folder', async () => {
    const { rec, fs, mac } = adapter(`//anna@fs.buero.local/projekte on ${POINT} (smbfs, nodev)\n`);
    await fs.ensureDir('/Users/anna/Netzlaufwerke');
    await fs.ensureDir(POINT);
    expect(await mac.unmapDrive({ letter: 'P', share: DRIVE.share })).toEqual({ removed: true });
    expect(rec.calls.map((c) => c.argv)).toContainEqual(['/sbin/umount', POINT]);
    expect(fs.entries.size).toBe(0);
  });
});

describe('darwin printers (plan only, cannot run on Linux)', () => {
  it('adds through the helper with lpadmin -m everywhere, falling back to the generic PPD; removes with -x', () => {
    const uri = 'ipp://print.buero.local:631/printers/Plotter';
    expect(darwinPrinters.addAttempts('Plotter-DesignJet', uri, parsePrinterUri(uri)!)).toEqual([
      {
        driver: 'everywhere',
        argv: ['/usr/sbin/lpadmin', '-p', 'Plotter-DesignJet', '-E', '-v', uri, '-m', 'everywhere', '-o', 'printer-is-shared=false'],
      },
      {
        driver: 'raw',
        argv: ['/usr/sbin/lpadmin', '-p', 'Plotter-DesignJet', '-E', '-v', uri, '-P', DARWIN_GENERIC_PPD, '-o', 'printer-is-shared=false'],
      },
    ]);
    expect(darwinPrinters.removeArgv('Plotter-DesignJet')).toEqual(['/usr/sbin/lpadmin', '-x', 'Plotter-DesignJet']);
  });

  it('prints the test page with lp, the page on stdin', async () => {
    const rec = recorder([[['/usr/bin/lp'], { stdout: 'request id is Plotter-DesignJet-3 (0 file(s))\n' }]]);
    const mac = createDarwinAdapter({ run: rec.run, fs: memoryFs(), env: { home: HOME, runtimeDir: '', resourcesDir: '' } });
    expect(await mac.printTestPage('Plotter-DesignJet')).toEqual({ job: 'Plotter-DesignJet-3' });
    expect(rec.calls[0]?.argv).toEqual(['/usr/bin/lp', '-d', 'Plotter-DesignJet', '-t', 'HomeOffice Connect Testseite']);
    expect(rec.calls[0]?.stdin).toContain('Testseite');
  });
});
