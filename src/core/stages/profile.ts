/**
 * The `profile` stage: finds the profile a connect uses (a file given on the
 * command line, or the imported one with its key from protected storage) and
 * hands it to the later stages. It changes nothing, so it has no undo.
 */
import { UserError } from '../../shared/errors';
import type { Profile, StoredProfile } from '../../shared/profile/types';
import { getActiveProfile, loadProfileFile, preimportOnFirstStart, type SecretStores } from '../profile';
import type { LoadedProfile, Stage } from '../session/stage';

export interface ProfileSource {
  /** A `.hocprofile` to connect with instead of the imported one. */
  readonly file?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly secrets?: SecretStores;
  readonly now?: () => Date;
}

/** A verified profile without its private key (the key travels beside it, never inside). */
function withoutKey(profile: Profile): StoredProfile {
  const { privateKey: _key, ...tunnel } = profile.tunnel;
  return { ...profile, tunnel };
}

/** Loads and verifies `file`, or falls back to the imported profile; throws UserError. */
export async function loadConnectProfile(source: ProfileSource): Promise<LoadedProfile> {
  if (source.file !== undefined) {
    const verified = await loadProfileFile(source.file);
    return { profile: withoutKey(verified.profile), privateKey: verified.profile.tunnel.privateKey, fingerprint: verified.fingerprint };
  }
  const opts = { ...(source.secrets ? { secrets: source.secrets } : {}), ...(source.now ? { now: source.now() } : {}) };
  // First start after a silent install: the profile the installer left, signed by the key it pinned.
  const active =
    (await getActiveProfile(source.env, opts)) ?? ((await preimportOnFirstStart({ env: source.env, ...opts })) ? await getActiveProfile(source.env, opts) : null);
  if (!active) throw new UserError('error.profile.notFound');
  return { profile: active.profile, privateKey: active.privateKey, fingerprint: active.fingerprint };
}

/** The `profile` stage; `onLoaded` hears which profile the connect runs with. */
export function createProfileStage(source: ProfileSource, onLoaded?: (loaded: LoadedProfile) => void): Stage<null> {
  return {
    step: 'profile',
    slice: null,
    critical: true,
    async run(ctx) {
      ctx.loaded = await loadConnectProfile(source);
      onLoaded?.(ctx.loaded);
      return { ok: true };
    },
    undo: async () => [],
  };
}
