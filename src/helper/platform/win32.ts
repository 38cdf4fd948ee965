/**
 * Windows tunnel planner: wireguard-windows runs each tunnel as its own
 * service, `WireGuardTunnel$hoc0`, installed from a config file whose base
 * name is the tunnel name. wireguard-windows applies Address, DNS and routes
 * itself, so the config carries `DNS =`.
 */
import { win32 as winPath } from 'node:path';
import { describeIssues, TUNNEL_INTERFACE, TunnelSpecSchema, type TunnelSpec } from '../../shared/helper-protocol';
import { UserError } from '../../shared/errors';
import { renderWgConfig } from '../wg-config';
import type { Step, TunnelPaths, TunnelPlatform } from './types';

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
        { kind: 'write-file', path, content: renderWgConfig(checked, { includeDns: true }), mode: 0o600 },
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
