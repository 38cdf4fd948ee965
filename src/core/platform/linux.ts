/**
 * Linux: drives through gvfs in the user's desktop session (`gio mount
 * smb://DOMAIN;user@host/share`, the password answered on stdin; naming the
 * user in the URI spares gvfs an anonymous attempt first, a third of the mount
 * time on a slow line),
 * reachable for every program through gvfsd-fuse under
 * `$XDG_RUNTIME_DIR/gvfs/`. The "drive letter" is a symlink
 * `~/Netzlaufwerke/P - Projekte` to that FUSE path. Printers are system CUPS
 * queues added by the helper; listing and the test page run as the user.
 */
import { posix } from 'node:path';
import { UserError } from '../../shared/errors';
import type { AdapterDeps, DriveSpec, MapOutcome, MappedDrive, OfficeAccount, PlatformAdapter, RecordedDrive, UserPrinter } from './types';
import { checkAccount, checkDrive, driveFolderName, parseShare, tail } from './validate';
import { isDriveLetter } from '../../shared/profile/addresses';
import { parseLpstatV, printCupsTestPage } from './cups';

/** Who a mount is made as: not secret, part of the URI and of the FUSE folder name. */
export interface SmbWho {
  readonly user: string;
  /** Empty for a standalone server (gio then asks for it, and gets an empty answer). */
  readonly domain: string;
}

/** `smb://[DOMAIN;user@]host/share` for gio (share names may contain spaces and `$`). */
export function smbUri(host: string, share: string, who?: SmbWho): string {
  const userinfo = who ? `${who.domain ? `${encodeURIComponent(who.domain)};` : ''}${encodeURIComponent(who.user)}@` : '';
  // gvfs matches mounts by the exact host spelling: names are case-insensitive, so always lower case.
  return `smb://${userinfo}${host.toLowerCase()}/${encodeURIComponent(share)}`;
}

/** An smb URI for comparison: lower case, no trailing slash. */
function sameUri(uri: string): string {
  return uri.replace(/\/+$/, '').toLowerCase();
}

/** The smb URIs of `gio mount -l` output (`Mount(0): projekte on fs -> smb://BUERO;anna@fs/projekte/`). */
export function parseGioMounts(stdout: string): string[] {
  return [...stdout.matchAll(/-> (smb:\/\/[^\s]+)/g)].map((m) => (m[1] ?? '').replace(/\/$/, ''));
}

/** `\\host\share` of an smb URI, whoever it was mounted as; null for anything else. */
export function shareOfUri(uri: string): string | null {
  const m = /^smb:\/\/(?:[^@/]*@)?([^/@]+)\/([^/]+)$/.exec(uri);
  return m ? `\\\\${m[1]}\\${decoded(m[2] ?? '')}` : null;
}

/** `local path: …` from `gio info`. */
export function parseGioLocalPath(stdout: string): string | null {
  const m = /^local path: (\/.*)$/m.exec(stdout);
  return m?.[1] ?? null;
}

/** Where gvfsd-fuse shows an smb share: `smb-share:domain=…,server=…,share=…,user=…` (keys sorted). */
export function gvfsFusePath(runtimeDir: string, host: string, share: string, who?: SmbWho): string {
  const keys = [who?.domain ? `domain=${who.domain}` : '', `server=${host.toLowerCase()}`, `share=${share.toLowerCase()}`, who ? `user=${who.user}` : ''];
  return posix.join(runtimeDir, 'gvfs', `smb-share:${keys.filter(Boolean).join(',')}`);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A gvfs FUSE path taken apart: the share, folders inside it, and who mounted it; null when it is none. */
function parseFusePath(path: string): { host: string; share: string; folders: string[]; who: SmbWho | undefined } | null {
  const m = /\/gvfs\/smb-share:([^/]+)(\/.*)?$/.exec(path);
  if (!m) return null;
  const keys = new Map((m[1] ?? '').split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
  const host = keys.get('server');
  const share = keys.get('share');
  if (!host || !share) return null;
  const user = keys.get('user');
  return {
    host,
    share: decoded(share),
    folders: (m[2] ?? '').split('/').filter(Boolean),
    who: user ? { user: decoded(user), domain: decoded(keys.get('domain') ?? '') } : undefined,
  };
}

/** `\\host\share[\folder]` back from a gvfs FUSE path, or null. */
function shareFromFusePath(path: string): string | null {
  const p = parseFusePath(path);
  return p ? `\\\\${[p.host, p.share, ...p.folders].join('\\')}` : null;
}

/**
 * Why `gio mount` failed. gio prints its questions on stdout and its error on
 * stderr; a wrong password shows only as the password being asked again
 * (stderr stays empty when the second question meets the end of stdin).
 */
function gioError(drive: DriveSpec, host: string, stderr: string, stdout: string): UserError {
  const detail = tail(stderr || stdout);
  const askedAgain = (stdout.match(/Password:/g) ?? []).length >= 2;
  if (askedAgain || /permission denied|password|logon failure|access denied|cancel/i.test(stderr)) {
    return new UserError('drives.authFailed', { server: host }, detail);
  }
  if (/no such file|not found|bad network name|does not exist/i.test(stderr)) {
    return new UserError('drives.shareNotFound', { share: drive.share }, detail);
  }
  if (/d-bus|dbus|autolaunch|not supported/i.test(stderr)) {
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
  const mountOf = async (uri: string, host: string, share: string, who?: SmbWho): Promise<{ mounted: boolean; path: string }> => {
    const r = await run({ argv: ['gio', 'info', uri], timeoutMs: 15_000 });
    return { mounted: r.exitCode === 0, path: (r.exitCode === 0 && parseGioLocalPath(r.stdout)) || gvfsFusePath(env.runtimeDir, host, share, who) };
  };

  /**
   * Waits until a fresh mount shows in the FUSE view. Right after `gio mount`
   * the share may not be there yet, and when the same share was unmounted a
   * moment ago (a drop, a quick reconnect) gvfsd-fuse answers "input/output
   * error" for it for up to about two seconds: opening the drive then would fail.
   */
  const visible = async (path: string, withinMs = deps.visibleWithinMs ?? 3000): Promise<boolean> => {
    const until = Date.now() + withinMs;
    for (;;) {
      if (await fs.exists(path)) return true;
      if (Date.now() >= until) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
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
      const who: SmbWho = { user: acct.user, domain: acct.domain };
      const uri = smbUri(parts.host, parts.share, who);
      const linkPath = posix.join(drivesDir, driveFolderName(drive.letter, drive.label));
      const wanted = (root: string) => posix.join(root, ...parts.folders);

      const existing = await linkOf(drive.letter);
      const before = await mountOf(uri, parts.host, parts.share, who);
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
      let target = wanted(before.path);
      if (!mountedBefore) {
        // gio asks for the password only, or for the domain first when the URI names none.
        const answers = acct.domain ? `${acct.password}\n` : `\n${acct.password}\n`;
        const r = await run({ argv: ['gio', 'mount', uri], stdin: answers, timeoutMs: 60_000 });
        // The share showing at gvfs-fuse's usual place proves the mount (one stat, not another
        // round of questions to the server). Otherwise gvfs is asked where it put it, if anywhere.
        const usual = wanted(gvfsFusePath(env.runtimeDir, parts.host, parts.share, who));
        if (r.exitCode === 0 && (await visible(usual, Math.min(1500, deps.visibleWithinMs ?? 3000)))) {
          target = usual;
        } else {
          const mount = await mountOf(uri, parts.host, parts.share, who);
          if (!mount.mounted) throw gioError(drive, parts.host, r.stderr, r.stdout);
          target = wanted(mount.path);
          if (target !== usual) await visible(target);
        }
      }
      await fs.ensureDir(drivesDir);
      if (existing) await fs.remove(posix.join(drivesDir, existing.name));
      await fs.makeLink(target, linkPath);
      return { status: mountedBefore ? 'linked' : 'mapped', path: linkPath };
    },

    async unmapDrive(drive: RecordedDrive): Promise<{ removed: boolean }> {
      if (!isDriveLetter(drive.letter)) return { removed: false };
      const link = await linkOf(drive.letter);
      const linkShare = link ? shareFromFusePath(link.target) : null;
      // A link that no longer points into gvfs is not ours (any more): leave it.
      if (link && linkShare === null) return { removed: false };
      const share = drive.share ?? linkShare;
      let removed = false;
      if (!drive.linkOnly && share) {
        const parts = parseShare(share);
        if (parts) {
          // The mount our link points to (it names who mounted it); without a link, whichever
          // mount of this share gvfs lists.
          const fuse = link ? parseFusePath(link.target) : null;
          const uris = fuse
            ? [smbUri(fuse.host, fuse.share, fuse.who)]
            : (await mountedUris()).filter((u) => shareOfUri(u)?.toLowerCase() === `\\\\${parts.host}\\${parts.share}`.toLowerCase());
          // Still mounted? Asked locally (gio mount -l): `gio info` talks to the server and says
          // "not mounted" while the file server is down, which left the mount behind.
          const listed = fuse ? (await mountedUris()).map(sameUri) : [];
          for (const uri of uris) {
            if (fuse && !listed.includes(sameUri(uri))) continue;
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
        const share = shareOfUri(uri);
        if (share && !linked.has(share.toLowerCase())) out.push({ letter: null, share, path: uri });
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
