/**
 * The messages between the unprivileged side (app, CLI) and the privileged
 * helper. Newline-delimited JSON over a local socket; both ends validate every
 * message with these schemas and refuse anything else.
 */
import * as z from 'zod';
import { isHostname, isIPLiteral, isWireGuardKey, parseCidr } from './net';
import { isPrinterName } from './profile/addresses';
import { checkRoute, dnsServerProblem, endpointProblem, interfaceAddressProblem } from './profile/tunnel-rules';
import { ENVELOPE_FORMAT, ENVELOPE_VERSION } from './profile/envelope';
import { ORG_ID } from './profile/validate';

/** Protocol version carried in every message. */
export const HELPER_PROTOCOL_VERSION = 1;
/** Longest accepted message line in bytes; anything longer closes the connection. */
export const HELPER_MAX_MESSAGE_BYTES = 64 * 1024;
/** The one interface name the helper manages. */
export const TUNNEL_INTERFACE = 'hoc0';

const wgKey = z.string().refine(isWireGuardKey, 'not a WireGuard key (base64, 32 bytes)');
const cidr = z
  .string()
  .max(64)
  .refine((v) => parseCidr(v) !== null, 'not an address range (address/prefix)');
// The same rules as the profile validator (src/shared/profile/tunnel-rules.ts), checked again on every spec.
const interfaceAddress = cidr.refine((v) => interfaceAddressProblem(v) === null, 'not an allowed tunnel address (too broad, or loopback, link-local, multicast, unspecified)');
const routedRange = cidr.refine((v) => checkRoute(v).ok, 'not an allowed route (default route, wider than /8 or /16, or a special range)');
const ipLiteral = z.string().max(45).refine(isIPLiteral, 'not an IP address');
const hostname = z.string().max(253).refine(isHostname, 'not a host name');
const endpoint = z
  .string()
  .max(260)
  .refine((v) => endpointProblem(v) === null, 'not host:port, or this computer');

/**
 * What the helper renders a WireGuard config from. Not on the wire: the helper
 * builds it from an installed, signed profile (src/helper/profile-store.ts)
 * and checks it again here before every use.
 */
export const TunnelSpecSchema = z
  .strictObject({
    addresses: z.array(interfaceAddress).min(1).max(4),
    privateKey: wgKey,
    mtu: z.number().int().min(1280).max(1500),
    dns: z.strictObject({
      servers: z.array(ipLiteral).max(4),
      // The spec names no company domain, so the helper cannot check "inside org.domain" here
      // (the validator does); it refuses at least a bare top-level domain such as `com`.
      searchDomains: z.array(hostname.refine((d) => d.replace(/\.$/, '').includes('.'), 'a top-level domain')).max(8),
    }),
    peer: z.strictObject({
      publicKey: wgKey,
      presharedKey: wgKey.optional(),
      endpoint,
      allowedIPs: z.array(routedRange).min(1).max(64),
      persistentKeepalive: z.number().int().min(0).max(3600),
    }),
  })
  .refine(
    (spec) => {
      const routed = spec.peer.allowedIPs.map((r) => parseCidr(r)).filter((r) => r !== null);
      return spec.dns.servers.every((ip) => dnsServerProblem(ip, routed) === null);
    },
    { message: 'a DNS server outside the routed ranges, or a special address', path: ['dns', 'servers'] },
  );
export type TunnelSpec = z.infer<typeof TunnelSpecSchema>;

const requestId = z.number().int().min(0).max(2 ** 31);
const base = { v: z.literal(HELPER_PROTOCOL_VERSION), id: requestId };

// The printer-name rule is a fact about profiles; the helper checks the same function.
export { isPrinterName };

/** The schemes a printer URI may use (never `file:`, never a backend that runs a program). */
export const PRINTER_URI_SCHEMES = ['ipp', 'ipps', 'smb', 'lpd', 'socket'] as const;
export type PrinterUriScheme = (typeof PRINTER_URI_SCHEMES)[number];

/** A printer URI split into its parts; only built by `parsePrinterUri`. */
export interface PrinterUri {
  readonly scheme: PrinterUriScheme;
  readonly host: string;
  readonly port: number | null;
  /** Path segments after the host (`['printers', 'Plotter']`); empty for `socket:`. */
  readonly path: readonly string[];
}

/**
 * Parses a printer URI by strict syntax only (the helper cannot know the
 * company domain; core checks that): a known scheme, a host name or IPv4
 * literal, an optional port, plain path segments. No user info, query,
 * fragment, percent escapes, `.`/`..` segments, spaces or control characters.
 */
export function parsePrinterUri(value: string): PrinterUri | null {
  if (value.length > 512) return null;
  const m = /^([a-z]+):\/\/([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?((?:\/[A-Za-z0-9_~.-]+)*)\/?$/.exec(value);
  if (!m) return null;
  const scheme = m[1] as PrinterUriScheme;
  const host = m[2] ?? '';
  if (!(PRINTER_URI_SCHEMES as readonly string[]).includes(scheme)) return null;
  if (!isHostname(host) || host.startsWith('-')) return null;
  const port = m[3] === undefined ? null : Number(m[3]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  const path = (m[4] ?? '').split('/').filter((seg) => seg !== '');
  if (path.some((seg) => seg === '.' || seg === '..' || seg.startsWith('-'))) return null;
  if (scheme === 'socket' ? path.length !== 0 : path.length === 0) return null;
  if ((scheme === 'smb' || scheme === 'lpd') && path.length !== 1) return null;
  return { scheme, host, port, path };
}

const printerName = z.string().max(127).refine(isPrinterName, 'not a printer name ([A-Za-z0-9._-], 1–127, starting with a letter or digit)');
const printerUri = z
  .string()
  .max(512)
  .refine((v) => parsePrinterUri(v) !== null, 'not an allowed printer URI (ipp, ipps, smb, lpd, socket)');

/** Longest `payload` (base64) of an envelope sent with profile.install: the whole request must fit one message. */
export const HELPER_MAX_ENVELOPE_PAYLOAD_CHARS = HELPER_MAX_MESSAGE_BYTES - 1024;

/** A signed profile envelope as it travels to the helper: the `.hocprofile` file's JSON object, unchanged. */
export const EnvelopeWireSchema = z.strictObject({
  format: z.literal(ENVELOPE_FORMAT),
  version: z.literal(ENVELOPE_VERSION),
  orgKey: z.string().max(44),
  payload: z.string().max(HELPER_MAX_ENVELOPE_PAYLOAD_CHARS),
  signature: z.string().max(88),
});
export type EnvelopeWire = z.infer<typeof EnvelopeWireSchema>;

// ORG_ID is read at parse time: validate.ts imports this module too, so it is not defined yet while this one loads.
const orgId = z.string().max(63).refine((v) => ORG_ID.test(v), 'not an organisation id');

/**
 * A request to the helper. There is deliberately no command that runs
 * caller-supplied programs, and none that carries tunnel content: a tunnel
 * comes only from a profile installed with a good signature by the pinned key.
 */
export const HelperRequestSchema = z.discriminatedUnion('cmd', [
  /**
   * Installs a signed profile for the caller. `firstPin`: the user compared the
   * key's fingerprint (import), so the helper may pin it on a machine that has no pin yet.
   */
  z.strictObject({ ...base, cmd: z.literal('profile.install'), envelope: EnvelopeWireSchema, firstPin: z.boolean() }),
  /** Removes the caller's installed profile of that organisation (the pin stays: only root changes pins). */
  z.strictObject({ ...base, cmd: z.literal('profile.remove'), org: orgId }),
  /** Brings up the tunnel of the caller's installed profile of that organisation. */
  z.strictObject({ ...base, cmd: z.literal('tunnel.up'), org: orgId }),
  z.strictObject({ ...base, cmd: z.literal('tunnel.down') }),
  z.strictObject({ ...base, cmd: z.literal('tunnel.status') }),
  /** Adds a system printer queue to a host of the caller's installed profile `org`; the helper remembers it as its own. */
  z.strictObject({ ...base, cmd: z.literal('printer.add'), org: orgId, name: printerName, uri: printerUri }),
  /** Removes a queue, but only one this helper added (never a printer the user had). */
  z.strictObject({ ...base, cmd: z.literal('printer.remove'), name: printerName }),
  z.strictObject({ ...base, cmd: z.literal('printer.list') }),
]);
export type HelperRequest = z.infer<typeof HelperRequestSchema>;
export type HelperCommand = HelperRequest['cmd'];

/** What the helper reports about the tunnel; never contains a key. */
export const TunnelStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('down') }),
  z.strictObject({
    state: z.literal('up'),
    interface: z.string().max(15),
    addresses: z.array(cidr).max(4),
    endpoint: z.string().max(260).nullable(),
    /** Unix time in seconds of the latest handshake, null before the first one. */
    latestHandshake: z.number().int().min(0).nullable(),
    rxBytes: z.number().int().min(0),
    txBytes: z.number().int().min(0),
    /** The user id that brought the tunnel up. */
    ownerUid: z.number().int().min(0).nullable(),
    /** When the tunnel came up (ISO 8601). */
    since: z.string().max(40),
    /** What the helper's keeper saw: probes through the tunnel and automatic recoveries. */
    health: z
      .strictObject({
        lastProbeOk: z.boolean(),
        recoveries: z.number().int().min(0),
        lastRecoveryMs: z.number().int().min(0).nullable(),
      })
      .optional(),
  }),
]);
export type TunnelStatus = z.infer<typeof TunnelStatusSchema>;

const errorData = z.strictObject({
  code: z.string().max(80),
  params: z.record(z.string().max(40), z.union([z.string().max(2000), z.number()])),
  detail: z.string().max(4000).optional(),
});

/** A reply to a tunnel command: `ok` with the tunnel status, or an error value. */
export const HelperReplySchema = z.union([
  z.strictObject({ ...base, ok: z.literal(true), result: TunnelStatusSchema }),
  z.strictObject({ ...base, ok: z.literal(false), error: errorData }),
]);

/** One system printer queue as the helper sees it; `managed` when the helper added it. */
export const PrinterEntrySchema = z.strictObject({
  name: z.string().max(127),
  uri: z.string().max(1024),
  managed: z.boolean(),
});
export type PrinterEntry = z.infer<typeof PrinterEntrySchema>;

/** What the printer commands return. */
export const PrinterResultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('printer.added'),
    printer: PrinterEntrySchema,
    /** False when the helper's own queue of that name was already there (it was updated). */
    created: z.boolean(),
    /** `everywhere` (IPP Everywhere PPD from the printer), `raw` (driverless pass-through), or the Windows driver route. */
    driver: z.enum(['everywhere', 'raw', 'ipp-class-driver', 'shared-connection']),
  }),
  z.strictObject({ kind: z.literal('printer.removed'), name: z.string().max(127), removed: z.boolean() }),
  z.strictObject({ kind: z.literal('printer.list'), printers: z.array(PrinterEntrySchema).max(1000) }),
]);
export type PrinterResult = z.infer<typeof PrinterResultSchema>;

/** A reply to a printer command. */
export const PrinterReplySchema = z.union([
  z.strictObject({ ...base, ok: z.literal(true), result: PrinterResultSchema }),
  z.strictObject({ ...base, ok: z.literal(false), error: errorData }),
]);

/** What the profile commands return; never any key. */
export const ProfileResultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('profile.installed'),
    orgId,
    serial: z.number().int().min(1),
    fingerprint: z.string().max(40),
    /** `new`: this install pinned the key on the machine; `pinned`: the key was pinned already. */
    pin: z.enum(['new', 'pinned']),
  }),
  z.strictObject({ kind: z.literal('profile.removed'), orgId, removed: z.boolean() }),
]);
export type ProfileResult = z.infer<typeof ProfileResultSchema>;

/** A reply to a profile command. */
export const ProfileReplySchema = z.union([
  z.strictObject({ ...base, ok: z.literal(true), result: ProfileResultSchema }),
  z.strictObject({ ...base, ok: z.literal(false), error: errorData }),
]);

/** Any reply the helper sends. */
export const AnyHelperReplySchema = z.union([HelperReplySchema, PrinterReplySchema, ProfileReplySchema]);
export type HelperReply = z.infer<typeof AnyHelperReplySchema>;

/** Formats a zod failure as one line: `path: message; path: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`)
    .join('; ');
}
