/** Builds the helper's tunnel spec from a verified profile and the key from protected storage. */
import type { TunnelSpec } from '../../shared/helper-protocol';

/** The parts of a profile's `tunnel` section the spec is made from. */
export interface ProfileTunnel {
  readonly address: readonly string[];
  readonly dns: { readonly servers: readonly string[]; readonly searchDomains: readonly string[] };
  readonly mtu: number;
  readonly peer: {
    readonly publicKey: string;
    readonly presharedKey?: string | undefined;
    readonly endpoint: string;
    readonly allowedIPs: readonly string[];
    readonly persistentKeepalive: number;
  };
}

/** The spec the helper validates again on its side. */
export function tunnelSpecFromProfile(tunnel: ProfileTunnel, privateKey: string): TunnelSpec {
  return {
    addresses: [...tunnel.address],
    privateKey,
    mtu: tunnel.mtu,
    dns: { servers: [...tunnel.dns.servers], searchDomains: [...tunnel.dns.searchDomains] },
    peer: {
      publicKey: tunnel.peer.publicKey,
      ...(tunnel.peer.presharedKey ? { presharedKey: tunnel.peer.presharedKey } : {}),
      endpoint: tunnel.peer.endpoint,
      allowedIPs: [...tunnel.peer.allowedIPs],
      persistentKeepalive: tunnel.peer.persistentKeepalive,
    },
  };
}
