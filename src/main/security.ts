/**
 * The security rules of the shell as plain functions (no Electron import), so
 * unit tests can prove them: the content security policy, which frames may
 * call IPC, and which URLs the window may go to (none).
 */

/**
 * The one script the renderer's page runs itself: the production build
 * (vite.config.ts) replaces Vite's module tag with exactly this inline
 * loader, whose SHA-256 is the only script source the CSP names. Through
 * 'strict-dynamic' the loader's trust passes to the module script element it
 * creates (and to that bundle's own imports; an import() from a hashed inline
 * script is refused by Chromium, a created element is not); no other script — not another file on the
 * disk, which `'self'` would admit on a file: page — can run.
 */
export const RENDERER_ENTRY = 'assets/app.js';
export const RENDERER_LOADER = `{const s=document.createElement('script');s.type='module';s.src='./${RENDERER_ENTRY}';document.body.append(s)}`;
/** base64 SHA-256 of RENDERER_LOADER (a unit test recomputes it). */
export const RENDERER_LOADER_HASH = 'sha256-IV0O3efB/nKqKc0HTiAXk++EtKCiRp6wUKGL4dAcHb8=';

const POLICY = [
  "default-src 'none'",
  `script-src '${RENDERER_LOADER_HASH}' 'strict-dynamic'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The CSP of the renderer, sent by main as a response header. */
export const CONTENT_SECURITY_POLICY = [...POLICY, "frame-ancestors 'none'"].join('; ');

/**
 * The same policy in index.html's meta tag, without `frame-ancestors`: a meta
 * tag cannot carry it (Chromium ignores it there and logs an error on every
 * start); the header does.
 */
export const META_CONTENT_SECURITY_POLICY = POLICY.join('; ');

/** The parts of an IPC sender frame the check looks at. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * True only for the app's own top-level page: a `file:` URL whose path is
 * exactly the renderer's index.html (query and fragment ignored). Any other
 * page, a subframe, or a missing frame is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, indexUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  let url: URL;
  let index: URL;
  try {
    url = new URL(frame.url);
    index = new URL(indexUrl);
  } catch {
    return false;
  }
  return url.protocol === 'file:' && index.protocol === 'file:' && url.host === index.host && url.pathname === index.pathname && url.username === '' && url.password === '';
}

/** External links the shell hands to the OS: only `tel:` and `mailto:` (and then only the support links). */
export function isExternalContactLink(url: string): boolean {
  return /^(tel:\+?[0-9]{3,20}|mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+)$/.test(url);
}
