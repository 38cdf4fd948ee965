/** `hoc admin office`: put the office proof (a LAN host and its pinned key) into org.json. */
import { join } from 'node:path';
import { UserError } from '../../shared/errors';
import { parseCidr } from '../../shared/net';
import { readOffice, SPKI_PIN } from '../../shared/profile/office';
import type { ProfileOffice } from '../../shared/profile/types';
import { connectTls } from '../checks/stream';
import { spkiPin } from '../office/proof';
import { readTemplate, TEMPLATE_FILE, writeFileAtomic } from './org-dir';

export interface OfficeProofOptions {
  readonly host: string;
  readonly port: number;
  /** The pin, when the admin has it (e.g. from openssl); else `fetch` asks the host. */
  readonly spki?: string;
  /** Connect to host:port now and pin the key it shows (run this in the office or through the tunnel). */
  readonly fetch?: boolean;
  /** Address to connect to instead of resolving `host` (tests, or a LAN without the company DNS). */
  readonly connectTo?: string;
}

export interface OfficeProofResult {
  readonly office: ProfileOffice;
  /** The subject of the certificate the key was taken from, for the admin to compare. */
  readonly subject?: string;
}

/** Asks the host for its certificate and returns the pin of its public key. */
export async function fetchSpkiPin(address: string, port: number, servername: string): Promise<{ pin: string; subject: string }> {
  const socket = await connectTls(address, port, servername, AbortSignal.timeout(5000));
  try {
    const cert = socket.getPeerCertificate();
    if (!cert.raw) throw new UserError('admin.office.noCertificate', { host: servername, port });
    const cn = cert.subject?.CN;
    return { pin: spkiPin(cert.raw), subject: Array.isArray(cn) ? cn.join(', ') : (cn ?? '') };
  } finally {
    socket.destroy();
  }
}

/** Checks the proof with the profile rule, then writes it into org.json; later profiles carry it. */
export async function setOfficeProof(dir: string, o: OfficeProofOptions): Promise<OfficeProofResult> {
  const tpl = await readTemplate(dir);
  let spki = o.spki;
  let subject: string | undefined;
  if (spki === undefined) {
    if (!o.fetch) throw new UserError('admin.office.needsPin');
    try {
      const got = await fetchSpkiPin(o.connectTo ?? o.host, o.port, o.host);
      spki = got.pin;
      subject = got.subject;
    } catch (err) {
      if (err instanceof UserError) throw err;
      const detail = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new UserError('admin.office.unreachable', { host: o.host, port: o.port, detail }, detail);
    }
  } else if (!SPKI_PIN.test(spki)) throw new UserError('profile.office.spki');
  const routed = tpl.tunnel.peer.allowedIPs.map((r) => parseCidr(r)).filter((r) => r !== null);
  const office = readOffice({ host: o.host, port: o.port, spki }, tpl.org.domain.toLowerCase(), routed);
  await writeFileAtomic(join(dir, TEMPLATE_FILE), `${JSON.stringify({ ...tpl, office }, null, 2)}\n`, 0o644);
  return { office, ...(subject !== undefined ? { subject } : {}) };
}
