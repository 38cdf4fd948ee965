import { describe, expect, it } from 'vitest';
import { cidrContains, isHostname, isInsideDomain, isIPv4, isIPv6, isWireGuardKey, parseCidr, parseEndpoint } from '../../../src/shared/net';

describe('network value validators', () => {
  it('accepts dotted quads and refuses leading zeros, overflows and junk', () => {
    expect(isIPv4('10.77.0.10')).toBe(true);
    for (const bad of ['010.1.1.1', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4 ', 'a.b.c.d', '']) expect(isIPv4(bad)).toBe(false);
  });
  it('parses IPv6 literals including compressed and embedded-IPv4 forms', () => {
    for (const ok of ['::1', 'fd00::1', '2001:db8::8a2e:370:7334', '::ffff:10.0.0.1', '1:2:3:4:5:6:7:8']) expect(isIPv6(ok)).toBe(true);
    for (const bad of ['1::2::3', ':::', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', 'g::1']) expect(isIPv6(bad)).toBe(false);
  });
  it('checks membership of an address in a range', () => {
    const lan = parseCidr('10.77.0.0/24');
    expect(lan).not.toBeNull();
    expect(cidrContains(lan!, '10.77.0.10')).toBe(true);
    expect(cidrContains(lan!, '10.77.1.10')).toBe(false);
    expect(cidrContains(lan!, 'fd00::1')).toBe(false);
    expect(cidrContains(parseCidr('fd00:77::/64')!, 'fd00:77::5')).toBe(true);
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('10.0.0.0')).toBeNull();
  });
  it('accepts only plain ASCII host names', () => {
    expect(isHostname('fs.buero.local')).toBe(true);
    for (const bad of ['fs buero.local', 'fs;rm -rf', '-x.local', 'a..b', 'ä.local', 'a'.repeat(64) + '.local']) expect(isHostname(bad)).toBe(false);
  });
  it('tells names inside a domain from look-alikes', () => {
    expect(isInsideDomain('fs.buero.local', 'buero.local')).toBe(true);
    expect(isInsideDomain('FS.Buero.Local.', 'buero.local')).toBe(true);
    expect(isInsideDomain('fs.evilbuero.local', 'buero.local')).toBe(false);
    expect(isInsideDomain('buero.local.evil.com', 'buero.local')).toBe(false);
  });
  it('recognises 32-byte base64 WireGuard keys only', () => {
    expect(isWireGuardKey('yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=')).toBe(true);
    expect(isWireGuardKey('yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk')).toBe(false);
    expect(isWireGuardKey('yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\nPostUp = x')).toBe(false);
  });
  it('splits endpoints and refuses injected text', () => {
    expect(parseEndpoint('vpn.buero-mueller.example:51820')).toEqual({ host: 'vpn.buero-mueller.example', port: 51820 });
    expect(parseEndpoint('[2001:db8::1]:51820')).toEqual({ host: '2001:db8::1', port: 51820 });
    for (const bad of ['vpn:0', 'vpn:70000', 'vpn', 'a b:1', 'x";calc.exe:1', '1.2.3.4:51820\nPostUp=id']) expect(parseEndpoint(bad)).toBeNull();
  });
});
