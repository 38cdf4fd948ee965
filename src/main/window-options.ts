/** The hardened BrowserWindow options (Electron security checklist). */
import type { BrowserWindowConstructorOptions } from 'electron';

/** Options for the one app window; the preload is the only bridge. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 960,
    height: 720,
    minWidth: 640,
    minHeight: 520,
    show: true,
    title: 'HomeOffice Connect',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
