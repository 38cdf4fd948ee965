/**
 * Hostile share and printer names fed straight to every adapter (and to the
 * helper's schema and planners): each is refused before any program runs.
 */
import { describe, expect, it } from 'vitest';
import { createPlatformAdapter } from '../../../src/core/platform';
import type { PlatformOs } from '../../../src/core/platform/types';
import { HelperRequestSchema, isPrinterName, parsePrinterUri } from '../../../src/shared/helper-protocol';
import { UserError } from '../../../src/shared/errors';
import { ACCOUNT, DRIVE, memoryFs, recorder } from './fakes';

const HOSTILE_SHARES = [
  '\\\\fs.buero.local\\projekte;rm -rf ~',
  '\\\\fs.buero.local\\projekte & calc.exe',
  '\\\\fs.buero.local\\projekte | whoami',
  '\\\\fs.buero.local\\$(id)',
  '\\\\fs.buero.local\\`id`',
  '\\\\fs.buero.local\\projekte\\..\\..\\Windows',
  '\\\\fs.buero.local\\..',
  "\\\\fs.buero.local\\pro'jekte",
  '\\\\fs.buero.local\\pro"jekte',
  '\\\\fs.buero.local\\projekte\nnet user x /add',
  '\\\\?\\C:\\Windows',
  '\\\\.\\pipe\\evil',
  '\\\\fs.buero.local@SSL@443\\projekte',
  '\\\\fs.buero.local\\projekte\\%SYSTEMROOT%',
  '\\\\-oProxyCommand=x\\projekte',
  '//fs.buero.local/projekte',
  'C:\\Windows',
  'file:///etc/passwd',
  '\\\\fs.buero.local',
  '\\\\fs.buero.local\\projekte\\',
];

const HOSTILE_PRINTER_NAMES = ['Plotter;id', 'Plotter&calc', 'Plotter|x', '$(id)', '`id`', '..', '.hidden', '-x', 'Plot ter', "Plot'ter", 'Plot"ter', 'Plotter\nx', '\\\\srv\\q', 'a'.repeat(128), ''];

const HOSTILE_URIS = [
  'file:///dev/null',
  'file:/etc/passwd',
  'pipe:/bin/sh',
  'http://print.buero.local/',
  'ipp://print.buero.local:631/printers/../../admin',
  'ipp://user:pw@print.buero.local/printers/P',
  'ipp://print.buero.local/printers/P?x=$(id)',
  'ipp://print.buero.local/printers/P;id',
  'ipp://print.buero.local/printers/P`id`',
  'ipp://print.buero.local/printers/P%2e%2e',
  'ipp://print.buero.local/printers/P\n',
  'ipp://print.buero.local:99999/printers/P',
  'ipp://-oProxy/printers/P',
  'socket://print.buero.local:9100/extra',
  'smb://print.buero.local/a/b/c',
  'ipp://print.buero.local',
];

const OSES: PlatformOs[] = ['linux', 'darwin', 'win32'];

function adapterFor(os: PlatformOs) {
  const rec = recorder();
  return { rec, adapter: createPlatformAdapter(os, { run: rec.run, fs: memoryFs(), env: { home: '/home/anna', runtimeDir: '/run/user/1000', resourcesDir: 'C:\\res' } }) };
}

describe.each(OSES)('%s adapter refuses hostile input before running anything', (os) => {
  it.each(HOSTILE_SHARES)('refuses the share %j', async (share) => {
    const { rec, adapter } = adapterFor(os);
    const e = await adapter.mapDrive({ ...DRIVE, share }, ACCOUNT).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).code).toBe('drives.invalid');
    expect(rec.calls).toEqual([]);
  });

  it.each(['P:', 'A', 'C', 'p', 'PP', ';', '$(id)'])('refuses the drive letter %j', async (letter) => {
    const { rec, adapter } = adapterFor(os);
    expect(((await adapter.mapDrive({ ...DRIVE, letter }, ACCOUNT).catch((x: unknown) => x)) as UserError).code).toBe('drives.invalid');
    expect(rec.calls).toEqual([]);
  });

  it.each([
    { ...ACCOUNT, user: 'anna\nBUERO' },
    { ...ACCOUNT, user: 'anna;id' },
    { ...ACCOUNT, domain: 'BUERO\nx' },
    { ...ACCOUNT, password: 'pw\nsecond line' },
    { ...ACCOUNT, password: '' },
  ])('refuses a sign-in that would inject prompt answers %#', async (account) => {
    const { rec, adapter } = adapterFor(os);
    expect(await adapter.mapDrive(DRIVE, account).catch((x: unknown) => x)).toBeInstanceOf(UserError);
    expect(rec.calls).toEqual([]);
  });

  it.each(HOSTILE_PRINTER_NAMES)('refuses the printer name %j for a test page', async (name) => {
    const { rec, adapter } = adapterFor(os);
    expect(((await adapter.printTestPage(name).catch((x: unknown) => x)) as UserError).code).toBe('printers.invalidName');
    expect(rec.calls).toEqual([]);
  });
});

describe('win32 user-session printers refuse hostile names and URIs', () => {
  it.each(HOSTILE_URIS)('refuses %j', async (uri) => {
    const { rec, adapter } = adapterFor('win32');
    expect(await adapter.addUserPrinter('Plotter', uri).catch((x: unknown) => x)).toBeInstanceOf(UserError);
    expect(rec.calls).toEqual([]);
  });
  it('does not remove a queue name that is no plain \\\\server\\queue', async () => {
    const { rec, adapter } = adapterFor('win32');
    for (const q of ['\\\\srv\\..', '\\\\srv\\q;x', 'Plotter', '\\\\?\\x']) expect(await adapter.removeUserPrinter(q)).toEqual({ removed: false });
    expect(rec.calls).toEqual([]);
  });
});

describe('helper protocol refuses hostile printer names and URIs', () => {
  it.each(HOSTILE_PRINTER_NAMES)('name %j', (name) => {
    expect(isPrinterName(name)).toBe(false);
    expect(HelperRequestSchema.safeParse({ v: 1, id: 1, cmd: 'printer.add', org: 'buero-mueller', name, uri: 'ipp://print.buero.local/printers/P' }).success).toBe(false);
    expect(HelperRequestSchema.safeParse({ v: 1, id: 1, cmd: 'printer.remove', name }).success).toBe(false);
  });
  it.each(HOSTILE_URIS)('uri %j', (uri) => {
    expect(parsePrinterUri(uri)).toBeNull();
    expect(HelperRequestSchema.safeParse({ v: 1, id: 1, cmd: 'printer.add', org: 'buero-mueller', name: 'Plotter', uri }).success).toBe(false);
  });
  it('accepts the profile format printer and keeps every tunnel message valid', () => {
    expect(HelperRequestSchema.safeParse({ v: 1, id: 1, cmd: 'printer.add', org: 'buero-mueller', name: 'Plotter-DesignJet', uri: 'ipp://print.buero.local:631/printers/Plotter' }).success).toBe(true);
    expect(HelperRequestSchema.safeParse({ v: 1, id: 2, cmd: 'printer.list' }).success).toBe(true);
    expect(HelperRequestSchema.safeParse({ v: 1, id: 3, cmd: 'tunnel.status' }).success).toBe(true);
    expect(HelperRequestSchema.safeParse({ v: 1, id: 4, cmd: 'printer.add', org: 'buero-mueller', name: 'P', uri: 'ipp://print.buero.local/printers/P', argv: ['id'] }).success).toBe(false);
  });
});
