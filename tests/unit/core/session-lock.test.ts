import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { withSessionLock } from '../../../src/core/session/lock';

describe('one session operation at a time', () => {
  it('runs a second operation only after the first has finished', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-lock-'));
    const order: string[] = [];
    const slow = withSessionLock(home, async () => {
      order.push('connect:start');
      await new Promise((r) => setTimeout(r, 300));
      order.push('connect:end');
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = withSessionLock(home, async () => order.push('disconnect'));
    await Promise.all([slow, second]);
    expect(order).toEqual(['connect:start', 'connect:end', 'disconnect']);
    expect(existsSync(join(home, 'session.lock'))).toBe(false);
  });
  it('takes over a lock whose owner died', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-lock-'));
    writeFileSync(join(home, 'session.lock'), '999999999');
    expect(await withSessionLock(home, async () => 'ran', 1000)).toBe('ran');
  });
  it('gives up with a clear error when another live process keeps it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-lock-'));
    writeFileSync(join(home, 'session.lock'), String(process.ppid));
    await expect(withSessionLock(home, async () => 'ran', 300)).rejects.toThrow(/still running/);
  });
});

describe('the lock under contention', () => {
  it('lets exactly one of many operations started at the same moment run at a time', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-lock-'));
    let inside = 0;
    let most = 0;
    const runs = Array.from({ length: 12 }, (_, i) =>
      withSessionLock(home, async () => {
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 5 + (i % 3)));
        inside -= 1;
        return i;
      }),
    );
    expect((await Promise.all(runs)).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(most).toBe(1);
    expect(readdirSync(home)).toEqual([]);
  });

  it('keeps processes that start together apart (real child processes)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-lock-'));
    const bundle = join(home, '..', `${basename(home)}-lock.mjs`);
    await build({
      stdin: {
        contents: `import { withSessionLock } from ${JSON.stringify(resolve('src/core/session/lock.ts'))};
import { appendFileSync } from 'node:fs';
const [home, log] = process.argv.slice(2);
await withSessionLock(home, async () => {
  appendFileSync(log, 'in ' + process.pid + '\\n');
  await new Promise((r) => setTimeout(r, 20));
  appendFileSync(log, 'out ' + process.pid + '\\n');
});`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'silent',
    });
    // Without an atomic lock file, eight processes that start together overlapped in about half of all rounds.
    for (let round = 0; round < 5; round += 1) {
      const log = join(home, '..', `${basename(home)}-${round}.log`);
      writeFileSync(log, '');
      const children = Array.from({ length: 8 }, () =>
        new Promise<number>((res) => spawn(process.execPath, [bundle, home, log], { stdio: 'ignore' }).on('exit', (c) => res(c ?? -1))),
      );
      expect(await Promise.all(children)).toEqual(Array(8).fill(0));
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(16);
      // Every "in" is directly followed by the same process's "out": no overlap.
      for (let i = 0; i < lines.length; i += 2) {
        expect(lines[i]).toMatch(/^in \d+$/);
        expect(lines[i + 1], `round ${round}: ${lines.join(', ')}`).toBe(lines[i]!.replace('in', 'out'));
      }
    }
    expect(readdirSync(home)).toEqual([]);
  });

  it('a stale lock left empty by an older version is taken over', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-lock-'));
    writeFileSync(join(home, 'session.lock'), '');
    expect(await withSessionLock(home, async () => 'ran', 1000)).toBe('ran');
    expect(readdirSync(home)).toEqual([]);
  });
});
