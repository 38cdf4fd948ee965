/** The helper's printer service with a recording runner: its own list, never a printer it did not add. */
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrinterService } from '../../../src/helper/printers';
import { linuxPrinters } from '../../../src/helper/platform/printers-linux';
import type { UserError } from '../../../src/shared/errors';
import { parseCidr } from '../../../src/shared/net';

const URI = 'ipp://print.buero.local:631/printers/Plotter';
const anna = { pid: 10, uid: 1001, gids: [1001] };
const bob = { pid: 11, uid: 1002, gids: [1001] };
/** The company of the caller's installed profile, as the helper hands it to the printer service. */
const company = { domain: 'buero.local', routed: [parseCidr('10.77.0.0/24')!] };

function service(opts: { queues?: Record<string, string>; everywhereFails?: boolean; everyDriverFails?: boolean } = {}) {
  const queues = new Map(Object.entries(opts.queues ?? {}));
  const calls: string[][] = [];
  const stateDir = join(mkdtempSync(join(tmpdir(), 'hoc-printers-')), 'state');
  const svc = new PrinterService({
    stateDir,
    log: () => undefined,
    platform: linuxPrinters,
    run: async (argv) => {
      calls.push([...argv]);
      if (argv[0] === 'lpstat') {
        const out = [...queues].map(([n, u]) => `device for ${n}: ${u}`).join('\n');
        return { exitCode: 0, stdout: out, all: out || 'lpstat: No destinations added.' };
      }
      if (argv.includes('everywhere') && opts.everywhereFails) return { exitCode: 1, stdout: '', all: 'lpadmin: Unable to query printer' };
      if (argv[1] === '-p' && opts.everyDriverFails) return { exitCode: 1, stdout: '', all: `lpadmin: driver ${argv[7] ?? '?'} refused` };
      if (argv[1] === '-p') queues.set(argv[2] ?? '', argv[5] ?? '');
      if (argv[1] === '-x') queues.delete(argv[2] ?? '');
      return { exitCode: 0, stdout: '', all: '' };
    },
  });
  return { svc, calls, queues, stateFile: join(stateDir, 'printers.json') };
}

describe('helper printer service (recording runner for lpadmin)', () => {
  it('adds a queue, remembers it as its own before adding, and removes it again leaving no state file', async () => {
    const { svc, queues, stateFile } = service();
    expect(await svc.add('Plotter-DesignJet', URI, anna, company)).toEqual({
      kind: 'printer.added',
      printer: { name: 'Plotter-DesignJet', uri: URI, managed: true },
      created: true,
      driver: 'everywhere',
    });
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).printers[0]).toMatchObject({ name: 'Plotter-DesignJet', ownerUid: 1001 });
    expect(await svc.remove('Plotter-DesignJet', anna)).toEqual({ kind: 'printer.removed', name: 'Plotter-DesignJet', removed: true });
    expect(queues.size).toBe(0);
    expect(existsSync(stateFile)).toBe(false);
  });

  it('falls back to a raw queue when IPP Everywhere does not work through the tunnel', async () => {
    const { svc, calls } = service({ everywhereFails: true });
    expect((await svc.add('Plotter-DesignJet', URI, anna, company)).kind === 'printer.added').toBe(true);
    expect(calls.filter((c) => c[0] === 'lpadmin').map((c) => c.slice(6, 8))).toEqual([
      ['-m', 'everywhere'],
      ['-m', 'raw'],
    ]);
  });

  it('says which drivers failed when every driver fails, and leaves no queue and no entry of its own (recording runner)', async () => {
    const { svc, calls, queues, stateFile } = service({ everyDriverFails: true });
    const e = (await svc.add('Plotter-DesignJet', URI, anna, company).catch((x: unknown) => x)) as UserError;
    expect(e.code).toBe('printers.addFailed');
    expect(e.params.detail).toContain('everywhere: lpadmin: driver everywhere refused');
    expect(e.params.detail).toContain('raw: lpadmin: driver raw refused');
    // Every attempt was tried, then the half-made queue removed.
    expect(calls.filter((c) => c[0] === 'lpadmin' && c[1] === '-p').map((c) => c[7])).toEqual(['everywhere', 'raw']);
    expect(calls.some((c) => c[0] === 'lpadmin' && c[1] === '-x' && c[2] === 'Plotter-DesignJet')).toBe(true);
    expect(queues.size).toBe(0);
    expect(existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')).printers : []).toEqual([]);
  });

  it('never takes over or removes a printer the user had before', async () => {
    const { svc, calls } = service({ queues: { 'Plotter-DesignJet': 'socket://10.0.0.5:9100', Eigener: 'usb://HP' } });
    const e = (await svc.add('Plotter-DesignJet', URI, anna, company).catch((x: unknown) => x)) as UserError;
    expect(e.code).toBe('printers.exists');
    expect(e.params).toEqual({ name: 'Plotter-DesignJet', uri: 'socket://10.0.0.5:9100' });
    expect(((await svc.remove('Eigener', anna).catch((x: unknown) => x)) as UserError).code).toBe('printers.notManaged');
    expect(calls.some((c) => c[0] === 'lpadmin')).toBe(false);
  });

  it('refuses to remove a queue another user added', async () => {
    const { svc } = service();
    await svc.add('Plotter-DesignJet', URI, anna, company);
    expect(((await svc.remove('Plotter-DesignJet', bob).catch((x: unknown) => x)) as UserError).code).toBe('printers.ownedByOther');
  });

  it('adds system printers only on company hosts: the same host rule as drives', async () => {
    const { svc, calls } = service();
    for (const uri of ['socket://127.0.0.1:22', 'ipp://print.evil.example:631/printers/P', 'socket://10.78.0.5:9100', 'lpd://localhost/q']) {
      const e = (await svc.add('Fremd', uri, anna, company).catch((x: unknown) => x)) as UserError;
      expect(e.code, uri).toBe('printers.outsideDomain');
    }
    expect(calls).toEqual([]);
    expect((await svc.add('Buero-Socket', 'socket://10.77.0.10:9100', anna, company)).kind).toBe('printer.added');
  });

  it('checks names and URIs again itself', async () => {
    const { svc, calls } = service();
    expect(((await svc.add('$(id)', URI, anna, company).catch((x: unknown) => x)) as UserError).code).toBe('printers.invalidName');
    expect(((await svc.add('P', 'file:///dev/null', anna, company).catch((x: unknown) => x)) as UserError).code).toBe('printers.invalidUri');
    expect(calls).toEqual([]);
  });
});
