import { describe, expect, it } from 'vitest';
import { importSourceFromArgv, parseImportLink } from '../../../src/core/app/import-source';

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

  it('reads a hoc://import link that carries the profile inline', () => {
    const text = '{"format":"hocprofile"}';
    const link = `hoc://import?profile=${Buffer.from(text).toString('base64url')}`;
    const source = importSourceFromArgv(['app', link], 'win32');
    expect(source?.kind).toBe('inline');
    expect(source?.kind === 'inline' && Buffer.from(source.bytes).toString()).toBe(text);
  });

  it('opens an empty import screen for a bare hoc://import', () => {
    expect(parseImportLink('hoc://import')).toEqual({ kind: 'empty' });
    expect(parseImportLink('hoc://import/')).toEqual({ kind: 'empty' });
  });

  it('never fetches: links naming a URL, other hosts, extra parameters or junk are invalid', () => {
    for (const link of [
      'hoc://import?url=https://evil.example/anna.hocprofile',
      'hoc://connect',
      'hoc://import?profile=abc&connect=1',
      'hoc://import?profile=',
      'hoc://import?profile=ab%20cd',
      'hoc://user:pw@import?profile=abcd',
      'hoc://import/../../etc?profile=abcd',
      `hoc://import?profile=${'A'.repeat(400_000)}`,
    ]) {
      expect(parseImportLink(link), link).toEqual({ kind: 'invalid' });
    }
    expect(importSourceFromArgv(['app', 'HOC://connect'], 'darwin')).toEqual({ kind: 'invalid' });
  });
});
