/**
 * The packaged shell itself (not in any vitest project: it needs the Electron
 * binary, which these test machines cannot download). Run with
 *   npx vitest run --config tests/electron/vitest.config.ts
 * after `npm run build` on a machine where `npx install-electron` worked.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  try {
    const dir = require.resolve('electron/package.json').replace(/package\.json$/, '');
    if (!existsSync(join(dir, 'path.txt'))) return null;
    const bin = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasElectron = binary !== null && existsSync(join(root, 'out/main/index.mjs'));
const SKIP_REASON =
  'the Electron binary is not installed (package.json denies its download script; run `npx install-electron` with internet) or out/ is not built (`npm run build`)';
if (!hasElectron) console.log(`[tests/electron] SKIPPED: ${SKIP_REASON}.`);

// Skipped, not passed, where the binary cannot be downloaded (these test machines): SKIP_REASON says why.
describe.skipIf(!hasElectron)(hasElectron ? 'the Electron shell' : `the Electron shell (skipped: ${SKIP_REASON})`, () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'hoc-electron-'));
    app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [root],
      env: { ...process.env, HOC_HOME: home, HOC_SECRET_STORE: 'file', HOC_HELPER_SOCKET: join(home, 'no-helper.sock') },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the import screen through the real preload', async () => {
    await page.locator('h1').waitFor();
    expect(await page.locator('h1').textContent()).toMatch(/Firmenprofil einrichten|Set up your company profile/);
  });

  it('gives the page no Node and only the schema API', async () => {
    const probe = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, groups: Object.keys((g.hoc ?? {}) as object).sort() };
    });
    expect(probe.require).toBe('undefined');
    expect(probe.process).toBe('undefined');
    expect(probe.groups).toEqual(['app', 'office', 'printers', 'profile', 'session', 'support']);
  });

  it('exposes a frozen API and nothing of ipcRenderer (context isolation)', async () => {
    const probe = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { frozen: Object.isFrozen(g.hoc), ipc: typeof g.ipcRenderer, electron: typeof g.electron };
    });
    expect(probe).toEqual({ frozen: true, ipc: 'undefined', electron: 'undefined' });
  });

  it('refuses navigation and new windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      const g = globalThis as unknown as { location: { href: string }; open(url: string): unknown };
      g.open('https://example.org/');
      g.location.href = 'https://example.org/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  });

  it('answers a snapshot over real IPC, with the helper not running said plainly', async () => {
    const r = await page.evaluate(() => (globalThis as unknown as { hoc: { session: { snapshot(): Promise<unknown> } } }).hoc.session.snapshot());
    expect(r).toMatchObject({ ok: true, value: { phase: 'idle', error: { code: 'error.helper.unreachable' } } });
  });
});
