/**
 * electron-updater with the generic provider of electron-builder.yml
 * (`publish`, baked into app-update.yml at build time). Only packaged
 * builds check, and only where update-policy.ts allows it (Windows with a
 * publisher to check, macOS; never Linux); an update is installed when the app quits.
 */
import { app } from 'electron';
import updater from 'electron-updater';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppLog } from '../core/app';
import { updateDecision } from './update-policy';

const SIX_HOURS = 6 * 60 * 60 * 1000;

/** Starts checking for updates (packaged app only). */
export function startUpdater(log: AppLog): void {
  if (!app.isPackaged) return;
  // The file electron-updater itself reads (ElectronAppAdapter.appUpdateConfigPath).
  let config: string | null;
  try {
    config = readFileSync(join(process.resourcesPath, 'app-update.yml'), 'utf8');
  } catch {
    config = null;
  }
  const decision = updateDecision(process.platform, config);
  if (!decision.enabled) {
    log.info(`automatic updates off: ${decision.reason}`);
    return;
  }
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
