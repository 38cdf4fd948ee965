/**
 * Logs where support looks: the CLI's rotating, redacting log and the app's
 * log both live in `$HOC_HOME/logs`, and the diagnostics package carries
 * both with every secret scrubbed.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { collectDiagnostics, writeDiagnosticsZip } from '../../../src/core/diagnostics/doctor';
import { appLogPath, createFileLog, logsDir } from '../../../src/core/log-file';
import { freshHome } from '../session/fakes';

const KEY = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PASSWORD = 'Anna-Lab-2026!';

describe('the CLI log', () => {
  it('writes one line per event with keys and passwords redacted', () => {
    const home = freshHome();
    const log = createFileLog(home, 'cli');
    log.info(`wg setconf: PrivateKey = ${KEY}`);
    log.warn('step drives failed', { code: 'drives.mapFailed', detail: `gio: smb://anna:${PASSWORD}@fs.buero.local/projekte`, password: PASSWORD });
    const text = readFileSync(join(logsDir(home), 'cli.log'), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(2);
    expect(text).toContain('[warn] step drives failed');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(PASSWORD);
  });

  it('rotates: a full log becomes cli.old.log and a new one starts', () => {
    const home = freshHome();
    const log = createFileLog(home, 'cli', 400);
    for (let i = 0; i < 30; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    expect(existsSync(join(logsDir(home), 'cli.old.log'))).toBe(true);
    expect(statSync(join(logsDir(home), 'cli.log')).size).toBeLessThan(1000);
    expect(readFileSync(join(logsDir(home), 'cli.log'), 'utf8')).toContain('line 29');
  });
});

describe('hoc doctor', () => {
  it("puts the CLI's and the app's logs into the archive, with the secrets scrubbed", async () => {
    const home = freshHome();
    createFileLog(home, 'cli').error('hoc connect failed', { detail: `mount_smbfs //BUERO;anna:${PASSWORD}@fs/projekte` });
    // The app's log as electron-log leaves it at the path main points it to (a stand-in line in its format).
    mkdirSync(logsDir(home), { recursive: true });
    writeFileSync(appLogPath(home), `[2026-12-02 08:00:00.000] [info]  connecting {"org":"buero-mueller"} key ${KEY} pass ${PASSWORD}\n`);
    const files = await collectDiagnostics({ appVersion: '1.0.0', home, profile: null, secrets: [KEY, PASSWORD], tunnel: { state: 'down' }, platform: 'linux' });
    const zip = join(home, 'diag.zip');
    await writeDiagnosticsZip(zip, files);
    const entries = unzipSync(readFileSync(zip));
    const cli = strFromU8(entries['homeoffice-connect-diagnostics/logs/cli.log'] ?? new Uint8Array());
    const app = strFromU8(entries['homeoffice-connect-diagnostics/logs/app.log'] ?? new Uint8Array());
    expect(cli).toContain('hoc connect failed');
    expect(app).toContain('connecting');
    for (const text of [cli, app]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(PASSWORD);
    }
  });
});
