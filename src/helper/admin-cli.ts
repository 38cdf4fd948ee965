/**
 * `hoc-helper pin|unpin|pins`: the administrator's side of the machine-wide
 * pin, run as root on the machine itself (never over the socket). `pin`
 * allows a company key (a second company, or a new key after the company
 * changed it); `unpin` removes a pin and every installed profile of that org,
 * so the next import pins again.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { asUserError } from '../shared/errors';
import { PROFILE_LIMITS } from '../shared/profile';
import { defaultProfileDir, InstalledProfiles } from './profile-store';

/** The admin subcommands hoc-helper knows. */
export const ADMIN_COMMANDS = ['pin', 'unpin', 'pins'] as const;

const USAGE =
  'Usage: hoc-helper pin --profile FILE [--profile-dir DIR]   allow the company key that signed FILE\n' +
  '       hoc-helper unpin ORG-ID [--profile-dir DIR]         remove the pin and installed profiles of ORG-ID\n' +
  '       hoc-helper pins [--profile-dir DIR]                 list the pinned company keys\n';

/** Runs one admin subcommand; returns the exit code. */
export async function runAdminCommand(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  let values: { profile?: string | undefined; 'profile-dir': string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { profile: { type: 'string' }, 'profile-dir': { type: 'string', default: defaultProfileDir() } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (process.getuid?.() !== 0) {
    err('hoc-helper pin/unpin/pins must run as root (only root may change the pin)');
    return 1;
  }
  const store = new InstalledProfiles({ dir: values['profile-dir'], log: out });
  try {
    if (command === 'pin' && values.profile !== undefined && positionals.length === 0) {
      const text = await readFile(values.profile);
      if (text.length > PROFILE_LIMITS.fileBytes) throw new Error(`${values.profile} is larger than ${PROFILE_LIMITS.fileBytes} bytes`);
      const r = await store.pinAsAdmin(JSON.parse(text.toString('utf8')));
      out(`pinned ${r.orgId}: ${r.fingerprint}${r.replaced ? ` (replaces ${r.replaced})` : ''}`);
      return 0;
    }
    if (command === 'unpin' && positionals.length === 1 && values.profile === undefined) {
      const r = await store.unpin(positionals[0]!);
      out(`${positionals[0]}: ${r.removedPin ? 'pin removed' : 'was not pinned'}, ${r.removedInstalls} installed profile(s) removed`);
      return 0;
    }
    if (command === 'pins' && positionals.length === 0 && values.profile === undefined) {
      const pins = await store.pins();
      for (const [org, pin] of Object.entries(pins)) out(`${org}\t${pin.fingerprint}\t${pin.how}\t${pin.pinnedAt}`);
      if (Object.keys(pins).length === 0) out('no company key is pinned on this machine');
      return 0;
    }
  } catch (e) {
    const u = asUserError(e);
    err(`${u.localized('en')}${u.detail ? ` (${u.detail})` : ''}`);
    return 1;
  }
  err(USAGE);
  return 2;
}
