/**
 * macOS: drives with `mount_smbfs` into a folder under the user's home
 * (`~/Netzlaufwerke/P - Projekte`), as the user, no admin rights needed.
 * The password never goes into argv or a URL: it is put into the user's
 * login keychain as an Internet password for the server (`security -i`,
 * command read from stdin), and `mount_smbfs -N` takes it from there.
 * Printers are CUPS queues added by the helper; listing and the test page
 * run as the user.
 */
import { posix } from 'node:path';
import { UserError } from '../../shared/errors';
import type { AdapterDeps, DriveSpec, MapOutcome, MappedDrive, OfficeAccount, PlatformAdapter, RecordedDrive, UserPrinter } from './types';
import { checkAccount, checkDrive, driveFolderName, parseShare, tail } from './validate';
import { isDriveLetter } from '../../shared/profile/addresses';
import { parseLpstatV, printCupsTestPage } from './cups';

const MOUNT_SMBFS = '/sbin/mount_smbfs';
const UMOUNT = '/sbin/umount';
const MOUNT = '/sbin/mount';
const SECURITY = '/usr/bin/security';

/** Quotes one argument for `security -i` (its own little parser, not a shell). */
function securityQuote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The `security -i` line that stores the server password for `mount_smbfs -N`. */
export function keychainCommand(host: string, account: OfficeAccount): string {
  const user = account.domain ? `${account.domain};${account.user}` : account.user;
  return (
    [
      'add-internet-password',
      '-U',
      '-a',
      securityQuote(user),
      '-s',
      securityQuote(host),
      '-r',
      securityQuote('smb '),
      '-l',
      securityQuote(`HomeOffice Connect: ${host}`),
      '-T',
      MOUNT_SMBFS,
      '-w',
      securityQuote(account.password),
    ].join(' ') + '\n'
  );
}

/** smbfs mounts from `mount` output: `//anna@fs.buero.local/projekte on /Users/a/… (smbfs, …)`. */
export function parseSmbfsMounts(stdout: string): { share: string; path: string }[] {
  return [...stdout.matchAll(/^\/\/(?:[^@\s]*@)?([^/\s]+)\/(\S+) on (.+?) \(smbfs[,)]/gm)].map((m) => ({
    share: `\\\\${m[1]}\\${decodeURIComponent(m[2] ?? '').split('/').join('\\')}`,
    path: m[3] ?? '',
  }));
}

/** `//DOMAIN;user@host/share/folder` for mount_smbfs (parts validated; URL-encoded where needed). */
export function smbfsUrl(account: OfficeAccount, host: string, share: string, folders: readonly string[]): string {
  const who = account.domain ? `${encodeURIComponent(account.domain)};${encodeURIComponent(account.user)}` : encodeURIComponent(account.user);
  return `//${who}@${host}/${[share, ...folders].map(encodeURIComponent).join('/')}`;
}

function mountError(drive: DriveSpec, host: string, output: string): UserError {
  const detail = tail(output);
  if (/authentication error|permission denied|logon failure/i.test(output)) return new UserError('drives.authFailed', { server: host }, detail);
  if (/no such file|not found|does not exist/i.test(output)) return new UserError('drives.shareNotFound', { share: drive.share }, detail);
  return new UserError('drives.mapFailed', { letter: drive.letter, share: drive.share, detail }, detail);
}

/** The macOS adapter. */
export function createDarwinAdapter(deps: AdapterDeps): PlatformAdapter {
  const { run, fs, env } = deps;
  const drivesDir = env.drivesDir ?? posix.join(env.home, 'Netzlaufwerke');

  const mounts = async () => {
    const r = await run({ argv: [MOUNT], timeoutMs: 15_000 });
    return parseSmbfsMounts(r.stdout);
  };

  const mountPointOf = async (letter: string): Promise<string | null> => {
    for (const name of await fs.list(drivesDir)) {
      if (name === letter || name.startsWith(`${letter} - `)) return posix.join(drivesDir, name);
    }
    return null;
  };

  return {
    os: 'darwin',

    async mapDrive(drive: DriveSpec, account: OfficeAccount): Promise<MapOutcome> {
      const parts = checkDrive(drive);
      const acct = checkAccount(account);
      const mountPoint = posix.join(drivesDir, driveFolderName(drive.letter, drive.label));
      const current = await mounts();
      const existingPoint = await mountPointOf(drive.letter);
      const onLetter = current.find((m) => m.path === (existingPoint ?? mountPoint));
      if (onLetter) {
        if (onLetter.share.toLowerCase() === drive.share.toLowerCase()) return { status: 'reused', path: onLetter.path };
        throw new UserError('drives.letterInUse', { letter: drive.letter, other: onLetter.share });
      }
      const kc = await run({ argv: [SECURITY, '-i'], stdin: keychainCommand(parts.host, acct), timeoutMs: 15_000 });
      if (kc.exitCode !== 0) {
        throw new UserError('drives.mapFailed', { letter: drive.letter, share: drive.share, detail: 'keychain' }, tail(kc.stderr));
      }
      await fs.ensureDir(mountPoint);
      const r = await run({
        argv: [MOUNT_SMBFS, '-N', '-o', 'nobrowse', smbfsUrl(acct, parts.host, parts.share, parts.folders), mountPoint],
        timeoutMs: 60_000,
      });
      if (r.exitCode !== 0) {
        await fs.remove(mountPoint).catch(() => undefined);
        throw mountError(drive, parts.host, `${r.stderr}\n${r.stdout}`);
      }
      return { status: 'mapped', path: mountPoint };
    },

    async unmapDrive(drive: RecordedDrive): Promise<{ removed: boolean }> {
      if (!isDriveLetter(drive.letter)) return { removed: false };
      const point = await mountPointOf(drive.letter);
      if (!point) return { removed: false };
      const mounted = (await mounts()).find((m) => m.path === point);
      // Mounted with something else by now: not ours any more.
      if (mounted && drive.share && parseShare(drive.share) && mounted.share.toLowerCase() !== drive.share.toLowerCase()) {
        return { removed: false };
      }
      if (mounted) {
        const r = await run({ argv: [UMOUNT, point], timeoutMs: 30_000 });
        if (r.exitCode !== 0) throw new UserError('drives.unmapFailed', { letter: drive.letter, detail: tail(r.stderr) }, tail(r.stderr));
      }
      await fs.remove(point).catch(() => undefined);
      if ((await fs.list(drivesDir)).length === 0 && (await fs.exists(drivesDir))) await fs.remove(drivesDir);
      return { removed: mounted !== undefined };
    },

    async listDrives(): Promise<MappedDrive[]> {
      return (await mounts()).map((m) => ({
        letter: /\/([D-Z])(?: - [^/]*)?$/.exec(m.path)?.[1] ?? null,
        share: m.share,
        path: m.path,
      }));
    },

    printerRoute: () => 'helper',
    async addUserPrinter(name: string): Promise<never> {
      throw new UserError('printers.addFailed', { name, detail: 'system printers are added by the helper on macOS' });
    },
    removeUserPrinter: async () => ({ removed: false }),

    async listPrinters(): Promise<UserPrinter[]> {
      const r = await run({ argv: ['/usr/bin/lpstat', '-v'], timeoutMs: 15_000 });
      return parseLpstatV(r.stdout);
    },

    printTestPage: (name: string) => printCupsTestPage(run, '/usr/bin/lp', name),
  };
}
