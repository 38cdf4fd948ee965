/**
 * Renders a WireGuard configuration from a validated spec. The helper writes
 * this file itself, so no PreUp/PostUp/PreDown/PostDown, SaveConfig, Table or
 * FwMark line can ever reach wg-quick or wireguard.exe.
 */
import type { TunnelSpec } from '../shared/helper-protocol';

export interface RenderOptions {
  /** Put `DNS =` into the config (wireguard-windows, macOS wg-quick). Linux handles DNS itself. */
  readonly includeDns: boolean;
}

/** Returns the config text; every value has already passed TunnelSpecSchema. */
export function renderWgConfig(spec: TunnelSpec, options: RenderOptions): string {
  const lines = ['[Interface]', `PrivateKey = ${spec.privateKey}`, `Address = ${spec.addresses.join(', ')}`, `MTU = ${spec.mtu}`];
  const dns = [...spec.dns.servers, ...spec.dns.searchDomains];
  if (options.includeDns && dns.length > 0) lines.push(`DNS = ${dns.join(', ')}`);
  lines.push('', '[Peer]', `PublicKey = ${spec.peer.publicKey}`);
  if (spec.peer.presharedKey) lines.push(`PresharedKey = ${spec.peer.presharedKey}`);
  lines.push(`Endpoint = ${spec.peer.endpoint}`, `AllowedIPs = ${spec.peer.allowedIPs.join(', ')}`);
  if (spec.peer.persistentKeepalive > 0) lines.push(`PersistentKeepalive = ${spec.peer.persistentKeepalive}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The `wg setconf` subset (no Address, MTU, DNS): used to reset the peer
 * with a freshly resolved endpoint, which also forces a new handshake.
 */
export function renderWgSetconf(spec: TunnelSpec, endpoint: string): string {
  const lines = ['[Interface]', `PrivateKey = ${spec.privateKey}`, '', '[Peer]', `PublicKey = ${spec.peer.publicKey}`];
  if (spec.peer.presharedKey) lines.push(`PresharedKey = ${spec.peer.presharedKey}`);
  lines.push(`Endpoint = ${endpoint}`, `AllowedIPs = ${spec.peer.allowedIPs.join(', ')}`);
  if (spec.peer.persistentKeepalive > 0) lines.push(`PersistentKeepalive = ${spec.peer.persistentKeepalive}`);
  return `${lines.join('\n')}\n`;
}
