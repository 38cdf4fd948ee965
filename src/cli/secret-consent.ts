/** The CLI's side of "no keychain: store the secret in a file?" — the answer is the `--store-in-file` flag. */
import { asUserError } from '../shared/errors';
import { t } from '../shared/i18n';
import { EXIT, type CliIo } from './io';

/** The option both `hoc profile import` and `hoc account set` take (parseArgs form). */
export const STORE_IN_FILE_OPTION = { 'store-in-file': { type: 'boolean', default: false } } as const;

/**
 * For the refusal of a secret without a keychain (`secret.fileConsentNeeded`):
 * prints what storing in a file would mean and how to agree, and returns
 * EXIT.noKeychain. Null for any other error.
 */
export function refusedWithoutKeychain(io: CliIo, err: unknown): number | null {
  const e = asUserError(err);
  if (e.code !== 'secret.fileConsentNeeded') return null;
  io.err(e.localized(io.lang));
  io.err(t(io.lang, 'secret.cli.storeInFileHint'));
  return EXIT.noKeychain;
}
