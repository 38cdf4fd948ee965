/**
 * The profile's optional `office` field: where the app proves it is inside
 * the office network (docs/office.md). The proof is a TLS handshake with a
 * host on the office LAN whose public key the signed profile pins; a name or
 * an address alone proves nothing, because anyone can name a network.
 */
import type { Cidr } from '../net';
import { placeHost } from './addresses';
import { fail, readInt, readObject, readString, shown } from './reader';
import type { ProfileOffice } from './types';

/** `sha256/` + base64 of the SHA-256 of the DER SubjectPublicKeyInfo (the HPKP pin format). */
export const SPKI_PIN = /^sha256\/[A-Za-z0-9+/]{43}=$/;

/** Reads and checks `$.office`: a company host, a port, one SPKI pin. */
export function readOffice(value: unknown, domain: string, routed: readonly Cidr[]): ProfileOffice {
  const path = '$.office';
  const o = readObject(value, path, ['host', 'port', 'spki']);
  const host = readString(o.host, `${path}.host`, 253);
  const place = placeHost(host, domain, routed);
  if (place !== 'inside') fail('profile.office.host', `${path}.host`, { value: shown(host), domain });
  const port = readInt(o.port, `${path}.port`, 1, 65535, 'profile.office.port');
  const spki = readString(o.spki, `${path}.spki`, 60);
  if (!SPKI_PIN.test(spki)) fail('profile.office.spki', `${path}.spki`);
  return { host, port, spki };
}
