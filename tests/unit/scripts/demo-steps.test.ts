/**
 * How scripts/demo.sh ends: its step functions (scripts/lib/demo-steps.sh) run in real bash, with
 * real commands as steps and a teardown that records its call instead of taking a lab down (the lab
 * run of `scripts/demo.sh --no-wait` does the real one). And shellcheck finds nothing in either file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = join(__dirname, '../../..');
const lib = join(repo, 'scripts/lib/demo-steps.sh');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hoc-demo-steps-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A demo script: the library, a recording teardown, then `body`. */
function script(body: string, teardownExit = 0): string {
  return [
    'set -uo pipefail',
    `source ${JSON.stringify(lib)}`,
    `demo_teardown() { echo "$1" >>${JSON.stringify(join(dir, 'teardown'))}; return ${teardownExit}; }`,
    body,
  ].join('\n');
}

function run(body: string, teardownExit = 0) {
  const r = spawnSync('bash', ['-c', script(body, teardownExit)], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr, teardown: teardownCalls() };
}

function teardownCalls(): string[] {
  const file = join(dir, 'teardown');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: () => boolean, label: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (what()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${label}`);
}

describe('scripts/demo.sh: how the demo ends', () => {
  it('a failed connect ends the demo with the step named and its exit code, the office taken down, later steps not run', () => {
    const r = run(`
      demo_init explore
      demo_step building true
      demo_office_started
      demo_step "hoc connect" bash -c 'echo "connect: degraded"; exit 3'
      demo_step "hoc status" touch after-connect
      demo_finish
      echo "everything works"`);
    expect(r.code).toBe(3);
    expect(r.err).toContain("demo: FAILED at step 'hoc connect' (exit 3)");
    expect(r.out).not.toContain('everything works');
    expect(existsSync(join(dir, 'after-connect'))).toBe(false);
    expect(r.teardown).toEqual(['failed']);
  });

  it('a good run keeps the office up for exploring (no teardown), exit 0', () => {
    const r = run(`
      demo_init explore
      demo_office_started
      demo_step "hoc connect" true
      demo_finish
      echo "the office is up"`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('the office is up');
    expect(r.teardown).toEqual([]);
  });

  it('--no-wait takes the office down after a good run, once, and exits 0', () => {
    const r = run(`
      demo_init no-wait
      demo_office_started
      demo_step "hoc connect" true
      demo_step "hoc disconnect" true
      demo_finish
      demo_finish
      echo done-ok`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('done-ok');
    expect(r.teardown).toEqual(['ok']);
  });

  it('--no-wait fails when the office could not be taken down completely', () => {
    const r = run(
      `
      demo_init no-wait
      demo_office_started
      demo_step "hoc disconnect" true
      demo_finish
      echo done-ok`,
      1,
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain("demo: FAILED at step 'taking the simulated office down'");
    expect(r.out).not.toContain('done-ok');
  });

  it('a failure before the office was started names the step and tears nothing down', () => {
    const r = run(`
      demo_init no-wait
      demo_step building bash -c 'exit 2'
      demo_office_started`);
    expect(r.code).toBe(2);
    expect(r.err).toContain("demo: FAILED at step 'building' (exit 2)");
    expect(r.teardown).toEqual([]);
  });

  it('refuses an unknown mode', () => {
    const r = run('demo_init later || exit $?');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown mode 'later'");
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} during a step stops the step with everything it started and takes the office down (exit ${code})`, async () => {
      const pidFile = join(dir, 'grandchild.pid');
      const child = spawn(
        'bash',
        [
          '-c',
          script(`
            demo_init explore
            demo_office_started
            demo_step "hoc connect" sh -c 'sleep 60 & echo $! >${pidFile}; wait'
            touch after-step`),
        ],
        { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      let grandchild = 0;
      try {
        await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the step to start');
        grandchild = Number(readFileSync(pidFile, 'utf8'));
        expect(alive(grandchild)).toBe(true);
        child.kill(signal);
        expect(await exited).toBe(code);
        expect(err).toContain(`demo: stopped by ${signal} during step 'hoc connect'`);
        expect(teardownCalls()).toEqual(['stopped']);
        expect(existsSync(join(dir, 'after-step'))).toBe(false);
        await until(() => !alive(grandchild), 'the step’s own child to end');
      } finally {
        // A failed run must not leave its processes behind.
        for (const pid of [child.pid, grandchild]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      }
    });
  }

  it('shellcheck finds nothing in scripts/demo.sh and its step library', () => {
    const r = spawnSync('shellcheck', ['-x', 'scripts/demo.sh', 'scripts/lib/demo-steps.sh'], { cwd: repo, encoding: 'utf8' });
    if (r.error) throw new Error(`shellcheck is not installed (scripts/test.sh installs it as root): ${r.error.message}`);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
