/**
 * The whole helper for one platform: start-up checks, crash recovery, the
 * tunnel and printer services, the platform's transport. The entry point
 * (index.ts) calls this with the platform of `process.platform` and the real
 * machine; the tests that run the Windows and macOS helpers on Linux call it
 * with that platform and a recording stand-in of the machine — there is no
 * switch for that in the shipped entry point.
 */
import type { HelperPlatform, HelperTransport, SystemAccess } from './platform/types';
import { PrinterService } from './printers';
import { connectionHandler } from './server';
import { InstalledProfiles } from './profile-store';
import { TunnelService } from './tunnel-service';

export interface HelperStartOptions {
  readonly platform: HelperPlatform;
  readonly system: SystemAccess;
  /** Unix socket path, or on Windows the endpoint file. */
  readonly address: string;
  readonly group: string;
  readonly stateDir: string;
  /** Installed signed profiles and the machine-wide pin (root / SYSTEM only, persistent). */
  readonly profileDir: string;
  readonly printerStateDir: string;
  readonly log: (line: string) => void;
  /** Probe the tunnel and reset the peer when it stops answering (default on). */
  readonly keepAlive?: boolean;
}

/** A running helper. */
export interface RunningHelper {
  readonly transport: HelperTransport;
  /** Stops listening; the tunnel stays up and is adopted by the next start. */
  stop(): Promise<void>;
}

/** Thrown when the helper must not start (wrong account, no group). */
export class StartRefused extends Error {}

/** Starts the helper: refuses a wrong account or a missing group, recovers, then listens. */
export async function startHelper(opts: HelperStartOptions): Promise<RunningHelper> {
  const { platform, system, log } = opts;
  const refusal = await platform.refuseToStart(system);
  if (refusal) throw new StartRefused(refusal);
  const gid = await platform.groupId(opts.group, system);
  if (gid === null) throw new StartRefused(`group ${opts.group} does not exist`);
  const tunnels = new TunnelService({
    stateDir: opts.stateDir,
    log,
    platform,
    system,
    ...(opts.keepAlive === undefined ? {} : { keepAlive: opts.keepAlive }),
  });
  await tunnels.recover();
  const printers = new PrinterService({
    stateDir: opts.printerStateDir,
    log,
    platform: platform.printers,
    run: (argv) => system.run(argv, { timeoutMs: 90_000 }),
  });
  let transport: HelperTransport | null = null;
  const profiles = new InstalledProfiles({ dir: opts.profileDir, log });
  const serveOptions = { groupName: opts.group, gid, tunnels, profiles, printers, log };
  // One handler for every connection: the bounds (connection-limits.ts) count across them.
  const serve = connectionHandler({ ...serveOptions, identify: (s) => (transport ? transport.identify(s) : Promise.resolve(null)) });
  transport = await platform.listen({ address: opts.address, groupName: opts.group, gid, system, log }, serve);
  const running = transport;
  return { transport: running, stop: () => running.close() };
}
