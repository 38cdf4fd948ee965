/**
 * The helper's tunnel commands: up, down, status. One at a time (a queue),
 * with the owner recorded so one user cannot take down another's tunnel, and
 * with recovery at start-up: a tunnel left by a crashed helper is adopted when
 * it still runs, or cleaned away when only its files remain.
 */
import { access, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { TUNNEL_INTERFACE, TunnelSpecSchema, type TunnelSpec, type TunnelStatus } from '../shared/helper-protocol';
import { UserError } from '../shared/errors';
import { applyLinuxDns, restoreLinuxDns, upstreamNameservers } from './dns-linux';
import { TunnelKeeper } from './keeper';
import type { PeerIdentity } from './peer-credentials';
import { linuxTunnel } from './platform/linux';
import type { TunnelPlatform } from './platform/types';
import { runPlan, StepFailed } from './run-plan';

export interface TunnelServiceOptions {
  readonly stateDir: string;
  readonly log: (line: string) => void;
  readonly platform?: TunnelPlatform;
  /** Overrides /etc/resolv.conf (tests). */
  readonly resolvConf?: string;
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

export class TunnelService {
  private queue: Promise<unknown> = Promise.resolve();
  private keeper: TunnelKeeper | null = null;
  private readonly platform: TunnelPlatform;

  constructor(private readonly opts: TunnelServiceOptions) {
    this.platform = opts.platform ?? linuxTunnel;
  }

  private get paths() {
    return { stateDir: this.opts.stateDir };
  }

  private get sessionFile() {
    return join(this.opts.stateDir, 'session.json');
  }

  /** The spec of the running tunnel, kept (root-only, like the config) so a restarted helper can keep it alive. */
  private get specFile() {
    return join(this.opts.stateDir, 'spec.json');
  }

  private startKeeper(spec: TunnelSpec): void {
    this.keeper?.stop();
    const dns = this.dnsOptions();
    this.keeper = new TunnelKeeper(spec, {
      stateDir: this.opts.stateDir,
      log: this.opts.log,
      upstreamResolvers: () => upstreamNameservers(dns, spec.dns.servers),
    });
    this.keeper.start();
  }

  private dnsOptions() {
    return { stateDir: this.opts.stateDir, log: this.opts.log, ...(this.opts.resolvConf ? { resolvConf: this.opts.resolvConf } : {}) };
  }

  /** Serialises commands: a second connect waits for the first to finish. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async interfaceExists(): Promise<boolean> {
    try {
      await access(`/sys/class/net/${TUNNEL_INTERFACE}`);
      return true;
    } catch {
      return false;
    }
  }

  private async readRecord(): Promise<SessionRecord | null> {
    try {
      const value = JSON.parse(await readFile(this.sessionFile, 'utf8')) as SessionRecord;
      return typeof value.ownerUid === 'number' ? value : null;
    } catch {
      return null;
    }
  }

  private async ensureStateDir(): Promise<void> {
    await mkdir(this.opts.stateDir, { recursive: true, mode: 0o700 });
    await chmod(this.opts.stateDir, 0o700);
  }

  private checkOwner(record: SessionRecord | null, caller: PeerIdentity): void {
    if (record && caller.uid !== 0 && record.ownerUid !== caller.uid) throw new UserError('error.tunnel.ownedByOther');
  }

  /** Removes interface, DNS settings and files; tolerant of parts already gone. */
  private async teardown(): Promise<void> {
    this.keeper?.stop();
    this.keeper = null;
    await restoreLinuxDns(this.dnsOptions());
    const steps = this.platform.planDown(this.paths);
    const running = await this.interfaceExists();
    await runPlan(running ? steps : steps.filter((s) => s.kind !== 'run'), this.opts.log);
    for (const file of [this.sessionFile, this.specFile, join(this.opts.stateDir, 'hoc0.setconf')]) await rm(file, { force: true });
  }

  /** Brings the tunnel up for the caller, replacing a tunnel the same caller had. */
  up(spec: TunnelSpec, caller: PeerIdentity): Promise<TunnelStatus> {
    return this.exclusive(async () => {
      const record = await this.readRecord();
      this.checkOwner(record, caller);
      const running = await this.interfaceExists();
      if (record && running && (await readFile(this.specFile, 'utf8').catch(() => '')) === JSON.stringify(spec)) {
        // The same tunnel is already up (a second connect): keep it rather than cutting it.
        this.opts.log('tunnel already up with this spec; kept');
        return this.readStatus();
      }
      if (record || running) await this.teardown();
      await this.ensureStateDir();
      try {
        await runPlan(this.platform.planUp(spec, this.paths), this.opts.log);
        await applyLinuxDns(spec.dns, this.dnsOptions());
      } catch (err) {
        const detail = err instanceof StepFailed ? err.output : err instanceof Error ? err.message : String(err);
        this.opts.log(`tunnel up failed: ${detail}`);
        await this.teardown().catch((e: unknown) => this.opts.log(`cleanup after failed up: ${String(e)}`));
        throw new UserError('error.tunnel.upFailed', { detail }, detail);
      }
      const next: SessionRecord = { ownerUid: caller.uid, since: new Date().toISOString(), addresses: [...spec.addresses] };
      await writeFile(this.specFile, JSON.stringify(spec), { mode: 0o600 });
      await writeFile(this.sessionFile, JSON.stringify(next), { mode: 0o600 });
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
        const detail = err instanceof StepFailed ? err.output : err instanceof Error ? err.message : String(err);
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
    if (!(await this.interfaceExists())) return { state: 'down' };
    const [file, ...args] = this.platform.statusArgv();
    const r = await execa(file ?? 'wg', args, { reject: false, stdin: 'ignore', timeout: 5000 });
    if (r.exitCode !== 0) return { state: 'down' };
    const status = parseWgDump(r.stdout, await this.readRecord());
    return this.keeper ? { ...status, health: this.keeper.current() } : status;
  }

  /** At start-up: adopt a running tunnel, or clean up what a crash left behind. */
  recover(): Promise<void> {
    return this.exclusive(async () => {
      const record = await this.readRecord();
      const running = await this.interfaceExists();
      if (record && running) {
        this.opts.log(`adopting running tunnel of uid ${record.ownerUid}`);
        const spec = TunnelSpecSchema.safeParse(JSON.parse(await readFile(this.specFile, 'utf8').catch(() => 'null')));
        if (spec.success) this.startKeeper(spec.data);
        return;
      }
      const leftovers = running || record !== null;
      const conf = await access(this.platform.configPath(this.paths)).then(() => true, () => false);
      if (leftovers || conf) {
        this.opts.log('cleaning up a tunnel left by an earlier run');
        await this.teardown();
      } else {
        await restoreLinuxDns(this.dnsOptions());
      }
    });
  }
}
