/** Where the unprivileged side keeps its state and finds the helper. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user state folder: `$HOC_HOME`, else the OS's app-data folder. */
export function hocHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HOC_HOME) return env.HOC_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'HomeOffice Connect');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'HomeOffice Connect');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'homeoffice-connect');
}

/** The helper's socket (on Windows its endpoint file: loopback port and secret); `$HOC_HELPER_SOCKET` overrides it. */
export function helperSocketPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HOC_HELPER_SOCKET) return env.HOC_HELPER_SOCKET;
  if (platform === 'win32') return 'C:\\ProgramData\\HomeOffice Connect\\helper\\helper.endpoint';
  if (platform === 'darwin') return '/var/run/homeoffice-connect/helper.sock';
  return '/run/homeoffice-connect/helper.sock';
}

/**
 * Where a silent install leaves a profile to pre-import and its pinned company key (written
 * by the installer from the files beside it); `$HOC_PREIMPORT_DIR` overrides it.
 */
export function preimportDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HOC_PREIMPORT_DIR) return env.HOC_PREIMPORT_DIR;
  if (platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'HomeOffice Connect', 'preimport');
  if (platform === 'darwin') return '/Library/Application Support/HomeOffice Connect/preimport';
  return '/etc/homeoffice-connect/preimport';
}
