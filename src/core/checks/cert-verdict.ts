/** Certificate problems in plain language: expired, not yet valid, wrong name, unknown issuer. */
import type { PeerCertificate } from 'node:tls';
import { problem } from './verdict';
import type { Verdict } from './types';

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'INVALID_CA',
]);

function day(date: string | undefined): string {
  const d = date ? new Date(date) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : '?';
}

/** The names a certificate is for (subjectAltName DNS/IP entries, else its CN). */
export function certificateNames(cert: PeerCertificate | undefined): string {
  const alt = cert?.subjectaltname
    ?.split(/,\s*/)
    .map((e) => e.replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  if (alt && alt.length) return alt.slice(0, 4).join(', ');
  const cn = cert?.subject?.CN;
  return (Array.isArray(cn) ? cn.join(', ') : cn) || '?';
}

/** The verdict for a TLS verification error code, or null when it is not a certificate problem. */
export function certificateVerdict(code: string, label: string, host: string, cert: PeerCertificate | undefined): Verdict | null {
  const detail = `TLS: ${code}`;
  if (code === 'CERT_HAS_EXPIRED')
    return problem('fail', 'check.https.certExpired', { label, host, date: day(cert?.valid_to) }, 'check.next.callSupport', { detail });
  if (code === 'CERT_NOT_YET_VALID')
    return problem('fail', 'check.https.certNotYetValid', { label, host, date: day(cert?.valid_from) }, 'check.next.checkClock', { detail });
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH')
    return problem('fail', 'check.https.certWrongName', { label, host, names: certificateNames(cert) }, 'check.next.callSupport', { detail });
  if (UNTRUSTED.has(code)) return problem('fail', 'check.https.certUntrusted', { label, host }, 'check.next.callSupport', { detail });
  return null;
}
