/**
 * macOS tunnel planner: wg-quick with wireguard-go, both shipped with the app.
 * The interface is a kernel-chosen `utunN`; wg-quick records which one in
 * `/var/run/wireguard/hoc0.name`. wg-quick applies `DNS =` through
 * networksetup on every network service and restores it when the tunnel goes.
 */
import { posix } from 'node:path';
import { describeIssues, TUNNEL_INTERFACE, TunnelSpecSchema, type TunnelSpec } from '../../shared/helper-protocol';
import { UserError } from '../../shared/errors';
import { renderWgConfig } from '../wg-config';
import type { Step, TunnelPaths, TunnelPlatform } from './types';

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
        { kind: 'write-file', path, content: renderWgConfig(checked, { includeDns: true }), mode: 0o600 },
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
