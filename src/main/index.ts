/**
 * Electron main process, kept thin: one hardened window, IPC generated from
 * the schema, everything else in core. (The full shell is issue #6.)
 */
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelName } from '../shared/ipc';
import { windowOptions } from './window-options';

const here = fileURLToPath(new URL('.', import.meta.url));

if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  const win = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  ipcMain.handle(channelName('app', 'locale'), (event) => {
    if (event.senderFrame?.url !== win.webContents.getURL()) throw new Error('unknown sender');
    return app.getLocale();
  });
  void win.loadFile(join(here, '../renderer/index.html'));
});

app.on('window-all-closed', () => app.quit());
