/**
 * Everything the helper does that differs per OS sits behind `HelperPlatform`:
 * the tunnel plan (files to write, argv arrays to run), how to tell whether
 * the tunnel runs and read its counters, split DNS, caller identity, the
 * transport, and the paths. One module per OS implements it; the tunnel
 * service, the server and the entry point never branch on the OS.
 *
 * A platform never touches the machine itself: it goes through a
 * `SystemAccess` (programs and files), which is the real one in the service
 * and a recording stand-in in the tests that run the Windows and macOS
 * helpers on Linux.
 */
import type { Server, Socket } from 'node:net';
import type { TunnelSpec } from '../../shared/helper-protocol';
import type { PeerIdentity } from '../peer-credentials';
import type { HelperPrinterPlatform } from './printers-types';

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

/** The tunnel planner of an OS: pure, returns data. */
export interface TunnelPlatform {
  readonly os: 'linux' | 'win32' | 'darwin';
  /** Path of the rendered config for the managed interface. */
  configPath(paths: TunnelPaths): string;
  /** Steps that bring the tunnel up from the (already validated) spec. */
  planUp(spec: TunnelSpec, paths: TunnelPaths): Step[];
  /** Steps that take it down and remove every file `planUp` wrote. */
  planDown(paths: TunnelPaths): Step[];
  /** argv that prints `wg show ... dump` output. */
  statusArgv(): readonly string[];
}

/** What a program printed and how it ended. */
export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  /** stdout and stderr interleaved (for error details). */
  readonly all: string;
}

/** The machine as the helper reaches it: programs by argv, files by path. Nothing else. */
export interface SystemAccess {
  /** Runs argv without a shell; never throws for a non-zero exit. */
  run(argv: readonly string[], options?: { readonly timeoutMs?: number; readonly detached?: boolean }): Promise<RunResult>;
  /** Writes a file and sets its mode (the mode means nothing on Windows; ACLs do). */
  writeFile(path: string, content: string, mode: number): Promise<void>;
  /** Removes a file; no error when it is already gone. */
  removeFile(path: string): Promise<void>;
  /** A file's text, or null when it cannot be read. */
  readFile(path: string): Promise<string | null>;
  /** Whether a path exists. */
  exists(path: string): Promise<boolean>;
  /** Creates a directory (and its parents) and sets its mode (0700: only root / SYSTEM may enter). */
  ensureDir(path: string, mode: number): Promise<void>;
}

/** What a platform gets from the tunnel service. */
export interface PlatformContext {
  readonly system: SystemAccess;
  readonly stateDir: string;
  readonly log: (line: string) => void;
}

/** The company's split DNS while the tunnel is up. */
export interface DnsSettings {
  readonly servers: readonly string[];
  readonly searchDomains: readonly string[];
}

/** Where the helper listens and whom it serves. */
export interface ListenOptions {
  /** Unix socket path, or on Windows the endpoint file the clients read. */
  readonly address: string;
  readonly groupName: string;
  readonly gid: number;
  readonly system: SystemAccess;
  readonly log: (line: string) => void;
}

/** A listening transport: the server plus the identity of each accepted connection. */
export interface HelperTransport {
  readonly server: Server;
  /** The caller behind a connection this transport accepted, as the OS vouches for it; null when unknown. */
  identify(socket: Socket): Promise<PeerIdentity | null>;
  /** Stops listening and removes what listening created. */
  close(): Promise<void>;
}

/** The helper's defaults on one OS (all overridable on its command line). */
export interface PlatformDefaults {
  readonly address: string;
  readonly group: string;
  readonly stateDir: string;
  readonly printerStateDir: string;
}

/** One OS, everything the helper does differently there. */
export interface HelperPlatform {
  readonly os: 'linux' | 'win32' | 'darwin';
  readonly defaults: PlatformDefaults;
  readonly tunnel: TunnelPlatform;
  readonly printers: HelperPrinterPlatform;
  /** Why the helper cannot run here (not root / SYSTEM), or null. */
  refuseToStart(system: SystemAccess): Promise<string | null>;
  /** The group's id for the identity check; null when there is no such group. */
  groupId(name: string, system: SystemAccess): Promise<number | null>;
  /** Starts listening; connections go to `onConnection` once the transport accepted them. */
  listen(options: ListenOptions, onConnection: (socket: Socket) => void): Promise<HelperTransport>;
  /** Whether the managed tunnel is running now. */
  tunnelRunning(ctx: PlatformContext): Promise<boolean>;
  /** `wg show IFACE dump` text of the managed tunnel, or null when it is not up. */
  readDump(ctx: PlatformContext): Promise<string | null>;
  /** Whether `planDown`'s programs must run (false when nothing of the tunnel is left to stop). */
  downNeedsPrograms(ctx: PlatformContext): Promise<boolean>;
  /** Points the company's names at its servers; writes its undo record before the change. */
  applyDns(dns: DnsSettings, ctx: PlatformContext): Promise<void>;
  /** Undoes `applyDns`, also after a crash; a no-op when nothing was applied. */
  restoreDns(ctx: PlatformContext): Promise<void>;
  /** The name servers the computer used before connecting (to re-resolve the endpoint). */
  upstreamResolvers(ctx: PlatformContext, officeServers: readonly string[]): Promise<string[]>;
  /** argv that loads `file` (a `wg setconf` file) into the running tunnel, or null when it is not up. */
  setconfArgv(ctx: PlatformContext, file: string): Promise<readonly string[] | null>;
  /** Joins a path the way this OS does. */
  join(...parts: string[]): string;
}
