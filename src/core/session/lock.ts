/**
 * One session operation at a time per user: a second connect (or a
 * disconnect during a connect) waits for the first to finish instead of
 * racing it. The lock is a file holding the owner's pid; a lock whose owner
 * died (crash, kill) is taken over.
 *
 * The lock file appears atomically with its content: the pid is written to a
 * private temporary file first, which is then hard-linked to the lock path
 * (link(2) fails with EEXIST when the lock exists). A waiter therefore never
 * sees an empty lock it could mistake for a stale one. A stale lock is taken
 * over by renaming it aside (only one waiter wins the rename) and checking
 * that what was renamed is still the dead owner's lock.
 */
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(text: string): number | null {
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

let sequence = 0;

/** Tries once to create the lock with our pid in it; false when it exists. */
async function tryCreate(path: string, token: string): Promise<boolean> {
  const temp = `${path}.${token}`;
  await writeFile(temp, String(process.pid), { mode: 0o600 });
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(temp, { force: true });
  }
}

/** Removes a lock whose owner is dead; leaves a live one in place. */
async function breakStale(path: string, seen: string, token: string): Promise<void> {
  const aside = `${path}.stale.${token}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another waiter was quicker
    throw err;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== seen) {
    // Between our read and the rename a new owner took the lock: give it back.
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

/** Runs `work` while holding `$HOC_HOME/session.lock`; waits up to `waitMs` for another holder. */
export async function withSessionLock<T>(home: string, work: () => Promise<T>, waitMs = 120_000): Promise<T> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const path = join(home, 'session.lock');
  const token = `${process.pid}.${++sequence}`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await tryCreate(path, token)) break;
    const seen = await readFile(path, 'utf8').catch(() => null);
    if (seen === null) continue; // released between our attempt and the read
    const owner = ownerOf(seen);
    if (owner === null || !alive(owner)) {
      await breakStale(path, seen, token);
      continue;
    }
    if (Date.now() >= deadline) throw new Error(`another connect or disconnect (pid ${owner}) is still running`);
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
