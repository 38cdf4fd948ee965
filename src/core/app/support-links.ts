/**
 * `tel:` and `mailto:` links for the IT service, built by the app from the
 * profile's validated values — never a URL taken from a file or a link.
 */
import type { ProfileSupport } from '../../shared/profile/types';
import type { SupportView } from '../../shared/ipc';

const PHONE_CHARS = /^\+?[0-9 ()/.-]{3,40}$/;
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/;

/** `tel:+496211234567` from a printed number; null when it is not a phone number. */
export function telHref(phone: string): string | null {
  if (!PHONE_CHARS.test(phone.trim())) return null;
  const digits = phone.trim().replace(/[ ()/.-]/g, '');
  return /^\+?[0-9]{3,20}$/.test(digits) ? `tel:${digits}` : null;
}

/** `mailto:hilfe@example.org`; null when the address is not a plain mail address. */
export function mailtoHref(email: string): string | null {
  return EMAIL.test(email) ? `mailto:${email}` : null;
}

/** The support contact with its links, for the UI. */
export function supportView(support: ProfileSupport): SupportView {
  return { ...support, telHref: telHref(support.phone), mailtoHref: mailtoHref(support.email) };
}

/** True when `url` is exactly one of the support links of `support` (what main may open outside). */
export function isSupportLink(url: string, support: ProfileSupport | null | undefined): boolean {
  if (!support) return false;
  return url === telHref(support.phone) || url === mailtoHref(support.email);
}
