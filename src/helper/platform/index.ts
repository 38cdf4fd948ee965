/** The helper's platform for an OS: the one place that maps `process.platform` to a module. */
import { win32 as winPath } from 'node:path';
import { createDarwinPlatform } from './darwin';
import { linuxPlatform } from './linux';
import type { HelperPlatform } from './types';
import { createWin32Platform } from './win32';

/** The platform module for `os`; the Windows scripts are shipped beside the helper executable. */
export function platformFor(os: NodeJS.Platform, execPath: string = process.execPath): HelperPlatform {
  if (os === 'win32') return createWin32Platform({ scriptsDir: winPath.join(winPath.dirname(execPath), 'windows') });
  if (os === 'darwin') return createDarwinPlatform();
  if (os === 'linux') return linuxPlatform;
  throw new Error(`no helper platform for ${os}`);
}
