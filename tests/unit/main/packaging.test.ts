/**
 * electron-builder.yml, checked without building (no Electron binary here):
 * electron-builder's own schema, then what this app relies on — fuses,
 * per-machine NSIS with the helper service, hardened runtime, the targets,
 * the file association and the hoc: protocol, and that every file it names exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../..', import.meta.url).pathname;
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const require = createRequire(import.meta.url);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('burns the security fuses: no run-as-node, no NODE_OPTIONS, no inspector, asar only and integrity-checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('builds a per-machine NSIS installer whose hooks install and remove the helper service (WinSW) and its group', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, include: 'build/installer.nsh' });
    const nsh = readFileSync(join(root, config.nsis.include), 'utf8');
    expect(nsh).toMatch(/!macro customInstall[\s\S]*'"\$\{HOC_WINSW\}" install'[\s\S]*'"\$\{HOC_WINSW\}" start'[\s\S]*!macroend/);
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*'"\$\{HOC_WINSW\}" stop'[\s\S]*'"\$\{HOC_WINSW\}" uninstall'[\s\S]*!macroend/);
    expect(nsh).toContain('!define HOC_GROUP "HomeOffice Connect Users"');
    expect(nsh).toMatch(/"\$SYSDIR\\net\.exe" localgroup "\$\{HOC_GROUP\}" \/add/);
    // argv-only: absolute program paths, never a shell; PowerShell only with -File on a shipped script.
    expect(nsh).not.toMatch(/cmd(\.exe)?\s+\/c|ExecShell| -Command /i);
    for (const line of nsh.split('\n').filter((l) => /HOC_POWERSHELL\}/.test(l))) {
      expect(line).toMatch(/'"\$\{HOC_POWERSHELL\}" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "\$\{HOC_SCRIPTS\}\\[A-Za-z-]+\.ps1"/);
    }
  });

  it('signs the macOS app with the hardened runtime and ships the launchd helper plist', () => {
    expect(config.mac.target).toEqual(['pkg', 'dmg']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' });
    const entitlements = readFileSync(join(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toMatch(/disable-library-validation|allow-dyld-environment-variables|get-task-allow/);
    const plist = readFileSync(join(root, 'build/mac/de.homeoffice-connect.helper.plist'), 'utf8');
    expect(plist).toContain('<string>de.homeoffice-connect.helper</string>');
    expect(plist).toMatch(/<key>UserName<\/key>\s*<string>root<\/string>/);
    expect(config.mac.extraResources).toContainEqual({ from: 'build/mac/de.homeoffice-connect.helper.plist', to: 'de.homeoffice-connect.helper.plist' });
  });

  it('builds AppImage and deb on Linux with the systemd unit the deb scripts install', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.extraResources).toContainEqual({ from: 'build/linux/hoc-helper.service', to: 'hoc-helper.service' });
    expect(readFileSync(join(root, config.deb.afterInstall), 'utf8')).toContain('resources/hoc-helper.service');
  });

  it('opens .hocprofile files and hoc: links with the app', () => {
    expect(config.fileAssociations).toContainEqual(expect.objectContaining({ ext: 'hocprofile', role: 'Viewer' }));
    expect(config.protocols).toContainEqual(expect.objectContaining({ schemes: ['hoc'] }));
  });

  it('publishes updates through the generic provider over https', () => {
    expect(config.publish).toMatchObject({ provider: 'generic' });
    expect(config.publish.url).toMatch(/^https:\/\//);
  });

  it('ships the helper executable that the Windows service, the launchd daemon and the systemd unit start', () => {
    expect(config.extraResources).toContainEqual({ from: 'out/helper-bin/', to: '.', filter: ['hoc-helper', 'hoc-helper.exe', 'hoc-peercred.node'] });
    expect(readFileSync(join(root, 'build/windows/hoc-helper-service.xml'), 'utf8')).toContain('<executable>%BASE%\\hoc-helper.exe</executable>');
    expect(readFileSync(join(root, 'build/mac/de.homeoffice-connect.helper.plist'), 'utf8')).toContain('/Contents/Resources/hoc-helper<');
    expect(readFileSync(join(root, 'build/linux/hoc-helper.service'), 'utf8')).toContain('/resources/hoc-helper --socket');
  });

  it('names only files that exist', () => {
    const named = [
      config.nsis.include,
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      config.deb.afterInstall,
      config.deb.afterRemove,
      config.win.icon,
      config.mac.icon,
      config.linux.icon,
      ...config.mac.extraResources.map((r: { from: string }) => r.from),
      ...config.linux.extraResources.map((r: { from: string }) => r.from),
      // WinSW comes from node-windows, which npm installs on Windows only.
      ...config.win.extraResources.map((r: { from: string }) => r.from).filter((f: string) => !f.startsWith('node_modules/node-windows/')),
      config.pkg.scripts,
    ];
    for (const file of named) expect(existsSync(join(root, file)), file).toBe(true);
  });
});
