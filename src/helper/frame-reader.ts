/**
 * Splits a connection's bytes into request lines, counting bytes (not UTF-16
 * characters): a line longer than the frame limit is refused before it is
 * decoded, and at most one frame plus one socket chunk is ever held.
 */

/** What the reader has next: a decoded line, a line over the limit, bytes that are not UTF-8, or nothing yet. */
export type Frame = { kind: 'line'; text: string } | { kind: 'tooLong' } | { kind: 'notUtf8' } | null;

const NEWLINE = 0x0a;

/** Newline-delimited frames out of Buffer chunks, with a byte limit per frame (newline excluded). */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly maxFrameBytes: number) {}

  /** Appends bytes read from the socket. */
  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
  }

  /** Bytes held and not yet handed out as a frame. */
  get buffered(): number {
    return this.pending.length;
  }

  /** The next frame, or null when no complete line (and nothing over the limit) is held. */
  next(): Frame {
    const nl = this.pending.indexOf(NEWLINE);
    if (nl < 0) return this.pending.length > this.maxFrameBytes ? this.drop() : null;
    if (nl > this.maxFrameBytes) return this.drop();
    const line = this.pending.subarray(0, nl);
    this.pending = this.pending.subarray(nl + 1);
    // A copy, so that a held remainder does not keep a whole socket chunk alive.
    if (this.pending.length > 0 && this.pending.length < 4096) this.pending = Buffer.from(this.pending);
    try {
      return { kind: 'line', text: this.decoder.decode(line) };
    } catch {
      return { kind: 'notUtf8' };
    }
  }

  private drop(): Frame {
    this.pending = Buffer.alloc(0);
    return { kind: 'tooLong' };
  }
}
