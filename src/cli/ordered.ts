/**
 * Output of steps that run side by side, printed as if they ran one after
 * another: the first unfinished section prints live; the lines of later
 * sections wait until every section before them has finished. A person reads
 * the steps in their usual order, with each step's lines under it.
 */
import type { CliIo } from './io';

export interface OrderedSections<K extends string> {
  /** An io whose lines belong to `key`'s section. */
  section(key: K): CliIo;
  /** `key` printed its last line. */
  finish(key: K): void;
}

export function orderedSections<K extends string>(order: readonly K[], io: CliIo): OrderedSections<K> {
  const held = new Map<K, { err: boolean; line: string }[]>(order.map((k) => [k, []]));
  const finished = new Set<K>();
  let turn = 0;
  const flush = () => {
    while (turn < order.length) {
      const key = order[turn] as K;
      for (const l of held.get(key) ?? []) (l.err ? io.err : io.out)(l.line);
      held.set(key, []);
      if (!finished.has(key)) return;
      turn += 1;
    }
  };
  const add = (key: K, err: boolean, line: string) => {
    const lines = held.get(key);
    if (!lines) throw new Error(`unknown output section ${key}`);
    lines.push({ err, line });
    flush();
  };
  return {
    section: (key) => ({ ...io, out: (line) => add(key, false, line), err: (line) => add(key, true, line) }),
    finish: (key) => {
      finished.add(key);
      flush();
    },
  };
}
