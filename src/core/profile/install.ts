/**
 * Handing a verified profile to the helper (`profile.install`): the helper
 * verifies signature, pin and serial again on its side and keeps the tunnel
 * material, the WireGuard keys included, where only root can read it.
 */
import { UserError } from '../../shared/errors';
import { EnvelopeWireSchema, HELPER_MAX_ENVELOPE_PAYLOAD_CHARS, type EnvelopeWire, type ProfileResult } from '../../shared/helper-protocol';
import { callProfileHelper, type HelperClientOptions } from '../helper-client';
import type { VerifiedProfile } from './verify';

/** The envelope of a verified profile as the helper receives it (the file's JSON object). */
export function envelopeWire(vp: VerifiedProfile): EnvelopeWire {
  const value = JSON.parse(new TextDecoder().decode(vp.raw)) as { payload?: unknown };
  if (typeof value.payload === 'string' && value.payload.length > HELPER_MAX_ENVELOPE_PAYLOAD_CHARS) {
    throw new UserError('error.helper.profileTooLarge', { max: HELPER_MAX_ENVELOPE_PAYLOAD_CHARS }, `payload ${value.payload.length} characters`);
  }
  const wire = EnvelopeWireSchema.safeParse(value);
  // verifyProfileBytes already accepted this envelope; the wire schema is the same shape.
  if (!wire.success) throw new UserError('error.internal', { detail: 'envelope does not fit the helper protocol' });
  return wire.data;
}

/**
 * Installs the profile in the helper. `firstPin` only after the user compared
 * the fingerprint (import); a connect with a file passes false, so it never pins.
 */
export async function installInHelper(
  vp: VerifiedProfile,
  opts: { readonly helper: HelperClientOptions; readonly firstPin: boolean },
): Promise<Extract<ProfileResult, { kind: 'profile.installed' }>> {
  const result = await callProfileHelper({ cmd: 'profile.install', envelope: envelopeWire(vp), firstPin: opts.firstPin }, opts.helper);
  if (result.kind !== 'profile.installed' || result.orgId !== vp.profile.org.id) {
    throw new UserError('error.helper.protocol', { detail: 'install answered for another profile' });
  }
  return result;
}

/** Removes the caller's installed profile of `orgId` from the helper; true when there was one. */
export async function removeFromHelper(orgId: string, helper: HelperClientOptions): Promise<boolean> {
  const result = await callProfileHelper({ cmd: 'profile.remove', org: orgId }, helper);
  return result.kind === 'profile.removed' && result.removed;
}
