/** The hardened BrowserWindow options (Electron security checklist). */
import type { BrowserWindowConstructorOptions } from 'electron';

/** Options for the one app window; the preload is the only bridge. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1000,
    height: 760,
    minWidth: 640,
    minHeight: 520,
    // Shown on 'ready-to-show' (no white flash), or not at all when started at login.
    show: false,
    backgroundColor: '#f5f3ef',
    title: 'HomeOffice Connect',
    autoHideMenuBar: true,
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
      // No middle-click navigation flows.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: process.env.HOC_DEVTOOLS === '1',
    },
  };
}
