/**
 * The pipeline runner (`src/core/session/session.ts`) with stages written for
 * the test (each records what it was asked) and a fake helper on a real
 * socket: what a connect returns when a stage fails or throws, how the record
 * is merged, the order of undo, what disconnect reports, and heal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError, type UserErrorData } from '../../../src/shared/errors';
import type { StepEvent } from '../../../src/shared/session';
import { connectSession, disconnectSession, healSession } from '../../../src/core/session/session';
import type { Pipeline, Stage } from '../../../src/core/session/stage';
import { DOWN, UP, fakeHelper, freshHome, givenProfileStage, helperDown, recordOnDisk, type FakeHelper } from './fakes';

const helpers: FakeHelper[] = [];
afterEach(async () => {
  for (const h of helpers.splice(0)) await h.close();
});

async function helperWith(status: unknown): Promise<FakeHelper> {
  const h = await fakeHelper({ 'tunnel.status': () => ({ result: status }) });
  helpers.push(h);
  return h;
}

/** A test stage on the drives slice: run adds its letter to the record; undo removes it (or fails); `log` gets what happened. */
function letterStage(letter: string, log: string[], opts: { run?: 'ok' | 'fail' | 'throw' | 'skip'; undo?: 'ok' | 'fail' | 'throw'; heal?: 'ok' | 'throw'; critical?: boolean } = {}): Stage<'drives'> {
  return {
    step: 'drives',
    slice: 'drives',
    ...(opts.critical ? { critical: true } : {}),
    async run(_ctx, record) {
      log.push(`run ${letter}`);
      if (opts.run === 'throw') throw new UserError('drives.mapFailed', { letter, detail: 'thrown' });
      await record.update((s) => [...s, { letter, owner: 'ours' }]);
      if (opts.run === 'fail') return { ok: false, error: new UserError('drives.mapFailed', { letter, detail: 'failed' }).toData() };
      return opts.run === 'skip' ? { ok: true, skipped: true } : { ok: true };
    },
    async undo(record) {
      log.push(`undo ${letter}`);
      if (opts.undo === 'throw') throw new UserError('drives.unmapFailed', { letter, detail: 'thrown' });
      if (opts.undo === 'fail') return [new UserError('drives.unmapFailed', { letter, detail: 'busy' }).toData()];
      await record.update((s) => s.filter((d) => d.letter !== letter));
      return [];
    },
    ...(opts.heal
      ? {
          async heal(_ctx, record) {
            log.push(`heal ${letter} (${(await record.read()).map((d) => d.letter).join(',')})`);
            if (opts.heal === 'throw') throw new UserError('drives.mapFailed', { letter, detail: 'heal' });
            return [];
          },
        }
      : {}),
  };
}

/** A stage that fails without saying why. */
const silentFailure: Stage<null> = { step: 'services', slice: null, run: async () => ({ ok: false }), undo: async () => [] };

describe('connect', () => {
  it('ends with error at a critical stage, at home and down when no stage said otherwise, and skips the rest', async () => {
    const home = freshHome();
    const log: string[] = [];
    const events: StepEvent[] = [];
    const helper = await helperWith(UP);
    const pipeline: Pipeline = [givenProfileStage(), letterStage('P', log, { run: 'fail', critical: true }), [letterStage('Q', log)]];
    const r = await connectSession(pipeline, { home, helper: { socketPath: helper.socketPath }, onEvent: (e) => events.push(e) });
    expect(r).toMatchObject({ phase: 'error', place: 'home', status: { state: 'down' }, error: { code: 'drives.mapFailed', params: { letter: 'P' } }, org: { id: 'buero-mueller' } });
    expect(log).toEqual(['run P']);
    expect(events.map((e) => `${e.step}:${e.state}`)).toEqual(['profile:running', 'profile:ok', 'drives:running', 'drives:failed', 'drives:skipped']);
    // The record keeps what the failed stage wrote.
    expect(recordOnDisk(home)?.drives.map((d) => d.letter)).toEqual(['P']);
  });

  it('turns a stage that throws into its failure, and one that fails silently into error.internal naming the step', async () => {
    const home = freshHome();
    const helper = await helperWith(UP);
    const thrown = await connectSession([givenProfileStage(), letterStage('P', [], { run: 'throw' })], { home, helper: { socketPath: helper.socketPath } });
    expect(thrown).toMatchObject({ phase: 'degraded', error: { code: 'drives.mapFailed', params: { detail: 'thrown' } } });
    const silent = await connectSession([givenProfileStage(), silentFailure], { home, helper: { socketPath: helper.socketPath } });
    expect(silent).toMatchObject({ phase: 'degraded', error: { code: 'error.internal', params: { detail: 'services failed' } } });
  });

  it('is degraded with the first error in step order and the helper\'s status; a skipped stage is not a failure', async () => {
    const home = freshHome();
    const events: StepEvent[] = [];
    const helper = await helperWith(UP);
    const r = await connectSession([givenProfileStage(), letterStage('O', [], { run: 'skip' }), [letterStage('P', [], { run: 'fail' }), letterStage('Q', [], { run: 'throw' })]], {
      home,
      helper: { socketPath: helper.socketPath },
      onEvent: (e) => events.push(e),
    });
    expect(r).toMatchObject({ phase: 'degraded', place: 'home', status: { state: 'up' }, error: { params: { letter: 'P' } } });
    expect(events.filter((e) => e.state !== 'running').map((e) => e.state)).toEqual(['ok', 'skipped', 'failed', 'failed']);
  });

  it('is ready with the helper\'s status, or down when the helper cannot be asked at the end', async () => {
    const home = freshHome();
    const helper = await helperWith(UP);
    expect(await connectSession([givenProfileStage(), letterStage('P', [])], { home, helper: { socketPath: helper.socketPath } })).toMatchObject({
      phase: 'ready',
      place: 'home',
      status: { state: 'up', interface: 'hoc0' },
      org: { id: 'buero-mueller', name: expect.any(String) },
    });
    expect(await connectSession([givenProfileStage(), letterStage('Q', [])], { home: freshHome(), helper: { socketPath: helperDown() } })).toMatchObject({
      phase: 'ready',
      status: { state: 'down' },
    });
  });

  it('names no org when the profile stage failed', async () => {
    const noProfile: Stage<null> = { step: 'profile', slice: null, critical: true, run: async () => ({ ok: false, error: new UserError('error.profile.notFound').toData() }), undo: async () => [] };
    const r = await connectSession([noProfile, letterStage('P', [])], { home: freshHome(), helper: { socketPath: helperDown() } });
    expect(r).toMatchObject({ phase: 'error', org: null, error: { code: 'error.profile.notFound' } });
  });

  it('merges into the record of an earlier connect once the profile is loaded: entries kept, org and time renewed', async () => {
    const home = freshHome();
    const old = { version: 2, orgId: 'buero-mueller', orgName: 'Alter Name', connectedAt: '2026-11-01T08:00:00.000Z', tunnel: null, drives: [{ letter: 'X', owner: 'ours' }], printers: [] };
    writeFileSync(join(home, 'session.json'), JSON.stringify(old));
    const seen: (string | undefined)[] = [];
    const peek: Stage<null> = { step: 'dns', slice: null, run: async () => (seen.push(recordOnDisk(home)?.orgName), { ok: true }), undo: async () => [] };
    const helper = await helperWith(UP);
    await connectSession([givenProfileStage(), peek, letterStage('P', [])], { home, helper: { socketPath: helper.socketPath } });
    const r = recordOnDisk(home)!;
    expect(seen).toEqual(['Architekturbüro Müller']);
    expect(r.orgName).toBe('Architekturbüro Müller');
    expect(r.connectedAt).not.toBe(old.connectedAt);
    expect(r.drives.map((d) => d.letter)).toEqual(['X', 'P']);
  });
});

describe('disconnect', () => {
  it('undoes the last stage first, a group side by side, and keeps going past an undo that fails or throws', async () => {
    const home = freshHome();
    const log: string[] = [];
    const helper = await helperWith(UP);
    const pipeline: Pipeline = [givenProfileStage(), letterStage('P', log, { undo: 'throw' }), [letterStage('Q', log, { undo: 'fail' }), letterStage('R', log)], letterStage('S', log)];
    await connectSession(pipeline, { home, helper: { socketPath: helper.socketPath } });
    log.length = 0;
    const r = await disconnectSession(pipeline, { home, helper: { socketPath: helper.socketPath } });
    expect(log).toEqual(['undo S', 'undo Q', 'undo R', 'undo P']);
    expect(r.errors.map((e: UserErrorData) => `${e.code} ${String(e.params?.letter)} ${String(e.params?.detail)}`)).toEqual(['drives.unmapFailed Q busy', 'drives.unmapFailed P thrown']);
    expect(r.wasConnected).toBe(true);
    // What could not be undone stays recorded for the next try.
    expect(recordOnDisk(home)?.drives.map((d) => d.letter)).toEqual(['P', 'Q']);
  });

  it('says it was connected when a record was there, or the tunnel is up, and not otherwise', async () => {
    const up = await helperWith(UP);
    const down = await helperWith(DOWN);
    const stages: Pipeline = [letterStage('P', [])];
    expect((await disconnectSession(stages, { home: freshHome(), helper: { socketPath: down.socketPath } })).wasConnected).toBe(false);
    expect((await disconnectSession(stages, { home: freshHome(), helper: { socketPath: helperDown() } })).wasConnected).toBe(false);
    expect((await disconnectSession(stages, { home: freshHome(), helper: { socketPath: up.socketPath } })).wasConnected).toBe(true);
    const home = freshHome();
    await connectSession([givenProfileStage(), letterStage('P', [])], { home, helper: { socketPath: helperDown() } });
    expect((await disconnectSession(stages, { home, helper: { socketPath: down.socketPath } })).wasConnected).toBe(true);
  });
});

describe('heal', () => {
  it('does nothing without a record, and otherwise asks each stage with a heal, in order, reporting what it could not put back', async () => {
    const log: string[] = [];
    const empty = freshHome();
    expect(await healSession([letterStage('P', log, { heal: 'ok' })], { home: empty, helper: { socketPath: helperDown() } })).toEqual([]);
    expect(log).toEqual([]);
    const home = freshHome();
    const pipeline: Pipeline = [givenProfileStage(), letterStage('P', log, { heal: 'throw' }), [letterStage('Q', log), letterStage('R', log, { heal: 'ok' })]];
    await connectSession(pipeline, { home, helper: { socketPath: helperDown() } });
    log.length = 0;
    const errors = await healSession(pipeline, { home, helper: { socketPath: helperDown() } });
    expect(log).toEqual(['heal P (P,Q,R)', 'heal R (P,Q,R)']);
    expect(errors).toMatchObject([{ code: 'drives.mapFailed', params: { detail: 'heal' } }]);
  });
});
