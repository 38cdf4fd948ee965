/** Lines of steps that run side by side come out in step order, each under its own step. */
import { describe, expect, it } from 'vitest';
import { orderedSections } from '../../../src/cli/ordered';
import type { CliIo } from '../../../src/cli/io';

function sink() {
  const lines: string[] = [];
  const io = { lang: 'de', env: {}, out: (l: string) => lines.push(`out ${l}`), err: (l: string) => lines.push(`err ${l}`), confirm: async () => false } as unknown as CliIo;
  return { io, lines };
}

describe('orderedSections', () => {
  it('prints the first section live and holds later ones until those before them finish', () => {
    const { io, lines } = sink();
    const s = orderedSections(['services', 'drives', 'printers'] as const, io);
    s.section('printers').out('Plotter eingerichtet');
    s.section('printers').out('[6/6] Drucker … ok');
    s.finish('printers');
    s.section('services').out('[4/6] Dienste … ok');
    expect(lines).toEqual(['out [4/6] Dienste … ok']);
    s.section('drives').err('P: fehlgeschlagen');
    s.finish('services');
    expect(lines).toEqual(['out [4/6] Dienste … ok', 'err P: fehlgeschlagen']);
    s.section('drives').err('[5/6] Laufwerke … fehlgeschlagen');
    s.finish('drives');
    expect(lines).toEqual([
      'out [4/6] Dienste … ok',
      'err P: fehlgeschlagen',
      'err [5/6] Laufwerke … fehlgeschlagen',
      'out Plotter eingerichtet',
      'out [6/6] Drucker … ok',
    ]);
  });

  it('refuses a section it does not know', () => {
    const s = orderedSections(['a'] as const, sink().io);
    expect(() => (s.section as (k: string) => CliIo)('b').out('x')).toThrow(/unknown output section b/);
  });
});
