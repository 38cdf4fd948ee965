/**
 * One interface for the user-side OS work of a connect: network drives (map,
 * unmap, list) and printers (list, test page, and the per-user printer
 * connections Windows makes in the user's session). One adapter per OS, each
 * building argv arrays — no shell, no command strings — and running them
 * through an injected runner, so the Windows and macOS adapters are pinned
 * exactly by tests on Linux.
 */

export type PlatformOs = 'linux' | 'darwin' | 'win32';

/** One program run. Secrets travel on stdin, never in argv. */
export interface Invocation {
  readonly argv: readonly string[];
  readonly stdin?: string;
  readonly timeoutMs?: number;
}

/** What a finished program left. */
export interface InvocationResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an invocation (execa in production, a recorder in tests). */
export type Runner = (inv: Invocation) => Promise<InvocationResult>;

/** The few file operations the Linux and macOS adapters need. */
export interface LinkFs {
  ensureDir(path: string): Promise<void>;
  /** The target of a symbolic link; null when `path` is no symlink or does not exist. */
  readLink(path: string): Promise<string | null>;
  exists(path: string): Promise<boolean>;
  makeLink(target: string, path: string): Promise<void>;
  /** Removes a symlink or an empty folder; nothing else. */
  remove(path: string): Promise<void>;
  /** Entry names in a folder; empty when it does not exist. */
  list(dir: string): Promise<string[]>;
}

/** Where things are for this user. */
export interface PlatformEnv {
  /** The user's home folder. */
  readonly home: string;
  /** Linux: `$XDG_RUNTIME_DIR` (gvfs's FUSE bridge lives in `<runtimeDir>/gvfs`). */
  readonly runtimeDir: string;
  /** The app's `resources` folder (Windows: `<resources>\windows\*.ps1`). */
  readonly resourcesDir: string;
  /** Folder for the drive links / mount points; default `<home>/Netzlaufwerke`. */
  readonly drivesDir?: string;
}

export interface AdapterDeps {
  readonly run: Runner;
  readonly fs: LinkFs;
  readonly env: PlatformEnv;
  /** Linux: how long a fresh mount may take to show in the FUSE view before the link is made anyway (default 3000 ms). */
  readonly visibleWithinMs?: number;
}

/** The office sign-in used for the file server. */
export interface OfficeAccount {
  readonly user: string;
  /** NetBIOS or DNS domain; empty for a standalone server. */
  readonly domain: string;
  readonly password: string;
}

/** A drive from the profile: letter, label, `\\host\share[\folder…]`. */
export interface DriveSpec {
  readonly letter: string;
  readonly label: string;
  readonly share: string;
}

/** A UNC path split into its parts (only built by `parseShare`). */
export interface ShareParts {
  readonly host: string;
  readonly share: string;
  readonly folders: readonly string[];
}

/**
 * What mapping did. `mapped`: this connect added it (record it). `linked`:
 * the share was already mounted by the user, only the drive link was added
 * (record it, but undo must not unmount). `reused`: the letter already pointed
 * to this share — nothing added, nothing recorded.
 */
export type MapOutcome =
  | { readonly status: 'mapped'; readonly path: string }
  | { readonly status: 'linked'; readonly path: string }
  | { readonly status: 'reused'; readonly path: string };

/** A connected network drive on this computer. */
export interface MappedDrive {
  /** Drive letter (Windows) or the letter in front of the link name; null for a mount without one. */
  readonly letter: string | null;
  /** `\\host\share[\folder…]`. */
  readonly share: string;
  /** Where it is: `P:`, the link or the mount point. */
  readonly path: string;
}

/** What undo knows about a recorded drive. */
export interface RecordedDrive {
  readonly letter: string;
  /** The UNC path mapped, when the record has it. */
  readonly share?: string;
  /** True when only the link was added (the mount was the user's). */
  readonly linkOnly?: boolean;
}

/** A printer queue as the user sees it. */
export interface UserPrinter {
  readonly name: string;
  readonly uri: string;
}

export interface PlatformAdapter {
  readonly os: PlatformOs;
  /** Maps the drive in the user's session; throws a UserError with the reason a person can act on. */
  mapDrive(drive: DriveSpec, account: OfficeAccount): Promise<MapOutcome>;
  /** Removes a drive this app mapped; leaves anything that is not (or no longer) ours. */
  unmapDrive(drive: RecordedDrive): Promise<{ readonly removed: boolean }>;
  /** The network drives connected now. */
  listDrives(): Promise<MappedDrive[]>;
  /** Who adds this printer: the helper (system queue) or the user's own session. */
  printerRoute(uri: string): 'helper' | 'user';
  /** Adds a printer in the user's session (Windows shared queues). Returns the queue name to record. */
  addUserPrinter(name: string, uri: string): Promise<{ readonly queue: string; readonly created: boolean }>;
  /** Removes a user-session printer added by `addUserPrinter`. */
  removeUserPrinter(queue: string): Promise<{ readonly removed: boolean }>;
  /** Every printer queue the user can print to. */
  listPrinters(): Promise<UserPrinter[]>;
  /** Prints a small test page; returns the job id as the print system reports it. */
  printTestPage(name: string): Promise<{ readonly job: string }>;
}
