/**
 * The AppController without Electron and without a helper: request
 * validation, import preview and confirmation, office sign-in, settings,
 * and what the dashboard shows when the helper is not running.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppController, type AppEvent } from '../../../src/core/app';
import type { AppSnapshot, ImportPreview } from '../../../src/shared/ipc';
import { NOW, examplePayload, makeOrgKey, signPayload } from '../../fixtures/profiles/make';
import { startTestHelper, type TestHelper } from '../../fixtures/helper';

let home: string;
let events: AppEvent[];
let controller: AppController;
let helper: TestHelper;

const make = (locale = 'de-DE', socket = helper.socketPath) => {
  const c = new AppController({
    env: { HOC_HOME: home, HOC_SECRET_STORE: 'file', HOC_HELPER_SOCKET: socket },
    version: '1.2.3',
    platform: 'linux',
    systemLocale: locale,
    now: () => NOW,
    diagnosticsDir: home,
  });
  c.subscribe((e) => events.push(e));
  return c;
};
const b64 = (text: string) => Buffer.from(text).toString('base64');

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'hoc-app-'));
  helper = await startTestHelper(() => NOW);
  events = [];
  controller = make();
});
afterEach(() => {
  helper.close();
  rmSync(home, { recursive: true, force: true });
});

describe('AppController', () => {
  it('speaks German on German systems and English elsewhere', async () => {
    expect((await controller.appSnapshot()).lang).toBe('de');
    expect((await make('en-US').appSnapshot()).lang).toBe('en');
  });

  it('refuses malformed requests and unknown channels before any handler runs', async () => {
    expect(await controller.invoke({ group: 'app', key: 'setSettings' }, { language: 'fr' })).toMatchObject({ ok: false, error: { code: 'error.usage' } });
    expect(await controller.invoke({ group: 'app', key: 'setSettings' }, { autoConnect: true, extra: 1 })).toMatchObject({ ok: false });
    expect(await controller.invoke({ group: 'profile', key: 'confirm' }, { token: '../../etc' })).toMatchObject({ ok: false });
    expect(await controller.invoke({ group: 'app', key: 'toString' }, null)).toMatchObject({ ok: false, error: { code: 'error.usage' } });
    expect(await controller.invoke({ group: 'app', key: '__proto__' }, null)).toMatchObject({ ok: false });
  });

  it('previews a signed profile, imports it only on confirmation, and keeps the key out of every snapshot', async () => {
    const org = makeOrgKey();
    const payload = examplePayload();
    const text = signPayload(payload, org);
    const r = await controller.invoke({ group: 'profile', key: 'preview' }, { fileName: 'C:\\Users\\anna\\anna.hocprofile', dataBase64: b64(text) });
    expect(r.ok).toBe(true);
    const preview = (r as { value: ImportPreview }).value;
    expect(preview).toMatchObject({ fileName: 'anna.hocprofile', orgName: 'Architekturbüro Müller', userName: 'Anna Schmidt', plan: 'first' });
    expect(preview.support.telHref).toBe('tel:+496211234567');
    expect((await controller.appSnapshot()).profile).toBeNull();
    const done = await controller.invoke({ group: 'profile', key: 'confirm' }, { token: preview.token });
    expect(done.ok).toBe(true);
    const snap = (done as { value: AppSnapshot }).value;
    expect(snap.profile?.orgName).toBe('Architekturbüro Müller');
    expect(snap.pendingImport).toBeNull();
    const all = JSON.stringify([snap, events]);
    expect(all).not.toContain(payload.tunnel.privateKey);
    expect(all).not.toContain(payload.tunnel.peer.presharedKey);
    // The key went to the helper (installed for this user), nowhere in the user's folder.
    expect(Object.keys(await helper.profiles.pins())).toEqual(['buero-mueller']);
    expect(JSON.stringify(readdirSync(home, { recursive: true }))).not.toContain('secrets');
    // A second confirm with the same token does nothing.
    expect(await controller.invoke({ group: 'profile', key: 'confirm' }, { token: preview.token })).toMatchObject({ ok: false, error: { code: 'ui.import.expired' } });
  });

  it('shows a refused profile on the import screen with the reason', async () => {
    const r = await controller.invoke({ group: 'profile', key: 'preview' }, { fileName: 'x.hocprofile', dataBase64: b64('{"no":"profile"}') });
    expect(r.ok).toBe(false);
    const snap = await controller.appSnapshot();
    expect(snap.pendingImport).toMatchObject({ kind: 'refused', fileName: 'x.hocprofile' });
    expect(events.some((e) => e.group === 'app' && e.key === 'changed')).toBe(true);
  });

  it('stores the office sign-in in protected storage and never returns the password', async () => {
    const org = makeOrgKey();
    const r = (await controller.invoke({ group: 'profile', key: 'preview' }, { fileName: 'a.hocprofile', dataBase64: b64(signPayload(examplePayload(), org)) })) as { value: ImportPreview };
    await controller.invoke({ group: 'profile', key: 'confirm' }, { token: r.value.token });
    expect(await controller.invoke({ group: 'office', key: 'saveSignIn' }, { user: 'anna smith', domain: 'BUERO', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'account.invalidUser' },
    });
    const saved = await controller.invoke({ group: 'office', key: 'saveSignIn' }, { user: 'anna', domain: 'BUERO', password: 'Anna-Lab-2026!' });
    expect(saved).toMatchObject({ ok: true, value: { officeSignIn: { user: 'anna', domain: 'BUERO' } } });
    expect(JSON.stringify(saved)).not.toContain('Anna-Lab-2026!');
    const secrets = readdirSync(join(home, 'secrets'));
    expect(secrets).toContain('office-buero-mueller.secret');
    await controller.invoke({ group: 'profile', key: 'remove' }, null);
    expect(readdirSync(join(home, 'secrets'))).toEqual([]);
  });

  it('persists settings and reports them to main (login item)', async () => {
    const seen: unknown[] = [];
    const c = new AppController({ env: { HOC_HOME: home, HOC_SECRET_STORE: 'file' }, version: '1', platform: 'linux', systemLocale: 'de', onSettingsChanged: (s) => seen.push(s) });
    const r = await c.invoke({ group: 'app', key: 'setSettings' }, { autoConnect: true, language: 'en' });
    expect(r).toMatchObject({ ok: true, value: { lang: 'en', settings: { autoConnect: true, language: 'en' } } });
    expect(seen).toEqual([{ autoConnect: true, language: 'en' }]);
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toEqual({ language: 'en', autoConnect: true });
  });

  it('says plainly that the helper is not running, and still writes a diagnostics package that says so', async () => {
    controller = make('de-DE', join(home, 'no-helper.sock'));
    const s = await controller.sessionSnapshot();
    expect(s.phase).toBe('idle');
    expect(s.error?.code).toBe('error.helper.unreachable');
    const r = (await controller.invoke({ group: 'support', key: 'diagnostics' }, null)) as { ok: boolean; value: { path: string } };
    expect(r.ok).toBe(true);
    expect(r.value.path).toMatch(/HomeOffice-Connect-Diagnose-.*\.zip$/);
    const files = unzipSync(new Uint8Array(readFileSync(r.value.path)));
    const status = strFromU8(files['homeoffice-connect-diagnostics/tunnel-status.json']!);
    expect(status).toContain('no-helper.sock');
  });
});
