import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { hideLinkFromCommandLine, importSourceFromArgv, parseImportLink } from '../../../src/core/app/import-source';
import { t } from '../../../src/shared/i18n';

const root = new URL('../../..', import.meta.url).pathname;

describe('profiles handed over by the OS', () => {
  it('takes a double-clicked .hocprofile path as one argument, spaces and all', () => {
    expect(importSourceFromArgv(['/opt/HomeOffice Connect/hoc', '--no-sandbox', '/home/anna/Downloads/anna schmidt.hocprofile'], 'linux')).toEqual({
      kind: 'file',
      path: '/home/anna/Downloads/anna schmidt.hocprofile',
    });
    expect(importSourceFromArgv(['C:\\Program Files\\HomeOffice Connect\\HomeOffice Connect.exe', 'C:\\Users\\anna\\Downloads\\anna.HOCPROFILE'], 'win32')).toEqual({
      kind: 'file',
      path: 'C:\\Users\\anna\\Downloads\\anna.HOCPROFILE',
    });
  });

  it('ignores relative paths, other files, flags and the dev-mode "."', () => {
    expect(importSourceFromArgv(['electron', '.', 'anna.hocprofile', '/etc/passwd', '--autoconnect'], 'linux')).toBeNull();
  });

  it('opens an empty import screen for a bare hoc://import', () => {
    expect(parseImportLink('hoc://import')).toEqual({ kind: 'empty' });
    expect(parseImportLink('hoc://import/')).toEqual({ kind: 'empty' });
  });

  it('never fetches: links naming a URL, other hosts, extra parameters or junk are invalid', () => {
    for (const link of [
      'hoc://import?url=https://evil.example/anna.hocprofile',
      'hoc://connect',
      'hoc://import?connect=1',
      'hoc://import?file=anna.hocprofile',
      'hoc://user:pw@import',
      'hoc://import/../../etc',
      'hoc://import#x',
      'hoc:',
    ]) {
      expect(parseImportLink(link), link).toEqual({ kind: 'invalid' });
    }
    expect(importSourceFromArgv(['app', 'HOC://connect'], 'darwin')).toEqual({ kind: 'invalid' });
  });

  it('refuses every link that carries a profile or key material, whatever the form', () => {
    const envelope = Buffer.from(JSON.stringify({ format: 'hoc-profile', version: 1, orgKey: 'k', payload: 'p', signature: 's' }));
    const wgKey = Buffer.alloc(32, 7).toString('base64'); // 44 characters, as in a .conf
    for (const link of [
      `hoc://import?profile=${envelope.toString('base64url')}`,
      `hoc://import?profile=${envelope.toString('base64')}`,
      `hoc://import?profile=${encodeURIComponent(envelope.toString('base64'))}`,
      'hoc://import?profile=abcd',
      'hoc://import?PROFILE=abcd&connect=1',
      `hoc://import?key=${encodeURIComponent(wgKey)}`,
      `hoc://import/${envelope.toString('base64url')}`,
      `hoc://import#${wgKey}`,
      `hoc://${envelope.toString('base64url')}`,
      `hoc://import?profile=${'A'.repeat(400_000)}`,
    ]) {
      expect(parseImportLink(link), link.slice(0, 60)).toEqual({ kind: 'secretLink' });
      expect(importSourceFromArgv(['app', link], 'linux'), link.slice(0, 60)).toEqual({ kind: 'secretLink' });
    }
  });

  it('refuses a key-material link on the import screen with the message that says why and what to do (German and English)', () => {
    const de = t('de', 'ui.import.linkHasKey');
    const en = t('en', 'ui.import.linkHasKey');
    expect(de).toMatch(/Browserverlauf/);
    expect(de).toMatch(/Profildatei \(\.hocprofile\)/);
    expect(en).toMatch(/browser history/);
    expect(en).toMatch(/profile file \(\.hocprofile\)/);
  });
});

describe('the link leaves the command line', () => {
  it('a process given a hoc: link overwrites its /proc/PID/cmdline, as another user would read it (Linux)', async () => {
    // The real function, bundled for a plain Node child: its argv is a real command line.
    const bundle = buildSync({
      stdin: {
        contents: `import { hideLinkFromCommandLine } from './src/core/app/import-source';
          const hidden = hideLinkFromCommandLine(process);
          process.stdout.write(String(hidden) + '\\n');
          process.stdin.once('data', () => process.exit(0));`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
    }).outputFiles[0]!.text;
    const dir = mkdtempSync(join(tmpdir(), 'hoc-unit-'));
    const file = join(dir, 'child.mjs');
    writeFileSync(file, bundle);
    const secret = 'hoc://import?profile=' + 'S3cr3tK3yM4t3r14l'.repeat(8);
    const child = spawn(process.execPath, [file, '--no-sandbox', secret], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
      expect(first.trim()).toBe('true');
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'latin1');
      expect(cmdline).not.toContain('S3cr3t');
      expect(cmdline).not.toContain('hoc:');
      expect(cmdline.startsWith('homeoffice-connect')).toBe(true);
    } finally {
      child.stdin.write('x');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a command line without a link alone, and does nothing on Windows (stand-in process objects)', () => {
    const plain = { argv: ['app', '/home/anna/anna.hocprofile'], platform: 'linux' as const, title: 'app' };
    expect(hideLinkFromCommandLine(plain)).toBe(false);
    expect(plain.title).toBe('app');
    const win = { argv: ['app', 'hoc://import?profile=abcd'], platform: 'win32' as const, title: 'app' };
    expect(hideLinkFromCommandLine(win)).toBe(false);
  });
});
