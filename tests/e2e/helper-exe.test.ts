/**
 * The helper as it ships: one executable (Node single-executable application,
 * built by scripts/build-helper-exe.mjs), started the way the installers'
 * services start it. It must serve connect, status and disconnect exactly like
 * the Node bundle the other lab tests use.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endsClean, expectClean, startsClean } from './clean';
import { employee, ensureOfficeAccount, inLab, labSh, profilePath, repo } from './lab';

const anna = employee('hocuser');
const exe = join(repo, 'out/helper-bin/hoc-helper');

async function restartHelper(env: Record<string, string>): Promise<void> {
  await execa(labSh, ['helper-stop'], { reject: false, stdin: 'ignore' });
  const r = await execa(labSh, ['helper-start'], { reject: false, all: true, stdin: 'ignore', env });
  if (r.exitCode !== 0) throw new Error(`helper-start failed: ${r.all}`);
}

beforeAll(async () => {
  await startsClean(anna);
  const built = await execa('node', [join(repo, 'scripts/build-helper-exe.mjs')], { reject: false, all: true, stdin: 'ignore' });
  if (built.exitCode !== 0) throw new Error(`building the helper executable failed: ${built.all}`);
  await restartHelper({ HOC_LAB_HELPER_EXE: exe });
  await ensureOfficeAccount(anna);
}, 180_000);

afterAll(async () => {
  await restartHelper({});
  await endsClean(anna, { forgetAccount: true });
});

describe('the packaged helper executable', () => {
  it('runs as its own executable (no node command) and serves the spine: connect, status, disconnect', async () => {
    const ps = await inLab('home', ['ps', '-o', 'args=', '-C', 'hoc-helper']);
    expect(ps.stdout).toContain(`${exe} --socket`);
    const c = await anna.hoc(['connect', '--profile', profilePath]);
    expect(c.exitCode, c.all).toBe(0);
    const s = JSON.parse((await anna.hoc(['status', '--json'])).stdout);
    expect(s).toMatchObject({ connected: true, interface: 'hoc0' });
    expect(s.rxBytes).toBeGreaterThan(0);
    const d = await anna.hoc(['disconnect']);
    expect(d.exitCode, d.all).toBe(0);
    await expectClean([anna.home]);
  });
});
