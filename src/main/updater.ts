/**
 * electron-updater with the generic provider of electron-builder.yml
 * (`publish`, baked into app-update.yml at build time). Only packaged
 * builds check; an update is installed when the app quits.
 */
import { app } from 'electron';
import updater from 'electron-updater';
import type { AppLog } from '../core/app';

const SIX_HOURS = 6 * 60 * 60 * 1000;

/** Starts checking for updates (packaged app only). */
export function startUpdater(log: AppLog): void {
  if (!app.isPackaged) return;
  const { autoUpdater } = updater;
  autoUpdater.logger = { info: (m: unknown) => log.info(String(m)), warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)), debug: () => {} };
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  const check = () => autoUpdater.checkForUpdatesAndNotify().catch((err: unknown) => log.warn('update check failed', err));
  void check();
  setInterval(check, SIX_HOURS).unref();
}
