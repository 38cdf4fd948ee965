/**
 * The shared tunnel content rules (src/shared/profile/tunnel-rules.ts), one
 * block per rule, and the same rules seen through the profile validator on a
 * correctly signed payload (so only the rules stand in the way).
 */
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../../src/shared/net';
import {
  checkRoute,
  dnsServerProblem,
  endpointProblem,
  interfaceAddressProblem,
  isSearchDomainInside,
  specialAddressKind,
  validatePayload,
} from '../../../src/shared/profile';
import { UserError } from '../../../src/shared/errors';
import { NOW, examplePayload, type MutablePayload } from '../../fixtures/profiles/make';

const routed = ['10.77.0.0/24', '10.99.0.0/24', 'fd00:77::/64'].map((r) => parseCidr(r)!);

function refusal(mutate: (p: MutablePayload) => void): string {
  const p = examplePayload();
  mutate(p);
  try {
    validatePayload(p, { now: NOW });
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).code;
  }
  return 'accepted';
}

describe('routes (allowedIPs)', () => {
  it('refuses the default routes and the routes that together make one', () => {
    expect(checkRoute('0.0.0.0/0')).toEqual({ ok: false, problem: 'defaultRoute' });
    expect(checkRoute('::/0')).toEqual({ ok: false, problem: 'defaultRoute' });
    for (const half of ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1', '64.0.0.0/2', '10.0.0.0/7', '2000::/15']) {
      expect(checkRoute(half), half).toEqual({ ok: false, problem: 'tooBroad' });
    }
  });
  it('accepts an office range down to the documented minimum prefix (/8, /16)', () => {
    for (const ok of ['10.0.0.0/8', '10.77.0.0/24', '192.168.1.10/32', 'fd00::/16', 'fd00:77::/64']) expect(checkRoute(ok).ok, ok).toBe(true);
  });
  it('refuses ranges touching loopback, link-local, multicast or unspecified addresses', () => {
    for (const bad of ['127.0.0.0/8', '127.0.0.1/32', '169.254.0.0/16', '224.0.0.0/8', '239.1.2.0/24', '0.0.0.0/8', '::1/128', 'fe80::/16', 'ff02::/16', '::/16', '::ffff:127.0.0.0/104']) {
      expect(checkRoute(bad), bad).toEqual({ ok: false, problem: 'special' });
    }
  });
  it('refuses the two-/1 split in a signed profile (IPv4 and IPv6)', () => {
    expect(refusal((p) => (p.tunnel.peer.allowedIPs = ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1']))).toBe('profile.tunnel.routeTooBroad');
    expect(refusal((p) => p.tunnel.peer.allowedIPs.push('127.0.0.0/8'))).toBe('profile.tunnel.routeSpecial');
  });
});

describe('tunnel addresses', () => {
  it('refuses a loopback, link-local, multicast or unspecified interface address', () => {
    for (const bad of ['127.0.0.2/8', '127.0.0.2/32', '169.254.3.4/32', '224.0.0.5/32', '0.0.0.0/32', '::1/128', 'fe80::2/64', '::ffff:127.0.0.2/128']) {
      expect(interfaceAddressProblem(bad), bad).toBe('special');
    }
    expect(interfaceAddressProblem('10.99.0.2/32')).toBeNull();
    expect(interfaceAddressProblem('10.99.0.2/7')).toBe('tooBroad');
    expect(refusal((p) => (p.tunnel.address = ['127.0.0.2/8']))).toBe('profile.tunnel.addressSpecial');
  });
});

describe('DNS servers', () => {
  it('must lie inside the routed ranges and never be a special address', () => {
    expect(dnsServerProblem('10.77.0.1', routed)).toBeNull();
    expect(dnsServerProblem('fd00:77::53', routed)).toBeNull();
    expect(dnsServerProblem('127.0.0.1', routed)).toBe('special');
    expect(dnsServerProblem('::1', routed)).toBe('special');
    expect(dnsServerProblem('8.8.8.8', routed)).toBe('outside');
    expect(dnsServerProblem('dns.buero.local', routed)).toBe('notIp');
    expect(refusal((p) => (p.tunnel.dns.servers = ['127.0.0.1']))).toBe('profile.dns.serverSpecial');
    expect(refusal((p) => (p.tunnel.dns.servers = ['10.78.0.1']))).toBe('profile.dns.serverOutside');
  });
});

describe('endpoint', () => {
  it('refuses localhost, names below it and special addresses; accepts the office name', () => {
    for (const bad of ['localhost:1', 'LOCALHOST.:51820', 'vpn.localhost:51820', '127.0.0.1:51820', '[::1]:51820', '0.0.0.0:51820', '[::ffff:127.0.0.1]:1', '224.0.0.1:51820']) {
      expect(endpointProblem(bad), bad).toBe('local');
    }
    expect(endpointProblem('vpn.buero-mueller.example:51820')).toBeNull();
    expect(endpointProblem('203.0.113.7:51820')).toBeNull();
    expect(endpointProblem('vpn.example')).toBe('invalid');
    expect(refusal((p) => (p.tunnel.peer.endpoint = 'localhost:1'))).toBe('profile.tunnel.endpointLocal');
  });
});

describe('search domains', () => {
  it('must be the company domain or below it: never a TLD such as com', () => {
    expect(isSearchDomainInside('buero.local', 'buero.local')).toBe(true);
    expect(isSearchDomainInside('Print.Buero.Local.', 'buero.local')).toBe(true);
    for (const bad of ['com', 'local', 'xbuero.local', 'buero.local.evil.example', '10.77.0.1', 'localhost']) {
      expect(isSearchDomainInside(bad, 'buero.local'), bad).toBe(false);
    }
    expect(refusal((p) => (p.tunnel.dns.searchDomains = ['com']))).toBe('profile.dns.searchDomain');
  });
  it('refuses a company domain below localhost (it would always mean this machine)', () => {
    expect(refusal((p) => (p.org.domain = 'buero.localhost'))).toBe('profile.org.domain');
  });
});

describe('special addresses', () => {
  it('classifies each kind, including IPv4-mapped IPv6', () => {
    expect(specialAddressKind('127.1.2.3')).toBe('loopback');
    expect(specialAddressKind('::ffff:7f00:1')).toBe('loopback');
    expect(specialAddressKind('169.254.169.254')).toBe('linkLocal');
    expect(specialAddressKind('ff05::2')).toBe('multicast');
    expect(specialAddressKind('::')).toBe('unspecified');
    expect(specialAddressKind('10.77.0.10')).toBeNull();
    expect(specialAddressKind('not-an-ip')).toBeNull();
  });
});
