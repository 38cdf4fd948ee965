/**
 * Runs the BUILT renderer (out/renderer) in real Chromium and puts the real
 * AppController behind it. Only Electron's transport is replaced: an init
 * script builds `window.hoc` from `listChannels()` exactly like the preload,
 * and a Playwright binding carries each call to the bridge (tests/ui/bridge.ts)
 * — a Node process running as the lab's employee in the `home` namespace,
 * so connect reaches the real helper and the real office.
 */
import { CONTENT_SECURITY_POLICY } from '../../src/main/security';
import { createServer, type Server } from 'node:http';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { execa, execaSync, type ResultPromise } from 'execa';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { listChannels } from '../../src/shared/ipc';
import { helperSocket, labDir, labSh, repo } from '../e2e/lab';

export const rendererDir = join(repo, 'out/renderer');
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The header main sends (the page's meta tag carries the same policy without frame-ancestors). */
const CSP = CONTENT_SECURITY_POLICY;

/** Throws a clear message when the lab or the build is missing. */
export function requireLab(): void {
  if (process.getuid?.() !== 0) throw new Error('the ui tests run as root (network namespaces): sudo npx vitest run --project ui');
  if (!existsSync(join(labDir, 'anna.hocprofile')) || !existsSync(helperSocket)) {
    throw new Error('the lab is not up: tests/lab/lab.sh up && tests/lab/lab.sh helper-start');
  }
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('out/renderer missing: run npm run build first');
}

/** Bundles the bridge where the lab's employee can read it. */
export async function buildBridge(): Promise<string> {
  const appDir = join(labDir, 'app');
  mkdirSync(appDir, { recursive: true });
  chmodSync(appDir, 0o755);
  const outfile = join(appDir, 'ui-bridge.mjs');
  await build({
    entryPoints: [join(repo, 'tests/ui/bridge.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['@napi-rs/keyring'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  chmodSync(outfile, 0o644);
  return outfile;
}

/** A fresh, empty HOC_HOME owned by the lab's employee. */
export function freshHome(name: string): string {
  const users = join(labDir, 'users');
  mkdirSync(users, { recursive: true });
  chmodSync(users, 0o755);
  const home = join(users, name);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { mode: 0o700 });
  chownSync(home, Number(execaSync('id', ['-u', 'hocuser']).stdout), Number(execaSync('id', ['-g', 'hocuser']).stdout));
  return home;
}

export interface Bridge {
  invoke(name: string, request: unknown): Promise<unknown>;
  control(op: 'openArgv' | 'refresh', extra?: Record<string, unknown>): Promise<unknown>;
  onEvent(listener: (name: string, value: unknown) => void): void;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts the bridge as the employee in their desktop session at home, or with
 * `noKeychain` as the employee logged in without a desktop session (no D-Bus,
 * so no keychain, and no standing HOC_SECRET_STORE=file either).
 */
export async function startBridge(bridgeFile: string, home: string, locale: string, opts: { noKeychain?: boolean } = {}): Promise<Bridge> {
  // In the employee's desktop session (D-Bus, gvfs), where drives are mapped as on a workstation.
  const where = opts.noKeychain ? ['exec', 'home', '--user', '--'] : ['desktop', 'exec', '--'];
  const child: ResultPromise = execa(labSh, [...where, 'node', bridgeFile], {
    // The office's CA is trusted like a company CA installed on the computer (as tests/e2e/checks.test.ts does).
    env: { HOC_HOME: home, HOC_HELPER_SOCKET: helperSocket, ...(opts.noKeychain ? {} : { HOC_SECRET_STORE: 'file' }), HOC_UI_LOCALE: locale, HOC_UI_VERSION: (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version, NODE_EXTRA_CA_CERTS: join(labDir, 'ca/ca.pem') },
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    reject: false,
    buffer: false,
  });
  let nextId = 1;
  let errText = '';
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: ((name: string, value: unknown) => void)[] = [];
  let buffered = '';
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  child.stderr?.on('data', (d: Buffer) => (errText += d.toString()));
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.trim()) continue;
      const msg = JSON.parse(line) as { id?: number; result?: unknown; error?: string; event?: string; value?: unknown; ready?: boolean };
      if (msg.ready) ready();
      else if (msg.event) listeners.forEach((l) => l(msg.event as string, msg.value));
      else if (msg.id !== undefined) {
        const w = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (msg.error) w?.reject(new Error(msg.error));
        else w?.resolve(msg.result);
      }
    }
  });
  const send = (msg: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.stdin?.write(`${JSON.stringify({ id, ...msg })}\n`);
    });
  await Promise.race([readyP, new Promise((_, rej) => setTimeout(() => rej(new Error(`bridge did not start: ${errText}`)), 20_000))]);
  return {
    invoke: (name, request) => send({ op: 'invoke', name, request: request ?? null }),
    control: (op, extra = {}) => send({ op, ...extra }),
    onEvent: (l) => listeners.push(l),
    stderr: () => errText,
    stop: async () => {
      child.stdin?.end();
      await Promise.race([child, new Promise((r) => setTimeout(r, 5000))]);
      child.kill('SIGKILL');
    },
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** A tiny static server for out/renderer on 127.0.0.1, sending the app's CSP like main does. */
export async function serveRenderer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(rendererDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(rendererDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Launches Debian's Chromium headless with a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
}

/** Opens the app in a page whose `window.hoc` talks to the bridge. */
export async function openApp(browser: Browser, origin: string, bridge: Bridge, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  await page.exposeBinding('__hocInvoke', async (source, name: string, request: unknown) => {
    // Like main's sender check: only the app's own top-level page may call.
    if (source.frame !== page.mainFrame() || new URL(source.frame.url()).origin !== origin) throw new Error('refused: unknown sender');
    return bridge.invoke(name, request);
  });
  await context.addInitScript((channels: { group: string; key: string; kind: string; name: string }[]) => {
    const listeners = new Map<string, Set<(v: unknown) => void>>();
    const w = globalThis as unknown as Record<string, unknown>;
    w.__hocDeliver = (name: string, value: unknown) => listeners.get(name)?.forEach((l) => l(value));
    const api: Record<string, Record<string, unknown>> = {};
    for (const c of channels) {
      const group = (api[c.group] ??= {});
      group[c.key] =
        c.kind === 'invoke'
          ? (request?: unknown) => (w.__hocInvoke as (n: string, r: unknown) => Promise<unknown>)(c.name, request ?? null)
          : (listener: (v: unknown) => void) => {
              const set = listeners.get(c.name) ?? new Set();
              listeners.set(c.name, set);
              set.add(listener);
              return () => set.delete(listener);
            };
    }
    Object.defineProperty(globalThis, 'hoc', { value: Object.freeze(api), writable: false });
  }, listChannels());
  bridge.onEvent((name, value) => {
    void page.evaluate(([n, v]) => (globalThis as unknown as { __hocDeliver?: (n: string, v: unknown) => void }).__hocDeliver?.(n, v), [name, value] as const).catch(() => {});
  });
  await page.goto(`${origin}/index.html`);
  return page;
}

const axeSource = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: { target: string[] }[];
}

/** Runs axe-core on the page (WCAG 2.1 A/AA and best practices); returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through DevTools, so the page's CSP stays on and still does not allow it.
  await page.evaluate(`${axeSource}\n;true`);
  const result = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }),
  );
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a screenshot into $HOC_SCREENSHOTS_DIR (scripts/screenshots.mjs sets it); a no-op otherwise. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  const dir = process.env.HOC_SCREENSHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(150);
  writeFileSync(join(dir, `${name}.png`), await page.screenshot({ fullPage, animations: 'disabled' }));
}
