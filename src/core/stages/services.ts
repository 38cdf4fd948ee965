/**
 * The `services` stage: runs every office check once the tunnel is up; fails
 * when any check fails (warnings pass). It changes nothing on the computer, so
 * it has no undo; the verdicts are stored for the diagnostics package.
 */
import type { CheckResult } from '../../shared/checks';
import { UserError } from '../../shared/errors';
import type { StoredProfile } from '../../shared/profile/types';
import type { TunnelStatus } from '../../shared/helper-protocol';
import { runChecks, stageError, type RunChecksOptions } from '../checks';
import { saveLastChecks } from '../checks/last-checks';
import type { Stage } from '../session/stage';
import { helperTunnelCalls } from './tunnel';

export interface ServicesStageOptions extends Omit<RunChecksOptions, 'tunnelStatus'> {
  /** Gets every result, for a UI or CLI that lists them. */
  readonly onResults?: (results: readonly CheckResult[]) => void;
  /** Runs the checks (default: core/checks with the tunnel's status). */
  readonly runChecks?: (profile: StoredProfile, status: TunnelStatus | undefined) => Promise<readonly CheckResult[]>;
}

/** The `services` stage. */
export function createServicesStage(opts: ServicesStageOptions = {}): Stage<null> {
  const { onResults, runChecks: run, ...checkOptions } = opts;
  return {
    step: 'services',
    slice: null,
    async run(ctx) {
      if (!ctx.loaded) throw new UserError('error.profile.notFound');
      // Fresh, for the handshake age: the first handshake may have completed since the tunnel came up.
      const status = await helperTunnelCalls.status(ctx.helper).catch(() => ctx.status);
      const inOffice = ctx.place === 'office';
      const results = run
        ? await run(ctx.loaded.profile, status)
        : await runChecks(ctx.loaded.profile, { ...checkOptions, ...(status ? { tunnelStatus: status } : {}), ...(inOffice ? { inOffice } : {}) });
      onResults?.(results);
      await saveLastChecks(ctx.home, results).catch(() => undefined);
      const error = stageError(results);
      return error ? { ok: false, error } : { ok: true };
    },
    undo: async () => [],
  };
}
