/**
 * electron-builder.yml, checked without building (no Electron binary here):
 * electron-builder's own schema, then what this app relies on — fuses,
 * per-machine NSIS with the helper service, hardened runtime, the targets,
 * the file association and the hoc: protocol, and that every file it names exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { namesPublisher, updateDecision } from '../../../src/main/update-policy';

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
    expect(config.mac.target).toEqual(expect.arrayContaining(['pkg', 'dmg']));
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

describe('updates (electron-builder.yml and src/main/update-policy.ts agree)', () => {
  it('Windows: unsigned builds fail, and the publisher electron-updater checks an installer against is named', async () => {
    expect(config.win.forceCodeSigning).toBe(true);
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.win.signtoolOptions.publisherName).toEqual(['HomeOffice Connect GmbH']);
    // electron-builder's own code: the names it computes from this config and how it writes app-update.yml.
    const { WindowsSignToolManager } = require('app-builder-lib/out/codeSign/windowsSignToolManager') as {
      WindowsSignToolManager: new (packager: unknown) => { computedPublisherName: { value: Promise<string[] | null> } };
    };
    const { serializeToYaml } = require('builder-util') as { serializeToYaml(value: unknown): string };
    const names = await new WindowsSignToolManager({ platformSpecificBuildOptions: config.win }).computedPublisherName.value;
    expect(names).toEqual(['HomeOffice Connect GmbH']);
    const appUpdateYml = serializeToYaml({ ...config.publish, publisherName: names });
    expect(updateDecision('win32', appUpdateYml)).toEqual({ enabled: true });
  });

  it('Windows: the app does not update itself when app-update.yml names no publisher (electron-updater would check nothing)', () => {
    const { serializeToYaml } = require('builder-util') as { serializeToYaml(value: unknown): string };
    const withoutName = serializeToYaml({ ...config.publish });
    expect(updateDecision('win32', withoutName)).toMatchObject({ enabled: false });
    expect(updateDecision('win32', `${withoutName}publisherName: null\n`)).toMatchObject({ enabled: false });
    expect(updateDecision('win32', null)).toMatchObject({ enabled: false });
    expect(namesPublisher('publisherName: HomeOffice Connect GmbH\n')).toBe(true);
    expect(namesPublisher('publisherName:\n  - HomeOffice Connect GmbH\n')).toBe(true);
    expect(namesPublisher('publisherName:\nurl: x\n')).toBe(false);
  });

  it('macOS: a zip beside the dmg (Squirrel.Mac installs updates from the zip), and unsigned builds fail', () => {
    expect(config.mac.target).toEqual(['pkg', 'dmg', 'zip']);
    expect(config.mac.forceCodeSigning).toBe(true);
    expect(updateDecision('darwin', 'provider: generic\n')).toEqual({ enabled: true });
  });

  it('Linux: no update feed is published and the app never checks one', () => {
    expect(config.linux.publish).toBeNull();
    expect(updateDecision('linux', 'provider: generic\nurl: https://updates.homeoffice-connect.example/\n')).toMatchObject({ enabled: false });
  });
});

/** The systemd unit as key → values (a key may repeat), per section. */
function readUnit(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const head = /^\[(\w+)\]$/.exec(line);
    if (head) {
      section = head[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    const key = `${section}.${line.slice(0, eq)}`;
    keys.set(key, [...(keys.get(key) ?? []), line.slice(eq + 1)]);
  }
  return keys;
}

describe('the systemd unit of the helper (build/linux/hoc-helper.service)', () => {
  const text = readFileSync(join(root, 'build/linux/hoc-helper.service'), 'utf8');
  const unit = readUnit(text);
  const one = (key: string) => {
    const v = unit.get(key);
    expect(v, key).toHaveLength(1);
    return v![0]!;
  };

  it('keeps only CAP_NET_ADMIN (links, routes, TUN, per-link DNS) and CAP_CHOWN (the socket to root:hoc), none ambient', () => {
    expect(one('Service.CapabilityBoundingSet').split(/\s+/).sort()).toEqual(['CAP_CHOWN', 'CAP_NET_ADMIN']);
    expect(one('Service.AmbientCapabilities')).toBe('');
    expect(one('Service.NoNewPrivileges')).toBe('yes');
  });

  it('mounts the system read-only but lets the helper write its printer state and installed-profile folders', () => {
    expect(one('Service.ProtectSystem')).toBe('strict');
    expect(one('Service.ProtectHome')).toBe('yes');
    // StateDirectory= is created by systemd under /var/lib and stays writable under ProtectSystem=strict.
    const states = one('Service.StateDirectory').split(/\s+/).map((d) => `/var/lib/${d}`);
    expect(states).toEqual(['/var/lib/homeoffice-connect/printers', '/var/lib/homeoffice-connect/profiles']);
    expect(unit.get('Service.Environment')).toContain(`HOC_HELPER_PRINTER_STATE_DIR=${states[0]}`);
    expect(one('Service.StateDirectoryMode')).toBe('0700');
    expect(one('Service.ReadWritePaths').split(/\s+/)).toEqual(['/run', '-/etc/resolv.conf']);
    expect(one('Service.RuntimeDirectory')).toBe('homeoffice-connect');
    expect(one('Service.ExecStart')).toContain('--state-dir /run/homeoffice-connect/tunnels');
  });

  it('passes systemd-analyze verify without a warning (ExecStart pointed at an existing program, as the real one is not built here)', () => {
    const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    // systemd is in scripts/lib/system-packages.sh; without it this check cannot run at all.
    expect(analyze.error, 'systemd-analyze is missing (install the Debian package systemd)').toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'hoc-unit-'));
    try {
      const file = join(dir, 'hoc-helper.service');
      writeFileSync(file, text.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
      const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
