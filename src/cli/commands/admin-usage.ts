/** Wrong arguments to `hoc admin …`: the usage text follows the message. */
export class UsageError extends Error {}
