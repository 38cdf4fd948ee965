// Types of the OPNsense API stand-in (opnsense-api-standin.mjs) for the unit tests that drive it.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StandinServer {
  uuid: string; enabled: string; name: string; instance: string; pubkey: string; privkey: string; port: string; tunneladdress: string; peers: string;
}
export interface StandinClient {
  uuid: string; enabled: string; name: string; pubkey: string; psk: string; tunneladdress: string; serveraddress: string; serverport: string; keepalive: string;
}
export interface RenderedPeer { pubkey: string; psk: string; tunneladdress: string[] }
export function readApiKeyFile(text: string): { key?: string; secret?: string };
export function createStandin(o: {
  key: string;
  secret: string;
  servers?: StandinServer[];
  clients?: StandinClient[];
  applyPeers?: (server: StandinServer, peers: RenderedPeer[]) => void;
}): { handle: (req: IncomingMessage, res: ServerResponse) => void; model: { servers: Map<string, StandinServer>; clients: Map<string, StandinClient> }; log: string[] };
