/**
 * Windows (plan only, cannot run on Linux): the exact argv of every script
 * call, the password on stdin only, and each known failure mapped to the
 * message a user can act on.
 */
import { describe, expect, it } from 'vitest';
import { createWin32Adapter, POWERSHELL } from '../../../src/core/platform/win32';
import { UserError } from '../../../src/shared/errors';
import { createWin32Printers } from '../../../src/helper/platform/printers-win32';
import { parsePrinterUri } from '../../../src/shared/helper-protocol';
import { ACCOUNT, DRIVE, memoryFs, recorder } from './fakes';

const RES = 'C:\\Program Files\\HomeOffice Connect\\resources';
const PS = [POWERSHELL, '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File'];
const script = (name: string) => `${RES}\\windows\\${name}`;

function adapter(stdout: string) {
  const rec = recorder([[[POWERSHELL], { stdout }]]);
  return { rec, win: createWin32Adapter({ run: rec.run, fs: memoryFs(), env: { home: 'C:\\Users\\anna', runtimeDir: '', resourcesDir: RES } }) };
}

async function mapError(stdout: string): Promise<UserError> {
  const { win } = adapter(stdout);
  return win.mapDrive(DRIVE, ACCOUNT).then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as UserError,
  );
}

describe('win32 drives (plan only, cannot run on Linux)', () => {
  it('maps with New-SmbMapping through the fixed script, the password on stdin and never in argv', async () => {
    const { rec, win } = adapter('{"result":"mapped","remotePath":"\\\\\\\\fs.buero.local\\\\projekte"}');
    expect(await win.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'mapped', path: 'P:' });
    expect(rec.calls).toEqual([
      {
        argv: [...PS, script('Map-NetworkDrive.ps1'), '-Letter', 'P', '-RemotePath', '\\\\fs.buero.local\\projekte', '-UserName', 'BUERO\\anna'],
        stdin: 'Anna-Lab-2026!\n',
        timeoutMs: 90_000,
      },
    ]);
    expect(rec.calls[0]?.argv.join(' ')).not.toContain(ACCOUNT.password);
  });

  it('hands a password with quotes and spaces to the script on stdin only, unchanged, never in the argv', async () => {
    const password = 'a "quoted" pass word\' /user:x & more';
    const { rec, win } = adapter('{"result":"mapped","remotePath":"\\\\\\\\fs.buero.local\\\\projekte"}');
    expect(await win.mapDrive(DRIVE, { ...ACCOUNT, password })).toEqual({ status: 'mapped', path: 'P:' });
    expect(rec.calls).toEqual([
      {
        argv: [...PS, script('Map-NetworkDrive.ps1'), '-Letter', 'P', '-RemotePath', '\\\\fs.buero.local\\projekte', '-UserName', 'BUERO\\anna'],
        stdin: `${password}\n`,
        timeoutMs: 90_000,
      },
    ]);
    for (const arg of rec.calls[0]?.argv ?? []) {
      expect(arg).not.toContain('quoted');
      expect(arg).not.toContain('pass word');
    }
  });

  it('reuses a letter already mapped to the same share (so it is not recorded as added)', async () => {
    const { win } = adapter('{"result":"reused","remotePath":"\\\\\\\\fs.buero.local\\\\projekte"}');
    expect(await win.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'reused', path: 'P:' });
  });

  it('says which share holds the letter when it is mapped to another one', async () => {
    const e = await mapError('{"result":"letter-in-use","remotePath":"\\\\\\\\nas\\\\privat"}');
    expect(e.code).toBe('drives.letterInUse');
    expect(e.localized('de')).toBe('Laufwerk P: ist schon mit \\\\nas\\privat verbunden. Bitte dort trennen und erneut verbinden.');
  });

  it('maps error 85 (local device name already in use)', async () => {
    const e = await mapError('{"result":"local-device","error":85,"message":"The local device name is already in use."}');
    expect(e.code).toBe('drives.localDevice');
    expect(e.localized('en')).toContain('Drive letter P: is already in use on this computer');
  });

  it('maps error 1219 (another user name already connected to the server)', async () => {
    const e = await mapError('{"result":"other-user","error":1219,"message":"Multiple connections ..."}');
    expect(e.code).toBe('drives.otherUser');
    expect(e.params).toEqual({ server: 'fs.buero.local' });
  });

  it('maps a wrong password and a missing share', async () => {
    expect((await mapError('{"result":"auth-failed","error":1326}')).code).toBe('drives.authFailed');
    expect((await mapError('{"result":"not-found","error":67}')).code).toBe('drives.shareNotFound');
    expect((await mapError('not json at all')).code).toBe('error.internal');
  });

  it('unmaps only the recorded share on the letter', async () => {
    const { rec, win } = adapter('{"result":"removed"}');
    expect(await win.unmapDrive({ letter: 'P', share: DRIVE.share })).toEqual({ removed: true });
    expect(rec.calls[0]?.argv).toEqual([...PS, script('Unmap-NetworkDrive.ps1'), '-Letter', 'P', '-RemotePath', '\\\\fs.buero.local\\projekte']);
    const other = adapter('{"result":"other-share","remotePath":"\\\\\\\\nas\\\\privat"}');
    expect(await other.win.unmapDrive({ letter: 'P', share: DRIVE.share })).toEqual({ removed: false });
  });
});

describe('win32 printers (plan only, cannot run on Linux)', () => {
  it('connects a shared queue in the user session with Add-Printer -ConnectionName', async () => {
    const { rec, win } = adapter('{"result":"added"}');
    expect(win.printerRoute('smb://print.buero.local/Plotter')).toBe('user');
    expect(await win.addUserPrinter('Plotter', 'smb://print.buero.local/Plotter')).toEqual({ queue: '\\\\print.buero.local\\Plotter', created: true });
    expect(rec.calls[0]?.argv).toEqual([...PS, script('Add-SharedPrinter.ps1'), '-ConnectionName', '\\\\print.buero.local\\Plotter']);
    await win.removeUserPrinter('\\\\print.buero.local\\Plotter');
    expect(rec.calls[1]?.argv).toEqual([...PS, script('Remove-SharedPrinter.ps1'), '-ConnectionName', '\\\\print.buero.local\\Plotter']);
  });

  it('sends IPP queues to the helper, which adds port and queue with the IPP class driver script', () => {
    const helper = createWin32Printers('C:\\Program Files\\HomeOffice Connect\\resources\\windows');
    const uri = 'ipp://print.buero.local:631/printers/Plotter';
    expect(adapter('').win.printerRoute(uri)).toBe('helper');
    expect(helper.addAttempts('Plotter-DesignJet', uri, parsePrinterUri(uri)!)).toEqual([
      {
        driver: 'ipp-class-driver',
        argv: [...PS, script('Add-OfficePrinter.ps1'), '-Name', 'Plotter-DesignJet', '-Uri', uri],
      },
    ]);
    expect(helper.removeArgv('Plotter-DesignJet')).toEqual([...PS, script('Remove-OfficePrinter.ps1'), '-Name', 'Plotter-DesignJet']);
  });

  it('prints the Windows test page through its script', async () => {
    const { rec, win } = adapter('{"result":"sent","job":"Plotter-DesignJet"}');
    expect(await win.printTestPage('Plotter-DesignJet')).toEqual({ job: 'Plotter-DesignJet' });
    expect(rec.calls[0]?.argv).toEqual([...PS, script('Print-TestPage.ps1'), '-Name', 'Plotter-DesignJet']);
  });
});
