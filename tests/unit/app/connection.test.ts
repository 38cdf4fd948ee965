import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { connectionNotice, trayState, tunnelHealth, CONNECTION_LOST } from '../../../src/core/app/connection';
import { trayIconPng } from '../../../src/core/app/tray-icon';
import { mailtoHref, telHref } from '../../../src/core/app/support-links';
import type { TunnelStatus } from '../../../src/shared/helper-protocol';

const up = (latestHandshake: number | null): TunnelStatus => ({
  state: 'up',
  interface: 'hoc0',
  addresses: [],
  endpoint: null,
  latestHandshake,
  rxBytes: 0,
  txBytes: 0,
  ownerUid: 1000,
  since: new Date(0).toISOString(),
});

describe('connection rules', () => {
  it('calls a tunnel stale after three minutes without a handshake', () => {
    expect(tunnelHealth(up(1000), 1100)).toBe('good');
    expect(tunnelHealth(up(1000), 1000 + 181)).toBe('stale');
    expect(tunnelHealth({ state: 'down' }, 5)).toBe('unknown');
  });

  it('colours the tray by state', () => {
    expect(trayState({ phase: 'idle', health: 'unknown' })).toBe('off');
    expect(trayState({ phase: 'connecting', health: 'unknown' })).toBe('busy');
    expect(trayState({ phase: 'ready', health: 'good' })).toBe('on');
    expect(trayState({ phase: 'ready', health: 'stale' })).toBe('warn');
    expect(trayState({ phase: 'degraded', health: 'good' })).toBe('warn');
    expect(trayState({ phase: 'error', health: 'unknown' })).toBe('error');
  });

  it('notifies when a working connection drops and when it comes back, not when the user disconnects', () => {
    const ready = { phase: 'ready', health: 'good', error: null } as const;
    const lost = { phase: 'error', health: 'unknown', error: { code: CONNECTION_LOST, params: {} } } as const;
    const stale = { phase: 'ready', health: 'stale', error: null } as const;
    expect(connectionNotice(ready, lost)).toBe('dropped');
    expect(connectionNotice(ready, stale)).toBe('dropped');
    expect(connectionNotice(lost, ready)).toBe('restored');
    expect(connectionNotice(stale, ready)).toBe('restored');
    expect(connectionNotice(ready, { phase: 'disconnecting', health: 'good', error: null })).toBeNull();
    expect(connectionNotice({ phase: 'disconnecting', health: 'good', error: null }, { phase: 'idle', health: 'unknown', error: null })).toBeNull();
  });

  it('draws a valid PNG tray icon in the state colour', () => {
    const png = trayIconPng('on', 32);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(32);
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    const centre = 16 * (32 * 4 + 1) + 1 + 16 * 4;
    expect([...raw.subarray(centre, centre + 4)]).toEqual([0x1f, 0x9d, 0x55, 255]);
    expect(raw[1 + 3]).toBe(0); // corner is transparent
  });
});

describe('support links', () => {
  it('builds tel: from a printed number and mailto: from a plain address', () => {
    expect(telHref('+49 621 1234567')).toBe('tel:+496211234567');
    expect(telHref('(0621) 123-45/67')).toBe('tel:0621123456' + '7');
    expect(mailtoHref('hilfe@it-service.example')).toBe('mailto:hilfe@it-service.example');
  });

  it('builds nothing from values that are not a number or an address', () => {
    expect(telHref('call javascript:alert(1)')).toBeNull();
    expect(telHref('+49;ext=1')).toBeNull();
    expect(mailtoHref('a@b.example?cc=evil@x.example')).toBeNull();
    expect(mailtoHref('javascript:alert(1)//@x.example')).toBeNull();
  });
});
