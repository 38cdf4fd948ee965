/** Finds the profile a connect uses: a file given on the command line, or the imported one. */
import { UserError } from '../../shared/errors';
import { getActiveProfile, loadProfileFile, preimportOnFirstStart } from '../profile';
import type { ConnectProfile } from './session';

export interface ProfileForConnect {
  readonly profile: ConnectProfile;
  readonly privateKey: string;
  readonly fingerprint: string;
  /** What the expiry warning needs (shared/profile expiryWarning). */
  readonly expiry: { readonly expiresAt: string; readonly support: { readonly name: string; readonly phone: string } };
}

/** Loads and verifies `file`, or falls back to the imported profile; throws UserError. */
export async function resolveConnectProfile(file: string | undefined, env: NodeJS.ProcessEnv): Promise<ProfileForConnect> {
  if (file !== undefined) {
    const verified = await loadProfileFile(file);
    const p = verified.profile;
    return { profile: p, privateKey: p.tunnel.privateKey, fingerprint: verified.fingerprint, expiry: { expiresAt: p.expiresAt, support: p.support } };
  }
  // First start after a silent install: the profile the installer left, signed by the key it pinned.
  const active = (await getActiveProfile(env)) ?? ((await preimportOnFirstStart({ env })) ? await getActiveProfile(env) : null);
  if (!active) throw new UserError('error.profile.notFound');
  const p = active.profile;
  return { profile: p, privateKey: active.privateKey, fingerprint: active.fingerprint, expiry: { expiresAt: p.expiresAt, support: p.support } };
}
