import type { drivesDe } from './drives-de';

/** English messages of the drives part; same keys as drivesDe. */
export const drivesEn: Record<keyof typeof drivesDe, string> = {};
