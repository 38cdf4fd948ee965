/**
 * One tunnel adapter per OS, each a pure planner: it turns a validated tunnel
 * spec into steps (files to write, argv arrays to run). The Linux steps run
 * here end to end; the Windows and macOS plans are pinned by exact-argv tests.
 */
import type { TunnelSpec } from '../../shared/helper-protocol';

/** One action of a plan. Never a command string: argv arrays only. */
export type Step =
  | { readonly kind: 'write-file'; readonly path: string; readonly content: string; readonly mode: number }
  | { readonly kind: 'remove-file'; readonly path: string }
  | { readonly kind: 'run'; readonly argv: readonly string[]; readonly ignoreFailure?: boolean };

/** Where a platform keeps its files. */
export interface TunnelPaths {
  /** Root-only directory for rendered configs (mode 0700 / SYSTEM-only ACL). */
  readonly stateDir: string;
}

/** The tunnel part of an OS adapter. */
export interface TunnelPlatform {
  readonly os: 'linux' | 'win32' | 'darwin';
  /** Path of the rendered config for the managed interface. */
  configPath(paths: TunnelPaths): string;
  /** Steps that bring the tunnel up from the spec. */
  planUp(spec: TunnelSpec, paths: TunnelPaths): Step[];
  /** Steps that take it down and remove every file `planUp` wrote. */
  planDown(paths: TunnelPaths): Step[];
  /** argv that prints `wg show IFACE dump` output. */
  statusArgv(): readonly string[];
}
