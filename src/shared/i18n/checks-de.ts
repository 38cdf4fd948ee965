/** German messages of the office service checks. */
export const checksDe = {} as const;
