#!/usr/bin/env node
// Minimal signer for lab profiles (format: PROFILE-FORMAT.md beside the project, v1; summarised in docs/profiles.md).
// The full admin tooling is a later issue; this only builds and signs a payload.
//
// Usage:
//   node make-profile.mjs --signing-key KEY.pem [--create-signing-key] [--org-pub FILE]
//        --private-key B64 --peer-public-key B64 [--preshared-key B64]
//        [--name "Anna Schmidt"] [--role drafter] [--address 10.99.0.2/32]
//        [--serial 1] [--valid-days 365] [--issued-at ISO] [--expires-at ISO]
//        [--endpoint vpn.buero-mueller.example:51820] [--mtu 1380] [--keepalive 25]
//        [--dns 10.77.0.1] [--drives JSON] [--out FILE] [--print-payload]
//        [--office-host intranet.buero.local --office-port 443 --office-spki sha256/B64]
//
//   --create-signing-key  create KEY.pem (Ed25519, PKCS#8 PEM, mode 0600) if it does not exist
//   --org-pub FILE        also write the raw org public key (base64 + newline) to FILE
//   --out FILE            write the envelope there (default: stdout)
import crypto from 'node:crypto';
import fs from 'node:fs';

const argv = process.argv.slice(2);
const opt = {};
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (!a.startsWith('--')) die(`unexpected argument ${a}`);
  const k = a.slice(2);
  if (['create-signing-key', 'print-payload', 'help'].includes(k)) { opt[k] = true; continue; }
  if (i + 1 >= argv.length) die(`missing value for ${a}`);
  opt[k] = argv[++i];
}
function die(msg) { console.error(`make-profile: ${msg}`); process.exit(2); }
if (opt.help) {
  const src = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.log(src.slice(1, 16).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

const b64key = (s, what) => {
  if (typeof s !== 'string' || Buffer.from(s, 'base64').length !== 32) die(`${what} must be base64 of 32 bytes`);
  return s.trim();
};
const isoSeconds = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

if (!opt['signing-key']) die('--signing-key is required');
let privateKey;
if (!fs.existsSync(opt['signing-key'])) {
  if (!opt['create-signing-key']) die(`${opt['signing-key']} does not exist (use --create-signing-key)`);
  const pair = crypto.generateKeyPairSync('ed25519');
  fs.writeFileSync(opt['signing-key'], pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  fs.chmodSync(opt['signing-key'], 0o600);
  privateKey = pair.privateKey;
} else {
  privateKey = crypto.createPrivateKey(fs.readFileSync(opt['signing-key']));
}
if (privateKey.asymmetricKeyType !== 'ed25519') die('signing key is not Ed25519');
const publicKey = crypto.createPublicKey(privateKey);
const orgKeyRaw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
if (opt['org-pub']) fs.writeFileSync(opt['org-pub'], orgKeyRaw.toString('base64') + '\n', { mode: 0o644 });

const now = opt['issued-at'] ? new Date(opt['issued-at']) : new Date();
const validDays = Number(opt['valid-days'] ?? 365);
const expires = opt['expires-at'] ? new Date(opt['expires-at']) : new Date(now.getTime() + validDays * 86400_000);

const peer = {
  publicKey: b64key(opt['peer-public-key'], '--peer-public-key'),
  ...(opt['preshared-key'] ? { presharedKey: b64key(opt['preshared-key'], '--preshared-key') } : {}),
  endpoint: opt.endpoint ?? 'vpn.buero-mueller.example:51820',
  allowedIPs: ['10.77.0.0/24', '10.99.0.0/24'],
  persistentKeepalive: Number(opt.keepalive ?? 25),
};

const payload = {
  org: { id: 'buero-mueller', name: 'Architekturbüro Müller', domain: 'buero.local' },
  serial: Number(opt.serial ?? 1),
  issuedAt: isoSeconds(now),
  expiresAt: isoSeconds(expires),
  user: { name: opt.name ?? 'Anna Schmidt', role: opt.role ?? 'drafter' },
  support: { name: 'IT-Service', phone: '+49 621 1234567', email: 'hilfe@it-service.example', hours: 'Mo–Fr 8–18 Uhr' },
  tunnel: {
    address: [opt.address ?? '10.99.0.2/32'],
    privateKey: b64key(opt['private-key'], '--private-key'),
    dns: { servers: [opt.dns ?? '10.77.0.1'], searchDomains: ['buero.local'] },
    mtu: Number(opt.mtu ?? 1380),
    peer,
  },
  services: [
    { id: 'cad-license', label: 'CAD-Lizenzserver', kind: 'tcp', host: 'cad.buero.local', port: 27000 },
    { id: 'files', label: 'Dateiserver', kind: 'smb', host: 'fs.buero.local' },
    { id: 'mail-in', label: 'E-Mail Empfang', kind: 'imap', host: 'mail.buero.local', port: 143 },
    { id: 'mail-out', label: 'E-Mail Versand', kind: 'smtp', host: 'mail.buero.local', port: 587 },
    { id: 'plotter', label: 'Plotter', kind: 'ipp', url: 'ipp://print.buero.local:631/printers/Plotter' },
    { id: 'phone', label: 'Telefonanlage', kind: 'sip', host: 'pbx.buero.local', port: 5060 },
    { id: 'ava', label: 'Ausschreibung', kind: 'tcp', host: 'ava.buero.local', port: 1433 },
    { id: 'intranet', label: 'Intranet', kind: 'https', url: 'https://intranet.buero.local/' },
  ],
  // --drives JSON replaces the drive list (the lab's second profile maps the share `Pläne`).
  drives: opt.drives ? JSON.parse(opt.drives) : [
    { letter: 'P', label: 'Projekte', share: '\\\\fs.buero.local\\projekte' },
  ],
  printers: [
    { name: 'Plotter-DesignJet', label: 'Plotter (DesignJet)', uri: 'ipp://print.buero.local:631/printers/Plotter' },
  ],
  ...(opt['office-spki']
    ? { office: { host: opt['office-host'] ?? 'intranet.buero.local', port: Number(opt['office-port'] ?? 443), spki: opt['office-spki'] } }
    : {}),
};

const payloadBytes = Buffer.from(JSON.stringify(payload), 'utf8');
const signature = crypto.sign(null, Buffer.concat([Buffer.from('hoc-profile-v1'), Buffer.from([0]), payloadBytes]), privateKey);
const envelope = {
  format: 'hoc-profile',
  version: 1,
  orgKey: orgKeyRaw.toString('base64'),
  payload: payloadBytes.toString('base64'),
  signature: signature.toString('base64'),
};
const text = JSON.stringify(envelope, null, 2) + '\n';
if (opt['print-payload']) console.error(JSON.stringify(payload, null, 2));
if (opt.out) fs.writeFileSync(opt.out, text); else process.stdout.write(text);
