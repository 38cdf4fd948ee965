/** The real runner (execa, no shell) with real programs: exit codes, stdin, and a hung program. */
import { describe, expect, it } from 'vitest';
import { execaRunner } from '../../../src/core/platform';

describe('execaRunner', () => {
  it('passes stdin, returns output and the exit code, and never uses a shell', async () => {
    const r = await execaRunner({ argv: ['sh', '-c', 'read a; echo "got $a"; echo oops >&2; exit 3'], stdin: 'x; rm -rf /\n' });
    expect(r).toEqual({ exitCode: 3, stdout: 'got x; rm -rf /', stderr: 'oops' });
    // An argument with shell syntax stays one argument.
    expect((await execaRunner({ argv: ['printf', '%s', '$(id) `id` ;id'] })).stdout).toBe('$(id) `id` ;id');
  });

  it('stops a program that hangs and says so in stderr (it leaves no message of its own)', async () => {
    const r = await execaRunner({ argv: ['sleep', '30'], timeoutMs: 300 });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toBe('sleep gave no answer within 300 ms and was stopped');
  });
});
