/** Finds the profile a connect uses: a file given on the command line, or the imported one. */
import { UserError } from '../../shared/errors';
import { getActiveProfile, loadProfileFile } from '../profile';
import type { ConnectProfile } from './session';

export interface ProfileForConnect {
  readonly profile: ConnectProfile;
  readonly privateKey: string;
  readonly fingerprint: string;
}

/** Loads and verifies `file`, or falls back to the imported profile; throws UserError. */
export async function resolveConnectProfile(file: string | undefined, env: NodeJS.ProcessEnv): Promise<ProfileForConnect> {
  if (file !== undefined) {
    const verified = await loadProfileFile(file);
    return { profile: verified.profile, privateKey: verified.profile.tunnel.privateKey, fingerprint: verified.fingerprint };
  }
  const active = await getActiveProfile(env);
  if (!active) throw new UserError('error.profile.notFound');
  return { profile: active.profile, privateKey: active.privateKey, fingerprint: active.fingerprint };
}
