/**
 * macOS: wg-quick with wireguard-go, both shipped with the app. The interface
 * is a kernel-chosen `utunN`; wg-quick records which one in
 * `/var/run/wireguard/hoc0.name`. The config has no `DNS =` line (wg-quick
 * would set the office's server on every network service with networksetup:
 * all names to the office); split DNS is one `/etc/resolver/<domain>` file per
 * company domain instead, the macOS way. Identity from the kernel on the Unix
 * socket, group membership from the directory service.
 *
 * Programs, each by absolute path with an exact argv:
 * - wg-quick up/down (darwin): https://git.zx2c4.com/wireguard-tools/about/src/man/wg-quick.8
 * - wg show all dump, wg setconf: https://git.zx2c4.com/wireguard-tools/about/src/man/wg.8
 * - /usr/bin/id -u, /usr/bin/id -G UID: https://keith.github.io/xcode-man-pages/id.1.html
 * - /usr/bin/dscl . -read /Groups/NAME PrimaryGroupID: https://keith.github.io/xcode-man-pages/dscl.1.html
 * - /etc/resolver/<domain> files: https://keith.github.io/xcode-man-pages/resolver.5.html
 */
import { getServers } from 'node:dns';
import type { Socket } from 'node:net';
import { posix } from 'node:path';
import { describeIssues, TUNNEL_INTERFACE, TunnelSpecSchema, type TunnelSpec } from '../../shared/helper-protocol';
import { UserError } from '../../shared/errors';
import { peerIdentity, type PeerIdentity } from '../peer-credentials';
import { listenUnix } from '../transport-unix';
import { renderWgConfig } from '../wg-config';
import { darwinPrinters } from './printers-darwin';
import type { HelperPlatform, PlatformContext, Step, SystemAccess, TunnelPaths, TunnelPlatform } from './types';

/** Where the WireGuard tools are; the installer may put them elsewhere. */
export interface DarwinTunnelOptions {
  readonly wgQuick?: string;
  readonly wg?: string;
  readonly wireguardGo?: string;
  /** bash 4 or later: wg-quick refuses the bash 3.2 that macOS ships. */
  readonly bash?: string;
}

/** The tools shipped inside the app bundle. */
export const DARWIN_TOOLS_DIR = '/Applications/HomeOffice Connect.app/Contents/Resources/wireguard';
/** Root-only (0700) directory for the rendered config. */
export const DARWIN_DEFAULT_STATE_DIR = '/Library/Application Support/HomeOffice Connect/tunnels';
/** wg-quick writes the real interface name (`utunN`) here while the tunnel is up. */
export const DARWIN_INTERFACE_NAME_FILE = `/var/run/wireguard/${TUNNEL_INTERFACE}.name`;

// Only system directories besides the tools' own: nothing a user can write.
const SYSTEM_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

function requireToolPath(what: string, path: string): string {
  // The directory goes into PATH, so a `:` would smuggle in another directory.
  if (!posix.isAbsolute(path) || posix.normalize(path) !== path || /[:\p{Cc}]/u.test(path)) {
    throw new Error(`${what} must be a plain absolute path, got ${JSON.stringify(path)}`);
  }
  return path;
}

/** Re-validates the spec here too: a bug upstream must not turn into config lines. */
function checkedSpec(spec: TunnelSpec): TunnelSpec {
  const result = TunnelSpecSchema.safeParse(spec);
  if (!result.success) {
    const detail = describeIssues(result.error);
    throw new UserError('error.helper.badRequest', { detail }, `darwin planner refused the tunnel spec: ${detail}`);
  }
  return result.data;
}

/** A macOS planner for the given tool paths. */
export function createDarwinTunnel(options: DarwinTunnelOptions = {}): TunnelPlatform {
  const wgQuick = requireToolPath('wgQuick', options.wgQuick ?? `${DARWIN_TOOLS_DIR}/wg-quick`);
  const wg = requireToolPath('wg', options.wg ?? `${DARWIN_TOOLS_DIR}/wg`);
  const wireguardGo = requireToolPath('wireguardGo', options.wireguardGo ?? `${DARWIN_TOOLS_DIR}/wireguard-go`);
  const bash = requireToolPath('bash', options.bash ?? `${DARWIN_TOOLS_DIR}/bash`);

  const configPath = (paths: TunnelPaths): string => {
    if (!posix.isAbsolute(paths.stateDir)) throw new Error(`stateDir must be absolute, got ${JSON.stringify(paths.stateDir)}`);
    // wg-quick takes the interface name from the file name: `hoc0.conf`.
    return posix.join(paths.stateDir, `${TUNNEL_INTERFACE}.conf`);
  };

  // A clean environment: wg-quick finds `wg` through PATH, wireguard-go through
  // WG_QUICK_USERSPACE_IMPLEMENTATION, and bash is named explicitly so the
  // script's `#!/usr/bin/env bash` never picks up the system's bash 3.2.
  const wgQuickArgv = (action: 'up' | 'down', path: string): string[] => [
    '/usr/bin/env',
    '-i',
    `PATH=${posix.dirname(wg)}:${SYSTEM_PATH}`,
    `WG_QUICK_USERSPACE_IMPLEMENTATION=${wireguardGo}`,
    bash,
    wgQuick,
    action,
    path,
  ];

  return {
    os: 'darwin',
    configPath,
    planUp(spec: TunnelSpec, paths: TunnelPaths): Step[] {
      const checked = checkedSpec(spec);
      const path = configPath(paths);
      return [
        { kind: 'write-file', path, content: renderWgConfig(checked, { includeDns: false }), mode: 0o600 },
        { kind: 'run', argv: wgQuickArgv('up', path) },
      ];
    },
    planDown(paths: TunnelPaths): Step[] {
      const path = configPath(paths);
      return [
        // wg-quick down reads the config too, so the file goes only afterwards.
        { kind: 'run', argv: wgQuickArgv('down', path) },
        { kind: 'remove-file', path },
      ];
    },
    // `wg show hoc0` cannot work here: the interface is utunN. Filter this
    // output with `selectInterfaceDump` and the name from the name file.
    statusArgv: () => [wg, 'show', 'all', 'dump'],
  };
}

/** The macOS planner with the tools from the app bundle. */
export const darwinTunnel: TunnelPlatform = createDarwinTunnel();

/** The `utunN` name from the name file's text, or null when it is not one. */
export function parseInterfaceNameFile(text: string): string | null {
  const name = text.trim();
  return /^utun\d{1,5}$/.test(name) ? name : null;
}

/** Turns `wg show all dump` output into `wg show IFACE dump` output for one interface. */
export function selectInterfaceDump(allDump: string, realInterface: string): string {
  const prefix = `${realInterface}\t`;
  const lines = allDump
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Where the company's resolver files go (one per domain). */
export const DARWIN_RESOLVER_DIR = '/etc/resolver';
/** The first line of every resolver file this helper writes: only those are ever removed. */
export const DARWIN_RESOLVER_MARKER = '# HomeOffice Connect: company DNS while the tunnel is up; removed on disconnect';

/** The resolver(5) file for one company domain. */
export function renderResolverFile(servers: readonly string[]): string {
  return `${[DARWIN_RESOLVER_MARKER, ...servers.map((s) => `nameserver ${s}`)].join('\n')}\n`;
}

/** Reads `id -G` output: only numbers separated by spaces, else null. */
export function parseIdGroups(stdout: string): number[] | null {
  const text = stdout.trim();
  return /^\d+( \d+)*$/.test(text) ? text.split(' ').map(Number) : null;
}

/** Reads `dscl . -read /Groups/NAME PrimaryGroupID`: the gid, else null. */
export function parseDsclGroupId(stdout: string): number | null {
  const m = /^PrimaryGroupID: (\d+)\s*$/.exec(stdout.trim());
  return m ? Number(m[1]) : null;
}

// A domain becomes a file name in /etc/resolver: letters, digits, hyphens and dots only.
const RESOLVER_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** The macOS platform. */
export function createDarwinPlatform(options: DarwinTunnelOptions = {}): HelperPlatform {
  const tunnel = createDarwinTunnel(options);
  const wg = requireToolPath('wg', options.wg ?? `${DARWIN_TOOLS_DIR}/wg`);
  const dnsRecord = (ctx: PlatformContext) => posix.join(ctx.stateDir, 'dns.json');

  const realInterface = async (ctx: PlatformContext): Promise<string | null> => {
    const text = await ctx.system.readFile(DARWIN_INTERFACE_NAME_FILE);
    return text === null ? null : parseInterfaceNameFile(text);
  };
  const readDump = async (ctx: PlatformContext): Promise<string | null> => {
    const utun = await realInterface(ctx);
    if (!utun) return null;
    const r = await ctx.system.run(tunnel.statusArgv(), { timeoutMs: 5000 });
    const dump = r.exitCode === 0 ? selectInterfaceDump(r.stdout, utun) : '';
    return dump === '' ? null : dump;
  };
  // The socket's peer uid comes from the kernel; its groups from the directory service.
  const identify = async (socket: Socket, system: SystemAccess): Promise<PeerIdentity | null> => {
    const peer = await peerIdentity(socket);
    if (!peer) return null;
    const r = await system.run(['/usr/bin/id', '-G', String(peer.uid)], { timeoutMs: 5000 });
    const gids = r.exitCode === 0 ? parseIdGroups(r.stdout) : null;
    return gids ? { pid: peer.pid, uid: peer.uid, gids } : null;
  };

  return {
    os: 'darwin',
    defaults: {
      address: '/var/run/homeoffice-connect/helper.sock',
      group: 'hoc',
      // Not /var/run: the undo record of the resolver files must survive a reboot, as the files do.
      stateDir: DARWIN_DEFAULT_STATE_DIR,
      printerStateDir: '/Library/Application Support/HomeOffice Connect/printers',
    },
    tunnel,
    printers: darwinPrinters,
    async refuseToStart(system) {
      const r = await system.run(['/usr/bin/id', '-u'], { timeoutMs: 5000 });
      return r.exitCode === 0 && r.stdout.trim() === '0' ? null : 'must run as root';
    },
    async groupId(name, system) {
      const r = await system.run(['/usr/bin/dscl', '.', '-read', `/Groups/${name}`, 'PrimaryGroupID'], { timeoutMs: 10_000 });
      return r.exitCode === 0 ? parseDsclGroupId(r.stdout) : null;
    },
    listen: (opts, onConnection) => listenUnix(opts, onConnection, (socket) => identify(socket, opts.system)),
    tunnelRunning: async (ctx) => (await readDump(ctx)) !== null,
    readDump,
    // wg-quick down finds utunN through the name file; without it nothing is left to stop.
    downNeedsPrograms: async (ctx) => (await realInterface(ctx)) !== null,
    async applyDns(dns, ctx) {
      const domains = dns.searchDomains.map((d) => d.toLowerCase());
      if (dns.servers.length === 0 || domains.length === 0) return;
      const bad = domains.find((d) => !RESOLVER_NAME.test(d));
      if (bad) throw new Error(`not a domain for /etc/resolver: ${JSON.stringify(bad)}`);
      // The undo record first: a crash after a file was written still removes it.
      await ctx.system.writeFile(dnsRecord(ctx), JSON.stringify({ domains }), 0o600);
      await ctx.system.ensureDir(DARWIN_RESOLVER_DIR, 0o755);
      for (const domain of domains) {
        const path = posix.join(DARWIN_RESOLVER_DIR, domain);
        const existing = await ctx.system.readFile(path);
        if (existing !== null && !existing.startsWith(DARWIN_RESOLVER_MARKER)) {
          ctx.log(`${path} exists and is not ours; leaving it as it is`);
          continue;
        }
        ctx.log(`write ${path} (company DNS ${dns.servers.join(', ')})`);
        await ctx.system.writeFile(path, renderResolverFile(dns.servers), 0o644);
      }
    },
    async restoreDns(ctx) {
      const text = await ctx.system.readFile(dnsRecord(ctx));
      if (text === null) return;
      let domains: string[] = [];
      try {
        const value = JSON.parse(text) as { domains?: unknown };
        if (Array.isArray(value.domains)) domains = value.domains.filter((d): d is string => typeof d === 'string' && RESOLVER_NAME.test(d));
      } catch {
        domains = [];
      }
      for (const domain of domains) {
        const path = posix.join(DARWIN_RESOLVER_DIR, domain);
        if ((await ctx.system.readFile(path))?.startsWith(DARWIN_RESOLVER_MARKER)) {
          ctx.log(`remove ${path}`);
          await ctx.system.removeFile(path);
        }
      }
      await ctx.system.removeFile(dnsRecord(ctx));
    },
    // The resolver files leave the primary resolvers alone: they are still the ones from before.
    upstreamResolvers: async (_ctx, office) => getServers().filter((s) => !office.includes(s)),
    setconfArgv: async (ctx, file) => {
      const utun = await realInterface(ctx);
      return utun ? [wg, 'setconf', utun, file] : null;
    },
    join: (...parts) => posix.join(...parts),
  };
}
