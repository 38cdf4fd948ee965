import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profileCommand } from '../../../src/cli/commands/profile';
import type { CliIo } from '../../../src/cli/io';
import type { Lang } from '../../../src/shared/i18n';
import { examplePayload, makeOrgKey, signPayload, type MutablePayload } from '../../fixtures/profiles/make';
import { startTestHelper, type TestHelper } from '../../fixtures/helper';

const org = makeOrgKey();
let home: string;
let helper: TestHelper;

function fakeIo(lang: Lang = 'de', answer = false): CliIo & { lines: string[]; errors: string[]; asked: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const asked: string[] = [];
  return {
    lang,
    env: { HOC_HOME: home, HOC_SECRET_STORE: 'file', HOC_HELPER_SOCKET: helper.socketPath },
    lines,
    errors,
    asked,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    confirm: async (q) => {
      asked.push(q);
      return answer;
    },
  };
}

/** A profile valid today (the CLI uses the real clock). */
async function profileFile(mutate: (p: MutablePayload) => void = () => {}): Promise<string> {
  const p = examplePayload();
  const now = Date.now();
  p.issuedAt = new Date(now - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  p.expiresAt = new Date(now + 365 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  mutate(p);
  const file = join(home, `p-${Math.random().toString(36).slice(2)}.hocprofile`);
  await writeFile(file, signPayload(p, org));
  return file;
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'hoc-cli-'));
  helper = await startTestHelper();
});
afterEach(async () => {
  helper.close();
  await rm(home, { recursive: true, force: true });
});

describe('hoc profile check', () => {
  it('shows org, user, fingerprint, services, drives and printers of a valid profile', async () => {
    const io = fakeIo('de');
    expect(await profileCommand(['check', await profileFile()], io)).toBe(0);
    const text = io.lines.join('\n');
    expect(text).toContain('Architekturbüro Müller');
    expect(text).toContain('Anna Schmidt');
    expect(text).toMatch(/Fingerabdruck: +([0-9a-f]{4} ){7}[0-9a-f]{4}/);
    expect(text).toContain('P: Projekte');
    expect(text).toContain('Plotter (DesignJet)');
    expect(text).toContain('Dienste (8)');
  });

  it('refuses an invalid profile with exit 2 and one clear line', async () => {
    const io = fakeIo('de');
    const file = await profileFile((p) => (p.drives[0].share = '\\\\fs.example.com\\projekte'));
    expect(await profileCommand(['check', file], io)).toBe(2);
    expect(io.errors).toEqual([
      'Profil abgelehnt: Laufwerk P: zeigt auf fs.example.com, das nicht zur Firma buero.local gehört. [$.drives[0].share]',
    ]);
  });

  it('answers in English with --lang en', async () => {
    const io = fakeIo('de');
    const file = await profileFile((p) => (p.tunnel.peer.allowedIPs = ['0.0.0.0/0']));
    expect(await profileCommand(['check', file, '--lang', 'en'], io)).toBe(2);
    expect(io.errors[0]).toMatch(/^Profile refused: The profile would send all internet traffic/);
  });

  it('prints JSON without any key material with --json', async () => {
    const io = fakeIo();
    const file = await profileFile();
    expect(await profileCommand(['check', file, '--json'], io)).toBe(0);
    const out = JSON.parse(io.lines.join('\n')) as { ok: boolean; profile: { tunnel: Record<string, unknown> } };
    expect(out.ok).toBe(true);
    expect(io.lines.join('\n')).not.toMatch(/privateKey|presharedKey"/);
  });

  it('reports a refused profile as JSON with its code', async () => {
    const io = fakeIo();
    const file = await profileFile((p) => (p.printers[0].uri = 'file:///etc/passwd'));
    expect(await profileCommand(['check', file, '--json'], io)).toBe(2);
    expect(JSON.parse(io.lines[0]!)).toMatchObject({ ok: false, error: { code: 'profile.printer.scheme', detail: '$.printers[0].uri' } });
  });

  it('says the file cannot be read', async () => {
    const io = fakeIo('en');
    expect(await profileCommand(['check', join(home, 'missing.hocprofile')], io)).toBe(2);
    expect(io.errors[0]).toContain('cannot be read');
  });

  it('rejects unknown options as a usage error', async () => {
    const io = fakeIo();
    expect(await profileCommand(['check', 'x', '--force'], io)).toBe(2);
  });
});

describe('hoc profile import', () => {
  it('says the service cannot be reached and stores nothing when the helper is not running', async () => {
    const io = fakeIo('en');
    io.env.HOC_HELPER_SOCKET = join(home, 'missing.sock');
    expect(await profileCommand(['import', await profileFile(), '--yes'], io)).toBe(4);
    expect(existsSync(join(home, 'profiles'))).toBe(false);
  });

  it('shows the fingerprint and asks before importing', async () => {
    const io = fakeIo('de', false);
    expect(await profileCommand(['import', await profileFile()], io)).toBe(1);
    expect(io.asked).toEqual(['Profil importieren?']);
    expect(io.lines.join('\n')).toContain('Fingerabdruck');
    expect(existsSync(join(home, 'profiles'))).toBe(false);
  });

  it('imports with --yes, pins the key on the machine and says where the key went', async () => {
    const io = fakeIo('en');
    expect(await profileCommand(['import', await profileFile(), '--yes'], io)).toBe(0);
    expect(io.asked).toEqual([]);
    expect(io.lines.join('\n')).toMatch(/The company key ([0-9a-f]{4} ){7}[0-9a-f]{4} is now stored for this computer/);
    expect(io.lines.join('\n')).toContain('The tunnel keys are now kept by the HomeOffice service, readable only by administrators');
    expect(existsSync(join(home, 'secrets'))).toBe(false);
    const listed = fakeIo('en');
    expect(await profileCommand(['list'], listed)).toBe(0);
    expect(listed.lines[0]).toMatch(/^\* buero-mueller {2}Architekturbüro Müller {2}Anna Schmidt {2}serial 3/);
  });

  it('stores nothing when a hostile profile is refused', async () => {
    const io = fakeIo('de', true);
    const file = await profileFile((p) => (p.printers[0].name = 'x;rm -rf ~'));
    expect(await profileCommand(['import', file, '--yes'], io)).toBe(2);
    expect(io.errors[0]).toContain('Druckername');
    expect(existsSync(join(home, 'profiles'))).toBe(false);
    expect(existsSync(join(home, 'secrets'))).toBe(false);
  });

  it('refuses a downgrade before asking', async () => {
    await profileCommand(['import', await profileFile(), '--yes'], fakeIo());
    const io = fakeIo('de', true);
    expect(await profileCommand(['import', await profileFile((p) => (p.serial = 2))], io)).toBe(2);
    expect(io.asked).toEqual([]);
    expect(io.errors[0]).toContain('nicht neuer');
  });
});

describe('hoc profile remove', () => {
  it('removes an imported profile and its installed copy in the helper', async () => {
    await profileCommand(['import', await profileFile(), '--yes'], fakeIo());
    const io = fakeIo('en');
    expect(await profileCommand(['remove', 'buero-mueller'], io)).toBe(0);
    expect(existsSync(join(helper.profileDir, 'installed', String(process.getuid?.()), 'buero-mueller.json'))).toBe(false);
    const listed = fakeIo('en');
    await profileCommand(['list'], listed);
    expect(listed.lines).toEqual(['No profiles imported.']);
  });

  it('says there is no such profile', async () => {
    const io = fakeIo('en');
    expect(await profileCommand(['remove', 'nope'], io)).toBe(2);
    expect(io.errors[0]).toBe('There is no imported profile "nope".');
  });
});
