/**
 * Which packet sizes get through the tunnel: DNS queries padded to exact IP
 * packet sizes, sent to the office DNS server all at once (one round trip per
 * round instead of one timeout per size), and the largest one answered.
 * Each datagram fits the tunnel interface, so it leaves this computer whole;
 * when a router on the way drops large packets, their answers never come.
 */
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { minimalQuerySize, paddedQuery, responseId, udpOverhead } from './dns-wire';

/** Where the measurement starts: below this, the network is broken for everyone. */
export const MTU_FLOOR = 1200;
const STEP = 16;
const BASELINE = 256;

export interface MtuProbeOptions {
  /** The office DNS server (an IP literal) and its port. */
  readonly server: string;
  readonly port: number;
  /** A name the server answers for locally. */
  readonly name: string;
  /** The tunnel's configured MTU: the largest size tried. */
  readonly mtu: number;
  /** How long the whole measurement may take. */
  readonly budgetMs: number;
  readonly signal: AbortSignal;
}

/**
 * `unmeasured`: not even a small query was answered; `largest`: the largest
 * IP packet size answered (null when even MTU_FLOOR was lost).
 */
export type MtuMeasurement =
  | { readonly kind: 'unmeasured'; readonly detail: string }
  | { readonly kind: 'measured'; readonly largest: number | null; readonly detail: string }
  /** Everything up to `largest` arrived, and `largest` is the DNS server's own limit: the path may carry more. */
  | { readonly kind: 'serverLimit'; readonly largest: number; readonly detail: string };

/**
 * DNS message sizes at which servers stop accepting queries: dnsmasq (≥ 2.86)
 * drops anything above its EDNS buffer of 1232 bytes (the DNS flag day value).
 */
const DNS_SERVER_LIMITS = new Set([1232]);

/** The sizes of the first round: a small baseline, then MTU_FLOOR … mtu in steps. */
export function firstRoundSizes(mtu: number): number[] {
  const sizes = [BASELINE];
  for (let s = MTU_FLOOR; s < mtu; s += STEP) sizes.push(s);
  sizes.push(mtu);
  return sizes;
}

/** Measures the largest packet that gets through to `server` and back. */
export async function measureMtu(opts: MtuProbeOptions): Promise<MtuMeasurement> {
  const family = isIP(opts.server) === 6 ? 6 : 4;
  const overhead = udpOverhead(family);
  const smallest = minimalQuerySize(opts.name) + overhead;
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  const started = Date.now();
  const ids = new Map<number, number>(); // DNS id → IP packet size
  const answered = new Set<number>();
  let nextId = Math.floor(Math.random() * 0xffff);
  let socketError: string | null = null;
  let onAnswer: (() => void) | null = null;
  socket.on('message', (msg) => {
    const id = responseId(msg);
    const size = id === null ? undefined : ids.get(id);
    if (size !== undefined) answered.add(size);
    onAnswer?.();
  });
  // ICMP "port unreachable" for a connected socket: the DNS server is not running.
  socket.on('error', (err) => {
    socketError = (err as NodeJS.ErrnoException).code ?? err.message;
    onAnswer?.();
  });
  const closeOnAbort = () => onAnswer?.();
  opts.signal.addEventListener('abort', closeOnAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(opts.port, opts.server, () => {
        socket.removeListener('error', reject);
        resolve();
      });
    });

    /** Sends each size (twice, against chance loss) and waits for answers until `waitMs`. */
    const round = async (sizes: readonly number[], waitMs: number): Promise<void> => {
      const roundStart = Date.now();
      for (const copy of [0, 1]) {
        for (const size of sizes) {
          const id = nextId++ & 0xffff;
          ids.set(id, size);
          socket.send(paddedQuery(id, opts.name, Math.max(size, smallest) - overhead));
        }
        if (copy === 0) await new Promise((r) => setTimeout(r, 5));
      }
      let settleAt = roundStart + waitMs;
      let firstAnswerAt: number | null = null;
      for (;;) {
        if (opts.signal.aborted || socketError || sizes.every((s) => answered.has(s))) return;
        // Once a query of this round is back, the round trip is known: the others get five of
        // them (at least 100 ms) before they count as lost — not a fixed wait on every connect.
        if (firstAnswerAt === null && (answered.has(BASELINE) || sizes.some((s) => answered.has(s)))) {
          firstAnswerAt = Date.now();
          settleAt = Math.min(settleAt, roundStart + Math.max(100, 5 * (firstAnswerAt - roundStart)));
        }
        const left = settleAt - Date.now();
        if (left <= 0) return;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 50));
          onAnswer = () => {
            clearTimeout(t);
            resolve();
          };
        });
        onAnswer = null;
      }
    };

    const firstWait = Math.min(1000, opts.budgetMs * 0.45);
    // Known DNS server limits are tried too: when one of them is the largest answer, the measurement ends there.
    const limits = [...DNS_SERVER_LIMITS].map((l) => l + overhead).filter((size) => size > MTU_FLOOR && size < opts.mtu);
    await round([...new Set([...firstRoundSizes(opts.mtu), ...limits])], firstWait);
    const detailOf = () => `answered ${[...answered].sort((a, b) => a - b).join(',') || 'none'}${socketError ? `; ${socketError}` : ''}`;
    if (!answered.has(BASELINE) && ![...answered].length) return { kind: 'unmeasured', detail: detailOf() };
    const big = [...answered].filter((s) => s >= MTU_FLOOR);
    if (big.length === 0) return { kind: 'measured', largest: null, detail: detailOf() };
    const best = Math.max(...big);
    if (best >= opts.mtu) return { kind: 'measured', largest: opts.mtu, detail: detailOf() };
    // The largest answered is exactly a DNS server's own limit: bigger queries are refused by the
    // server, not lost on the way, so a narrowing round could not tell anything more.
    if (DNS_SERVER_LIMITS.has(best - overhead) && answered.has(BASELINE)) {
      return { kind: 'serverLimit', largest: best, detail: `${detailOf()}; DNS server limit ${best - overhead}` };
    }
    // Narrow down between the largest answered and the next size tried.
    const between: number[] = [];
    for (let s = best + 1; s < Math.min(best + STEP, opts.mtu); s++) between.push(s);
    const left = opts.budgetMs - (Date.now() - started);
    if (between.length && left > 100 && !opts.signal.aborted) await round(between, Math.min(1000, left * 0.8));
    const largest = Math.max(...[...answered].filter((s) => s >= MTU_FLOOR));
    if (DNS_SERVER_LIMITS.has(largest - overhead) && answered.has(BASELINE)) return { kind: 'serverLimit', largest, detail: `${detailOf()}; DNS server limit ${largest - overhead}` };
    return { kind: 'measured', largest, detail: detailOf() };
  } finally {
    opts.signal.removeEventListener('abort', closeOnAbort);
    socket.close();
  }
}
