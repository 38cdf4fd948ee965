/**
 * The helper's transport on Linux and macOS: a Unix socket `root:<group>`
 * 0660 in a 0750 directory (the first gate), and the caller's identity from
 * the kernel for each accepted connection (the second gate).
 */
import { chmod, chown, lstat, mkdir, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { PeerIdentity } from './peer-credentials';
import type { HelperTransport, ListenOptions } from './platform/types';

/** Creates the socket (root:group, 0660) and starts listening. */
export async function listenUnix(
  options: ListenOptions,
  onConnection: (socket: Socket) => void,
  identify: (socket: Socket) => Promise<PeerIdentity | null>,
): Promise<HelperTransport> {
  const path = options.address;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o750 });
  // Members of the group must be able to reach the socket, nobody else.
  const root = process.getuid?.() === 0;
  if (root) {
    await chown(dir, 0, options.gid);
    await chmod(dir, 0o750);
  }
  const existing = await lstat(path).catch(() => null);
  if (existing?.isSocket()) await rm(path);
  else if (existing) throw new Error(`${path} exists and is not a socket`);
  // Paused until the caller is identified (nothing of an unknown peer is read); half-open so a
  // caller that shut its side after sending still gets its answers.
  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  // The helper runs as root; unit tests that start the server unprivileged skip the chown.
  if (root) await chown(path, 0, options.gid);
  await chmod(path, 0o660);
  options.log(`listening on ${path} for group ${options.groupName}`);
  return {
    server,
    identify,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
