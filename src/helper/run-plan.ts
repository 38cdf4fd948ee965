/** Executes a platform plan: files written with their mode, argv run through execa, never a shell. */
import { chmod, rm, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import type { Step } from './platform/types';

/** Output of a failed step, for the error detail. */
export class StepFailed extends Error {
  constructor(readonly argv: readonly string[], readonly output: string) {
    super(`${argv.join(' ')} failed: ${output}`);
  }
}

/** Runs the steps in order; stops at the first failure unless the step allows it. */
export async function runPlan(steps: readonly Step[], log: (line: string) => void): Promise<void> {
  for (const step of steps) {
    switch (step.kind) {
      case 'write-file':
        log(`write ${step.path} (mode ${step.mode.toString(8)})`);
        await writeFile(step.path, step.content, { mode: step.mode });
        await chmod(step.path, step.mode);
        break;
      case 'remove-file':
        log(`remove ${step.path}`);
        await rm(step.path, { force: true });
        break;
      case 'run': {
        const [file, ...args] = step.argv;
        if (!file) throw new Error('empty argv');
        log(`run ${step.argv.join(' ')}`);
        // Own process group: wireguard-go (forked by wg-quick) must outlive a helper restart.
        const result = await execa(file, args, { reject: false, all: true, stdin: 'ignore', timeout: 30_000, detached: true });
        if (result.exitCode !== 0 && !step.ignoreFailure) {
          throw new StepFailed(step.argv, (result.all ?? '').trim().split('\n').slice(-5).join(' | '));
        }
        break;
      }
    }
  }
}
