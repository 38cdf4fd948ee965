/**
 * Linux: drives through gvfs in the user's desktop session (`gio mount
 * smb://host/share`, the sign-in answered on stdin: user, domain, password),
 * reachable for every program through gvfsd-fuse under
 * `$XDG_RUNTIME_DIR/gvfs/`. The "drive letter" is a symlink
 * `~/Netzlaufwerke/P - Projekte` to that FUSE path. Printers are system CUPS
 * queues added by the helper; listing and the test page run as the user.
 */
import { posix } from 'node:path';
import { UserError } from '../../shared/errors';
import type { AdapterDeps, DriveSpec, MapOutcome, MappedDrive, OfficeAccount, PlatformAdapter, RecordedDrive, UserPrinter } from './types';
import { checkAccount, checkDrive, driveFolderName, parseShare, tail } from './validate';
import { parseLpstatV, printCupsTestPage } from './cups';

/** `smb://host/share` for gio (share names may contain spaces and `$`). */
export function smbUri(host: string, share: string): string {
  // gvfs matches mounts by the exact host spelling: names are case-insensitive, so always lower case.
  return `smb://${host.toLowerCase()}/${encodeURIComponent(share)}`;
}

/** The smb URIs of `gio mount -l` output (`Mount(0): projekte on fs -> smb://fs/projekte/`). */
export function parseGioMounts(stdout: string): string[] {
  return [...stdout.matchAll(/-> (smb:\/\/[^\s]+)/g)].map((m) => (m[1] ?? '').replace(/\/$/, ''));
}

/** `local path: …` from `gio info`. */
export function parseGioLocalPath(stdout: string): string | null {
  const m = /^local path: (\/.*)$/m.exec(stdout);
  return m?.[1] ?? null;
}

/** Where gvfsd-fuse shows an smb share when gio does not say. */
export function gvfsFusePath(runtimeDir: string, host: string, share: string): string {
  return posix.join(runtimeDir, 'gvfs', `smb-share:server=${host.toLowerCase()},share=${share.toLowerCase()}`);
}

/** `\\host\share` back from a gvfs FUSE path, or null. */
function shareFromFusePath(path: string): string | null {
  const m = /\/gvfs\/smb-share:server=([^,/]+),share=([^/]+)(\/.*)?$/.exec(path);
  if (!m) return null;
  const folders = (m[3] ?? '').split('/').filter(Boolean);
  return `\\\\${[m[1], decodeURIComponent(m[2] ?? ''), ...folders].join('\\')}`;
}

function gioError(drive: DriveSpec, host: string, output: string): UserError {
  const detail = tail(output);
  if (/permission denied|password|logon failure|access denied|cancel/i.test(output)) {
    return new UserError('drives.authFailed', { server: host }, detail);
  }
  if (/no such file|not found|bad network name|does not exist/i.test(output)) {
    return new UserError('drives.shareNotFound', { share: drive.share }, detail);
  }
  if (/d-bus|dbus|autolaunch|not supported/i.test(output)) {
    return new UserError('drives.noSession', { detail }, detail);
  }
  return new UserError('drives.mapFailed', { letter: drive.letter, share: drive.share, detail }, detail);
}

/** The Linux adapter. */
export function createLinuxAdapter(deps: AdapterDeps): PlatformAdapter {
  const { run, fs, env } = deps;
  const drivesDir = env.drivesDir ?? posix.join(env.home, 'Netzlaufwerke');

  const mountedUris = async (): Promise<string[]> => {
    const r = await run({ argv: ['gio', 'mount', '-l'], timeoutMs: 15_000 });
    if (r.exitCode !== 0) throw new UserError('drives.noSession', { detail: tail(r.stderr) }, tail(r.stderr));
    return parseGioMounts(r.stdout);
  };

  /**
   * Whether gvfs has `uri` mounted, and where its FUSE view shows it. `gio info`
   * answers in a few milliseconds (it fails with "not mounted" otherwise);
   * `gio mount -l` starts every volume monitor and takes half a second.
   */
  const mountOf = async (uri: string, host: string, share: string): Promise<{ mounted: boolean; path: string }> => {
    const r = await run({ argv: ['gio', 'info', uri], timeoutMs: 15_000 });
    return { mounted: r.exitCode === 0, path: (r.exitCode === 0 && parseGioLocalPath(r.stdout)) || gvfsFusePath(env.runtimeDir, host, share) };
  };

  /**
   * Waits until a fresh mount shows in the FUSE view. Right after `gio mount`
   * the kernel may still answer "no such file" from a lookup made while the
   * share was gone (after a drop, say): opening the drive at once would fail.
   */
  const visible = async (path: string): Promise<void> => {
    const until = Date.now() + (deps.visibleWithinMs ?? 3000);
    while (!(await fs.exists(path)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  };

  /** Our link for `letter`, whatever its label: `P - …`. */
  const linkOf = async (letter: string): Promise<{ name: string; target: string } | null> => {
    for (const name of await fs.list(drivesDir)) {
      if (name !== letter && !name.startsWith(`${letter} - `)) continue;
      const target = await fs.readLink(posix.join(drivesDir, name));
      if (target !== null) return { name, target };
    }
    return null;
  };

  return {
    os: 'linux',

    async mapDrive(drive: DriveSpec, account: OfficeAccount): Promise<MapOutcome> {
      const parts = checkDrive(drive);
      const acct = checkAccount(account);
      const uri = smbUri(parts.host, parts.share);
      const linkPath = posix.join(drivesDir, driveFolderName(drive.letter, drive.label));
      const wanted = (root: string) => posix.join(root, ...parts.folders);

      const existing = await linkOf(drive.letter);
      const before = await mountOf(uri, parts.host, parts.share);
      const mountedBefore = before.mounted;
      if (existing) {
        const current = shareFromFusePath(existing.target);
        if (current !== null && current.toLowerCase() === drive.share.toLowerCase() && mountedBefore) {
          return { status: 'reused', path: posix.join(drivesDir, existing.name) };
        }
        if (current === null || current.toLowerCase() !== drive.share.toLowerCase()) {
          throw new UserError('drives.letterInUse', { letter: drive.letter, other: current ?? existing.target });
        }
        // Our kind of link to this share, but the share is not mounted (left by a crash): mount again below.
      }
      let mount = before;
      if (!mountedBefore) {
        const answers = `${acct.user}\n${acct.domain}\n${acct.password}\n`;
        const r = await run({ argv: ['gio', 'mount', uri], stdin: answers, timeoutMs: 60_000 });
        mount = await mountOf(uri, parts.host, parts.share);
        if (!mount.mounted) throw gioError(drive, parts.host, `${r.stderr}\n${r.stdout}`);
      }
      const target = wanted(mount.path);
      if (!mountedBefore) await visible(target);
      await fs.ensureDir(drivesDir);
      if (existing) await fs.remove(posix.join(drivesDir, existing.name));
      await fs.makeLink(target, linkPath);
      return { status: mountedBefore ? 'linked' : 'mapped', path: linkPath };
    },

    async unmapDrive(drive: RecordedDrive): Promise<{ removed: boolean }> {
      if (!/^[D-Z]$/.test(drive.letter)) return { removed: false };
      const link = await linkOf(drive.letter);
      const linkShare = link ? shareFromFusePath(link.target) : null;
      // A link that no longer points into gvfs is not ours (any more): leave it.
      if (link && linkShare === null) return { removed: false };
      const share = drive.share ?? linkShare;
      let removed = false;
      if (!drive.linkOnly && share) {
        const parts = parseShare(share);
        if (parts) {
          const uri = smbUri(parts.host, parts.share);
          if ((await mountOf(uri, parts.host, parts.share)).mounted) {
            const r = await run({ argv: ['gio', 'mount', '-u', uri], timeoutMs: 30_000 });
            if (r.exitCode !== 0) {
              throw new UserError('drives.unmapFailed', { letter: drive.letter, detail: tail(r.stderr) }, tail(r.stderr));
            }
            removed = true;
          }
        }
      }
      if (link) {
        await fs.remove(posix.join(drivesDir, link.name));
        removed = true;
      }
      if ((await fs.list(drivesDir)).length === 0 && (await fs.exists(drivesDir))) await fs.remove(drivesDir);
      return { removed };
    },

    async listDrives(): Promise<MappedDrive[]> {
      const out: MappedDrive[] = [];
      const linked = new Set<string>();
      for (const name of await fs.list(drivesDir)) {
        const target = await fs.readLink(posix.join(drivesDir, name));
        const share = target ? shareFromFusePath(target) : null;
        const letter = /^([D-Z])(?: - |$)/.exec(name)?.[1] ?? null;
        if (share && letter) {
          out.push({ letter, share, path: posix.join(drivesDir, name) });
          linked.add(share.split('\\').slice(0, 4).join('\\').toLowerCase());
        }
      }
      for (const uri of await mountedUris()) {
        const m = /^smb:\/\/([^/]+)\/([^/]+)$/.exec(uri);
        if (!m) continue;
        const share = `\\\\${m[1]}\\${decodeURIComponent(m[2] ?? '')}`;
        if (!linked.has(share.toLowerCase())) out.push({ letter: null, share, path: uri });
      }
      return out;
    },

    printerRoute: () => 'helper',
    async addUserPrinter(name: string): Promise<never> {
      throw new UserError('printers.addFailed', { name, detail: 'system printers are added by the helper on Linux' });
    },
    removeUserPrinter: async () => ({ removed: false }),

    async listPrinters(): Promise<UserPrinter[]> {
      const r = await run({ argv: ['lpstat', '-v'], timeoutMs: 15_000 });
      if (r.exitCode !== 0 && !/no destinations/i.test(`${r.stdout}${r.stderr}`)) {
        throw new UserError('printers.listFailed', {}, tail(r.stderr));
      }
      return parseLpstatV(r.stdout);
    },

    printTestPage: (name: string) => printCupsTestPage(run, 'lp', name),
  };
}
