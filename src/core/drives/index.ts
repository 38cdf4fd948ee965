/**
 * Network drives outside a connect: what is connected on this computer now.
 * Mapping, undo and heal are the `drives` stage (core/stages/drives).
 */
import { currentPlatform } from '../platform';
import type { MappedDrive, PlatformAdapter } from '../platform/types';

/** The network drives connected on this computer now. */
export async function listDrives(platform: PlatformAdapter = currentPlatform()): Promise<MappedDrive[]> {
  return platform.listDrives();
}
