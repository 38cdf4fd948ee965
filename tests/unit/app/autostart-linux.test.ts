import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, autostartPath, setLinuxAutostart } from '../../../src/core/app/autostart-linux';

describe('connect at login on Linux (XDG autostart)', () => {
  it('writes an entry that starts the app with the auto-connect flag, and removes it again', async () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'hoc-xdg-')) };
    await setLinuxAutostart(true, '/opt/HomeOffice Connect/homeoffice-connect', '--autoconnect', env);
    const path = autostartPath(env);
    expect(path).toBe(join(env.XDG_CONFIG_HOME, 'autostart', 'homeoffice-connect.desktop'));
    expect(readFileSync(path, 'utf8')).toContain('Exec="/opt/HomeOffice Connect/homeoffice-connect" --autoconnect\n');
    expect(statSync(path).mode & 0o777).toBe(0o644);
    await setLinuxAutostart(false, '/x', '--autoconnect', env);
    expect(existsSync(path)).toBe(false);
  });
  it('quotes characters the Desktop Entry spec reserves', () => {
    expect(autostartEntry('/opt/a"b$c`d\\e', '--autoconnect')).toContain('Exec="/opt/a\\"b\\$c\\`d\\\\e" --autoconnect');
  });
});
