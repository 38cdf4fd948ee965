/** Executes a platform plan: files written with their mode, argv run without a shell, through the platform's system access. */
import type { Step, SystemAccess } from './platform/types';

/** Output of a failed step, for the error detail. */
export class StepFailed extends Error {
  constructor(readonly argv: readonly string[], readonly output: string) {
    super(`${argv.join(' ')} failed: ${output}`);
  }
}

/** Runs the steps in order; stops at the first failure unless the step allows it. */
export async function runPlan(steps: readonly Step[], system: SystemAccess, log: (line: string) => void): Promise<void> {
  for (const step of steps) {
    switch (step.kind) {
      case 'write-file':
        log(`write ${step.path} (mode ${step.mode.toString(8)})`);
        await system.writeFile(step.path, step.content, step.mode);
        break;
      case 'remove-file':
        log(`remove ${step.path}`);
        await system.removeFile(step.path);
        break;
      case 'run': {
        log(`run ${step.argv.join(' ')}`);
        const result = await system.run(step.argv, { timeoutMs: 30_000, detached: true });
        if (result.exitCode !== 0 && !step.ignoreFailure) {
          throw new StepFailed(step.argv, result.all.trim().split('\n').slice(-5).join(' | '));
        }
        break;
      }
    }
  }
}
