/**
 * Who is on the other end of an accepted helper connection, as the kernel
 * recorded it when the peer connected. Node has no SO_PEERCRED, so a small
 * Node-API addon (native/peercred, built by scripts/build.mjs, shipped beside
 * the helper) asks the kernel: SO_PEERCRED + SO_PEERGROUPS on Linux,
 * LOCAL_PEERCRED + LOCAL_PEERPID on macOS. No text is parsed, nothing is read
 * from /proc. The socket file's mode (0660 root:group) is the first gate; this
 * is the second, and it fails closed: whatever cannot be established is null,
 * and the server refuses null.
 */
import type { Socket } from 'node:net';
import { constants } from 'node:os';

/** The caller's identity as the OS reports it. */
export interface PeerIdentity {
  readonly pid: number;
  readonly uid: number;
  /** The primary gid first, then the supplementary groups. */
  readonly gids: readonly number[];
}

/** The file name of the addon beside the helper's bundle or executable. */
export const PEER_CREDENTIALS_ADDON_FILE = 'hoc-peercred.node';

interface PeerCredentialsAddon {
  peerCredentials(fd: number): unknown;
}

let addon: PeerCredentialsAddon | null = null;

/**
 * Loads the addon from `path` (once, at start-up); throws when it cannot, so
 * a helper without it does not start rather than serving nobody or anybody.
 */
export function loadPeerCredentials(path: string): void {
  const mod: { exports: unknown } = { exports: {} };
  process.dlopen(mod, path, constants.dlopen.RTLD_NOW);
  const loaded = mod.exports as Partial<PeerCredentialsAddon>;
  if (typeof loaded.peerCredentials !== 'function') throw new Error(`${path} is not the peer-credentials addon`);
  addon = loaded as PeerCredentialsAddon;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 0xffffffff;

/** Checks the addon's answer field by field; anything unexpected is null. */
function toIdentity(raw: unknown): PeerIdentity | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { pid, uid, gid, groups } = raw as Record<string, unknown>;
  if (!isId(pid) || pid === 0 || !isId(uid) || !isId(gid) || !Array.isArray(groups) || !groups.every(isId)) return null;
  return { pid, uid, gids: [...new Set([gid, ...(groups as number[])])] };
}

function socketFd(socket: Socket): number | null {
  const handle = (socket as unknown as { _handle?: { fd?: number } })._handle;
  return typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : null;
}

/** Linux and macOS: the kernel's record of the peer of an accepted Unix socket. */
function kernelPeer(socket: Socket): PeerIdentity | null {
  const fd = socketFd(socket);
  if (fd === null || addon === null) return null;
  try {
    return toIdentity(addon.peerCredentials(fd));
  } catch {
    return null;
  }
}

/**
 * The identity of the process at the other end of an accepted connection, or
 * null when it cannot be established. The per-platform entry point: Windows
 * (named pipe client token) plugs in here; until then it answers null there.
 */
export async function peerIdentity(socket: Socket): Promise<PeerIdentity | null> {
  switch (process.platform) {
    case 'linux':
    case 'darwin':
      return kernelPeer(socket);
    default:
      return null;
  }
}
