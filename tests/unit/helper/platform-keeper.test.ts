/**
 * The keeper's peer reset (`wg setconf`) goes through the platform: the exact
 * argv per OS, only while the tunnel runs. On the recording stand-ins of
 * Windows and macOS (they cannot run here); Linux runs it for real in the lab
 * (tests/e2e/recovery.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDarwinPlatform } from '../../../src/helper/platform/darwin';
import { createWin32Platform } from '../../../src/helper/platform/win32';
import { RecordingMacStandIn } from './standin-mac';
import { RecordingWindowsStandIn } from './standin-windows';

const dirs: string[] = [];
const disk = () => {
  const d = mkdtempSync(join(tmpdir(), 'hoc-keeper-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('peer reset argv per platform (recording stand-ins)', () => {
  it('win32 on a recording stand-in: wg.exe setconf hoc0 FILE, and nothing while the tunnel is down', async () => {
    const scripts = 'C:\\Program Files\\HomeOffice Connect\\resources\\windows';
    const system = new RecordingWindowsStandIn(disk(), scripts);
    const platform = createWin32Platform({ scriptsDir: scripts });
    const ctx = { system, stateDir: 'C:\\ProgramData\\HomeOffice Connect\\tunnels', log: () => undefined };
    const file = 'C:\\ProgramData\\HomeOffice Connect\\tunnels\\hoc0.setconf';
    expect(await platform.setconfArgv(ctx, file)).toBeNull();
    system.put('C:\\ProgramData\\HomeOffice Connect\\tunnels\\hoc0.conf', '[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n');
    await system.run(['C:\\Program Files\\WireGuard\\wireguard.exe', '/installtunnelservice', 'C:\\ProgramData\\HomeOffice Connect\\tunnels\\hoc0.conf']);
    expect(await platform.setconfArgv(ctx, file)).toEqual(['C:\\Program Files\\WireGuard\\wg.exe', 'setconf', 'hoc0', file]);
  });

  it('darwin on a recording stand-in: wg setconf utunN FILE with the name wg-quick recorded', async () => {
    const system = new RecordingMacStandIn(disk(), { uid: 501, gid: 401 });
    const platform = createDarwinPlatform();
    const ctx = { system, stateDir: '/Library/Application Support/HomeOffice Connect/tunnels', log: () => undefined };
    const file = `${ctx.stateDir}/hoc0.setconf`;
    expect(await platform.setconfArgv(ctx, file)).toBeNull();
    system.put('/var/run/wireguard/hoc0.name', 'utun7\n');
    expect(await platform.setconfArgv(ctx, file)).toEqual(['/Applications/HomeOffice Connect.app/Contents/Resources/wireguard/wg', 'setconf', 'utun7', file]);
  });
});
