/**
 * One session operation at a time per user: a second connect (or a
 * disconnect during a connect) waits for the first to finish instead of
 * racing it. The lock is a file holding the owner's pid; a lock whose owner
 * died (crash, kill) is taken over.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `work` while holding `$HOC_HOME/session.lock`; waits up to `waitMs` for another holder. */
export async function withSessionLock<T>(home: string, work: () => Promise<T>, waitMs = 120_000): Promise<T> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const path = join(home, 'session.lock');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (!Number.isInteger(owner) || owner <= 0 || !alive(owner)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() >= deadline) throw new Error(`another connect or disconnect (pid ${owner}) is still running`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
