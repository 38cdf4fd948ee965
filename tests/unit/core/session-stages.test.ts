/**
 * The pipeline runner with stages that wait on purpose (fake stages):
 * services, drives and printers run side by side, each reports its own step,
 * and the first error in step order wins.
 */
import { describe, expect, it } from 'vitest';
import { connectSession } from '../../../src/core/session/session';
import type { Stage, StageOutcome } from '../../../src/core/session/stage';
import { UserError } from '../../../src/shared/errors';
import type { StepEvent } from '../../../src/shared/session';
import { freshHome, fakeHelper, givenProfileStage, UP } from '../session/fakes';

/** A fake stage that waits until `release` is called, recording when it started. */
function gate(step: Stage['step'], started: string[], result: () => Promise<StageOutcome>) {
  let release!: () => void;
  const open = new Promise<void>((r) => (release = r));
  const stage: Stage<null> = {
    step,
    slice: null,
    async run() {
      started.push(step);
      await open;
      return result();
    },
    undo: async () => [],
  };
  return { stage, release };
}

describe('the later steps of a connect (fake stages, fake helper)', () => {
  it('start side by side, report each step, and return the first error in step order', async () => {
    const home = freshHome();
    const helper = await fakeHelper({ 'tunnel.status': () => ({ result: UP }) });
    const started: string[] = [];
    const events: string[] = [];
    const services = gate('services', started, async () => ({ ok: true }));
    const drives = gate('drives', started, async () => ({ ok: false, error: new UserError('drives.mapFailed', { letter: 'P', share: 's', detail: 'd' }).toData() }));
    const printers = gate('printers', started, async () => {
      throw new UserError('printers.addFailed', { name: 'Plotter', detail: 'x' });
    });
    const connecting = connectSession([givenProfileStage(), [services.stage, drives.stage, printers.stage]], {
      home,
      helper: { socketPath: helper.socketPath },
      onEvent: (e: StepEvent) => events.push(`${e.step}:${e.state}`),
    });
    // All three are running before any of them finished.
    await expect.poll(() => started.length).toBe(3);
    expect(events.filter((e) => e.endsWith(':running'))).toEqual(['profile:running', 'services:running', 'drives:running', 'printers:running']);
    // They finish in reverse order; the connect still reports the drives error (step order).
    printers.release();
    await expect.poll(() => events).toContain('printers:failed');
    drives.release();
    await expect.poll(() => events).toContain('drives:failed');
    services.release();
    const result = await connecting;
    expect(events.slice(-3)).toEqual(['printers:failed', 'drives:failed', 'services:ok']);
    expect(result.phase).toBe('degraded');
    expect(result.error?.code).toBe('drives.mapFailed');
    await helper.close();
  });
});
