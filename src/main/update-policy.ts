/**
 * Where the packaged app updates itself, decided before electron-updater
 * starts. Windows: only when app-update.yml names the publisher, because
 * electron-updater's NsisUpdater skips the Authenticode check of a downloaded
 * installer when `publisherName` is absent. macOS: Squirrel.Mac checks the
 * update's code signature against the running app (the zip target). Linux: off —
 * an AppImage or deb would be checked only against a hash from the same feed;
 * updates come as a new package from the IT provider.
 */

export type UpdateDecision = { readonly enabled: true } | { readonly enabled: false; readonly reason: string };

/** True when app-update.yml names at least one publisher (`publisherName: X` or a list). */
export function namesPublisher(appUpdateYml: string): boolean {
  const lines = appUpdateYml.split(/\r?\n/);
  const at = lines.findIndex((l) => /^publisherName:/.test(l));
  if (at < 0) return false;
  const inline = lines[at]!.slice('publisherName:'.length).trim();
  if (inline !== '') return !/^(null|~|\[\]|''|"")$/.test(inline);
  return /^\s+-\s*\S/.test(lines[at + 1] ?? '');
}

/** Whether the packaged app on `platform` checks for updates; `appUpdateYml` is resources/app-update.yml, null when absent. */
export function updateDecision(platform: NodeJS.Platform, appUpdateYml: string | null): UpdateDecision {
  if (platform === 'linux') return { enabled: false, reason: 'no signed update feed on Linux; updates come as a new package' };
  if (platform !== 'win32' && platform !== 'darwin') return { enabled: false, reason: `no updates on ${platform}` };
  if (appUpdateYml === null) return { enabled: false, reason: 'app-update.yml is missing' };
  if (platform === 'win32' && !namesPublisher(appUpdateYml)) {
    return { enabled: false, reason: 'app-update.yml names no publisher, so a downloaded installer could not be checked' };
  }
  return { enabled: true };
}
