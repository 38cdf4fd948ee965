/**
 * Linux: wg-quick with the kernel module, or wireguard-go when the kernel has
 * none (wg-quick falls back by itself). DNS is not in the config (wg-quick
 * would need resolvconf): systemd-resolved per link, else /etc/resolv.conf.
 * Identity from the kernel on the Unix socket. Every Linux path of the helper
 * is in this module and dns-linux.ts.
 */
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { TUNNEL_INTERFACE, TunnelSpecSchema, type TunnelSpec } from '../../shared/helper-protocol';
import { peerIdentity } from '../peer-credentials';
import { listenUnix } from '../transport-unix';
import { renderWgConfig } from '../wg-config';
import { applyLinuxDns, restoreLinuxDns, upstreamNameservers } from './dns-linux';
import { linuxPrinters } from './printers-linux';
import type { HelperPlatform, PlatformContext, Step, TunnelPaths, TunnelPlatform } from './types';

/** The Linux tunnel planner. */
export const linuxTunnel: TunnelPlatform = {
  os: 'linux',
  configPath: (paths: TunnelPaths) => posix.join(paths.stateDir, `${TUNNEL_INTERFACE}.conf`),
  planUp(spec: TunnelSpec, paths: TunnelPaths): Step[] {
    const checked = TunnelSpecSchema.parse(spec);
    const path = this.configPath(paths);
    return [
      { kind: 'write-file', path, content: renderWgConfig(checked, { includeDns: false }), mode: 0o600 },
      { kind: 'run', argv: ['wg-quick', 'up', path] },
    ];
  },
  planDown(paths: TunnelPaths): Step[] {
    const path = this.configPath(paths);
    return [
      { kind: 'run', argv: ['wg-quick', 'down', path] },
      { kind: 'remove-file', path },
    ];
  },
  statusArgv: () => ['wg', 'show', TUNNEL_INTERFACE, 'dump'],
};

export interface LinuxPlatformOptions {
  /** Overrides /etc/resolv.conf (tests). */
  readonly resolvConf?: string;
}

/** Looks a group name up in /etc/group; null when there is no such group. */
export async function etcGroupId(name: string, groupFile = '/etc/group'): Promise<number | null> {
  const text = await readFile(groupFile, 'utf8');
  for (const line of text.split('\n')) {
    const [group, , gid] = line.split(':');
    if (group === name && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  return null;
}

/** The Linux platform. */
export function createLinuxPlatform(options: LinuxPlatformOptions = {}): HelperPlatform {
  const dnsOptions = (ctx: PlatformContext) => ({
    stateDir: ctx.stateDir,
    system: ctx.system,
    log: ctx.log,
    ...(options.resolvConf ? { resolvConf: options.resolvConf } : {}),
  });
  const interfaceExists = (ctx: PlatformContext) => ctx.system.exists(`/sys/class/net/${TUNNEL_INTERFACE}`);
  return {
    os: 'linux',
    defaults: {
      address: '/run/homeoffice-connect/helper.sock',
      group: 'hoc',
      stateDir: '/run/homeoffice-connect/tunnels',
      printerStateDir: '/var/lib/homeoffice-connect/printers',
    },
    tunnel: linuxTunnel,
    printers: linuxPrinters,
    refuseToStart: async () => (process.getuid?.() === 0 ? null : 'must run as root'),
    groupId: (name) => etcGroupId(name),
    listen: (opts, onConnection) => listenUnix(opts, onConnection, peerIdentity),
    tunnelRunning: interfaceExists,
    async readDump(ctx) {
      if (!(await interfaceExists(ctx))) return null;
      const r = await ctx.system.run(linuxTunnel.statusArgv(), { timeoutMs: 5000 });
      return r.exitCode === 0 ? r.stdout : null;
    },
    // wg-quick down fails on an interface that is gone; then only files are left.
    downNeedsPrograms: interfaceExists,
    applyDns: (dns, ctx) => applyLinuxDns(dns, dnsOptions(ctx)),
    restoreDns: (ctx) => restoreLinuxDns(dnsOptions(ctx)),
    upstreamResolvers: (ctx, office) => upstreamNameservers(dnsOptions(ctx), office),
    setconfArgv: async (ctx, file) => ((await interfaceExists(ctx)) ? ['wg', 'setconf', TUNNEL_INTERFACE, file] : null),
    join: (...parts) => posix.join(...parts),
  };
}

/** The Linux platform with the system's resolver files. */
export const linuxPlatform: HelperPlatform = createLinuxPlatform();
