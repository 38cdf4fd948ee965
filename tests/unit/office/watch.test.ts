/** The place decision over time, with a fake prover, fake networks and vitest's fake clock. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OfficeProof } from '../../../src/core/office/proof';
import { PlaceWatch, type Place } from '../../../src/core/office/watch';

const IN: OfficeProof = { place: 'office', address: '10.77.0.1', localAddress: '10.77.1.2' };
const OUT: OfficeProof = { place: 'home', reason: 'unreachable' };

function fakeWorld(first: OfficeProof) {
  const world = { proof: first, networks: 'wlan0 10.77.1.2/24', proofs: 0, changes: [] as Place[] };
  const watch = new PlaceWatch({
    prove: () => {
      world.proofs++;
      return Promise.resolve(world.proof);
    },
    onChange: (p) => world.changes.push(p),
    networks: () => world.networks,
    pollMs: 1000,
    recheckMs: 60_000,
    retryMs: 5000,
  });
  return { world, watch };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('place watch (fake prover, fake clock)', () => {
  it('reports the first proof once', async () => {
    const { world, watch } = fakeWorld(IN);
    await watch.start();
    expect(world.changes).toEqual(['office']);
    expect(watch.current()).toBe('office');
    watch.stop();
  });

  it('goes home at once when the network changes and the proof fails', async () => {
    const { world, watch } = fakeWorld(IN);
    await watch.start();
    world.networks = 'wlan0 192.168.178.20/24';
    world.proof = OUT;
    await vi.advanceTimersByTimeAsync(1000);
    expect(world.changes).toEqual(['office', 'home']);
    watch.stop();
  });

  it('does not prove again while the networks stay the same at home', async () => {
    const { world, watch } = fakeWorld(OUT);
    await watch.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(world.proofs).toBe(1);
    expect(world.changes).toEqual(['home']);
    watch.stop();
  });

  it('arrives in the office when a network change brings a good proof', async () => {
    const { world, watch } = fakeWorld(OUT);
    await watch.start();
    world.networks = 'wlan0 10.77.1.2/24 (office)';
    world.proof = IN;
    await vi.advanceTimersByTimeAsync(1000);
    expect(world.changes).toEqual(['home', 'office']);
    watch.stop();
  });

  it('rechecks in the office and survives one lost re-check', async () => {
    const { world, watch } = fakeWorld(IN);
    await watch.start();
    world.proof = OUT;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(world.proofs).toBe(2);
    expect(world.changes).toEqual(['office']);
    world.proof = IN;
    await vi.advanceTimersByTimeAsync(5000);
    expect(world.proofs).toBe(3);
    expect(world.changes).toEqual(['office']);
    watch.stop();
  });

  it('leaves the office after two failed re-checks in a row', async () => {
    const { world, watch } = fakeWorld(IN);
    await watch.start();
    world.proof = OUT;
    await vi.advanceTimersByTimeAsync(60_000 + 5000);
    expect(world.changes).toEqual(['office', 'home']);
    watch.stop();
  });

  it('proves again on wake from sleep, even with the same networks', async () => {
    const { world, watch } = fakeWorld(IN);
    await watch.start();
    world.proof = OUT;
    await watch.resume();
    expect(world.changes).toEqual(['office', 'home']);
    watch.stop();
  });

  it('treats a throwing prover as "at home"', async () => {
    const changes: Place[] = [];
    const watch = new PlaceWatch({ prove: () => Promise.reject(new Error('boom')), onChange: (p) => changes.push(p), networks: () => 'x' });
    await watch.start();
    expect(changes).toEqual(['home']);
    watch.stop();
  });

  it('reports nothing after stop', async () => {
    const { world, watch } = fakeWorld(IN);
    await watch.start();
    watch.stop();
    world.networks = 'other';
    world.proof = OUT;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(world.changes).toEqual(['office']);
  });
});
