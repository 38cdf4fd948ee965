/**
 * The proof of being in the office (docs/office.md): a TLS handshake, made
 * directly and not through our tunnel, with the office host the signed
 * profile names, whose public key matches the profile's pin. A network name,
 * an address or a certificate some CA signed proves nothing: only the pinned
 * key does.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { cidrContains, isIPLiteral, parseCidr } from '../../shared/net';
import type { ProfileOffice } from '../../shared/profile/types';
import { connectTls } from '../checks/stream';

/** Why the computer counts as "at home" (no proof). */
export type HomeReason = 'noProof' | 'unresolved' | 'unreachable' | 'timeout' | 'wrongKey' | 'viaTunnel';

/** The outcome of one proof attempt. */
export type OfficeProof =
  | { readonly place: 'office'; readonly address: string; readonly localAddress: string }
  | { readonly place: 'home'; readonly reason: HomeReason; readonly detail?: string };

/** What the proof needs from the profile. */
export interface OfficeProofInput {
  readonly office?: ProfileOffice;
  /** The tunnel's own addresses: a handshake made from one of them went through the tunnel. */
  readonly tunnelAddresses: readonly string[];
}

export interface OfficeProofOptions {
  /** Whole attempt (name lookup + TLS); the office LAN answers in milliseconds. */
  readonly timeoutMs?: number;
  /** Name lookup; the operating system's resolver by default (the direct path, not the tunnel's DNS). */
  readonly resolve?: (host: string) => Promise<string>;
}

/** The default time one proof may take. */
export const OFFICE_PROOF_TIMEOUT_MS = 1500;

/** `sha256/<base64>` of a certificate's DER SubjectPublicKeyInfo, the form the profile pins. */
export function spkiPin(certDer: Buffer): string {
  const spki = new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256/${createHash('sha256').update(spki).digest('base64')}`;
}

async function systemResolve(host: string): Promise<string> {
  return (await lookup(host, { verbatim: true })).address;
}

function viaTunnel(localAddress: string, tunnelAddresses: readonly string[]): boolean {
  const local = localAddress.replace(/^::ffff:/, '');
  return tunnelAddresses.some((a) => {
    const cidr = parseCidr(a.includes('/') ? a : `${a}/${a.includes(':') ? 128 : 32}`);
    return cidr !== null && cidrContains(cidr, local);
  });
}

/** Tries the proof once; never throws: every failure is a reason to be "at home". */
export async function proveOffice(input: OfficeProofInput, opts: OfficeProofOptions = {}): Promise<OfficeProof> {
  const office = input.office;
  if (!office) return { place: 'home', reason: 'noProof' };
  const signal = AbortSignal.timeout(opts.timeoutMs ?? OFFICE_PROOF_TIMEOUT_MS);
  const timedOut = (): OfficeProof => ({ place: 'home', reason: 'timeout' });
  let address: string;
  if (isIPLiteral(office.host)) address = office.host;
  else {
    try {
      address = await Promise.race([
        (opts.resolve ?? systemResolve)(office.host),
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })),
      ]);
    } catch (err) {
      if (signal.aborted) return timedOut();
      return { place: 'home', reason: 'unresolved', detail: (err as Error).message };
    }
  }
  let socket;
  try {
    socket = await connectTls(address, office.port, office.host, signal);
  } catch (err) {
    if (signal.aborted) return timedOut();
    return { place: 'home', reason: 'unreachable', detail: (err as Error).message };
  }
  try {
    const local = socket.localAddress ?? '';
    if (viaTunnel(local, input.tunnelAddresses)) return { place: 'home', reason: 'viaTunnel', detail: local };
    const raw = socket.getPeerCertificate().raw;
    const pin = raw ? spkiPin(raw) : '';
    if (pin !== office.spki) return { place: 'home', reason: 'wrongKey', detail: pin || 'no certificate' };
    return { place: 'office', address, localAddress: local };
  } finally {
    socket.destroy();
  }
}
