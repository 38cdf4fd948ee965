/**
 * Keeps "in the office or at home" current (docs/office.md): proves once at
 * start, again when the computer's networks change or it wakes from sleep,
 * and every few minutes while in the office. Arriving in the office takes one
 * good proof; leaving takes a network change with a failed proof, or two
 * failed proofs in a row (one lost packet on the office LAN does not tear
 * down the user's drives).
 */
import { networkInterfaces } from 'node:os';
import type { Place } from '../../shared/session';
import type { OfficeProof } from './proof';

export type { Place } from '../../shared/session';

export interface PlaceWatchOptions {
  /** One proof attempt (proveOffice bound to the profile). */
  readonly prove: () => Promise<OfficeProof>;
  /** Called when the place changes (and once with the first result). */
  readonly onChange: (place: Place, proof: OfficeProof) => void;
  /** A string that changes when the computer's networks change; from os.networkInterfaces() by default. */
  readonly networks?: () => string;
  /** How often the networks are compared (default 3 s). */
  readonly pollMs?: number;
  /** How often the proof is repeated while in the office (default 120 s). */
  readonly recheckMs?: number;
  /** How soon a single failed re-check is tried again before the place flips (default 5 s). */
  readonly retryMs?: number;
  /** Addresses that belong to our own tunnel: their coming and going is not a network change. */
  readonly ignoreAddresses?: () => readonly string[];
}

/** A fingerprint of the computer's non-internal addresses, without the ones given. */
export function networkFingerprint(ignore: readonly string[] = []): string {
  const skip = new Set(ignore.map((a) => a.replace(/\/\d+$/, '')));
  const rows: string[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.internal && !skip.has(a.address)) rows.push(`${name} ${a.cidr ?? a.address}`);
  }
  return rows.sort().join('\n');
}

/** Watches the place; `start()` proves at once, `resume()` after sleep, `stop()` ends all timers. */
export class PlaceWatch {
  private place: Place | null = null;
  private lastNetworks = '';
  private failures = 0;
  private proving = false;
  private again = false;
  private stopped = true;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: PlaceWatchOptions) {}

  /** The place of the last proof, or null before the first one ended. */
  current(): Place | null {
    return this.place;
  }

  /** Proves now, then watches the networks. */
  start(): Promise<void> {
    this.stopped = false;
    this.lastNetworks = this.networks();
    this.pollTimer = setInterval(() => this.poll(), this.opts.pollMs ?? 3000);
    this.pollTimer.unref?.();
    return this.check(true);
  }

  /** The computer woke from sleep: anything may have changed. */
  resume(): Promise<void> {
    this.lastNetworks = this.networks();
    return this.check(true);
  }

  /** Stops every timer; a proof under way finishes but reports nothing. */
  stop(): void {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.pollTimer = this.recheckTimer = null;
  }

  private networks(): string {
    return (this.opts.networks ?? (() => networkFingerprint(this.opts.ignoreAddresses?.() ?? [])))();
  }

  private poll(): void {
    const now = this.networks();
    if (now === this.lastNetworks) return;
    this.lastNetworks = now;
    void this.check(true);
  }

  /** One proof; `decisive` (start, network change, wake) lets a single failure leave the office. */
  private async check(decisive: boolean): Promise<void> {
    if (this.stopped) return;
    if (this.proving) {
      this.again = true;
      return;
    }
    this.proving = true;
    let proof: OfficeProof;
    try {
      proof = await this.opts.prove();
    } catch (err) {
      proof = { place: 'home', reason: 'unreachable', detail: (err as Error).message };
    }
    this.proving = false;
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      return this.check(true);
    }
    this.decide(proof, decisive);
  }

  private decide(proof: OfficeProof, decisive: boolean): void {
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
    if (proof.place === 'home' && this.place === 'office' && !decisive && this.failures === 0) {
      // First failed re-check in the office: try again soon before believing it.
      this.failures = 1;
      this.schedule(this.opts.retryMs ?? 5000);
      return;
    }
    this.failures = 0;
    const next: Place = proof.place;
    if (next === 'office') this.schedule(this.opts.recheckMs ?? 120_000);
    if (next !== this.place) {
      this.place = next;
      this.opts.onChange(next, proof);
    }
  }

  private schedule(ms: number): void {
    this.recheckTimer = setTimeout(() => void this.check(false), ms);
    this.recheckTimer.unref?.();
  }
}
