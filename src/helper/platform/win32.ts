/**
 * Windows: WireGuard for Windows runs each tunnel as its own service,
 * `WireGuardTunnel$hoc0`, installed from a config file whose base name is the
 * tunnel name. The config has no `DNS =` line (WireGuard for Windows would put
 * the office's server on the adapter, and Windows would then ask it for every
 * name); split DNS is one NRPT rule for the company's domains instead. The
 * transport is loopback TCP with a per-start secret in an ACL-protected file
 * (transport-loopback.ts, threat model in docs/helper.md).
 *
 * Every program is called by absolute path with an exact argv:
 * - wireguard.exe /installtunnelservice, /uninstalltunnelservice; wg.exe show, setconf:
 *   https://github.com/WireGuard/wireguard-windows/blob/master/docs/enterprise.md
 * - sc.exe query: https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/sc-query
 * - icacls.exe /inheritance:r /grant:r: https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/icacls
 * - whoami.exe /user /fo csv /nh: https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/whoami
 * - net.exe localgroup NAME: https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/cc725622(v=ws.11)
 * - NRPT through resources/windows/{Add-OfficeDnsRule,Remove-OfficeDnsRules}.ps1 (links inside).
 */
import { getServers } from 'node:dns';
import { win32 as winPath } from 'node:path';
import { describeIssues, TUNNEL_INTERFACE, TunnelSpecSchema, type TunnelSpec } from '../../shared/helper-protocol';
import { powershellArgv } from '../../shared/powershell';
import { UserError } from '../../shared/errors';
import type { PeerIdentity } from '../peer-credentials';
import { listenLoopback } from '../transport-loopback';
import { renderWgConfig } from '../wg-config';
import { win32Printers } from './printers-win32';
import type { HelperPlatform, PlatformContext, Step, SystemAccess, TunnelPaths, TunnelPlatform } from './types';

/** Where wireguard-windows is installed; the installer may put it elsewhere. */
export interface Win32TunnelOptions {
  /** `wireguard.exe` (installs and removes tunnel services). */
  readonly wireguardExe?: string;
  /** `wg.exe` (reads the running tunnel). */
  readonly wgExe?: string;
}

/** wireguard-windows' default install location. */
export const WIN32_DEFAULT_WIREGUARD_EXE = 'C:\\Program Files\\WireGuard\\wireguard.exe';
export const WIN32_DEFAULT_WG_EXE = 'C:\\Program Files\\WireGuard\\wg.exe';
/** Created by the installer with an ACL that lets only SYSTEM and Administrators in. */
export const WIN32_DEFAULT_STATE_DIR = 'C:\\ProgramData\\HomeOffice Connect\\tunnels';
/** The endpoint file the clients read (port and this start's secret). */
export const WIN32_ENDPOINT_FILE = 'C:\\ProgramData\\HomeOffice Connect\\helper\\helper.endpoint';
/** The local group whose members may use the helper (created by the installer). */
export const WIN32_GROUP = 'HomeOffice Connect Users';
/** The service wireguard-windows creates for `hoc0.conf`. */
export const WIN32_TUNNEL_SERVICE = `WireGuardTunnel$${TUNNEL_INTERFACE}`;
/** Marks the NRPT rules this helper adds. */
export const WIN32_NRPT_COMMENT = `HomeOffice Connect ${TUNNEL_INTERFACE}`;
/**
 * Who a caller is on Windows: anyone who could read the secret, that is a member of
 * the group (or an administrator). The transport cannot tell members apart, so all
 * of them are this one principal (docs/helper.md, threat model).
 */
export const WIN32_MEMBER: PeerIdentity = { pid: 0, uid: 1, gids: [1] };

const SYSTEM32 = 'C:\\Windows\\System32';
const SC = `${SYSTEM32}\\sc.exe`;
const ICACLS = `${SYSTEM32}\\icacls.exe`;
const WHOAMI = `${SYSTEM32}\\whoami.exe`;
const NET = `${SYSTEM32}\\net.exe`;
/** Well-known SIDs: LocalSystem and the local Administrators group. */
const SID_SYSTEM = 'S-1-5-18';
const SID_ADMINISTRATORS = 'S-1-5-32-544';

function requireAbsolute(what: string, path: string): string {
  // A relative path would end up in the service's command line, resolved against System32.
  if (!/^[A-Za-z]:[\\/]/.test(path)) {
    throw new Error(`${what} must be an absolute path with a drive letter, got ${JSON.stringify(path)}`);
  }
  return path;
}

/** Re-validates the spec here too: a bug upstream must not turn into config lines. */
function checkedSpec(spec: TunnelSpec): TunnelSpec {
  const result = TunnelSpecSchema.safeParse(spec);
  if (!result.success) {
    const detail = describeIssues(result.error);
    throw new UserError('error.helper.badRequest', { detail }, `win32 planner refused the tunnel spec: ${detail}`);
  }
  return result.data;
}

/** A Windows planner for the given install paths. */
export function createWin32Tunnel(options: Win32TunnelOptions = {}): TunnelPlatform {
  const wireguardExe = requireAbsolute('wireguardExe', options.wireguardExe ?? WIN32_DEFAULT_WIREGUARD_EXE);
  const wgExe = requireAbsolute('wgExe', options.wgExe ?? WIN32_DEFAULT_WG_EXE);
  // wireguard-windows takes the tunnel (and service) name from the file name, and only accepts `.conf` / `.conf.dpapi`.
  const configPath = (paths: TunnelPaths): string =>
    winPath.join(requireAbsolute('stateDir', paths.stateDir), `${TUNNEL_INTERFACE}.conf`);

  return {
    os: 'win32',
    configPath,
    planUp(spec: TunnelSpec, paths: TunnelPaths): Step[] {
      const checked = checkedSpec(spec);
      const path = configPath(paths);
      return [
        // The mode means nothing on Windows (the directory ACL protects the key); kept for one Step shape.
        // No DNS line: split DNS is the NRPT rule (a DNS line would send every lookup to the office).
        { kind: 'write-file', path, content: renderWgConfig(checked, { includeDns: false }), mode: 0o600 },
        // Creates and starts `WireGuardTunnel$hoc0`, which reads the file at every service start.
        { kind: 'run', argv: [wireguardExe, '/installtunnelservice', path] },
      ];
    },
    planDown(paths: TunnelPaths): Step[] {
      const path = configPath(paths);
      return [
        { kind: 'run', argv: [wireguardExe, '/uninstalltunnelservice', TUNNEL_INTERFACE] },
        // Without the file the service cannot come back at the next boot, and the key is gone.
        { kind: 'remove-file', path },
      ];
    },
    statusArgv: () => [wgExe, 'show', TUNNEL_INTERFACE, 'dump'],
  };
}

/** The Windows planner with wireguard-windows in its default location. */
export const win32Tunnel: TunnelPlatform = createWin32Tunnel();

export interface Win32PlatformOptions extends Win32TunnelOptions {
  /** Folder of the shipped .ps1 scripts (`<install dir>\resources\windows`). */
  readonly scriptsDir: string;
}

/** The NRPT namespaces for the company's search domains (a leading dot: the domain and every name below it). */
export function nrptNamespaces(searchDomains: readonly string[]): string[] {
  return searchDomains.map((d) => `.${d.toLowerCase().replace(/^\.+/, '')}`);
}

/** Reads `whoami /user /fo csv /nh`: true when the SID column is LocalSystem's. */
export function isLocalSystem(whoamiCsv: string): boolean {
  const m = /^"[^"]*","(S-1-[0-9-]+)"\s*$/.exec(whoamiCsv.trim());
  return m?.[1] === SID_SYSTEM;
}

/** The Windows platform. */
export function createWin32Platform(options: Win32PlatformOptions): HelperPlatform {
  const tunnel = createWin32Tunnel(options);
  const scriptsDir = requireAbsolute('scriptsDir', options.scriptsDir);
  const dnsRecord = (ctx: PlatformContext) => winPath.join(ctx.stateDir, 'dns.json');

  const readDump = async (ctx: PlatformContext): Promise<string | null> => {
    const r = await ctx.system.run(tunnel.statusArgv(), { timeoutMs: 5000 });
    return r.exitCode === 0 ? r.stdout : null;
  };
  const mustRun = async (system: SystemAccess, argv: readonly string[]): Promise<void> => {
    const r = await system.run(argv, { timeoutMs: 30_000 });
    if (r.exitCode !== 0) throw new Error(`${winPath.basename(argv[0] ?? '')} failed: ${r.all.trim().split('\n').slice(-3).join(' | ')}`);
  };

  return {
    os: 'win32',
    defaults: {
      address: WIN32_ENDPOINT_FILE,
      group: WIN32_GROUP,
      stateDir: WIN32_DEFAULT_STATE_DIR,
      printerStateDir: 'C:\\ProgramData\\HomeOffice Connect\\printers',
    },
    tunnel,
    printers: win32Printers,
    async refuseToStart(system) {
      const r = await system.run([WHOAMI, '/user', '/fo', 'csv', '/nh'], { timeoutMs: 10_000 });
      return r.exitCode === 0 && isLocalSystem(r.stdout) ? null : 'must run as LocalSystem (the HomeOffice Connect service)';
    },
    async groupId(name, system) {
      const r = await system.run([NET, 'localgroup', name], { timeoutMs: 10_000 });
      return r.exitCode === 0 ? (WIN32_MEMBER.gids[0] ?? null) : null;
    },
    listen(opts, onConnection) {
      const { system } = opts;
      return listenLoopback(
        {
          endpointFile: opts.address,
          async writeEndpoint(path, content) {
            await system.ensureDir(winPath.dirname(path), 0o700);
            // An empty file first, its ACL next, the secret last: never readable by anyone else.
            await system.writeFile(path, '', 0o600);
            await mustRun(system, [ICACLS, path, '/inheritance:r', '/grant:r', `*${SID_SYSTEM}:(F)`, `*${SID_ADMINISTRATORS}:(F)`, `${opts.groupName}:(R)`]);
            await system.writeFile(path, content, 0o600);
          },
          removeEndpoint: (path) => system.removeFile(path),
          member: WIN32_MEMBER,
          groupName: opts.groupName,
          log: opts.log,
        },
        onConnection,
      );
    },
    tunnelRunning: async (ctx) => (await readDump(ctx)) !== null,
    readDump,
    // The tunnel service may exist while stopped (it failed, or was stopped by hand): remove it too.
    downNeedsPrograms: async (ctx) => (await ctx.system.run([SC, 'query', WIN32_TUNNEL_SERVICE], { timeoutMs: 10_000 })).exitCode === 0,
    async applyDns(dns, ctx) {
      if (dns.servers.length === 0 || dns.searchDomains.length === 0) {
        if (dns.servers.length > 0) ctx.log('no company domain in the profile: no NRPT rule');
        return;
      }
      // The undo record first: a crash after the rule was added still removes it.
      await ctx.system.writeFile(dnsRecord(ctx), JSON.stringify({ comment: WIN32_NRPT_COMMENT }), 0o600);
      ctx.log(`NRPT rule ${nrptNamespaces(dns.searchDomains).join(',')} -> ${dns.servers.join(',')}`);
      await mustRun(
        ctx.system,
        powershellArgv(scriptsDir, 'Add-OfficeDnsRule.ps1', [
          ['Namespace', nrptNamespaces(dns.searchDomains).join(',')],
          ['NameServers', dns.servers.join(',')],
          ['Comment', WIN32_NRPT_COMMENT],
        ]),
      );
    },
    async restoreDns(ctx) {
      if ((await ctx.system.readFile(dnsRecord(ctx))) === null) return;
      ctx.log('remove NRPT rules');
      await mustRun(ctx.system, powershellArgv(scriptsDir, 'Remove-OfficeDnsRules.ps1', [['Comment', WIN32_NRPT_COMMENT]]));
      await ctx.system.removeFile(dnsRecord(ctx));
    },
    // NRPT leaves the adapters' servers alone: the system's resolvers are still the ones from before.
    upstreamResolvers: async (_ctx, office) => getServers().filter((s) => !office.includes(s)),
    setconfArgv: async (ctx, file) => ((await readDump(ctx)) !== null ? [tunnel.statusArgv()[0] ?? WIN32_DEFAULT_WG_EXE, 'setconf', TUNNEL_INTERFACE, file] : null),
    join: (...parts) => winPath.join(...parts),
  };
}
