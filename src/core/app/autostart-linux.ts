/**
 * Connect automatically at login on Linux: an XDG autostart entry (Electron's
 * login-item API covers only Windows and macOS). The entry starts the app with
 * the same flag the login item passes elsewhere.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_CONFIG_HOME/autostart/homeoffice-connect.desktop`. */
export function autostartPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart', 'homeoffice-connect.desktop');
}

/** The desktop entry; the executable path is quoted per the Desktop Entry spec. */
export function autostartEntry(execPath: string, flag: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=HomeOffice Connect', `Exec=${quoted} ${flag}`, 'X-GNOME-Autostart-enabled=true', 'NoDisplay=true', ''].join('\n');
}

/** Writes or removes the entry. */
export async function setLinuxAutostart(enabled: boolean, execPath: string, flag: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const path = autostartPath(env);
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, autostartEntry(execPath, flag), { mode: 0o644 });
}
