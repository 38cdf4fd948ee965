/**
 * Where a profile to import comes from when the OS hands one to the app: a
 * `.hocprofile` path (file association, second instance, macOS open-file) or
 * a bare `hoc://import` link, which opens the import screen and names
 * nothing. A link never carries a profile or a key: links end up in mail,
 * chat and browser history, and on Linux and Windows the OS starts the app
 * with the link on its command line, which other local users (Linux
 * `/proc/PID/cmdline`) and process auditing (Windows event 4688) can read. A
 * link with key material is refused with a message that says why and what
 * to do instead. The app never fetches a URL.
 */
import { posix, win32 } from 'node:path';

export type ImportSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'empty' }
  /** A `hoc:` link that carries a profile or key material: refused, the import screen says why. */
  | { readonly kind: 'secretLink' }
  /** A `hoc:` link that is not a valid import link: the import screen says so. */
  | { readonly kind: 'invalid' };

/** Longer runs of base64 / base64url than a name has: a WireGuard key is 43–44 characters, an envelope far more. */
const KEY_LIKE = /[A-Za-z0-9+/_-]{40,}/;
/** Only this much of a link is looked at (argv and URLs are bounded by the OS anyway). */
const MAX_LINK_CHARS = 1 << 20;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** True when a `hoc:` link carries key material: a `profile=` parameter (the old inline form) or anything key-like. */
export function linkCarriesKeyMaterial(link: string): boolean {
  const text = link.slice(0, MAX_LINK_CHARS);
  if (KEY_LIKE.test(text) || KEY_LIKE.test(decoded(text))) return true;
  try {
    const url = new URL(text);
    return [...url.searchParams.keys()].some((k) => k.toLowerCase() === 'profile');
  } catch {
    return /[?&]profile=/i.test(text);
  }
}

/** Parses a `hoc:` link: `hoc://import` opens the import screen; key material is `secretLink`; anything else `invalid`. */
export function parseImportLink(link: string): ImportSource {
  if (linkCarriesKeyMaterial(link)) return { kind: 'secretLink' };
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { kind: 'invalid' };
  }
  const bare = url.protocol === 'hoc:' && url.hostname === 'import' && (url.pathname === '' || url.pathname === '/');
  if (!bare || url.username || url.password || url.port || url.hash || url.search) return { kind: 'invalid' };
  return { kind: 'empty' };
}

/**
 * Overwrites this process's command line when it holds a `hoc:` link (read
 * into memory already), so other local users do not see it in
 * `/proc/PID/cmdline`: on Linux and macOS, setting `process.title` writes
 * over the argv memory (Node and Electron both set that memory up through
 * libuv's uv_setup_args). Windows has no such API; there a link with key
 * material is refused and the user is told to get the file instead.
 * Returns true when it overwrote something.
 */
export function hideLinkFromCommandLine(proc: { readonly argv: readonly string[]; readonly platform: NodeJS.Platform; title: string }): boolean {
  if (proc.platform === 'win32' || !proc.argv.slice(1).some((a) => /^hoc:/i.test(a))) return false;
  proc.title = 'homeoffice-connect';
  return true;
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
