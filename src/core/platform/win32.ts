/**
 * Windows: drives with `New-SmbMapping` in the user's own session (fallback
 * `WNetAddConnection2W` through Add-Type inside the script), printers: shared queues as per-user
 * connections (`Add-Printer -ConnectionName \\server\queue`) here, IPP / LPD /
 * socket queues through the helper (they need a printer port, so admin).
 * PowerShell only as `powershell.exe -NoProfile -NonInteractive
 * -ExecutionPolicy Bypass -File <resources\windows\X.ps1> -Param value …` on
 * our fixed scripts; the password goes on stdin. Each script prints one JSON
 * object, which is all this adapter reads.
 */
import { win32 as winPath } from 'node:path';
import { UserError } from '../../shared/errors';
import type { AdapterDeps, DriveSpec, MapOutcome, MappedDrive, OfficeAccount, PlatformAdapter, RecordedDrive, UserPrinter } from './types';
import { checkAccount, checkDrive, checkPrinterName, checkPrinterUri, parseShare, tail } from './validate';
import { isDriveLetter } from '../../shared/profile/addresses';

import { POWERSHELL, powershellArgv } from '../../shared/powershell';

export { POWERSHELL, powershellArgv };

/** The JSON object a script printed (last non-empty line); null when there is none. */
export function parseScriptJson(stdout: string): Record<string, unknown> | null {
  const line = stdout.trim().split('\n').filter((l) => l.trim() !== '').pop();
  if (!line) return null;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The Windows adapter. */
export function createWin32Adapter(deps: AdapterDeps): PlatformAdapter {
  const { run, env } = deps;
  const scripts = winPath.join(env.resourcesDir, 'windows');

  const script = async (name: string, params: readonly (readonly [string, string])[], stdin?: string) => {
    const r = await run({ argv: powershellArgv(scripts, name, params), ...(stdin !== undefined ? { stdin } : {}), timeoutMs: 90_000 });
    const json = parseScriptJson(r.stdout);
    if (!json) throw new UserError('error.internal', { detail: `${name}: ${tail(r.stderr || r.stdout)}` }, tail(r.stderr || r.stdout));
    return json;
  };

  return {
    os: 'win32',

    async mapDrive(drive: DriveSpec, account: OfficeAccount): Promise<MapOutcome> {
      const parts = checkDrive(drive);
      const acct = checkAccount(account);
      const user = acct.domain ? `${acct.domain}\\${acct.user}` : acct.user;
      const out = await script(
        'Map-NetworkDrive.ps1',
        [
          ['Letter', drive.letter],
          ['RemotePath', drive.share],
          ['UserName', user],
        ],
        // The password as one line on the script's standard input, read there with [Console]::In.ReadLine()
        // (https://learn.microsoft.com/en-us/dotnet/api/system.console.in); never a parameter, so it is on no command line.
        `${acct.password}\n`,
      );
      const path = `${drive.letter}:`;
      const detail = str(out.message).slice(0, 300);
      switch (out.result) {
        case 'mapped':
          return { status: 'mapped', path };
        case 'reused':
          return { status: 'reused', path };
        case 'letter-in-use':
          throw new UserError('drives.letterInUse', { letter: drive.letter, other: str(out.remotePath) || '?' }, detail);
        case 'local-device':
          throw new UserError('drives.localDevice', { letter: drive.letter }, detail || 'system error 85');
        case 'other-user':
          throw new UserError('drives.otherUser', { server: parts.host }, detail || 'system error 1219');
        case 'auth-failed':
          throw new UserError('drives.authFailed', { server: parts.host }, detail);
        case 'not-found':
          throw new UserError('drives.shareNotFound', { share: drive.share }, detail);
        default:
          throw new UserError('drives.mapFailed', { letter: drive.letter, share: drive.share, detail: detail || '?' }, detail);
      }
    },

    async unmapDrive(drive: RecordedDrive): Promise<{ removed: boolean }> {
      if (!isDriveLetter(drive.letter)) return { removed: false };
      const params: [string, string][] = [['Letter', drive.letter]];
      // With the share known, the script leaves the letter alone when it points elsewhere by now.
      if (drive.share && parseShare(drive.share)) params.push(['RemotePath', drive.share]);
      const out = await script('Unmap-NetworkDrive.ps1', params);
      if (out.result === 'removed') return { removed: true };
      if (out.result === 'absent' || out.result === 'other-share') return { removed: false };
      const detail = str(out.message).slice(0, 300) || '?';
      throw new UserError('drives.unmapFailed', { letter: drive.letter, detail }, detail);
    },

    async listDrives(): Promise<MappedDrive[]> {
      const out = await script('List-NetworkDrives.ps1', []);
      const drives = Array.isArray(out.drives) ? (out.drives as Record<string, unknown>[]) : [];
      return drives.map((d) => {
        const letter = /^([A-Z]):?$/.exec(str(d.letter))?.[1] ?? null;
        return { letter, share: str(d.remotePath), path: letter ? `${letter}:` : str(d.remotePath) };
      });
    },

    printerRoute: (uri: string) => (uri.startsWith('smb://') ? 'user' : 'helper'),

    async addUserPrinter(name: string, uri: string) {
      checkPrinterName(name);
      const parsed = checkPrinterUri(name, uri);
      if (parsed.scheme !== 'smb') throw new UserError('printers.invalidUri', { name });
      const connection = `\\\\${parsed.host}\\${parsed.path[0] ?? ''}`;
      const out = await script('Add-SharedPrinter.ps1', [['ConnectionName', connection]]);
      if (out.result === 'added') return { queue: connection, created: true };
      if (out.result === 'exists') return { queue: connection, created: false };
      const detail = str(out.message).slice(0, 300) || '?';
      throw new UserError('printers.addFailed', { name, detail }, detail);
    },

    async removeUserPrinter(queue: string) {
      const m = /^\\\\([A-Za-z0-9.-]+)\\([A-Za-z0-9_~.-]+)$/.exec(queue);
      if (!m || m[2] === '.' || m[2] === '..') return { removed: false };
      const out = await script('Remove-SharedPrinter.ps1', [['ConnectionName', queue]]);
      return { removed: out.result === 'removed' };
    },

    async listPrinters(): Promise<UserPrinter[]> {
      const out = await script('List-Printers.ps1', []);
      const printers = Array.isArray(out.printers) ? (out.printers as Record<string, unknown>[]) : [];
      return printers.map((p) => ({ name: str(p.name), uri: str(p.uri) }));
    },

    async printTestPage(name: string): Promise<{ job: string }> {
      checkPrinterName(name);
      const out = await script('Print-TestPage.ps1', [['Name', name]]);
      if (out.result === 'sent') return { job: str(out.job) || name };
      const detail = str(out.message).slice(0, 300) || '?';
      throw new UserError('printers.testPageFailed', { name, detail }, detail);
    },
  };
}
