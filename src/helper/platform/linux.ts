/**
 * Linux tunnel adapter: wg-quick with the kernel module, or wireguard-go when
 * the kernel has none (wg-quick falls back by itself). DNS is not in the
 * config: wg-quick would need resolvconf, so the helper manages DNS itself.
 */
import { join } from 'node:path';
import { TUNNEL_INTERFACE, TunnelSpecSchema, type TunnelSpec } from '../../shared/helper-protocol';
import { renderWgConfig } from '../wg-config';
import type { Step, TunnelPaths, TunnelPlatform } from './types';

/** The Linux tunnel planner. */
export const linuxTunnel: TunnelPlatform = {
  os: 'linux',
  configPath: (paths: TunnelPaths) => join(paths.stateDir, `${TUNNEL_INTERFACE}.conf`),
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
