/**
 * The profile validator's rules at their edges, straight on validatePayload
 * (no signature, no store): each refusal with its code, its JSON path and the
 * value it names; each edge that must pass, passing. Written against the
 * mutants that survived scripts/mutation.sh (docs/testing.md).
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/shared/errors';
import { validatePayload } from '../../../src/shared/profile/validate';
import { NOW, examplePayload, type MutablePayload } from '../../fixtures/profiles/make';

function payload(mutate: (p: MutablePayload) => void): MutablePayload {
  const p = examplePayload();
  mutate(p);
  return p;
}

function refusal(mutate: (p: MutablePayload) => void): { code: string; detail: string | undefined; params: Record<string, unknown> } {
  try {
    validatePayload(payload(mutate), { now: NOW });
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const e = err as UserError;
    return { code: e.code, detail: e.detail, params: { ...e.params } };
  }
  throw new Error('accepted');
}

const accepted = (mutate: (p: MutablePayload) => void) => validatePayload(payload(mutate), { now: NOW });

const refused: [name: string, mutate: (p: MutablePayload) => void, code: string, path: string, params?: Record<string, unknown>][] = [
  ['an org id with a character after a valid start', (p) => (p.org.id = 'buero_mueller'), 'profile.org.id', '$.org.id', { value: 'buero_mueller' }],
  ['an org domain ending in a dot', (p) => (p.org.domain = 'buero.local.'), 'profile.org.domain', '$.org.domain', { value: 'buero.local.' }],
  ['an IP address as the org domain', (p) => (p.org.domain = '10.77.0.1'), 'profile.org.domain', '$.org.domain', { value: '10.77.0.1' }],
  ['a service id with a character after a valid start', (p) => (p.services[0]!.id = 'cad_license'), 'profile.service.id', '$.services[0].id', { value: 'cad_license' }],
  ['a phone number with a letter after valid digits', (p) => (p.support.phone = '+49 621 x'), 'profile.support.phone', '$.support.phone', { value: '+49 621 x' }],
  ['a phone number without any digit', (p) => (p.support.phone = '+ ( )'), 'profile.support.phone', '$.support.phone', { value: '+ ( )' }],
  ['an e-mail whose local part ends in a character not allowed', (p) => (p.support.email = 'hilfe!@it-service.example'), 'profile.support.email', '$.support.email', { value: 'hilfe!@it-service.example' }],
  ['an e-mail without a local part', (p) => (p.support.email = '@it-service.example'), 'profile.support.email', '$.support.email'],
  ['an e-mail with a 65-character local part', (p) => (p.support.email = `${'a'.repeat(65)}@it-service.example`), 'profile.support.email', '$.support.email'],
  ['an e-mail to a host without a dot', (p) => (p.support.email = 'hilfe@localhost'), 'profile.support.email', '$.support.email'],
  ['an e-mail to a host ending in a dot', (p) => (p.support.email = 'hilfe@it-service.example.'), 'profile.support.email', '$.support.email'],
  ['a date with text before it', (p) => (p.issuedAt = 'x2026-11-28T08:00:00Z'), 'profile.date.invalid', '$.issuedAt'],
  ['a date with text after it', (p) => (p.expiresAt = '2027-11-28T08:00:00Zjunk'), 'profile.date.invalid', '$.expiresAt'],
  ['the 30th of February', (p) => (p.issuedAt = '2026-02-30T08:00:00Z'), 'profile.date.invalid', '$.issuedAt'],
  ['a year before 2000', (p) => (p.issuedAt = '1999-12-31T08:00:00Z'), 'profile.date.invalid', '$.issuedAt'],
  ['hour 24', (p) => (p.issuedAt = '2026-11-28T24:00:00Z'), 'profile.date.invalid', '$.issuedAt'],
  ['minute 60', (p) => (p.issuedAt = '2026-11-28T08:60:00Z'), 'profile.date.invalid', '$.issuedAt'],
  ['second 60', (p) => (p.issuedAt = '2026-11-28T08:00:60Z'), 'profile.date.invalid', '$.issuedAt'],
  ['month 13', (p) => (p.issuedAt = '2026-13-28T08:00:00Z'), 'profile.date.invalid', '$.issuedAt'],
  ['issued more than a day ahead of the clock', (p) => (p.issuedAt = '2027-01-02T00:00:01Z'), 'profile.issuedInFuture', '$.issuedAt', { date: '2027-01-02T00:00:01Z' }],
  ['expiring at the moment it was issued', (p) => (p.expiresAt = p.issuedAt), 'profile.expiresBeforeIssued', '$.expiresAt'],
  ['expiring right now', (p) => (p.expiresAt = NOW.toISOString()), 'profile.expired', '$.expiresAt'],
  ['a tunnel address broader than /8', (p) => (p.tunnel.address = ['10.99.0.2/7']), 'profile.tunnel.addressTooBroad', '$.tunnel.address[0]'],
  ['a route broader than /8', (p) => p.tunnel.peer.allowedIPs.push('10.0.0.0/7'), 'profile.tunnel.routeTooBroad', '$.tunnel.peer.allowedIPs[2]'],
  ['a route that is not a range', (p) => p.tunnel.peer.allowedIPs.push('office'), 'profile.tunnel.allowedIP', '$.tunnel.peer.allowedIPs[2]', { value: 'office' }],
  ['a DNS server that is a name', (p) => (p.tunnel.dns.servers = ['dns.buero.local']), 'profile.dns.serverNotIp', '$.tunnel.dns.servers[0]', { value: 'dns.buero.local' }],
  ['a DNS server outside the tunnel', (p) => (p.tunnel.dns.servers = ['192.168.1.1']), 'profile.dns.serverOutside', '$.tunnel.dns.servers[0]'],
  ['a search domain outside the company', (p) => (p.tunnel.dns.searchDomains = ['example.org']), 'profile.dns.searchDomain', '$.tunnel.dns.searchDomains[0]', { value: 'example.org', domain: 'buero.local' }],
  ['an endpoint without a port', (p) => (p.tunnel.peer.endpoint = 'vpn.buero-mueller.example'), 'profile.tunnel.endpoint', '$.tunnel.peer.endpoint'],
  ['a TCP service that carries a url', (p) => Object.assign(p.services[0]!, { url: 'https://cad.buero.local/' }), 'profile.service.fieldNotAllowed', '$.services[0].url', { id: 'cad-license', kind: 'tcp' }],
  ['a TCP service without a port', (p) => delete (p.services[0] as { port?: number }).port, 'profile.service.needsPort', '$.services[0].port', { id: 'cad-license' }],
  ['a service timeout above 30 s', (p) => Object.assign(p.services[0]!, { timeoutMs: 30_001 }), 'profile.service.timeout', '$.services[0].timeoutMs', { id: 'cad-license' }],
  ['two services with one id', (p) => p.services.push({ ...p.services[0]! }), 'profile.service.duplicateId', `$.services[${examplePayload().services.length}].id`, { id: 'cad-license' }],
  ['two drives with one letter', (p) => p.drives.push({ ...p.drives[0]!, label: 'Noch einmal' }), 'profile.drive.duplicateLetter', `$.drives[${examplePayload().drives.length}].letter`, { letter: 'P' }],
  ['a drive letter C', (p) => (p.drives[0]!.letter = 'C'), 'profile.drive.letter', '$.drives[0].letter', { value: 'C' }],
  ['two printers whose names differ only in case', (p) => p.printers.push({ ...p.printers[0]!, name: p.printers[0]!.name.toUpperCase() }), 'profile.printer.duplicateName', `$.printers[${examplePayload().printers.length}].name`],
];

describe('profile validator edges (validatePayload)', () => {
  for (const [name, mutate, code, path, params] of refused) {
    it(`refuses ${name}`, () => {
      const r = refusal(mutate);
      expect(r.code).toBe(code);
      expect(r.detail).toBe(path);
      expect(r.params).toMatchObject({ path, ...(params ?? {}) });
    });
  }

  it('accepts one-character org and service ids', () => {
    const p = accepted((q) => {
      q.org.id = 'b';
      q.services[0]!.id = 'c';
    });
    expect([p.org.id, p.services[0]?.id]).toEqual(['b', 'c']);
  });

  it('accepts e-mails with dotted local parts, a one-character local part and 64 characters', () => {
    for (const email of ['hilfe.it.service@it-service.example', 'a@it-service.example', `${'a'.repeat(64)}@it-service.example`]) {
      expect(accepted((q) => (q.support.email = email)).support.email).toBe(email);
    }
  });

  it('accepts issuedAt exactly one day ahead of the clock, and a profile expiring a second from now', () => {
    expect(accepted((q) => (q.issuedAt = '2027-01-02T00:00:00Z')).issuedAt).toBe('2027-01-02T00:00:00Z');
    expect(accepted((q) => (q.expiresAt = '2027-01-01T00:00:01Z')).expiresAt).toBe('2027-01-01T00:00:01Z');
  });

  it('accepts the first second of the year 2000 as a date', () => {
    expect(accepted((q) => (q.issuedAt = '2000-01-01T00:00:00Z')).issuedAt).toBe('2000-01-01T00:00:00Z');
  });

  it('accepts a tunnel address and a route of exactly /8, and a 29 February in a leap year', () => {
    const p = accepted((q) => {
      q.tunnel.address = ['10.99.0.2/8'];
      q.tunnel.peer.allowedIPs.push('10.0.0.0/8');
      q.issuedAt = '2024-02-29T08:00:00Z';
    });
    expect(p.tunnel.address).toEqual(['10.99.0.2/8']);
    expect(p.tunnel.peer.allowedIPs).toContain('10.0.0.0/8');
  });

  it('keeps no presharedKey and no timeoutMs key where the profile has none', () => {
    const p = accepted((q) => delete (q.tunnel.peer as { presharedKey?: string }).presharedKey);
    expect(Object.keys(p.tunnel.peer)).not.toContain('presharedKey');
    expect(Object.keys(p.services[0]!)).not.toContain('timeoutMs');
  });
});
