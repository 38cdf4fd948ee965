/** `hoc check` without a tunnel: one line that says so and how to connect, exit code 5, nothing blamed on the MTU. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../../src/cli/commands/check';
import { EXIT, type CliIo } from '../../../src/cli/io';
import { examplePayload, makeOrgKey, signPayload } from '../../fixtures/profiles/make';
import { DOWN, fakeHelper, freshHome, helperDown, type FakeHelper } from '../session/fakes';

const helpers: FakeHelper[] = [];
afterEach(async () => {
  for (const h of helpers.splice(0)) await h.close();
});

function io(socket: string, home: string): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lang: 'de', env: { HOC_HOME: home, HOC_HELPER_SOCKET: socket }, lines, out: (l) => lines.push(l), err: (l) => lines.push(l), confirm: async () => false };
}

function profileFile(home: string): string {
  const file = join(home, 'anna.hocprofile');
  writeFileSync(file, signPayload(examplePayload(), makeOrgKey()));
  return file;
}

describe('hoc check while not connected', () => {
  it('says in one line that the office is not connected and how to connect, when the helper reports the tunnel down (fake helper)', async () => {
    const home = freshHome();
    const helper = await fakeHelper({ 'tunnel.status': () => ({ result: DOWN }) });
    helpers.push(helper);
    const out = io(helper.socketPath, home);
    expect(await checkCommand(['--profile', profileFile(home)], out)).toBe(EXIT.offline);
    expect(out.lines).toEqual(['Nicht mit dem Büro verbunden – die Büro-Dienste lassen sich erst prüfen, wenn die Verbindung steht. Verbinden: hoc connect']);
  });

  it('says the HomeOffice service is not running when the helper cannot be reached, in one line and as JSON', async () => {
    const home = freshHome();
    const out = io(helperDown(), home);
    expect(await checkCommand(['--profile', profileFile(home)], out)).toBe(5);
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toContain('HomeOffice-Dienst läuft auf diesem Computer nicht');
    expect(out.lines[0]).not.toMatch(/MTU|Byte/);
    const json = io(helperDown(), home);
    expect(await checkCommand(['--json', '--profile', profileFile(home)], json)).toBe(5);
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject({ status: 'offline', helper: 'unreachable', results: [] });
  });
});
