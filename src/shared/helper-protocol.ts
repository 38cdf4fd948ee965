/**
 * The messages between the unprivileged side (app, CLI) and the privileged
 * helper. Newline-delimited JSON over a local socket; both ends validate every
 * message with these schemas and refuse anything else.
 */
import { z } from 'zod';
import { isDefaultRoute, isHostname, isIPLiteral, isWireGuardKey, parseCidr, parseEndpoint } from './net';

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
const routedRange = cidr.refine((v) => {
  const c = parseCidr(v);
  return c !== null && !isDefaultRoute(c);
}, 'a default route is not allowed');
const ipLiteral = z.string().max(45).refine(isIPLiteral, 'not an IP address');
const hostname = z.string().max(253).refine(isHostname, 'not a host name');
const endpoint = z
  .string()
  .max(260)
  .refine((v) => parseEndpoint(v) !== null, 'not host:port');

/** Everything the helper needs to bring the tunnel up; rendered to a config by the helper itself. */
export const TunnelSpecSchema = z.strictObject({
  addresses: z.array(cidr).min(1).max(4),
  privateKey: wgKey,
  mtu: z.number().int().min(1280).max(1500),
  dns: z.strictObject({
    servers: z.array(ipLiteral).max(4),
    searchDomains: z.array(hostname).max(8),
  }),
  peer: z.strictObject({
    publicKey: wgKey,
    presharedKey: wgKey.optional(),
    endpoint,
    allowedIPs: z.array(routedRange).min(1).max(64),
    persistentKeepalive: z.number().int().min(0).max(3600),
  }),
});
export type TunnelSpec = z.infer<typeof TunnelSpecSchema>;

const requestId = z.number().int().min(0).max(2 ** 31);
const base = { v: z.literal(HELPER_PROTOCOL_VERSION), id: requestId };

/** A request to the helper. There is deliberately no command that runs caller-supplied programs. */
export const HelperRequestSchema = z.discriminatedUnion('cmd', [
  z.strictObject({ ...base, cmd: z.literal('tunnel.up'), spec: TunnelSpecSchema }),
  z.strictObject({ ...base, cmd: z.literal('tunnel.down') }),
  z.strictObject({ ...base, cmd: z.literal('tunnel.status') }),
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
  }),
]);
export type TunnelStatus = z.infer<typeof TunnelStatusSchema>;

const errorData = z.strictObject({
  code: z.string().max(80),
  params: z.record(z.string().max(40), z.union([z.string().max(2000), z.number()])),
  detail: z.string().max(4000).optional(),
});

/** A reply: `ok` with a result for the command, or an error value. */
export const HelperReplySchema = z.union([
  z.strictObject({ ...base, ok: z.literal(true), result: TunnelStatusSchema }),
  z.strictObject({ ...base, ok: z.literal(false), error: errorData }),
]);
export type HelperReply = z.infer<typeof HelperReplySchema>;

/** Formats a zod failure as one line: `path: message; path: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`)
    .join('; ');
}
