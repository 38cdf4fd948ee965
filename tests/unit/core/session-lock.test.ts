import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
