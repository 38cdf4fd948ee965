/**
 * What "nothing left behind" means in the lab, checked the way the user would
 * notice it: no tunnel interface, no route into the office, the home resolver as the lab set it,
 * no helper config or state file, no mounted share, no drive link, no printer
 * queue we added, no session record — and the printer the user set up
 * themselves (USER_PRINTER, added by `lab.sh up`) still there.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { desktopExec, forgetOfficeAccount, HOME_RESOLVER, inLab, labDir, USER_PRINTER, type Employee } from './lab';

export const homeCupsSocket = join(labDir, 'home/cups/run/cups.sock');
export const desktopHome = join(labDir, 'desktop/home');
const helperState = join(labDir, 'helper-state');
const helperPrinters = join(labDir, 'helper-printers/printers.json');
/** The lab helper's installed profiles (`installed/<uid>/<org>.json`, see src/helper/profile-store.ts). */
const helperInstalled = join(labDir, 'helper-profiles/installed');

/** The profiles installed in the lab's helper, as `uid/org.json` (sorted). */
export function installedProfiles(): string[] {
  if (!existsSync(helperInstalled)) return [];
  return readdirSync(helperInstalled)
    .flatMap((uid) => readdirSync(join(helperInstalled, uid)).map((f) => `${uid}/${f}`))
    .sort();
}

/**
 * Removes every profile installed in the lab's helper (the machine-wide pin that `lab.sh up`
 * set as root stays). An installed profile is meant to outlive a disconnect, like an imported
 * one; but its serial makes the next file's older profile be refused, so each lab file starts
 * and ends without one (tests/lab/setup-lab-file.ts). Done as root, the lab's own means.
 */
export function forgetInstalledProfiles(): string[] {
  const found = installedProfiles();
  rmSync(helperInstalled, { recursive: true, force: true });
  return found;
}

/** The queues of the workstation's own CUPS, as `name uri` lines (sorted). */
export async function homeQueues(): Promise<string[]> {
  const r = await execa('lpstat', ['-h', homeCupsSocket, '-v'], { reject: false, all: true });
  return String(r.stdout)
    .split('\n')
    .map((l) => /^device for (\S+): (\S+)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]}`)
    .sort();
}

/** The smb mounts of the employee's desktop session (gvfs), one URI per line. */
export async function desktopMounts(): Promise<string[]> {
  const r = await desktopExec(['gio', 'mount', '-l']);
  if (r.exitCode !== 0) throw new Error(`gio mount -l failed: ${r.all}`);
  return r.stdout.split('\n').filter((l) => /smb:\/\//.test(l)).map((l) => l.trim());
}

/** Entries of the desktop home's drive folder (links our drives step makes); null when the folder does not exist. */
function driveLinks(): string[] | null {
  const dir = join(desktopHome, 'Netzlaufwerke');
  return existsSync(dir) ? readdirSync(dir) : null;
}

/** The queues the helper says it added (its own record), empty when it has none. */
function helperManagedQueues(): unknown {
  if (!existsSync(helperPrinters)) return [];
  return (JSON.parse(readFileSync(helperPrinters, 'utf8')) as { printers?: unknown }).printers ?? 'unreadable';
}

/** Everything a session could leave at home, as one value (so a failure shows all of it at once). */
export async function leftovers(homes: readonly string[]) {
  const [links, routes, resolv, name, queues, mounts] = await Promise.all([
    inLab('home', ['ip', '-o', 'link', 'show']),
    inLab('home', ['ip', '-o', 'route', 'show', 'table', 'all']),
    inLab('home', ['cat', '/etc/resolv.conf']),
    inLab('home', ['getent', 'hosts', 'fs.buero.local'], { user: true }),
    homeQueues(),
    desktopMounts(),
  ]);
  return {
    interface: links.stdout.split('\n').filter((l) => /\bhoc0\b/.test(l)),
    routes: routes.stdout.split('\n').filter((l) => /10\.77\.0\.|10\.99\.0\.|\bhoc0\b/.test(l)),
    resolvConf: resolv.stdout.trim(),
    companyName: name.exitCode === 0 ? name.stdout.trim() : null,
    helperFiles: existsSync(helperState) ? readdirSync(helperState) : [],
    mounts,
    driveLinks: driveLinks(),
    queues,
    helperQueues: helperManagedQueues(),
    sessionRecords: homes.filter((h) => existsSync(join(h, 'session.json'))),
  };
}

/**
 * Asserts the home computer is as it was before HomeOffice Connect connected:
 * nothing of ours left, the user's own printer untouched. `homes` are the
 * HOC_HOME folders whose session record must be gone; `context` adds a log to a failure.
 */
export async function expectClean(homes: readonly string[], context?: () => string): Promise<void> {
  expect(await leftovers(homes), context?.()).toEqual({
    interface: [],
    routes: [],
    resolvConf: `nameserver ${HOME_RESOLVER}`,
    companyName: null,
    helperFiles: [],
    mounts: [],
    driveLinks: null,
    queues: [`${USER_PRINTER.name} ${USER_PRINTER.uri}`],
    helperQueues: [],
    sessionRecords: [],
  });
}

/**
 * Puts the home back into the lab's known state by the lab's own means (not through the code
 * under test): unmounts smb mounts of the desktop session, removes the drive folder, every home
 * CUPS queue but the user's own, the helper's printer list and the session records. Says what it
 * had to remove: that is a leak of an earlier file, which has already failed its own check.
 */
export async function resetHome(homes: readonly string[]): Promise<void> {
  const found = await leftovers(homes);
  const removed: string[] = [];
  for (const line of found.mounts) {
    const uri = /(smb:\/\/\S+)/.exec(line)?.[1];
    if (uri && (await desktopExec(['gio', 'mount', '-u', uri])).exitCode === 0) removed.push(`mount ${uri}`);
  }
  if (found.driveLinks !== null) {
    rmSync(join(desktopHome, 'Netzlaufwerke'), { recursive: true, force: true });
    removed.push(`drive links ${found.driveLinks.join(', ')}`);
  }
  for (const queue of found.queues.map((q) => q.split(' ')[0] ?? '').filter((n) => n && n !== USER_PRINTER.name)) {
    await execa('lpadmin', ['-h', homeCupsSocket, '-x', queue], { reject: false });
    removed.push(`queue ${queue}`);
  }
  if (Array.isArray(found.helperQueues) && found.helperQueues.length > 0) {
    rmSync(helperPrinters, { force: true });
    removed.push('helper printer list');
  }
  for (const home of found.sessionRecords) {
    rmSync(join(home, 'session.json'), { force: true });
    removed.push(`${home}/session.json`);
  }
  if (removed.length) console.warn(`[lab] reset what an earlier test left behind: ${removed.join('; ')}`);
}

/** Start of a lab file: undo what an earlier run left (its disconnect, then resetHome), then the home must be clean. */
export async function startsClean(who: Employee): Promise<void> {
  await who.hoc(['disconnect']);
  await resetHome([who.home]);
  await expectClean([who.home]);
}

/** End of a lab file: disconnect (it must succeed), forget the stored sign-in if asked, nothing left behind. */
export async function endsClean(who: Employee, opts: { forgetAccount?: boolean } = {}): Promise<void> {
  const d = await who.hoc(['disconnect']);
  expect(d.exitCode, d.all).toBe(0);
  if (opts.forgetAccount) await forgetOfficeAccount(who);
  await expectClean([who.home]);
}
