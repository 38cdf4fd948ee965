/** Linux adapter with a recording runner: gio in the user's session, the sign-in on stdin, the drive link. */
import { describe, expect, it } from 'vitest';
import { createLinuxAdapter } from '../../../src/core/platform/linux';
import { linuxPrinters } from '../../../src/helper/platform/printers-linux';
import { parsePrinterUri } from '../../../src/shared/helper-protocol';
import type { UserError } from '../../../src/shared/errors';
import { ACCOUNT, DRIVE, memoryFs, recorder } from './fakes';

const RUN = '/run/user/1000';
const LINKS = '/home/anna/Netzlaufwerke';
const LINK = `${LINKS}/P - Projekte`;
const FUSE = `${RUN}/gvfs/smb-share:domain=BUERO,server=fs.buero.local,share=projekte,user=anna`;
const MOUNTED = 'Mount(0): projekte on fs.buero.local -> smb://BUERO;anna@fs.buero.local/projekte/\n  Type: GDaemonMount\n';

function adapter(opts: { mountedBefore?: boolean; mountFails?: string; fs?: ReturnType<typeof memoryFs>; visibleWithinMs?: number } = {}) {
  let mounted = opts.mountedBefore ?? false;
  const fs = opts.fs ?? memoryFs();
  const calls: { argv: readonly string[]; stdin?: string }[] = [];
  const run = async (inv: { argv: readonly string[]; stdin?: string }) => {
    calls.push(inv);
    const a = inv.argv.join(' ');
    if (a === 'gio mount -l') return { exitCode: 0, stdout: mounted ? MOUNTED : '', stderr: '' };
    if (a === 'gio mount smb://BUERO;anna@fs.buero.local/projekte') {
      if (opts.mountFails) return { exitCode: 2, stdout: '', stderr: opts.mountFails };
      mounted = true;
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    if (a === 'gio mount -u smb://BUERO;anna@fs.buero.local/projekte') {
      mounted = false;
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    if (a === 'gio info smb://BUERO;anna@fs.buero.local/projekte') {
      return mounted
        ? { exitCode: 0, stdout: `display name: projekte\nlocal path: ${FUSE}\n`, stderr: '' }
        : { exitCode: 2, stdout: '', stderr: 'gio: smb://BUERO;anna@fs.buero.local/projekte/: The specified location is not mounted' };
    }
    if (inv.argv[1] === 'info') return { exitCode: 2, stdout: '', stderr: 'gio: The specified location is not mounted' };
    return { exitCode: 0, stdout: '', stderr: '' };
  };
  const linux = createLinuxAdapter({ run, fs, env: { home: '/home/anna', runtimeDir: RUN, resourcesDir: '' }, ...(opts.visibleWithinMs !== undefined ? { visibleWithinMs: opts.visibleWithinMs } : {}) });
  return { linux, fs, calls, isMounted: () => mounted };
}

describe('linux drives (recording runner for gio, in-memory file system for the links)', () => {
  it('mounts with gio in the user session as DOMAIN;user (the password answered on stdin) and links P - Projekte', async () => {
    const { linux, fs, calls } = adapter();
    expect(await linux.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'mapped', path: LINK });
    expect(calls).toContainEqual({ argv: ['gio', 'mount', 'smb://BUERO;anna@fs.buero.local/projekte'], stdin: 'Anna-Lab-2026!\n', timeoutMs: 60_000 });
    expect(calls.flatMap((c) => c.argv).join(' ')).not.toContain(ACCOUNT.password);
    expect(fs.entries.get(LINK)).toBe(FUSE);
  });

  it('makes the link only once the fresh mount shows in the FUSE view (a stale "no such file" passes)', async () => {
    const base = memoryFs();
    let looks = 0;
    const lagging = { ...base, exists: async (path: string) => (path === FUSE ? ++looks > 3 : base.exists(path)) };
    const { linux } = adapter({ fs: Object.assign(lagging, { entries: base.entries }) });
    expect(await linux.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'mapped', path: LINK });
    expect(looks).toBe(4);
    expect(base.entries.get(LINK)).toBe(FUSE);
  });

  it('still makes the link when the FUSE view never shows the share (gvfs-fuse missing), after a bounded wait', async () => {
    const base = memoryFs();
    let looks = 0;
    const never = Object.assign({ ...base, exists: async (path: string) => (path === FUSE ? (looks++, false) : base.exists(path)) }, { entries: base.entries });
    const { linux } = adapter({ fs: never, visibleWithinMs: 250 });
    expect(await linux.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'mapped', path: LINK });
    expect(looks).toBeGreaterThan(1);
    expect(base.entries.get(LINK)).toBe(FUSE);
  });

  it('links a folder inside the share for \\\\host\\share\\folder', async () => {
    const { linux, fs } = adapter();
    await linux.mapDrive({ ...DRIVE, share: '\\\\fs.buero.local\\projekte\\2026-Neubau' }, ACCOUNT);
    expect(fs.entries.get(LINK)).toBe(`${FUSE}/2026-Neubau`);
  });

  it('reuses a drive that is already there and says which share holds a taken letter', async () => {
    const fs = memoryFs({ [LINKS]: null, [LINK]: FUSE });
    expect(await adapter({ mountedBefore: true, fs }).linux.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'reused', path: LINK });
    const taken = memoryFs({ [LINKS]: null, [`${LINKS}/P - Privat`]: `${RUN}/gvfs/smb-share:server=nas.buero.local,share=privat` });
    const e = (await adapter({ fs: taken }).linux.mapDrive(DRIVE, ACCOUNT).catch((x: unknown) => x)) as UserError;
    expect(e.code).toBe('drives.letterInUse');
    expect(e.params.other).toBe('\\\\nas.buero.local\\privat');
  });

  it('only links (never mounts) a share the user had mounted already', async () => {
    const { linux, calls } = adapter({ mountedBefore: true });
    expect(await linux.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'linked', path: LINK });
    expect(calls.some((c) => c.argv.join(' ') === 'gio mount smb://BUERO;anna@fs.buero.local/projekte')).toBe(false);
  });

  it('tells a wrong password from a missing share', async () => {
    const auth = (await adapter({ mountFails: 'gio: smb://BUERO;anna@fs.buero.local/projekte/: Failed to mount Windows share: Permission denied' })
      .linux.mapDrive(DRIVE, ACCOUNT)
      .catch((x: unknown) => x)) as UserError;
    expect(auth.code).toBe('drives.authFailed');
    const missing = (await adapter({ mountFails: 'gio: Failed to mount Windows share: No such file or directory' })
      .linux.mapDrive(DRIVE, ACCOUNT)
      .catch((x: unknown) => x)) as UserError;
    expect(missing.code).toBe('drives.shareNotFound');
  });

  it('takes the password asked a second time (stderr empty) as a wrong password', async () => {
    const asked = 'Authentication Required\nEnter password for share “projekte” on “fs.buero.local”:\nPassword: \n';
    const linux = createLinuxAdapter({
      run: async (inv) => (inv.argv[1] === 'mount' ? { exitCode: 2, stdout: asked + asked, stderr: '' } : { exitCode: 2, stdout: '', stderr: 'not mounted' }),
      fs: memoryFs(),
      env: { home: '/home/anna', runtimeDir: RUN, resourcesDir: '' },
    });
    expect(((await linux.mapDrive(DRIVE, ACCOUNT).catch((x: unknown) => x)) as UserError).code).toBe('drives.authFailed');
  });

  it('asks for the domain first (empty answer) when the account names none', async () => {
    const { linux, calls } = adapter();
    await linux.mapDrive(DRIVE, { ...ACCOUNT, domain: '' }).catch(() => undefined);
    expect(calls).toContainEqual({ argv: ['gio', 'mount', 'smb://anna@fs.buero.local/projekte'], stdin: '\nAnna-Lab-2026!\n', timeoutMs: 60_000 });
  });

  it('unmaps the mount gvfs still lists even when the file server is down (gio info would say "not mounted")', async () => {
    const fs = memoryFs({ [LINKS]: null, [LINK]: `${RUN}/gvfs/smb-share:domain=BUERO,server=fs.buero.local,share=projekte,user=anna` });
    const calls: string[] = [];
    const linux = createLinuxAdapter({
      run: async (inv) => {
        calls.push(inv.argv.join(' '));
        if (inv.argv[1] === 'info') return { exitCode: 1, stdout: '', stderr: 'gio: smb://…: The specified location is not mounted' };
        if (inv.argv.join(' ') === 'gio mount -l') return { exitCode: 0, stdout: 'Mount(0): projekte on fs.buero.local -> smb://BUERO;anna@fs.buero.local/projekte/\n', stderr: '' };
        return { exitCode: 0, stdout: '', stderr: '' };
      },
      fs,
      env: { home: '/home/anna', runtimeDir: RUN, resourcesDir: '' },
    });
    expect(await linux.unmapDrive({ letter: 'P', share: DRIVE.share })).toEqual({ removed: true });
    expect(calls).toContain('gio mount -u smb://BUERO;anna@fs.buero.local/projekte');
  });

  it('unmaps a link left in the older folder form (no user in it) by its share', async () => {
    const legacy = `${RUN}/gvfs/smb-share:server=fs.buero.local,share=projekte`;
    const fs = memoryFs({ [LINKS]: null, [LINK]: legacy });
    const calls: string[] = [];
    const linux = createLinuxAdapter({
      run: async (inv) => {
        calls.push(inv.argv.join(' '));
        return inv.argv.join(' ') === 'gio mount -l'
          ? { exitCode: 0, stdout: 'Mount(0): projekte on fs.buero.local -> smb://fs.buero.local/projekte/\n', stderr: '' }
          : { exitCode: 0, stdout: '', stderr: '' };
      },
      fs,
      env: { home: '/home/anna', runtimeDir: RUN, resourcesDir: '' },
    });
    expect(await linux.unmapDrive({ letter: 'P', share: DRIVE.share })).toEqual({ removed: true });
    expect(calls).toEqual(['gio mount -l', 'gio mount -u smb://fs.buero.local/projekte']);
    expect(fs.entries.has(LINK)).toBe(false);
  });

  it('says a desktop session is missing when gio cannot reach gvfs over D-Bus', async () => {
    const e = (await adapter({ mountFails: 'gio: smb://BUERO;anna@fs.buero.local/projekte: Error connecting: Cannot autolaunch D-Bus without X11 $DISPLAY' })
      .linux.mapDrive(DRIVE, ACCOUNT)
      .catch((x: unknown) => x)) as UserError;
    expect(e.code).toBe('drives.noSession');
  });

  it('asks gvfs about the one share with gio info (fast), never by listing every mount (gio mount -l)', async () => {
    const { linux, calls } = adapter();
    await linux.mapDrive({ ...DRIVE, share: '\\\\FS.Buero.Local\\projekte' }, ACCOUNT);
    // After the mount, the share showing in the FUSE view is the proof: no second question to gvfs.
    expect(calls.map((c) => c.argv.join(' '))).toEqual(['gio info smb://BUERO;anna@fs.buero.local/projekte', 'gio mount smb://BUERO;anna@fs.buero.local/projekte']);
  });

  it('links where gvfs says the share is when it is not at the usual FUSE place', async () => {
    const elsewhere = '/run/user/1000/gvfs-other/projekte';
    const base = memoryFs();
    const fs = Object.assign({ ...base, exists: async (path: string) => path === elsewhere || (!path.includes('/gvfs/') && base.exists(path)) }, { entries: base.entries });
    let mounted = false;
    const run = async (inv: { argv: readonly string[] }) => {
      const a = inv.argv.join(' ');
      if (a === 'gio mount smb://BUERO;anna@fs.buero.local/projekte') mounted = true;
      if (a === 'gio info smb://BUERO;anna@fs.buero.local/projekte' && mounted) return { exitCode: 0, stdout: `local path: ${elsewhere}\n`, stderr: '' };
      if (a === 'gio info smb://BUERO;anna@fs.buero.local/projekte') return { exitCode: 2, stdout: '', stderr: 'not mounted' };
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    const linux = createLinuxAdapter({ run, fs, env: { home: '/home/anna', runtimeDir: RUN, resourcesDir: '' }, visibleWithinMs: 200 });
    expect(await linux.mapDrive(DRIVE, ACCOUNT)).toEqual({ status: 'mapped', path: LINK });
    expect(base.entries.get(LINK)).toBe(elsewhere);
  });

  it('unmaps: gio mount -u, removes the link and the empty folder; keeps the mount when only the link was ours', async () => {
    const a = adapter();
    await a.linux.mapDrive(DRIVE, ACCOUNT);
    expect(await a.linux.unmapDrive({ letter: 'P', share: DRIVE.share })).toEqual({ removed: true });
    expect(a.calls.map((c) => c.argv.join(' '))).toContain('gio mount -u smb://BUERO;anna@fs.buero.local/projekte');
    expect(a.fs.entries.size).toBe(0);
    const b = adapter({ mountedBefore: true });
    await b.linux.mapDrive(DRIVE, ACCOUNT);
    await b.linux.unmapDrive({ letter: 'P', share: DRIVE.share, linkOnly: true });
    expect(b.isMounted()).toBe(true);
    expect(b.fs.entries.has(LINK)).toBe(false);
  });

  it('lists our drive links, then the smb mounts no link points into, whoever they were mounted as', async () => {
    const fs = memoryFs({ [LINKS]: null, [LINK]: `${FUSE}/2026-Neubau`, [`${LINKS}/Q - Alt`]: `${RUN}/gvfs/smb-share:server=fs.buero.local,share=vorlagen` });
    const gioList = [
      'Mount(0): projekte on fs.buero.local -> smb://BUERO;anna@fs.buero.local/projekte/',
      'Mount(1): vorlagen on fs.buero.local -> smb://fs.buero.local/vorlagen/',
      'Mount(2): privat on nas.buero.local -> smb://anna@nas.buero.local/Privat%20Daten/',
      'Mount(3): sftp on host -> sftp://host/',
    ].join('\n');
    const linux = createLinuxAdapter({
      run: async () => ({ exitCode: 0, stdout: gioList, stderr: '' }),
      fs,
      env: { home: '/home/anna', runtimeDir: RUN, resourcesDir: '' },
    });
    expect(await linux.listDrives()).toEqual([
      { letter: 'P', share: '\\\\fs.buero.local\\projekte\\2026-Neubau', path: LINK },
      { letter: 'Q', share: '\\\\fs.buero.local\\vorlagen', path: `${LINKS}/Q - Alt` },
      { letter: null, share: '\\\\nas.buero.local\\Privat Daten', path: 'smb://anna@nas.buero.local/Privat%20Daten' },
    ]);
  });

  it('leaves a P link alone that does not point into gvfs', async () => {
    const fs = memoryFs({ [LINKS]: null, [`${LINKS}/P - Meins`]: '/home/anna/Dokumente' });
    expect(await adapter({ fs }).linux.unmapDrive({ letter: 'P' })).toEqual({ removed: false });
    expect(fs.entries.get(`${LINKS}/P - Meins`)).toBe('/home/anna/Dokumente');
  });
});

describe('linux printers (recording runner for lpadmin and lp)', () => {
  it('the helper tries IPP Everywhere first, then a raw queue; smb/lpd/socket go raw; -x removes', () => {
    const uri = 'ipp://print.buero.local:631/printers/Plotter';
    const base = ['lpadmin', '-p', 'Plotter-DesignJet', '-E', '-v', uri];
    expect(linuxPrinters.addAttempts('Plotter-DesignJet', uri, parsePrinterUri(uri)!)).toEqual([
      { driver: 'everywhere', argv: [...base, '-m', 'everywhere', '-o', 'printer-is-shared=false'] },
      { driver: 'raw', argv: [...base, '-m', 'raw', '-o', 'printer-is-shared=false'] },
    ]);
    const sock = 'socket://print.buero.local:9100';
    expect(linuxPrinters.addAttempts('P1', sock, parsePrinterUri(sock)!).map((a) => a.driver)).toEqual(['raw']);
    expect(linuxPrinters.removeArgv('Plotter-DesignJet')).toEqual(['lpadmin', '-x', 'Plotter-DesignJet']);
  });

  it('prints the test page as the user with lp -d, the page on stdin', async () => {
    const rec = recorder([[['lp'], { stdout: 'request id is Plotter-DesignJet-4 (0 file(s))\n' }]]);
    const linux = createLinuxAdapter({ run: rec.run, fs: memoryFs(), env: { home: '/home/anna', runtimeDir: RUN, resourcesDir: '' } });
    expect(await linux.printTestPage('Plotter-DesignJet')).toEqual({ job: 'Plotter-DesignJet-4' });
    expect(rec.calls[0]?.argv).toEqual(['lp', '-d', 'Plotter-DesignJet', '-t', 'HomeOffice Connect Testseite']);
  });
});
