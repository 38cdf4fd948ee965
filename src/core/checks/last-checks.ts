/** The latest check verdicts, kept in `$HOC_HOME/last-checks.json` for the diagnostics package. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult } from '../../shared/checks';

/** Stores the verdicts of one run of the checks (connect and `hoc check` alike). */
export async function saveLastChecks(home: string, results: readonly CheckResult[], at: Date = new Date()): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  await writeFile(join(home, 'last-checks.json'), JSON.stringify({ at: at.toISOString(), results }, null, 2), { mode: 0o600 });
}
