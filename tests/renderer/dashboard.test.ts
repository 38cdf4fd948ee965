/**
 * The renderer tier without root: the BUILT renderer (out/renderer) in real
 * Chromium against a fake main process generated from the IPC schema
 * (fake-ipc.ts). It proves what the screens show for states that are hard to
 * reach in the lab; the lab's ui project keeps testing the real main process.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/shared/i18n';
import { launchChromium, openApp, rendererDir, screenshot, serveRenderer } from '../ui/harness';
import { appSnapshot, fakeMain, handlers, sessionSnapshot } from './fake-ipc';

const T = { timeout: 15_000 };
let browser: Browser;
let server: Server;
let origin: string;

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('out/renderer missing: run npm run build first');
  ({ server, origin } = await serveRenderer());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the dashboard against a fake main process', () => {
  it('shows the connect button, idle, before connecting (fake IPC)', async () => {
    const page = await openApp(browser, origin, fakeMain(handlers(appSnapshot(), sessionSnapshot())), 'de-DE');
    await page.getByTestId('connect-button').waitFor(T);
    expect(await page.getByTestId('connect-button').textContent()).toContain(t('de', 'ui.dash.connect'));
    expect(await page.getByTestId('connection-state').getAttribute('data-phase')).toBe('idle');
    await page.close();
  });

  it('renders the steps as the fake main reports them (events after the snapshot)', async () => {
    const main = fakeMain(handlers(appSnapshot(), sessionSnapshot(), { session: { connect: async () => sessionSnapshot({ phase: 'connecting' }) } }));
    const page = await openApp(browser, origin, main, 'de-DE');
    await page.getByTestId('connect-button').click();
    const connecting = sessionSnapshot({ phase: 'connecting' });
    main.emit('session-changed', { ...connecting, steps: { ...connecting.steps, profile: { state: 'ok', ms: 3, error: null }, tunnel: { state: 'running', ms: null, error: null } } });
    await page.locator('[data-step="tunnel"][data-state="running"]').waitFor(T);
    expect(await page.locator('[data-step="profile"]').getAttribute('data-state')).toBe('ok');
    await page.close();
  });

  it("shows a failed drive's plain message and folds the tool's output under technical details (fake IPC)", async () => {
    const error = { code: 'drives.mapFailed', params: { letter: 'P', share: '\\\\fs.buero.local\\projekte', detail: 'x' }, detail: 'gio: smb://fs.buero.local/projekte/: Failed to mount Windows share: Connection refused' } as const;
    const page = await openApp(browser, origin, fakeMain(handlers(appSnapshot(), sessionSnapshot({ phase: 'error', error }))), 'de-DE');
    const box = page.getByRole('alert').filter({ hasText: 'Laufwerk P:' });
    await box.waitFor(T);
    const main = await box.locator('p').nth(1).textContent();
    expect(main).toBe(t('de', 'drives.mapFailed', error.params));
    expect(main).not.toContain('gio');
    // The tool output is there for support, but folded away.
    const details = box.locator('details');
    expect(await details.getAttribute('open')).toBeNull();
    expect(await details.locator('p').textContent()).toBe(error.detail);
    await page.close();
  });

  it('leads with one summary line when everything is ready (fake IPC)', async () => {
    const up = { state: 'up' as const, interface: 'hoc0', addresses: ['10.99.0.2/32'], endpoint: '100.64.3.10:51820', latestHandshake: null, rxBytes: 0, txBytes: 0, ownerUid: 1000, since: '2026-12-02T08:00:00.000Z' };
    const page = await openApp(browser, origin, fakeMain(handlers(appSnapshot(), sessionSnapshot({ phase: 'ready', status: up, orgName: 'Architekturbüro Müller' }))), 'de-DE');
    await page.getByTestId('summary').waitFor(T);
    expect(await page.getByTestId('summary').textContent()).toBe('Alles bereit: P: Projekte und Plotter (DesignJet) verbunden');
    await page.close();
  });

  it('in the office: says so in green, with everything ready and no tunnel (fake IPC)', async () => {
    const steps = sessionSnapshot().steps;
    const done = { state: 'ok' as const, ms: 40, error: null };
    const office = sessionSnapshot({
      phase: 'office',
      place: 'office',
      orgName: 'Architekturbüro Müller',
      steps: { ...steps, profile: done, tunnel: { state: 'skipped', ms: 12, error: null }, dns: done, services: done, drives: done, printers: done },
    });
    const page = await openApp(browser, origin, fakeMain(handlers(appSnapshot(), office)), 'de-DE');
    const state = page.getByTestId('connection-state');
    await state.waitFor(T);
    expect(await state.textContent()).toBe(t('de', 'ui.dash.state.office', { org: 'Architekturbüro Müller' }));
    expect(await page.getByTestId('summary').textContent()).toBe('Alles bereit: P: Projekte und Plotter (DesignJet) verbunden');
    expect(await page.locator('[data-step="tunnel"]').getAttribute('data-state')).toBe('skipped');
    // Connected: the button offers to disconnect.
    expect(await page.getByTestId('connect-button').textContent()).toContain(t('de', 'ui.dash.disconnect'));
    await screenshot(page, 'dashboard-office-de');
    await page.close();
  });
});
