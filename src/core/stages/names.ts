/**
 * The `names` stage (step `dns`): waits until a company name resolves through
 * the tunnel's DNS settings — the first handshake may still be under way. It
 * changes nothing, so it has no undo; a failure degrades the connect.
 */
import { lookup } from 'node:dns/promises';
import { UserError } from '../../shared/errors';
import { companyName } from '../../shared/profile/addresses';
import type { Stage } from '../session/stage';

export interface NamesStageOptions {
  /** Resolves a name through the system resolver (tests may point it elsewhere). */
  readonly resolve?: (name: string) => Promise<string>;
  /** How long to keep retrying while the first handshake completes. */
  readonly waitMs?: number;
}

async function systemResolve(name: string): Promise<string> {
  return (await lookup(name)).address;
}

/** The `dns` stage. */
export function createNamesStage(opts: NamesStageOptions = {}): Stage<null> {
  return {
    step: 'dns',
    slice: null,
    async run(ctx) {
      if (!ctx.loaded) throw new UserError('error.profile.notFound');
      const name = companyName(ctx.loaded.profile);
      const resolve = opts.resolve ?? systemResolve;
      const deadline = Date.now() + (opts.waitMs ?? 8000);
      for (;;) {
        try {
          await resolve(name);
          return { ok: true };
        } catch (err) {
          if (Date.now() >= deadline) {
            const detail = err instanceof Error ? err.message : String(err);
            throw new UserError('error.dns.failed', { name, detail }, detail);
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
    undo: async () => [],
  };
}
