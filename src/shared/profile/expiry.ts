/** When the app starts telling the employee that their profile runs out (one rule for the app and the CLI). */
import type { MessageKey, MessageParams } from '../i18n';

/** Days before `expiresAt` from which the app warns. */
export const EXPIRY_WARNING_DAYS = 30;

const DAY = 86_400_000;

/**
 * The warning to show for a profile expiring within 30 days (key and parameters for the
 * catalogue, with the support name and phone in it), or null when there is more time or it
 * has already expired (then the profile is refused with its own message).
 */
export function expiryWarning(
  profile: { readonly expiresAt: string; readonly support: { readonly name: string; readonly phone: string } },
  now: Date,
  date: string = profile.expiresAt.slice(0, 10),
): { key: MessageKey; params: MessageParams; days: number } | null {
  const left = Date.parse(profile.expiresAt) - now.getTime();
  if (!Number.isFinite(left) || left <= 0 || left > EXPIRY_WARNING_DAYS * DAY) return null;
  const days = Math.floor(left / DAY);
  const params = { days, date, support: profile.support.name, phone: profile.support.phone };
  return { key: days === 0 ? 'profile.expiry.today' : 'profile.expiry.soon', params, days };
}
