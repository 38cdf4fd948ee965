/**
 * The `profile` stage: finds the profile a connect uses (a file given on the
 * command line, installed in the helper first without pinning, or the imported
 * one, which the helper has already) and hands it to the later stages. It
 * changes nothing the connect must undo: an installed profile stays installed.
 */
import { UserError } from '../../shared/errors';
import type { HelperClientOptions } from '../helper-client';
import { getActiveProfile, installInHelper, loadProfileFile, preimportOnFirstStart } from '../profile';
import type { LoadedProfile, Stage } from '../session/stage';

export interface ProfileSource {
  /** A `.hocprofile` to connect with instead of the imported one. */
  readonly file?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

/**
 * Loads and verifies `file`, or falls back to the imported profile; throws
 * UserError. `helper`: where a first start's pre-import installs the profile.
 */
export async function loadConnectProfile(source: ProfileSource, helper?: HelperClientOptions): Promise<LoadedProfile> {
  if (source.file !== undefined) {
    const verified = await loadProfileFile(source.file);
    const { privateKey, peer, ...tunnel } = verified.profile.tunnel;
    const { presharedKey, ...peerRest } = peer;
    return {
      profile: { ...verified.profile, tunnel: { ...tunnel, peer: peerRest } },
      fingerprint: verified.fingerprint,
      file: verified,
      secrets: [privateKey, ...(presharedKey ? [presharedKey] : [])],
    };
  }
  const opts = source.now ? { now: source.now() } : {};
  // First start after a silent install: the profile the installer left, signed by the key it pinned.
  const preimport = { env: source.env, ...opts, ...(helper ? { helper } : {}) };
  const active = (await getActiveProfile(source.env, opts)) ?? ((await preimportOnFirstStart(preimport)) ? await getActiveProfile(source.env, opts) : null);
  if (!active) throw new UserError('error.profile.notFound');
  return { profile: active.profile, fingerprint: active.fingerprint, secrets: [] };
}

/** The `profile` stage; `onLoaded` hears which profile the connect runs with. */
export function createProfileStage(source: ProfileSource, onLoaded?: (loaded: LoadedProfile) => void): Stage<null> {
  return {
    step: 'profile',
    slice: null,
    critical: true,
    async run(ctx) {
      const loaded = await loadConnectProfile(source, ctx.helper);
      // A file on the command line is installed in the helper first; it never pins a key (import does, after the comparison).
      if (loaded.file) await installInHelper(loaded.file, { helper: ctx.helper, firstPin: false });
      ctx.loaded = loaded;
      onLoaded?.(ctx.loaded);
      return { ok: true };
    },
    undo: async () => [],
  };
}
