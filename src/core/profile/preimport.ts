/**
 * The first start after a silent install: the installer left `profile.hocprofile` and
 * `company-key.txt` (the company key to pin, written by `hoc admin installer-files`) in the
 * pre-import folder. When nothing is imported yet, the profile is imported — only if the
 * company key signed it. An existing import (and its pin) is never replaced this way.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../shared/errors';
import { preimportDir } from '../paths';
import { importProfile, listProfiles, type ImportResult, type StoreOptions } from './store';
import { verifyProfileBytes } from './verify';

export const PREIMPORT_PROFILE_FILE = 'profile.hocprofile';
export const PREIMPORT_KEY_FILE = 'company-key.txt';

/** Reads the pinned key file: the base64 raw key on its first non-comment line. */
export function parseCompanyKeyFile(text: string, file: string): string {
  const line = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('#'));
  if (!line || !/^[A-Za-z0-9+/]{43}=$/.test(line)) throw new UserError('profile.preimport.keyFile', { file });
  return line;
}

/** Imports the pre-installed profile on first start; null when there is none or something is imported already. */
export async function preimportOnFirstStart(opts: StoreOptions & { dir?: string } = {}): Promise<(ImportResult & { orgName: string }) | null> {
  const dir = opts.dir ?? preimportDir(opts.env);
  const read = (name: string) => readFile(join(dir, name)).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
  const [profileBytes, keyBytes] = await Promise.all([read(PREIMPORT_PROFILE_FILE), read(PREIMPORT_KEY_FILE)]);
  if (!profileBytes) return null;
  if ((await listProfiles(opts)).length > 0) return null;
  const keyFile = join(dir, PREIMPORT_KEY_FILE);
  if (!keyBytes) throw new UserError('profile.preimport.keyFile', { file: keyFile });
  const pinned = parseCompanyKeyFile(keyBytes.toString('utf8'), keyFile);
  const verified = verifyProfileBytes(profileBytes, { now: opts.now ?? new Date() });
  if (verified.orgKey !== pinned) throw new UserError('profile.preimport.otherKey', { org: verified.profile.org.name, fingerprint: verified.fingerprint });
  return { ...(await importProfile(verified, opts)), orgName: verified.profile.org.name };
}
