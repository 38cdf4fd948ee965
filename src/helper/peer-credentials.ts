/**
 * Who is on the other end of a Unix socket connection. Node has no
 * SO_PEERCRED, so on Linux we ask the kernel's sock_diag through `ss` (peer
 * inode → process) and read the process's ids from /proc. The socket file's
 * mode (0660 root:group) is the first gate; this is the second, and it fails
 * closed: an unknown peer is refused.
 */
import { readFile, readlink } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { execa } from 'execa';

/** The caller's identity as the OS reports it. */
export interface PeerIdentity {
  readonly pid: number;
  readonly uid: number;
  readonly gids: readonly number[];
}

function socketFd(socket: Socket): number | null {
  const handle = (socket as unknown as { _handle?: { fd?: number } })._handle;
  return typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : null;
}

/** Parses `ss -x -p -H -n` rows into local inode → {peer inode, pids}. */
export function parseSsUnix(output: string): Map<number, { peer: number; pids: number[] }> {
  const rows = new Map<number, { peer: number; pids: number[] }>();
  for (const line of output.split('\n')) {
    // u_str ESTAB 0 0 /path 18887 * 18886 users:(("node",pid=14335,fd=21))
    const m = /\s(\d+)\s+\S+\s+(\d+)(?:\s+users:\((.*)\))?\s*$/.exec(line);
    if (!m) continue;
    const pids = [...(m[3] ?? '').matchAll(/pid=(\d+)/g)].map((p) => Number(p[1]));
    rows.set(Number(m[1]), { peer: Number(m[2]), pids });
  }
  return rows;
}

/** Reads real uid and all group ids of a process from /proc. */
export async function processIdentity(pid: number): Promise<PeerIdentity | null> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const uid = /^Uid:\s+(\d+)/m.exec(status);
  const gid = /^Gid:\s+(\d+)/m.exec(status);
  const groups = /^Groups:\s*([\d ]*)$/m.exec(status);
  if (!uid || !gid) return null;
  const gids = new Set<number>([Number(gid[1])]);
  for (const g of (groups?.[1] ?? '').trim().split(/\s+/)) if (g) gids.add(Number(g));
  return { pid, uid: Number(uid[1]), gids: [...gids] };
}

/** The identity of the process at the other end of an accepted Unix socket, or null. */
export async function peerIdentity(socket: Socket): Promise<PeerIdentity | null> {
  const fd = socketFd(socket);
  if (fd === null) return null;
  let link: string;
  try {
    link = await readlink(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
  const own = /^socket:\[(\d+)\]$/.exec(link);
  if (!own) return null;
  const ss = await execa('ss', ['-x', '-p', '-H', '-n'], { reject: false, stdin: 'ignore', timeout: 5000 });
  if (ss.exitCode !== 0) return null;
  const rows = parseSsUnix(ss.stdout);
  const peerInode = rows.get(Number(own[1]))?.peer;
  if (peerInode === undefined) return null;
  const pids = rows.get(peerInode)?.pids ?? [];
  const ids = await Promise.all(pids.map(processIdentity));
  const known = ids.filter((i): i is PeerIdentity => i !== null);
  // Several processes can share one socket (fork); all must be the same user.
  if (known.length === 0 || known.some((i) => i.uid !== known[0]?.uid)) return null;
  return known[0] ?? null;
}
