/**
 * The `profile` and `services` stages by themselves. The profile stage runs
 * against the real helper code on a temporary socket (tests/fixtures/helper.ts);
 * the services stage with checks given by the test ("given checks") and a fake
 * helper or none.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/shared/checks';
import type { TunnelStatus } from '../../../src/shared/helper-protocol';
import type { StoredProfile } from '../../../src/shared/profile/types';
import { importProfile, loadProfileFile } from '../../../src/core/profile';
import type { StageContext } from '../../../src/core/session/stage';
import { createProfileStage } from '../../../src/core/stages/profile';
import { createServicesStage } from '../../../src/core/stages/services';
import { startTestHelper, type TestHelper } from '../../fixtures/helper';
import { examplePayload, makeOrgKey, signPayload } from '../../fixtures/profiles/make';
import { DOWN, UP, fakeHelper, freshHome, helperDown, storedProfile, type FakeHelper } from './fakes';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function testHelper(): Promise<TestHelper> {
  const h = await startTestHelper();
  closers.push(() => h.close());
  return h;
}

/** A profile file valid today (the stage reads files with the real clock). */
function profileFile(home: string): string {
  const payload = examplePayload();
  payload.issuedAt = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  payload.expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const file = join(home, 'anna.hocprofile');
  writeFileSync(file, signPayload(payload, makeOrgKey()));
  return file;
}

describe('the profile stage', () => {
  it('with --profile FILE: hands on the profile without keys, keeps the keys for redaction, and installs FILE in the helper without pinning', async () => {
    const home = freshHome();
    const file = profileFile(home);
    const helper = await testHelper();
    const heard: string[] = [];
    const stage = createProfileStage({ file, env: { HOC_HOME: home } }, (l) => heard.push(l.profile.org.id));
    const ctx: StageContext = { home, helper: { socketPath: helper.socketPath } };
    // No pin on this machine: a file on the command line never pins, it is refused.
    await expect(stage.run(ctx, null)).rejects.toMatchObject({ code: 'error.helper.notPinned' });
    expect(await helper.profiles.pins()).toEqual({});
    const verified = await loadProfileFile(file);
    await helper.profiles.pinAsAdmin(JSON.parse(readFileSync(file, 'utf8')));
    expect(await stage.run(ctx, null)).toEqual({ ok: true });
    expect(heard).toEqual(['buero-mueller']);
    expect('privateKey' in ctx.loaded!.profile.tunnel).toBe(false);
    expect('presharedKey' in ctx.loaded!.profile.tunnel.peer).toBe(false);
    expect(ctx.loaded!.secrets).toEqual([verified.profile.tunnel.privateKey, verified.profile.tunnel.peer.presharedKey]);
    expect(ctx.loaded!.fingerprint).toBe(verified.fingerprint);
    expect(existsSync(join(helper.profileDir, 'installed', String(process.getuid?.()), 'buero-mueller.json'))).toBe(true);
    expect(await stage.undo(null, ctx)).toEqual([]);
  });

  it('without a file: the imported profile, no keys and nothing to redact; none imported: error.profile.notFound', async () => {
    const home = freshHome();
    const helper = await testHelper();
    const ctx: StageContext = { home, helper: { socketPath: helper.socketPath } };
    const stage = createProfileStage({ env: { HOC_HOME: home } });
    await expect(stage.run(ctx, null)).rejects.toMatchObject({ code: 'error.profile.notFound' });
    expect(ctx.loaded).toBeUndefined();
    await importProfile(await loadProfileFile(profileFile(home)), { env: { HOC_HOME: home }, helper: { socketPath: helper.socketPath } });
    expect(await stage.run(ctx, null)).toEqual({ ok: true });
    expect(ctx.loaded).toMatchObject({ profile: { org: { id: 'buero-mueller' } }, secrets: [] });
    expect(ctx.loaded!.file).toBeUndefined();
  });
});

function result(id: string, status: CheckResult['status']): CheckResult {
  return { id, kind: 'smb', label: id, status, latencyMs: 1, message: { code: 'check.smb.ok', params: {} }, nextStep: { code: 'check.smb.ok', params: {} } };
}

describe('the services stage (given checks)', () => {
  async function run(results: CheckResult[], ctx: Partial<StageContext>, helperStatus?: unknown) {
    const home = freshHome();
    let helper: FakeHelper | undefined;
    if (helperStatus) {
      helper = await fakeHelper({ 'tunnel.status': () => ({ result: helperStatus }) });
      closers.push(() => helper!.close());
    }
    const seen: { status: TunnelStatus | undefined; profile: StoredProfile }[] = [];
    const heard: (readonly CheckResult[])[] = [];
    const stage = createServicesStage({ runChecks: async (profile, status) => (seen.push({ profile, status }), results), onResults: (r) => heard.push(r) });
    const full: StageContext = { home, helper: { socketPath: helper?.socketPath ?? helperDown() }, ...ctx };
    const outcome = await stage.run(full, null);
    return { outcome, seen, heard, home };
  }

  it('fails with the failed check, passes warnings, and keeps the verdicts for the diagnostics package', async () => {
    const failed = await run([result('fs', 'fail'), result('mail', 'warn')], { loaded: { profile: storedProfile(), fingerprint: 'f', secrets: [] } }, UP);
    expect(failed.outcome).toMatchObject({ ok: false, error: { code: 'check.smb.ok', detail: 'fs: check.smb.ok' } });
    expect(failed.heard).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(failed.home, 'last-checks.json'), 'utf8')).results.map((r: CheckResult) => r.status)).toEqual(['fail', 'warn']);
    const warned = await run([result('fs', 'ok'), result('mail', 'warn')], { loaded: { profile: storedProfile(), fingerprint: 'f', secrets: [] } }, UP);
    expect(warned.outcome).toEqual({ ok: true });
  });

  it('judges the handshake by a fresh status from the helper, or by the one the tunnel stage saw when the helper cannot be asked', async () => {
    const loaded = { profile: storedProfile(), fingerprint: 'f', secrets: [] };
    const fresh = await run([], { loaded, status: DOWN as TunnelStatus }, UP);
    expect(fresh.seen[0]!.status).toMatchObject({ state: 'up' });
    const kept = await run([], { loaded, status: UP as TunnelStatus });
    expect(kept.seen[0]!.status).toMatchObject({ state: 'up', interface: 'hoc0' });
  });

  it('refuses to run without a loaded profile', async () => {
    const r = createServicesStage({ runChecks: async () => [] }).run({ home: freshHome(), helper: { socketPath: helperDown() } }, null);
    await expect(r).rejects.toMatchObject({ code: 'error.profile.notFound' });
  });
});
