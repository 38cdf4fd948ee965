/**
 * The `tunnel` stage: asks the helper to bring the tunnel up, with the entry
 * written first. The entry is withdrawn only when the helper proves nothing
 * changed; undo asks the helper to take the tunnel down and forgets the entry
 * once it did.
 */
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import type { MessageKey } from '../../shared/i18n';
import type { TunnelStatus } from '../../shared/helper-protocol';
import { callHelper, type HelperClientOptions } from '../helper-client';
import type { LoadedProfile, Stage } from '../session/stage';
import { proveOffice, type OfficeProof, type OfficeProofInput } from '../office/proof';

/** Answers that mean the helper refused before touching anything. */
const REFUSED_BEFORE_CHANGE: readonly MessageKey[] = ['error.tunnel.ownedByOther', 'error.helper.denied', 'error.helper.badRequest'];

/** How the stage reaches the helper (tests pass a fake helper's socket through `helper`). */
export interface TunnelCalls {
  up(loaded: LoadedProfile, helper: HelperClientOptions): Promise<TunnelStatus>;
  down(helper: HelperClientOptions): Promise<TunnelStatus>;
  status(helper: HelperClientOptions): Promise<TunnelStatus>;
}

/** The helper protocol's tunnel commands. */
export const helperTunnelCalls: TunnelCalls = {
  // The helper renders the tunnel from its installed, signed copy; nothing of the tunnel travels here.
  up: (loaded, helper) => callHelper({ cmd: 'tunnel.up', org: loaded.profile.org.id }, helper),
  down: (helper) => callHelper({ cmd: 'tunnel.down' }, helper),
  status: (helper) => callHelper({ cmd: 'tunnel.status' }, helper),
};

/** Proves the office for a profile (default: proveOffice; tests pass a fake). */
export type OfficeProver = (input: OfficeProofInput) => Promise<OfficeProof>;

/**
 * The `tunnel` stage (critical: without the tunnel nothing later can work).
 * A profile with an office proof is proven first: in the office the stage is
 * skipped and the later stages work directly on the LAN (docs/office.md).
 */
export function createTunnelStage(calls: TunnelCalls = helperTunnelCalls, prove: OfficeProver = proveOffice): Stage<'tunnel'> {
  return {
    step: 'tunnel',
    slice: 'tunnel',
    critical: true,
    async run(ctx, record) {
      if (!ctx.loaded) throw new UserError('error.profile.notFound');
      const office = ctx.loaded.profile.office;
      ctx.place = office ? (await prove({ office, tunnelAddresses: ctx.loaded.profile.tunnel.address })).place : 'home';
      if (ctx.place === 'office') return { ok: true, skipped: true };
      const before = await record.read();
      await record.update((earlier) => earlier ?? { requestedAt: new Date().toISOString() });
      try {
        ctx.status = await calls.up(ctx.loaded, ctx.helper);
        return { ok: true };
      } catch (err) {
        const error = asUserError(err);
        // Our own earlier entry stays whatever happened; a new one goes only when provably nothing is up.
        if (before === null && (REFUSED_BEFORE_CHANGE.includes(error.code) || (await isDown(calls, ctx.helper)))) await record.update(() => null);
        return { ok: false, error: error.toData() };
      }
    },
    async undo(record, ctx): Promise<UserErrorData[]> {
      const entry = await record.read();
      try {
        await calls.down(ctx.helper);
      } catch (err) {
        const error = asUserError(err);
        // Without an entry there is nothing of ours to take down: a helper that is away or a foreign tunnel is no failure.
        if (entry === null) return [];
        // Another user's tunnel now: ours is gone already; say so once and forget the entry.
        if (error.code === 'error.tunnel.ownedByOther') await record.update(() => null);
        return [error.toData()];
      }
      await record.update(() => null);
      return [];
    },
  };
}

async function isDown(calls: TunnelCalls, helper: HelperClientOptions): Promise<boolean> {
  return calls.status(helper).then(
    (s) => s.state === 'down',
    () => false,
  );
}
