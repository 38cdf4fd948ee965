/**
 * Electron main process, kept thin: one hardened window, IPC generated from
 * the schema, a tray, notifications, the login item, the log and the updater.
 * Everything the app decides lives in core/app (AppController).
 */
import { app, BrowserWindow, Notification, ipcMain, powerMonitor, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { t } from '../shared/i18n';
import type { SessionSnapshot } from '../shared/ipc';
import { AppController, connectionNotice, hideLinkFromCommandLine, importSourceFromArgv, parseImportLink, setLinuxAutostart, type ImportSource } from '../core/app';
import { eventChannel, registerIpc } from './ipc-registration';
import { CONTENT_SECURITY_POLICY, isExternalContactLink } from './security';
import { setupLog } from './log';
import { createTray } from './tray';
import { startUpdater } from './updater';
import { windowOptions } from './window-options';

declare const __HOC_VERSION__: string;

const here = fileURLToPath(new URL('.', import.meta.url));
const indexHtml = join(here, '../renderer/index.html');
const indexUrl = pathToFileURL(indexHtml).href;
const AUTOSTART_FLAG = '--autoconnect';
const WATCH_MS = 15_000;

// First of all: a hoc: link the OS put on our command line leaves /proc/PID/cmdline
// (process.argv keeps its copy for importSourceFromArgv below).
hideLinkFromCommandLine(process);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  const log = setupLog();
  let win: BrowserWindow | null = null;
  let controller: AppController | null = null;
  let quitting = false;
  // Sources the OS hands over before the controller exists wait here.
  const early: ImportSource[] = [];

  const openImport = (source: ImportSource | null) => {
    if (!source) return;
    if (controller) void controller.openImport(source).then(showWindow);
    else early.push(source);
  };
  const showWindow = () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  // macOS hands files and links over as events, possibly before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openImport(importSourceFromArgv(['app', path], process.platform));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openImport(parseImportLink(url));
  });
  app.on('second-instance', (_event, argv) => {
    const source = importSourceFromArgv(argv, process.platform);
    if (source) openImport(source);
    else showWindow();
  });
  app.on('web-contents-created', (_event, contents) => {
    // No webviews, no new windows, no navigation away from the app's page.
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    const guard = (event: Electron.Event, url: string) => {
      // tel:/mailto: go on to Electron's external-protocol handling, which asks the
      // permission handler ('openExternal'): only the support links the app built pass there.
      if (isExternalContactLink(url)) return;
      event.preventDefault();
      if (url !== indexUrl) log.warn('refused navigation', { url });
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame) event.preventDefault();
    });
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    // The tray keeps the app running; quitting is in its menu.
  });

  // The hoc: scheme and .hocprofile are registered by the installers (electron-builder.yml,
  // build/installer.nsh), per machine, not by the running app.

  void app.whenReady().then(async () => {
    const ses = session.defaultSession;
    // Every permission is refused, except opening exactly one of the support links (tel:/mailto:) outside.
    ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
      const url = 'externalURL' in details ? (details.externalURL ?? '') : '';
      if (permission !== 'openExternal' || !controller || !isExternalContactLink(url)) return callback(false);
      void controller.isSupportLink(url).then(callback, () => callback(false));
    });
    ses.setPermissionCheckHandler(() => false);
    ses.setDevicePermissionHandler(() => false);
    // The same policy as index.html's meta tag (a unit test keeps them equal), also as a header.
    ses.webRequest.onHeadersReceived((details, callback) =>
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [
            "default-src 'none'; script-src 'sha256-IV0O3efB/nKqKc0HTiAXk++EtKCiRp6wUKGL4dAcHb8=' 'strict-dynamic'; style-src 'self'; img-src 'self' data:; connect-src 'none'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
          ],
        },
      }),
    );
    if (CONTENT_SECURITY_POLICY.length === 0) throw new Error('no CSP');

    const c = new AppController({
      env: process.env,
      version: typeof __HOC_VERSION__ === 'string' ? __HOC_VERSION__ : app.getVersion(),
      platform: process.platform,
      systemLocale: app.getLocale(),
      diagnosticsDir: app.getPath('downloads'),
      log,
      onSettingsChanged: (settings) => {
        if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: settings.autoConnect, args: [AUTOSTART_FLAG] });
        // Linux has no login items: an XDG autostart entry does the same.
        else void setLinuxAutostart(settings.autoConnect, process.execPath, AUTOSTART_FLAG).catch((err: unknown) => log.warn('autostart entry', err));
      },
    });
    controller = c;
    registerIpc(ipcMain, c, () => indexUrl, (channel, url) => log.warn('refused IPC from unknown sender', { channel, url }));

    const atLogin = process.argv.includes(AUTOSTART_FLAG);
    const options = windowOptions(join(here, '../preload/index.cjs'));
    // The hardening flags are stated again at the call so static analysis (electronegativity) sees them;
    // windowOptions (unit-tested) already sets the same values.
    win = new BrowserWindow({
      ...options,
      webPreferences: {
        ...options.webPreferences,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    win.once('ready-to-show', () => {
      if (!atLogin) win?.show();
    });
    win.on('close', (event) => {
      if (!quitting) {
        event.preventDefault();
        win?.hide();
      }
    });

    let last: SessionSnapshot | null = null;
    const tray = createTray({
      connect: () => void c.connect().catch((err: unknown) => log.warn('connect from tray failed', err)),
      disconnect: () => void c.disconnect().catch((err: unknown) => log.warn('disconnect from tray failed', err)),
      open: showWindow,
      quit: () => {
        quitting = true;
        app.quit();
      },
    });
    const onSession = async (next: SessionSnapshot) => {
      const lang = await c.lang();
      tray.update(next, lang);
      const notice = last ? connectionNotice(last, next) : null;
      last = next;
      if (notice && Notification.isSupported()) {
        const org = next.orgName ?? '';
        new Notification({ title: t(lang, `ui.notify.${notice}.title`), body: t(lang, `ui.notify.${notice}.body`, { org }) }).show();
      }
    };
    c.subscribe((event) => {
      if (win && !win.isDestroyed()) win.webContents.send(eventChannel(event), event.value);
      if (event.group === 'session' && event.key === 'changed') void onSession(event.value);
      if (event.group === 'app' && event.key === 'changed') void c.sessionSnapshot().then(onSession);
    });
    await onSession(await c.sessionSnapshot());
    c.startWatch(WATCH_MS);
    // After sleep the notebook may be somewhere else: the office proof runs again (docs/office.md).
    powerMonitor.on('resume', () => c.resumed());

    await win.loadFile(indexHtml);
    for (const source of early.splice(0)) await c.openImport(source);
    openImport(importSourceFromArgv(process.argv, process.platform));
    const settings = await c.currentSettings();
    if (atLogin && settings.autoConnect) void c.connect().catch((err: unknown) => log.warn('auto-connect failed', err));
    startUpdater(log);
  });
}
