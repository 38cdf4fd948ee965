/**
 * The desktop UI in real Chromium with the real main-process logic behind it
 * (AppController in the lab's `home` namespace, real helper, real office):
 * import → connect → steps → services, drives, printers → disconnect, a
 * stopped file server, file association and hoc:// links, both languages,
 * and an axe-core scan of every screen. Screenshots when HOC_SCREENSHOTS_DIR is set.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { execa } from 'execa';
import { META_CONTENT_SECURITY_POLICY, RENDERER_LOADER } from '../../src/main/security';
import { desktopMounts, expectClean, homeQueues, resetHome } from '../e2e/clean';
import { lab, labDir, profilePath } from '../e2e/lab';
import { buildBridge, freshHome, launchChromium, openApp, rendererDir, requireLab, screenshot, seriousViolations, serveRenderer, startBridge, type Bridge } from './harness';

/** Browser globals inside page.evaluate callbacks (the node tsconfig has no DOM lib). */
interface BrowserDom {
  document: {
    documentElement: { lang: string };
    querySelector(selector: string): { getAttribute(name: string): string | null; dispatchEvent(event: unknown): boolean } | null;
  };
  DataTransfer: new () => { items: { add(file: unknown): void } };
  DragEvent: new (type: string, init: Record<string, unknown>) => unknown;
  File: new (parts: unknown[], name: string) => unknown;
}

/** Waits like a person would: up to 30 s for the UI to show it. */
const T = { timeout: 30_000 };
let browser: Browser;
let server: Server;
let origin: string;
let bridgeFile: string;
const tampered = join(labDir, 'tampered-ui.hocprofile');

async function expectAccessible(page: Page, screen: string) {
  // Judge the settled screen: mid-transition colours (the connect button fading
  // from blue to white) are not what the user reads.
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
        .getAnimations()
        .every((a) => a.playState !== 'running'),
    undefined,
    T,
  );
  const violations = await seriousViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')).toBe('');
}

async function dropFile(page: Page, path: string, name: string) {
  const data = readFileSync(path).toString('base64');
  await page.evaluate(
    ([b64, fileName]) => {
      const g = globalThis as unknown as BrowserDom;
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([bytes], fileName));
      const zone = g.document.querySelector('[data-testid="dropzone"]');
      zone?.dispatchEvent(new g.DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
      zone?.dispatchEvent(new g.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    [data, name] as const,
  );
}

async function waitPhase(page: Page, phases: string[], timeout = 90_000) {
  await page.waitForFunction(
    (want) => want.includes((globalThis as unknown as BrowserDom).document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-phase') ?? ''),
    phases,
    { timeout },
  );
}

beforeAll(async () => {
  requireLab();
  bridgeFile = await buildBridge();
  ({ server, origin } = await serveRenderer());
  browser = await launchChromium();
  // A profile whose signature no longer matches: one payload character changed.
  const env = JSON.parse(readFileSync(profilePath, 'utf8')) as { payload: string };
  const flipped = env.payload[10] === 'A' ? 'B' : 'A';
  writeFileSync(tampered, JSON.stringify({ ...env, payload: env.payload.slice(0, 10) + flipped + env.payload.slice(11) }));
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Jobs the office print server has finished on its Plotter queue. */
async function officeCompletedJobs(): Promise<number> {
  const r = await execa('lpstat', ['-h', join(labDir, 'lan/cups/run/cups.sock'), '-W', 'completed', '-o', 'Plotter'], { reject: false });
  return String(r.stdout).split('\n').filter(Boolean).length;
}

describe('German UI against the simulated office', () => {
  let bridge: Bridge;
  let page: Page;
  let home: string;

  beforeAll(async () => {
    home = freshHome('ui-de');
    bridge = await startBridge(bridgeFile, home, 'de-DE');
    // Starts from a clean home computer (another file's leftovers would change what connect does).
    await resetHome([home]);
    await expectClean([home]);
    page = await openApp(browser, origin, bridge, 'de-DE');
  });
  afterAll(async () => {
    await bridge?.invoke('session-disconnect', null).catch(() => undefined);
    await lab('start', 'smb');
    await bridge?.stop();
  });

  it('opens on the import screen in German when no profile is set up', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Firmenprofil einrichten');
    expect(await page.evaluate(() => (globalThis as unknown as BrowserDom).document.documentElement.lang)).toBe('de');
    await expectAccessible(page, 'import');
    await screenshot(page, 'import-de');
  });

  it('runs nothing but the hashed loader: injected markup cannot run script (CSP)', async () => {
    const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
    expect(html.match(/<script/g), html).toHaveLength(1);
    expect(html).toContain(`<script>${RENDERER_LOADER}</script>`);
    expect(html).toContain(`content="${META_CONTENT_SECURITY_POLICY}"`);
    const outcome = await page.evaluate(async () => {
      type El = { innerHTML: string; append(...n: unknown[]): void; remove(): void };
      const g = globalThis as unknown as {
        __xss?: number;
        document: { body: El; createElement(tag: string): El; addEventListener(type: string, l: (e: { violatedDirective: string }) => void): void };
      };
      const refused: string[] = [];
      g.document.addEventListener('securitypolicyviolation', (e) => refused.push(e.violatedDirective));
      // What an injection through markup (not through script) could try.
      const box = g.document.createElement('div');
      box.innerHTML = [
        '<img alt="" src="data:," onerror="globalThis.__xss = 1">',
        '<iframe title="x" srcdoc="<script>parent.__xss = 2</script>"></iframe>',
        '<a id="x" href="javascript:globalThis.__xss = 3">x</a>',
      ].join('');
      g.document.body.append(box);
      (box as unknown as { querySelector(s: string): { click(): void } }).querySelector('#x').click();
      // Wait for the browser's verdicts on both attempts (not for a fixed time), at most 5 s.
      for (let i = 0; i < 100 && !(refused.includes('script-src-attr') && refused.includes('script-src-elem')); i++) await new Promise((r) => setTimeout(r, 50));
      box.remove();
      return { xss: g.__xss ?? 0, refused: [...new Set(refused)].sort() };
    });
    expect(outcome).toEqual({ xss: 0, refused: ['script-src-attr', 'script-src-elem'] });
  });

  it('refuses a dropped profile whose signature does not match, and says why', async () => {
    await dropFile(page, tampered, 'anna-verändert.hocprofile');
    const refused = page.getByTestId('import-refused');
    await refused.waitFor();
    await expect.poll(() => refused.textContent(), T).toContain('Diese Datei wurde nicht übernommen');
    await expect.poll(() => refused.textContent(), T).toContain('Die Unterschrift des Profils stimmt nicht');
    await expect.poll(() => refused.textContent(), T).toContain('anna-verändert.hocprofile');
    await expectAccessible(page, 'import refused');
    await screenshot(page, 'import-refused-de');
  });

  it('shows company, user, support contact and key fingerprint before the import', async () => {
    await page.getByTestId('profile-file').setInputFiles(profilePath);
    await page.getByTestId('preview-org').waitFor();
    await expect.poll(() => page.getByTestId('preview-org').textContent(), T).toBe('Architekturbüro Müller');
    await expect.poll(() => page.getByTestId('preview-user').textContent(), T).toBe('Anna Schmidt');
    await expect.poll(() => page.getByTestId('preview-fingerprint').textContent(), T).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    await expect.poll(() => page.getByRole('link', { name: '+49 621 1234567' }).getAttribute('href'), T).toBe('tel:+496211234567');
    await expect.poll(() => page.getByRole('link', { name: 'hilfe@it-service.example' }).getAttribute('href'), T).toBe('mailto:hilfe@it-service.example');
    await expectAccessible(page, 'import preview');
    await screenshot(page, 'import-preview-de');
    await page.getByRole('button', { name: 'Profil übernehmen' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Verbindung ins Büro');
    await expect.poll(() => page.getByTestId('connection-state').textContent(), T).toBe('Nicht verbunden');
    await expectAccessible(page, 'dashboard');
    await screenshot(page, 'dashboard-de');
  });

  it('stores the office sign-in and never shows the password again', async () => {
    await page.getByRole('button', { name: 'Büro-Anmeldung' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Anmeldung für die Netzlaufwerke');
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Benutzername').fill('anna');
    await page.getByLabel('Domäne').fill('BUERO');
    await page.getByLabel('Passwort').fill('Anna-Lab-2026!');
    await screenshot(page, 'signin-de');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByTestId('signin-saved').textContent(), T).toContain('Gespeichert für BUERO\\anna.');
    await expect.poll(() => page.getByLabel('Passwort').inputValue(), T).toBe('');
    const snapshot = JSON.stringify(await bridge.invoke('app-snapshot', null));
    expect(snapshot).not.toContain('Anna-Lab-2026!');
  });

  it('connects with one click: every step ok, the share mounted and the plotter queue added for real', async () => {
    const steps: string[] = [];
    bridge.onEvent((name, value) => {
      if (name === 'session-step') steps.push(`${(value as { step: string }).step}:${(value as { state: string }).state}`);
    });
    await page.getByRole('button', { name: 'Verbindung' }).click();
    await page.getByTestId('connect-button').click();
    await waitPhase(page, ['ready', 'degraded', 'error']);
    const snap = (await bridge.invoke('session-snapshot', null)) as { value: { checks: { id: string; status: string; detail?: string; message: unknown }[] | null } };
    const checkSummary = JSON.stringify(snap.value.checks?.filter((c) => c.status !== 'ok'));
    if (checkSummary !== '[]') console.log('checks not ok:', checkSummary);
    const states = await page.locator('[data-step]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-state')}`));
    expect(states, checkSummary).toEqual(['profile:ok', 'tunnel:ok', 'dns:ok', 'services:ok', 'drives:ok', 'printers:ok']);
    expect(steps).toContain('tunnel:running');
    // What the dashboard lists is also on the computer (it renders drives and printers from the profile).
    expect(await desktopMounts()).toEqual([expect.stringContaining('smb://BUERO;anna@fs.buero.local/projekte')]);
    expect(await homeQueues()).toContain('Plotter-DesignJet ipp://print.buero.local:631/printers/Plotter');
    // The session record says what disconnect must undo: the mount this connect made (not only a link).
    const record = JSON.parse(readFileSync(join(home, 'session.json'), 'utf8')) as { drives: { letter: string; linkOnly?: boolean; owner: string }[] };
    expect(record.drives, JSON.stringify(record)).toEqual([{ letter: 'P', share: '\\\\fs.buero.local\\projekte', owner: 'ours' }]);
    await expect.poll(() => page.getByTestId('connection-state').textContent(), T).toBe('Verbunden mit Architekturbüro Müller');
    const services = page.getByTestId('services');
    await expect.poll(() => services.locator('[data-service="files"]').textContent(), T).toContain('Dateiserver');
    await expect.poll(() => services.locator('[data-service="files"]').getAttribute('data-status'), T).toBe('ok');
    await expect.poll(() => services.locator('[data-service="plotter"]').textContent(), T).toContain('Plotter');
    await expect.poll(() => page.getByTestId('drives').textContent(), T).toContain('P: Projekte');
    await expect.poll(() => page.getByTestId('drives').textContent(), T).toContain('\\\\fs.buero.local\\projekte');
    await expect.poll(() => page.getByTestId('printers').textContent(), T).toContain('Plotter (DesignJet)');
    await expectAccessible(page, 'dashboard connected');
    await page.locator('details summary').click();
    await expect.poll(() => page.locator('details').textContent(), T).toContain('hoc0');
    await screenshot(page, 'dashboard-connected-de');
    await page.locator('details summary').click();
  });

  it('prints a test page on the plotter from the dashboard', async () => {
    const before = await officeCompletedJobs();
    await page.getByTestId('printers').getByRole('button', { name: 'Testseite drucken' }).click();
    await expect.poll(() => page.getByTestId('printers').getByRole('status').textContent(), T).toContain('Die Testseite für Plotter (DesignJet) ist unterwegs.');
    await expect.poll(officeCompletedJobs, { timeout: 30_000 }).toBeGreaterThan(before);
  });

  it('shows a stopped file server in plain words with the support phone', async () => {
    expect((await lab('stop', 'smb')).exitCode).toBe(0);
    try {
      await page.getByTestId('connect-button').click();
      await waitPhase(page, ['idle']);
      await page.getByTestId('connect-button').click();
      await waitPhase(page, ['ready', 'degraded', 'error']);
      await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), T).toBe('degraded');
      const files = page.getByTestId('services').locator('[data-service="files"]');
      await expect.poll(() => files.getAttribute('data-status'), T).toBe('fail');
      await expect.poll(() => files.textContent(), T).toContain('Dateiserver');
      await expect.poll(() => files.getByRole('link', { name: '+49 621 1234567' }).getAttribute('href'), T).toBe('tel:+496211234567');
      await expect.poll(() => page.locator('[data-step="services"]').getAttribute('data-state'), T).toBe('failed');
      await expectAccessible(page, 'dashboard degraded');
      await screenshot(page, 'dashboard-degraded-de');
    } finally {
      await lab('start', 'smb');
    }
  });

  it('offers the IT service as tel: and mailto: links, and writes the diagnostics package', async () => {
    await page.getByRole('button', { name: 'Hilfe' }).click();
    await expect.poll(() => page.getByTestId('support').getByRole('link', { name: '+49 621 1234567' }).getAttribute('href'), T).toBe('tel:+496211234567');
    await expect.poll(() => page.getByTestId('support').textContent(), T).toContain('Mo–Fr 8–18 Uhr');
    await page.getByTestId('diagnostics').click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/Diagnosepaket gespeichert: .*HomeOffice-Connect-Diagnose-.*\.zip/);
    await expectAccessible(page, 'help');
    await screenshot(page, 'help-de');
  });

  it('switches the language to English and back', async () => {
    await page.getByRole('button', { name: 'Einstellungen' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Einstellungen');
    await expectAccessible(page, 'settings');
    await screenshot(page, 'settings-de');
    await page.getByLabel('English').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Settings');
    expect(await page.evaluate(() => (globalThis as unknown as BrowserDom).document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Connection' }).click();
    await expect.poll(() => page.getByTestId('connection-state').textContent(), T).toContain('Connected to Architekturbüro Müller');
    await expectAccessible(page, 'dashboard en');
    await screenshot(page, 'dashboard-degraded-en');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Same as the system (Deutsch)').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Einstellungen');
  });

  it('disconnects and leaves nothing behind: tunnel, mount, drive link and plotter queue gone, the own printer kept', async () => {
    const recordBefore = existsSync(join(home, 'session.json')) ? readFileSync(join(home, 'session.json'), 'utf8') : '(none)';
    const mountsBefore = (await desktopMounts()).join('\n');
    await page.getByRole('button', { name: 'Verbindung' }).click();
    await page.getByTestId('connect-button').click();
    await waitPhase(page, ['idle']);
    await expect.poll(() => page.getByTestId('connection-state').textContent(), T).toBe('Nicht verbunden');
    const s = (await bridge.invoke('session-snapshot', null)) as { ok: boolean; value: { status: { state: string } } };
    expect(s.value.status.state).toBe('down');
    await expectClean([home], () => `record before the disconnect: ${recordBefore}\nmounts before: ${mountsBefore}\nthe app's log:\n${bridge.stderr()}`);
  });

  it('opens a double-clicked .hocprofile and a hoc://import link on the import screen, never importing by itself, and refuses a link with the key in it', async () => {
    expect(await bridge.control('openArgv', { argv: ['/opt/HomeOffice Connect/homeoffice-connect', profilePath] })).toBe('file');
    await expect.poll(() => page.getByTestId('import-refused').textContent(), T).toContain('nicht neuer');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Verbindung ins Büro');
    // A link with the profile inline carries the private key: refused, saying why and what to do.
    const link = `hoc://import?profile=${readFileSync(profilePath).toString('base64url')}`;
    expect(await bridge.control('openArgv', { argv: ['app', link] })).toBe('secretLink');
    await expect.poll(() => page.getByTestId('import-refused').textContent(), T).toContain('Profildatei (.hocprofile)');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await bridge.control('openArgv', { argv: ['app', 'hoc://import'] })).toBe('empty');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await bridge.control('openArgv', { argv: ['app', 'hoc://import?url=https://evil.example/x'] })).toBe('invalid');
    await expect.poll(() => page.getByTestId('import-refused').textContent(), T).toContain('kein gültiger HomeOffice-Connect-Link');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
  });
});

describe('English UI on an English system', () => {
  let bridge: Bridge;
  let page: Page;
  beforeAll(async () => {
    bridge = await startBridge(bridgeFile, freshHome('ui-en'), 'en-US');
    page = await openApp(browser, origin, bridge, 'en-US');
  });
  afterAll(async () => {
    await bridge?.stop();
  });

  it('speaks English from the first screen and imports a profile', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Set up your company profile');
    await expectAccessible(page, 'import en');
    await screenshot(page, 'import-en');
    await page.getByTestId('profile-file').setInputFiles(profilePath);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Please check the profile');
    await page.getByText('Read this fingerprint to your IT service on the phone.', { exact: false }).waitFor(T);
    await expectAccessible(page, 'import preview en');
    await screenshot(page, 'import-preview-en');
    await page.getByRole('button', { name: 'Accept profile' }).click();
    await expect.poll(() => page.getByTestId('connection-state').textContent(), T).toBe('Not connected');
    await page.getByRole('button', { name: 'Help' }).click();
    await expectAccessible(page, 'help en');
    await page.getByRole('button', { name: 'Settings' }).click();
    await expectAccessible(page, 'settings en');
    await screenshot(page, 'settings-en');
  });
});

describe('no keychain (a login without a desktop session): the app asks before it keeps a password in a file', () => {
  let bridge: Bridge;
  let page: Page;
  let home: string;
  beforeAll(async () => {
    home = freshHome('ui-nokeychain');
    bridge = await startBridge(bridgeFile, home, 'de-DE', { noKeychain: true });
    page = await openApp(browser, origin, bridge, 'de-DE');
  });
  afterAll(async () => {
    await bridge?.stop();
  });

  it('imports the profile without a question and without a file (the helper keeps the VPN keys)', async () => {
    await page.getByTestId('profile-file').setInputFiles(profilePath);
    await page.getByTestId('preview-org').waitFor(T);
    await page.getByRole('button', { name: 'Profil übernehmen' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Verbindung ins Büro');
    expect(await page.getByTestId('file-store-question').count()).toBe(0);
    expect(existsSync(join(home, 'secrets'))).toBe(false);
  });

  it('says what a file would mean for the sign-in, stores nothing on "Nicht speichern", and stores it only after "Ja, in der Datei speichern"', async () => {
    await page.getByRole('button', { name: 'Büro-Anmeldung' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), T).toBe('Anmeldung für die Netzlaufwerke');
    await page.getByLabel('Benutzername').fill('anna');
    await page.getByLabel('Domäne').fill('BUERO');
    await page.getByLabel('Passwort').fill('Anna-Lab-2026!');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByTestId('file-store-question').textContent(), T).toContain('unverschlüsselt in einer Datei');
    await expectAccessible(page, 'no-keychain question');
    await page.getByRole('button', { name: 'Nicht speichern' }).click();
    await expect.poll(() => page.getByTestId('file-store-question').count(), T).toBe(0);
    expect(existsSync(join(home, 'secrets'))).toBe(false);
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('button', { name: 'Ja, in der Datei speichern' }).click();
    await expect.poll(() => page.getByTestId('signin-saved').textContent(), T).toContain('Gespeichert für BUERO\\anna.');
    expect(readdirSync(join(home, 'secrets'))).toHaveLength(1);
  });
});
