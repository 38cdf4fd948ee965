/**
 * Where a profile to import comes from when the OS hands one to the app: a
 * `.hocprofile` path (file association, second instance, macOS open-file) or
 * a `hoc://import` link that carries the profile inline or nothing. Such a
 * source only ever opens the import screen; the app never fetches a URL.
 */
import { posix, win32 } from 'node:path';
import { PROFILE_LIMITS } from '../../shared/profile/types';

export type ImportSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'inline'; readonly fileName: string; readonly bytes: Uint8Array }
  | { readonly kind: 'empty' }
  /** A `hoc:` link that is not a valid import link: the import screen says so. */
  | { readonly kind: 'invalid' };

/** Longest base64url text of a profile at the size limit. */
const MAX_INLINE_CHARS = Math.ceil((PROFILE_LIMITS.fileBytes * 4) / 3) + 4;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** Parses `hoc://import` or `hoc://import?profile=<base64url>`; `invalid` for anything else. */
export function parseImportLink(link: string): ImportSource {
  return parseLink(link) ?? { kind: 'invalid' };
}

function parseLink(link: string): ImportSource | null {
  if (link.length > MAX_INLINE_CHARS + 64) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== 'hoc:' || url.hostname !== 'import' || (url.pathname !== '' && url.pathname !== '/')) return null;
  if (url.username || url.password || url.port || url.hash) return null;
  const keys = [...url.searchParams.keys()];
  if (keys.length === 0) return { kind: 'empty' };
  if (keys.length !== 1 || keys[0] !== 'profile') return null;
  const data = url.searchParams.get('profile') ?? '';
  if (data.length === 0 || data.length > MAX_INLINE_CHARS || !BASE64URL.test(data)) return null;
  const bytes = Buffer.from(data, 'base64url');
  if (bytes.length === 0 || bytes.length > PROFILE_LIMITS.fileBytes) return null;
  return { kind: 'inline', fileName: 'hoc://import', bytes: new Uint8Array(bytes) };
}

/** True for an absolute path to a `.hocprofile` file on that platform. */
export function isProfilePath(arg: string, platform: NodeJS.Platform): boolean {
  const path = platform === 'win32' ? win32 : posix;
  return arg.length <= 4096 && !arg.includes('\0') && path.isAbsolute(arg) && /\.hocprofile$/i.test(arg);
}

/**
 * The import source in a command line (the app's own argv, or a second
 * instance's): the first argument that is a `hoc:` link or a profile path.
 * Each argument is taken whole, never split.
 */
export function importSourceFromArgv(argv: readonly string[], platform: NodeJS.Platform): ImportSource | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    if (/^hoc:/i.test(arg)) return parseImportLink(arg);
    if (isProfilePath(arg, platform)) return { kind: 'file', path: arg };
  }
  return null;
}
