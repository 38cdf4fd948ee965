/**
 * The installer scripts, checked with the real tools that exist on Linux
 * (the installers themselves run only on Windows and macOS):
 * - build/installer.nsh compiles with Debian's makensis inside a small wrapper
 *   (tests/fixtures/nsis/wrapper.nsi) for the installer and the uninstaller,
 *   warnings as errors as electron-builder does;
 * - the WinSW service configuration parses as XML and starts the helper;
 * - the launchd plist parses with python3's plistlib and matches the helper's macOS defaults;
 * - the pkg scripts and the deb scripts pass `sh -n` and shellcheck.
 * makensis, shellcheck and python3 come from scripts/lib/system-packages.sh (scripts/test.sh installs them).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { createDarwinPlatform } from '../../../src/helper/platform/darwin';

const root = new URL('../../..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'hoc-installers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function makensis(include: string, uninstaller: boolean) {
  return execa(
    'makensis',
    ['-V2', '-WX', ...(uninstaller ? ['-DBUILD_UNINSTALLER'] : []), `-DOUT=${join(work, uninstaller ? 'un.exe' : 'in.exe')}`, `-DINCLUDE=${include}`, join(root, 'tests/fixtures/nsis/wrapper.nsi')],
    { reject: false, all: true },
  );
}

async function python(code: string, file: string): Promise<unknown> {
  const r = await execa('python3', ['-c', code, file], { reject: false, all: true });
  if (r.exitCode !== 0) throw new Error(String(r.all));
  return JSON.parse(String(r.stdout));
}

describe('Windows installer hooks (makensis)', () => {
  it('compiles build/installer.nsh for the installer and the uninstaller, warnings as errors', async () => {
    for (const uninstaller of [false, true]) {
      const r = await makensis(join(root, 'build/installer.nsh'), uninstaller);
      expect(r.exitCode, String(r.all)).toBe(0);
    }
  });

  it('the wrapper catches a broken include (so the check above can fail)', async () => {
    const broken = join(work, 'broken.nsh');
    writeFileSync(broken, readFileSync(join(root, 'build/installer.nsh'), 'utf8').replace('${EndIf}\n!macroend', '!macroend'));
    expect((await makensis(broken, false)).exitCode).not.toBe(0);
  });

  it('refuses without WireGuard for Windows, names the download link, and installs the service through WinSW', () => {
    const nsh = readFileSync(join(root, 'build/installer.nsh'), 'utf8');
    const init = nsh.slice(nsh.indexOf('!macro customInit'), nsh.indexOf('!macroend', nsh.indexOf('!macro customInit')));
    expect(init).toContain('${IfNot} ${FileExists} "${HOC_WIREGUARD}"');
    expect(init).toContain('${HOC_WIREGUARD_URL}');
    expect(init).toMatch(/SetErrorLevel 3\s+Quit/);
    expect(nsh).toContain('!define HOC_WIREGUARD_URL "https://www.wireguard.com/install/"');
    expect(nsh).toContain('!define HOC_WINSW "$INSTDIR\\resources\\hoc-helper-service.exe"');
    // The person who will use the app goes into the group; hoc goes on the PATH.
    expect(nsh).toContain(`nsExec::ExecToLog '"$SYSDIR\\net.exe" localgroup "\${HOC_GROUP}" "$R1" /add'`);
    expect(nsh).toContain('-File "${HOC_SCRIPTS}\\Set-MachinePath.ps1" -Action Add -Directory "$INSTDIR\\resources\\bin"');
  });
});

describe('Windows installer: the helper data folder ACL', () => {
  const nsh = readFileSync(join(root, 'build/installer.nsh'), 'utf8');
  const macro = (name: string) => nsh.slice(nsh.indexOf(`!macro ${name}`), nsh.indexOf('!macroend', nsh.indexOf(`!macro ${name}`)));

  it('creates the installed-profile folder inside the SYSTEM/Administrators-only tree before that ACL is set (inherited, not ProgramData\'s)', () => {
    const install = macro('customInstall');
    const acl = install.indexOf(
      `nsExec::ExecToLog '"$SYSDIR\\icacls.exe" "$R9\\HomeOffice Connect" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F'`,
    );
    const profiles = install.indexOf('CreateDirectory "$R9\\HomeOffice Connect\\profiles"');
    expect(acl, 'the ACL line').toBeGreaterThan(0);
    expect(profiles, 'the profiles folder').toBeGreaterThan(0);
    expect(profiles).toBeLessThan(acl);
    // No other grant anywhere in the install: the group never reads the profiles.
    expect(install.match(/icacls/g)).toHaveLength(1);
  });

  it('removes the installed profiles (the WireGuard keys) when the product is removed, not on an update', () => {
    const uninstall = macro('customUnInstall');
    const removed = uninstall.indexOf('RMDir /r "$R9\\HomeOffice Connect\\profiles"');
    expect(removed).toBeGreaterThan(uninstall.indexOf('${IfNot} ${isUpdated}'));
    expect(removed).toBeLessThan(uninstall.indexOf('${EndIf}', uninstall.indexOf('${IfNot} ${isUpdated}')));
  });
});

describe('WinSW service configuration', () => {
  it('parses as XML and runs the helper exe beside it with no arguments, restarting it on failure', async () => {
    const parsed = (await python(
      [
        'import json, sys, xml.etree.ElementTree as ET',
        'r = ET.parse(sys.argv[1]).getroot()',
        "print(json.dumps({'root': r.tag, 'id': r.findtext('id'), 'executable': r.findtext('executable'),",
        "  'arguments': [a.text for a in r.findall('argument')] + [a.text for a in r.findall('arguments')],",
        "  'onfailure': [f.get('action') for f in r.findall('onfailure')], 'log': r.find('log').get('mode')}))",
      ].join('\n'),
      join(root, 'build/windows/hoc-helper-service.xml'),
    )) as Record<string, unknown>;
    expect(parsed).toEqual({
      root: 'service',
      id: 'HomeOfficeConnectHelper',
      executable: '%BASE%\\hoc-helper.exe',
      arguments: [],
      onfailure: ['restart', 'restart', 'none'],
      log: 'roll-by-size',
    });
  });
});

describe('macOS launchd daemon and pkg scripts', () => {
  it('the plist parses (plistlib) and starts the helper as root with the macOS platform defaults', async () => {
    const d = createDarwinPlatform().defaults;
    const plist = (await python('import json, plistlib, sys; print(json.dumps(plistlib.load(open(sys.argv[1], "rb"))))', join(root, 'build/mac/de.homeoffice-connect.helper.plist'))) as Record<string, unknown>;
    expect(plist).toMatchObject({ Label: 'de.homeoffice-connect.helper', UserName: 'root', RunAtLoad: true, KeepAlive: true });
    expect(plist.ProgramArguments).toEqual([
      '/Applications/HomeOffice Connect.app/Contents/Resources/hoc-helper',
      '--socket',
      d.address,
      '--group',
      d.group,
      '--state-dir',
      d.stateDir,
    ]);
  });

  const scripts = ['build/mac/pkg-scripts/preinstall', 'build/mac/pkg-scripts/postinstall', 'build/mac/uninstall-helper.sh', 'build/linux/after-install.sh', 'build/linux/after-remove.sh'];
  it.each(scripts)('%s passes sh -n and shellcheck', async (script) => {
    const file = join(root, script);
    expect((await execa('sh', ['-n', file], { reject: false })).exitCode).toBe(0);
    const sc = await execa('shellcheck', ['-s', 'sh', file], { reject: false, all: true });
    expect(sc.exitCode, String(sc.all)).toBe(0);
  });

  it('shellcheck catches a broken script (so the checks above can fail)', async () => {
    const broken = join(work, 'postinstall');
    copyFileSync(join(root, 'build/mac/pkg-scripts/postinstall'), broken);
    writeFileSync(broken, `${readFileSync(broken, 'utf8')}\nrm -rf $APP/tmp\n`);
    expect((await execa('shellcheck', ['-s', 'sh', broken], { reject: false })).exitCode).not.toBe(0);
  });

  it('the pkg scripts are executable (pkgbuild runs them as programs) and start the daemon the way launchctl documents', () => {
    for (const s of ['preinstall', 'postinstall']) expect(statSync(join(root, 'build/mac/pkg-scripts', s)).mode & 0o111).toBe(0o111);
    const post = readFileSync(join(root, 'build/mac/pkg-scripts/postinstall'), 'utf8');
    expect(post).toContain('/bin/launchctl bootstrap system "$PLIST"');
    expect(post).toContain('/usr/sbin/dseditgroup -o edit -a "$console_user" -t user "$GROUP"');
    expect(post).toContain('/bin/ln -sf "$APP/Contents/Resources/bin/hoc" /usr/local/bin/hoc');
  });

  it('the deb tells the administrator how to allow a user (usermod -aG hoc) and puts hoc on the PATH', () => {
    const post = readFileSync(join(root, 'build/linux/after-install.sh'), 'utf8');
    expect(post).toContain('echo "  sudo usermod -aG hoc USERNAME"');
    expect(post).toContain('ln -sf "/opt/HomeOffice Connect/resources/bin/hoc" /usr/bin/hoc');
  });
});

describe('release workflow (.github/workflows/release.yml; it cannot run here)', () => {
  it('builds on Windows, macOS and Linux runners: tests, helper and CLI executables, electron-builder; signing secrets named, none present', async () => {
    const { parse } = await import('yaml');
    const text = readFileSync(join(root, '.github/workflows/release.yml'), 'utf8');
    const wf = parse(text) as { jobs: Record<string, { 'runs-on': string; steps: { run?: string }[] }> };
    expect(Object.fromEntries(Object.entries(wf.jobs).map(([k, j]) => [k, j['runs-on']]))).toEqual({ windows: 'windows-latest', macos: 'macos-latest', linux: 'ubuntu-24.04' });
    for (const job of Object.values(wf.jobs)) {
      const runs = job.steps.map((s) => s.run ?? '').join('\n');
      expect(runs).toContain('npm run -s build:helper-exe');
      expect(runs).toMatch(/npx electron-builder --(win|mac|linux) --publish never/);
      expect(runs).toMatch(/vitest run --project unit|scripts\/test\.sh/);
    }
    for (const name of ['WIN_CSC_LINK', 'MAC_CSC_LINK', 'MAC_INSTALLER_CSC_LINK', 'APPLE_ID', 'APPLE_TEAM_ID']) expect(text).toContain(`secrets.${name}`);
    // Only references to secrets, never a value: no certificate or key material in the file.
    expect(text).not.toMatch(/-----BEGIN|MII[A-Za-z0-9+/]{20}/);
  });
});
