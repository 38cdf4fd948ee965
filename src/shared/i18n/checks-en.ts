import type { checksDe } from './checks-de';

/** English messages of the office service checks; same keys as checksDe. */
export const checksEn: Record<keyof typeof checksDe, string> = {};
