/**
 * Keeps a tunnel alive without user action. WireGuard itself neither notices
 * a dead peer quickly nor re-resolves the endpoint's name (small offices run
 * on dynamic addresses with a DynDNS name). Every couple of seconds the keeper
 * sends one DNS query through the tunnel to the office DNS server; after two
 * misses it re-resolves the endpoint through the resolvers the computer had
 * before connecting and resets the peer with `wg setconf`, which also forces
 * a fresh handshake (office firewall restarted, new public address, home
 * link back after sleep or a Wi-Fi change).
 */
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { isIPLiteral, parseEndpoint } from '../shared/net';
import type { TunnelSpec } from '../shared/helper-protocol';
import type { SystemAccess } from './platform/types';
import { renderWgSetconf } from './wg-config';

export interface KeeperOptions {
  /** Root-only path for the `wg setconf` file. */
  readonly setconfFile: string;
  readonly system: SystemAccess;
  /** The platform's argv that loads the setconf file into the running tunnel (null: not up). */
  readonly setconfArgv: (file: string) => Promise<readonly string[] | null>;
  readonly log: (line: string) => void;
  /** The resolvers the computer used before the tunnel (for the endpoint's name). */
  readonly upstreamResolvers: () => Promise<string[]>;
  readonly intervalMs?: number;
  readonly probeTimeoutMs?: number;
}

/** What the keeper has seen, reported with the tunnel status. */
export interface KeeperHealth {
  readonly lastProbeOk: boolean;
  readonly recoveries: number;
  /** How long the last outage lasted until the probe answered again (ms). */
  readonly lastRecoveryMs: number | null;
}

/** A DNS query for `name` (type A), id random: any answer proves the path works. */
export function dnsQuery(name: string, id: number): Buffer {
  const labels = name.split('.').filter(Boolean);
  const qname = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])), Buffer.from([0])]);
  const header = Buffer.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([header, qname, Buffer.from([0, 1, 0, 1])]);
}

/** Sends one query to server:53 and resolves true on any reply with the same id. */
export function probeDns(server: string, name: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(server.includes(':') ? 'udp6' : 'udp4');
    const id = Math.floor(Math.random() * 0xffff);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (msg) => {
      if (msg.length >= 2 && msg.readUInt16BE(0) === id) done(true);
    });
    socket.on('error', () => done(false));
    socket.send(dnsQuery(name, id), 53, server);
  });
}

export class TunnelKeeper {
  private timer: NodeJS.Timeout | null = null;
  private misses = 0;
  private downSince: number | null = null;
  private lastReset = 0;
  private busy = false;
  private health: KeeperHealth = { lastProbeOk: true, recoveries: 0, lastRecoveryMs: null };

  constructor(
    private readonly spec: TunnelSpec,
    private readonly opts: KeeperOptions,
  ) {}

  /** Starts probing; a tunnel without a DNS server inside it has nothing to probe. */
  start(): void {
    if (this.timer || this.spec.dns.servers.length === 0) return;
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 2000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  current(): KeeperHealth {
    return this.health;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const server = this.spec.dns.servers[0] ?? '';
      const name = this.spec.dns.searchDomains[0] ?? 'localhost';
      const ok = await probeDns(server, name, this.opts.probeTimeoutMs ?? 1500);
      if (ok) {
        if (this.downSince !== null) {
          const ms = Date.now() - this.downSince;
          this.health = { lastProbeOk: true, recoveries: this.health.recoveries + 1, lastRecoveryMs: ms };
          this.opts.log(`tunnel recovered after ${ms} ms`);
        } else if (!this.health.lastProbeOk) {
          this.health = { ...this.health, lastProbeOk: true };
        }
        this.misses = 0;
        this.downSince = null;
        return;
      }
      this.misses += 1;
      this.health = { ...this.health, lastProbeOk: false };
      if (this.misses === 1) this.downSince = Date.now() - (this.opts.intervalMs ?? 2000) / 2;
      if (this.misses >= 2 && Date.now() - this.lastReset >= 4000) await this.resetPeer();
    } catch (err) {
      this.opts.log(`keeper: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy = false;
    }
  }

  /** Re-resolves the endpoint and resets the peer, forcing a new handshake. */
  private async resetPeer(): Promise<void> {
    this.lastReset = Date.now();
    const ep = parseEndpoint(this.spec.peer.endpoint);
    if (!ep) return;
    let address = ep.host;
    if (!isIPLiteral(ep.host)) {
      const resolver = new Resolver({ timeout: 1000, tries: 2 });
      const servers = await this.opts.upstreamResolvers();
      if (servers.length) resolver.setServers(servers);
      try {
        address = (await resolver.resolve4(ep.host))[0] ?? ep.host;
      } catch (err) {
        this.opts.log(`keeper: cannot resolve ${ep.host}: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    }
    const endpoint = address.includes(':') ? `[${address}]:${ep.port}` : `${address}:${ep.port}`;
    const file = this.opts.setconfFile;
    const argv = await this.opts.setconfArgv(file);
    if (!argv) return;
    await this.opts.system.writeFile(file, renderWgSetconf(this.spec, endpoint), 0o600);
    const r = await this.opts.system.run(argv, { timeoutMs: 5000 });
    this.opts.log(r.exitCode === 0 ? `no answer through the tunnel: peer reset, endpoint ${endpoint}` : `keeper: wg setconf failed: ${r.all}`);
  }
}
