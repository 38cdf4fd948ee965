/**
 * Connect in the office (docs/office.md): with the office proof held, the
 * tunnel stage is skipped, drives and printers are mapped directly and the
 * result says `office`; without it, the tunnel comes up as always. Fakes say
 * so: a fake prover, a fake helper on a real socket, an in-memory drive adapter.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StepEvent } from '../../../src/shared/session';
import type { StoredProfile } from '../../../src/shared/profile/types';
import { saveOfficeAccount } from '../../../src/core/account';
import type { OfficeProof, OfficeProofInput } from '../../../src/core/office/proof';
import { FileSecretStore, type SecretStores } from '../../../src/core/profile/secrets';
import { connectSession, disconnectSession } from '../../../src/core/session/session';
import type { Pipeline } from '../../../src/core/session/stage';
import { createDrivesStage } from '../../../src/core/stages/drives';
import { createNamesStage } from '../../../src/core/stages/names';
import { createPrintersStage } from '../../../src/core/stages/printers';
import { createTunnelStage, helperTunnelCalls } from '../../../src/core/stages/tunnel';
import { DOWN, UP, fakeDriveAdapter, fakeHelper, freshHome, givenProfileStage, recordOnDisk, storedProfile, type FakeHelper } from './fakes';

const OFFICE = { host: 'intranet.buero.local', port: 443, spki: `sha256/${Buffer.alloc(32, 1).toString('base64')}` };
const IN: OfficeProof = { place: 'office', address: '10.77.0.10', localAddress: '10.77.1.2' };
const OUT: OfficeProof = { place: 'home', reason: 'wrongKey', detail: 'sha256/other' };

const helpers: FakeHelper[] = [];
afterEach(async () => {
  for (const h of helpers.splice(0)) await h.close();
});

async function signedIn(home: string): Promise<SecretStores> {
  const secrets: SecretStores = { preference: 'file', file: new FileSecretStore(join(home, 'secrets')), keyring: async () => null };
  await saveOfficeAccount('buero-mueller', { user: 'anna', domain: 'BUERO', password: 'Anna-Lab-2026!' }, secrets);
  return secrets;
}

async function helper(): Promise<FakeHelper> {
  let up = false;
  const h = await fakeHelper({
    'tunnel.up': () => ((up = true), { result: UP }),
    'tunnel.down': () => ((up = false), { result: DOWN }),
    'tunnel.status': () => ({ result: up ? UP : DOWN }),
    'printer.add': (req) => ({ result: { kind: 'printer.added', printer: { name: req.name, uri: req.uri, managed: true }, created: true, driver: 'everywhere' } }),
    'printer.remove': (req) => ({ result: { kind: 'printer.removed', name: req.name, removed: true } }),
  });
  helpers.push(h);
  return h;
}

function pipeline(profile: StoredProfile, prove: (i: OfficeProofInput) => Promise<OfficeProof>, drives: ReturnType<typeof fakeDriveAdapter>, secrets: SecretStores): Pipeline {
  return [
    givenProfileStage(profile),
    createTunnelStage(helperTunnelCalls, prove),
    createNamesStage({ resolve: async () => '10.77.0.10' }),
    [createDrivesStage({ platform: drives.platform, secrets }), createPrintersStage({ platform: drives.platform })],
  ];
}

describe('connect in the office (fake prover)', () => {
  it('skips the tunnel, maps drives and printers directly and says office', async () => {
    const home = freshHome();
    const h = await helper();
    const drives = fakeDriveAdapter(home);
    const asked: OfficeProofInput[] = [];
    const prove = async (i: OfficeProofInput) => (asked.push(i), IN);
    const events: string[] = [];
    const profile = { ...storedProfile(), office: OFFICE };
    const result = await connectSession(pipeline(profile, prove, drives, await signedIn(home)), {
      home,
      helper: { socketPath: h.socketPath },
      onEvent: (e: StepEvent) => events.push(`${e.step}:${e.state}`),
    });
    expect(result).toMatchObject({ phase: 'office', place: 'office' });
    expect(asked).toEqual([{ office: OFFICE, tunnelAddresses: ['10.99.0.2/32'] }]);
    expect(events).toContain('tunnel:skipped');
    expect(h.commands).not.toContain('tunnel.up');
    expect([...drives.mapped.keys()]).toEqual(['P', 'Q']);
    const record = recordOnDisk(home);
    expect(record?.tunnel).toBeNull();
    expect(record?.drives.map((d) => d.letter)).toEqual(['P', 'Q']);
    expect(record?.printers).toEqual([{ name: 'Plotter-DesignJet', route: 'helper', owner: 'ours' }]);

    const off = await disconnectSession(pipeline(profile, prove, drives, await signedIn(home)), { home, helper: { socketPath: h.socketPath } });
    expect(off.errors).toEqual([]);
    expect(drives.mapped.size).toBe(0);
    expect(h.commands).toContain('printer.remove');
  });

  it('brings the tunnel up when the proof fails (a spoofed office shows another key)', async () => {
    const home = freshHome();
    const h = await helper();
    const drives = fakeDriveAdapter(home);
    const profile = { ...storedProfile(), office: OFFICE };
    const result = await connectSession(pipeline(profile, async () => OUT, drives, await signedIn(home)), { home, helper: { socketPath: h.socketPath } });
    expect(result).toMatchObject({ phase: 'ready', place: 'home' });
    expect(h.commands).toContain('tunnel.up');
    expect(recordOnDisk(home)?.tunnel).not.toBeNull();
  });

  it('does not try a proof for a profile without one', async () => {
    const home = freshHome();
    const h = await helper();
    const drives = fakeDriveAdapter(home);
    let proofs = 0;
    const result = await connectSession(pipeline(storedProfile(), async () => (proofs++, IN), drives, await signedIn(home)), { home, helper: { socketPath: h.socketPath } });
    expect(result).toMatchObject({ phase: 'ready', place: 'home' });
    expect(proofs).toBe(0);
  });
});
