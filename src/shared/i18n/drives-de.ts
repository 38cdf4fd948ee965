/** German messages of the drives part. */
export const drivesDe = {} as const;
