/**
 * connectSession's later steps against a stand-in helper on a real Unix
 * socket (the real helper needs root and wg; the lab tests run it): services,
 * drives and printers run side by side, each reports its own step, the first
 * error in step order wins, and record updates made at the same time all land.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSession, type StageRunner } from '../../../src/core/session/session';
import { updateRecord, withDrive, withPrinter } from '../../../src/core/drives/session-record';
import { UserError } from '../../../src/shared/errors';
import type { StepEvent } from '../../../src/shared/session';
import { examplePayload } from '../../fixtures/profiles/make';

let server: Server;
let socketPath: string;

beforeAll(async () => {
  socketPath = join(mkdtempSync(join(tmpdir(), 'hoc-stages-')), 'helper.sock');
  const up = { state: 'up', interface: 'hoc0', addresses: ['10.99.0.2/32'], endpoint: '100.64.3.10:51820', latestHandshake: null, rxBytes: 0, txBytes: 0, ownerUid: 1000, since: new Date().toISOString() };
  server = createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const req = JSON.parse(buf.slice(0, i)) as { v: number; id: number };
        buf = buf.slice(i + 1);
        sock.write(`${JSON.stringify({ v: req.v, id: req.id, ok: true, result: up })}\n`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(socketPath, r));
});
afterAll(() => server.close());

const payload = examplePayload();
const profile = { org: payload.org, tunnel: payload.tunnel, services: payload.services };

/** A stage that waits until `release` is called, recording when it started. */
function gate(name: string, started: string[], result: () => ReturnType<StageRunner>) {
  let release!: () => void;
  const open = new Promise<void>((r) => (release = r));
  const run: StageRunner = async () => {
    started.push(name);
    await open;
    return result();
  };
  return { run, release };
}

describe('the later steps of a connect', () => {
  it('start side by side, report each step, and return the first error in step order', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-stages-home-'));
    const started: string[] = [];
    const events: string[] = [];
    const services = gate('services', started, async () => ({ ok: true }));
    const drives = gate('drives', started, async () => ({ ok: false, error: new UserError('drives.mapFailed', { letter: 'P', share: 's', detail: 'd' }).toData() }));
    const printers = gate('printers', started, async () => {
      throw new UserError('printers.addFailed', { name: 'Plotter', detail: 'x' });
    });
    const connecting = connectSession(profile as never, payload.tunnel.privateKey, {
      home,
      helper: { socketPath },
      resolve: async () => '10.77.0.10',
      onEvent: (e: StepEvent) => events.push(`${e.step}:${e.state}`),
      stages: { services: services.run, drives: drives.run, printers: printers.run },
    });
    // All three are running before any of them finished.
    await expect.poll(() => started.length).toBe(3);
    expect(events.filter((e) => e.endsWith(':running'))).toEqual(['tunnel:running', 'dns:running', 'services:running', 'drives:running', 'printers:running']);
    // They finish in reverse order; the connect still reports the drives error (step order).
    printers.release();
    await expect.poll(() => events).toContain('printers:failed');
    drives.release();
    await expect.poll(() => events).toContain('drives:failed');
    services.release();
    const result = await connecting;
    expect(events.slice(-3)).toEqual(['printers:failed', 'drives:failed', 'services:ok']);
    expect(result.phase).toBe('degraded');
    expect(result.error?.code).toBe('drives.mapFailed');
  });

  it('keeps every entry when drives and printers update the record at the same time', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-stages-home-'));
    const org = { id: 'buero-mueller', name: 'Architekturbüro Müller' };
    const letters = 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    await Promise.all([
      ...letters.map((letter) => updateRecord(home, org, withDrive({ letter, share: `\\\\fs.buero.local\\${letter}` }))),
      ...letters.map((letter) => updateRecord(home, org, withPrinter(`Drucker-${letter}`))),
    ]);
    const record = JSON.parse(readFileSync(join(home, 'session.json'), 'utf8')) as { drives: string[]; printers: string[] };
    expect([...record.drives].sort()).toEqual(letters);
    expect(record.printers).toHaveLength(letters.length);
  });
});
