/**
 * Input checks every adapter runs itself, whatever core already checked: a
 * value that reaches an argv must be one of the few shapes we expect.
 */
import { UserError } from '../../shared/errors';
import { parsePrinterUri, type PrinterUri } from '../../shared/helper-protocol';
import { isDriveLetter, isPrinterName, parseShare as parseProfileShare } from '../../shared/profile/addresses';
import type { DriveSpec, OfficeAccount, ShareParts } from './types';

/** Splits `\\host\share[\folder…]` by the profile's one share rule (shared/profile); null for anything it refuses. */
export function parseShare(unc: string): ShareParts | null {
  const parsed = typeof unc === 'string' ? parseProfileShare(unc) : 'syntax';
  if (typeof parsed === 'string') return null;
  const [share, ...folders] = parsed.segments;
  return share === undefined ? null : { host: parsed.host, share, folders };
}

/** Checks a drive from the profile; throws `drives.invalid`. */
export function checkDrive(drive: DriveSpec): ShareParts {
  const letter = typeof drive.letter === 'string' ? drive.letter : '';
  const parts = isDriveLetter(letter) ? parseShare(drive.share) : null;
  if (!parts || typeof drive.label !== 'string' || /\p{Cc}/u.test(drive.label) || drive.label.length > 80) {
    throw new UserError('drives.invalid', { letter: letter.slice(0, 8) }, `refused drive ${JSON.stringify(drive).slice(0, 300)}`);
  }
  return parts;
}

/** The file name for a drive's link or mount point: `P - Projekte` (path separators and reserved characters replaced). */
export function driveFolderName(letter: string, label: string): string {
  const clean = label
    .replace(/[\p{Cc}/\\:*?"<>|]/gu, '-')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 80);
  return clean ? `${letter} - ${clean}` : letter;
}

const USER = /^[^\s\\/@%:*?"<>|[\]=,;+\p{Cc}]{1,64}$/u;
const DOMAIN = /^(?:[A-Za-z0-9][A-Za-z0-9.-]{0,62})?$/;

/** Checks the office sign-in; throws `account.invalid*`. Newlines would break the prompt answers on stdin. */
export function checkAccount(account: OfficeAccount): OfficeAccount {
  if (!USER.test(account.user)) throw new UserError('account.invalidUser');
  if (!DOMAIN.test(account.domain)) throw new UserError('account.invalidDomain');
  if (account.password.length === 0 || account.password.length > 256 || /\p{Cc}/u.test(account.password)) {
    throw new UserError('account.invalidPassword');
  }
  return account;
}

/** Checks a printer name; throws `printers.invalidName`. */
export function checkPrinterName(name: string): string {
  if (typeof name !== 'string' || !isPrinterName(name)) throw new UserError('printers.invalidName', { name: String(name).slice(0, 40) });
  return name;
}

/** Checks a printer URI by syntax; throws `printers.invalidUri`. */
export function checkPrinterUri(name: string, uri: string): PrinterUri {
  const parsed = typeof uri === 'string' ? parsePrinterUri(uri) : null;
  if (!parsed) throw new UserError('printers.invalidUri', { name: String(name).slice(0, 40) }, `refused URI ${JSON.stringify(String(uri).slice(0, 200))}`);
  return parsed;
}

/** The last lines of a program's output, for an error detail. */
export function tail(text: string, lines = 3): string {
  return text.trim().split('\n').slice(-lines).join(' | ').slice(0, 500);
}
