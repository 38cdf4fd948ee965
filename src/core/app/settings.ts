/** The app's own settings (language, auto-connect) in `$HOC_HOME/settings.json`. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AppSettings } from '../../shared/ipc';

export const DEFAULT_SETTINGS: AppSettings = { language: 'system', autoConnect: false };

/** Keeps only known, well-typed fields; anything else falls back to the default. */
export function sanitizeSettings(value: unknown): AppSettings {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return {
    language: v.language === 'de' || v.language === 'en' || v.language === 'system' ? v.language : DEFAULT_SETTINGS.language,
    autoConnect: typeof v.autoConnect === 'boolean' ? v.autoConnect : DEFAULT_SETTINGS.autoConnect,
  };
}

/** Reads the settings; defaults when the file is missing or damaged. */
export async function readSettings(home: string): Promise<AppSettings> {
  try {
    return sanitizeSettings(JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')));
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Writes the settings atomically, readable by the owner only. */
export async function writeSettings(home: string, settings: AppSettings): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const target = join(home, 'settings.json');
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(sanitizeSettings(settings), null, 2)}\n`, { mode: 0o600 });
  await rename(temp, target);
}
