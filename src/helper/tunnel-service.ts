/**
 * The helper's tunnel commands: up, down, status. One at a time (a queue),
 * with the owner recorded so one user cannot take down another's tunnel, and
 * with recovery at start-up: a tunnel left by a crashed helper is adopted when
 * it still runs, or cleaned away when only its files remain. Everything the
 * OS does differently is the platform's (`platform/types.ts`); this file
 * never names an OS program or path.
 */
import { TUNNEL_INTERFACE, TunnelSpecSchema, type TunnelSpec, type TunnelStatus } from '../shared/helper-protocol';
import { UserError } from '../shared/errors';
import { TunnelKeeper } from './keeper';
import type { PeerIdentity } from './peer-credentials';
import type { HelperPlatform, PlatformContext, SystemAccess } from './platform/types';
import { runPlan, StepFailed } from './run-plan';
import { realSystem } from './system-access';

export interface TunnelServiceOptions {
  readonly stateDir: string;
  readonly log: (line: string) => void;
  readonly platform: HelperPlatform;
  /** The machine's programs and files; a recording stand-in in the Windows and macOS tests. */
  readonly system?: SystemAccess;
  /** Probe the tunnel and reset the peer when it stops answering (default on). */
  readonly keepAlive?: boolean;
}

interface SessionRecord {
  ownerUid: number;
  since: string;
  addresses: string[];
}

/** Parses `wg show IFACE dump` into a status, leaving every key out. */
export function parseWgDump(dump: string, record: SessionRecord | null): Extract<TunnelStatus, { state: 'up' }> {
  const lines = dump.trim().split('\n');
  const peer = (lines[1] ?? '').split('\t');
  // peer line: public-key preshared-key endpoint allowed-ips latest-handshake rx tx keepalive
  const endpoint = peer[2] && peer[2] !== '(none)' ? peer[2] : null;
  const handshake = Number(peer[4] ?? 0);
  return {
    state: 'up',
    interface: TUNNEL_INTERFACE,
    addresses: record?.addresses ?? [],
    endpoint,
    latestHandshake: Number.isFinite(handshake) && handshake > 0 ? handshake : null,
    rxBytes: Number(peer[5] ?? 0) || 0,
    txBytes: Number(peer[6] ?? 0) || 0,
    ownerUid: record?.ownerUid ?? null,
    since: record?.since ?? new Date(0).toISOString(),
  };
}

function detailOf(err: unknown): string {
  return err instanceof StepFailed ? err.output : err instanceof Error ? err.message : String(err);
}

export class TunnelService {
  private queue: Promise<unknown> = Promise.resolve();
  private keeper: TunnelKeeper | null = null;
  private readonly platform: HelperPlatform;
  private readonly ctx: PlatformContext;

  constructor(private readonly opts: TunnelServiceOptions) {
    this.platform = opts.platform;
    this.ctx = { system: opts.system ?? realSystem, stateDir: opts.stateDir, log: opts.log };
  }

  private get system(): SystemAccess {
    return this.ctx.system;
  }

  private file(name: string): string {
    return this.platform.join(this.opts.stateDir, name);
  }

  private get sessionFile() {
    return this.file('session.json');
  }

  /** The spec of the running tunnel, kept (root-only, like the config) so a restarted helper can keep it alive. */
  private get specFile() {
    return this.file('spec.json');
  }

  private get setconfFile() {
    return this.file(`${TUNNEL_INTERFACE}.setconf`);
  }

  private startKeeper(spec: TunnelSpec): void {
    this.keeper?.stop();
    this.keeper = null;
    if (this.opts.keepAlive === false) return;
    this.keeper = new TunnelKeeper(spec, {
      setconfFile: this.setconfFile,
      system: this.system,
      setconfArgv: (file) => this.platform.setconfArgv(this.ctx, file),
      log: this.opts.log,
      upstreamResolvers: () => this.platform.upstreamResolvers(this.ctx, spec.dns.servers),
    });
    this.keeper.start();
  }

  /** Serialises commands: a second connect waits for the first to finish. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readRecord(): Promise<SessionRecord | null> {
    try {
      const value = JSON.parse((await this.system.readFile(this.sessionFile)) ?? 'null') as SessionRecord | null;
      return typeof value?.ownerUid === 'number' ? value : null;
    } catch {
      return null;
    }
  }

  private checkOwner(record: SessionRecord | null, caller: PeerIdentity): void {
    if (record && caller.uid !== 0 && record.ownerUid !== caller.uid) throw new UserError('error.tunnel.ownedByOther');
  }

  /** Removes DNS settings, the tunnel and its files; tolerant of parts already gone. */
  private async teardown(): Promise<void> {
    this.keeper?.stop();
    this.keeper = null;
    await this.platform.restoreDns(this.ctx);
    const steps = this.platform.tunnel.planDown({ stateDir: this.opts.stateDir });
    const programs = await this.platform.downNeedsPrograms(this.ctx);
    await runPlan(programs ? steps : steps.filter((s) => s.kind !== 'run'), this.system, this.opts.log);
    for (const file of [this.sessionFile, this.specFile, this.setconfFile]) await this.system.removeFile(file);
  }

  /** Brings the tunnel up for the caller from an already validated spec, replacing a tunnel the same caller had. */
  up(spec: TunnelSpec, caller: PeerIdentity): Promise<TunnelStatus> {
    return this.exclusive(async () => {
      const record = await this.readRecord();
      this.checkOwner(record, caller);
      const running = await this.platform.tunnelRunning(this.ctx);
      if (record && running && (await this.system.readFile(this.specFile)) === JSON.stringify(spec)) {
        // The same tunnel is already up (a second connect): keep it rather than cutting it.
        this.opts.log('tunnel already up with this spec; kept');
        return this.readStatus();
      }
      if (record || running) await this.teardown();
      await this.system.ensureDir(this.opts.stateDir, 0o700);
      const next: SessionRecord = { ownerUid: caller.uid, since: new Date().toISOString(), addresses: [...spec.addresses] };
      try {
        // The records go first: a crash from here on is cleaned by the next start's recovery.
        await this.system.writeFile(this.specFile, JSON.stringify(spec), 0o600);
        await this.system.writeFile(this.sessionFile, JSON.stringify(next), 0o600);
        await runPlan(this.platform.tunnel.planUp(spec, { stateDir: this.opts.stateDir }), this.system, this.opts.log);
        await this.platform.applyDns(spec.dns, this.ctx);
      } catch (err) {
        const detail = detailOf(err);
        this.opts.log(`tunnel up failed: ${detail}`);
        await this.teardown().catch((e: unknown) => this.opts.log(`cleanup after failed up: ${String(e)}`));
        throw new UserError('error.tunnel.upFailed', { detail }, detail);
      }
      this.startKeeper(spec);
      return this.readStatus();
    });
  }

  /** Takes the tunnel down; a no-op when it is not up. */
  down(caller: PeerIdentity): Promise<TunnelStatus> {
    return this.exclusive(async () => {
      const record = await this.readRecord();
      this.checkOwner(record, caller);
      try {
        await this.teardown();
      } catch (err) {
        const detail = detailOf(err);
        throw new UserError('error.tunnel.downFailed', { detail }, detail);
      }
      return { state: 'down' } as const;
    });
  }

  /** Handshake, traffic and endpoint of the tunnel, or `down`. */
  status(): Promise<TunnelStatus> {
    return this.readStatus();
  }

  private async readStatus(): Promise<TunnelStatus> {
    const dump = await this.platform.readDump(this.ctx);
    if (dump === null) return { state: 'down' };
    const status = parseWgDump(dump, await this.readRecord());
    return this.keeper ? { ...status, health: this.keeper.current() } : status;
  }

  /** At start-up: adopt a running tunnel, or clean up what a crash left behind. */
  recover(): Promise<void> {
    return this.exclusive(async () => {
      const record = await this.readRecord();
      const running = await this.platform.tunnelRunning(this.ctx);
      if (record && running) {
        this.opts.log(`adopting running tunnel of uid ${record.ownerUid}`);
        let saved: unknown;
        try {
          saved = JSON.parse((await this.system.readFile(this.specFile)) ?? 'null');
        } catch {
          saved = null;
        }
        const spec = TunnelSpecSchema.safeParse(saved);
        if (spec.success) this.startKeeper(spec.data);
        return;
      }
      const conf = await this.system.exists(this.platform.tunnel.configPath({ stateDir: this.opts.stateDir }));
      if (running || record !== null || conf) {
        this.opts.log('cleaning up a tunnel left by an earlier run');
        await this.teardown();
      } else {
        await this.platform.restoreDns(this.ctx);
      }
    });
  }
}
