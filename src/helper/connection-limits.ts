/**
 * The helper's resource bounds: what one caller, and all callers together,
 * can make the privileged process hold. Each limit is a named constant here;
 * docs/helper.md ("Bounds") explains them and names the tests.
 */
import { HELPER_MAX_MESSAGE_BYTES } from '../shared/helper-protocol';

/** The limits one server enforces; tests pass smaller ones to reach them quickly. */
export interface HelperLimits {
  /** Longest request line in bytes (UTF-8, newline excluded); longer closes the connection. */
  readonly maxFrameBytes: number;
  /** Bytes one connection may send in all; the client sends one request per connection. */
  readonly maxConnectionBytes: number;
  /**
   * How long a connection may wait without the helper working for it: for a
   * whole request after connecting or after its last answer, or for the peer
   * to read an answer. Partial bytes do not reset it (no slow-loris).
   */
  readonly idleTimeoutMs: number;
  /** Open connections of one uid (identified callers). */
  readonly maxConnectionsPerUid: number;
  /** Open connections in all, identified or not. */
  readonly maxConnections: number;
}

/** The limits of the shipped helper. */
export const HELPER_LIMITS: HelperLimits = {
  maxFrameBytes: HELPER_MAX_MESSAGE_BYTES,
  // Sixteen full-size requests: room for a client that sends a few, none for a flood.
  maxConnectionBytes: 16 * HELPER_MAX_MESSAGE_BYTES,
  // The app and the CLI write their request right after connecting; 10 s is slack for a busy machine.
  idleTimeoutMs: 10_000,
  // A connect makes its calls one after another; the app's status polling adds one more.
  maxConnectionsPerUid: 16,
  // Four users at their per-uid cap; one user alone cannot lock the others out.
  maxConnections: 64,
};

/** Counts open connections per uid. */
export class ConnectionLedger {
  private readonly perUid = new Map<number, number>();

  /** Takes a slot for `uid`, or returns false when that uid is at `cap`. */
  take(uid: number, cap: number): boolean {
    const n = this.perUid.get(uid) ?? 0;
    if (n >= cap) return false;
    this.perUid.set(uid, n + 1);
    return true;
  }

  /** Gives a slot of `uid` back. */
  release(uid: number): void {
    const n = (this.perUid.get(uid) ?? 0) - 1;
    if (n > 0) this.perUid.set(uid, n);
    else this.perUid.delete(uid);
  }

  /** Open connections of `uid`. */
  count(uid: number): number {
    return this.perUid.get(uid) ?? 0;
  }
}
