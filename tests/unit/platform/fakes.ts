/** A recording runner and an in-memory link folder for the adapter tests. */
import type { Invocation, InvocationResult, LinkFs } from '../../../src/core/platform/types';

export interface Recorder {
  readonly calls: Invocation[];
  run(inv: Invocation): Promise<InvocationResult>;
}

/** Answers each call with the first matching scripted reply (by argv prefix), else exit 0 and no output. */
export function recorder(replies: [string[], Partial<InvocationResult>][] = []): Recorder {
  const calls: Invocation[] = [];
  return {
    calls,
    async run(inv) {
      calls.push(inv);
      const hit = replies.find(([prefix]) => prefix.every((p, i) => inv.argv[i] === p));
      return { exitCode: 0, stdout: '', stderr: '', ...(hit?.[1] ?? {}) };
    },
  };
}

/** A tiny file system: symlinks and folders only; gvfs's FUSE view shows every share (paths with `/gvfs/`). */
export function memoryFs(initial: Record<string, string | null> = {}): LinkFs & { entries: Map<string, string | null> } {
  // value: link target, or null for a folder
  const entries = new Map<string, string | null>(Object.entries(initial));
  const parent = (p: string) => p.slice(0, p.lastIndexOf('/'));
  return {
    entries,
    ensureDir: async (path) => {
      entries.set(path, null);
    },
    readLink: async (path) => entries.get(path) ?? null,
    exists: async (path) => entries.has(path) || path.includes('/gvfs/'),
    makeLink: async (target, path) => {
      entries.set(path, target);
    },
    remove: async (path) => {
      entries.delete(path);
    },
    list: async (dir) => [...entries.keys()].filter((k) => parent(k) === dir).map((k) => k.slice(dir.length + 1)),
  };
}

export const ACCOUNT = { user: 'anna', domain: 'BUERO', password: 'Anna-Lab-2026!' };
export const DRIVE = { letter: 'P', label: 'Projekte', share: '\\\\fs.buero.local\\projekte' };
