/**
 * Drives and printers, end to end in the simulated office: the employee
 * connects, the office share is mounted in their desktop session (gvfs) as
 * `~/Netzlaufwerke/P - Projekte`, files go both ways, the plotter is added to
 * the workstation's CUPS by the helper and a test page reaches the office
 * print server; a fresh process (as after a crash) disconnects and removes
 * exactly what was added — a printer the user set up by hand stays. The
 * office sign-in lives in the real Secret Service (gnome-keyring).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopHome, desktopMounts, endsClean, expectClean, homeCupsSocket, startsClean } from './clean';
import { desktopExec, employee, helperSocket, inLab, labDir, officeAccount, profilePath, USER_PRINTER, waitFor } from './lab';

const anna = employee('hocuser');
const officeCups = join(labDir, 'lan/cups/run/cups.sock');
const driveLink = join(desktopHome, 'Netzlaufwerke', 'P - Projekte');
const HAND_PRINTER = USER_PRINTER.name;
const PLOTTER = 'Plotter-DesignJet';
const stamp = `${Date.now()}`;

/** Runs argv as the employee inside their desktop session (D-Bus, gnome-keyring, gvfs). */
const desktop = (argv: string[]) => desktopExec(argv, { HOC_HOME: anna.home, HOC_HELPER_SOCKET: helperSocket, HOC_LANG: 'de' });

/** The shipped `hoc` in the desktop session. */
const hoc = (args: string[], input?: string) => anna.hoc(args, {}, input);

/** One raw request to the helper as root in the home namespace (the helper identifies its peers there). */
async function helperRequest(body: object): Promise<{ ok: boolean; result?: unknown; error?: { code: string } }> {
  const code = `
    const s = require('net').connect(process.argv[1]);
    let buf = '';
    s.on('connect', () => s.write(process.argv[2] + '\\n'));
    s.on('data', (d) => { buf += d; if (buf.includes('\\n')) { console.log(buf.slice(0, buf.indexOf('\\n'))); s.destroy(); } });
    s.on('error', (e) => { console.log(JSON.stringify({ ok: false, error: { code: e.code } })); });`;
  const r = await inLab('home', ['node', '-e', code, helperSocket, JSON.stringify({ v: 1, id: 7, ...body })]);
  return JSON.parse(r.stdout.trim() || '{"ok":false}');
}

/** The drive letters the session record lists (null: no record). */
function recordedDrives(): string[] | null {
  const file = join(anna.home, 'session.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { drives: string[] }).drives : null;
}

const homeQueues = async () => (await execa('lpstat', ['-h', homeCupsSocket, '-v'], { reject: false })).stdout;
const completedOnOffice = async () =>
  (await execa('lpstat', ['-h', officeCups, '-W', 'completed', '-o', 'Plotter'], { reject: false })).stdout.split('\n').filter(Boolean).length;

beforeAll(async () => {
  // Undo what an earlier run may have left; the home is then as the lab made it, the user's own printer included.
  await startsClean(anna);
  expect((await hoc(['account', 'forget', '--profile', profilePath])).exitCode).toBe(0);
});

afterAll(async () => {
  await endsClean(anna, { forgetAccount: true });
});

describe('office sign-in in the real Secret Service (gnome-keyring)', () => {
  it('connects degraded without a stored sign-in: the drives step fails and says so, nothing is mounted', async () => {
    const c = await hoc(['connect', '--profile', profilePath]);
    expect(c.exitCode, c.all).toBe(3);
    expect(c.all).toContain('[5/6] Netzlaufwerke verbinden … fehlgeschlagen');
    expect(c.all).toContain('Für die Netzlaufwerke fehlt Ihre Büro-Anmeldung');
    expect(await desktopMounts()).toEqual([]);
    expect(recordedDrives()).toEqual([]);
  });

  it('stores the office account in the system keychain, not in a file', async () => {
    const r = await hoc(['account', 'set', '--profile', profilePath, '--user', officeAccount.user, '--domain', 'BUERO', '--password-stdin'], `${officeAccount.password}\n`);
    expect(r.all).toContain('im Schlüsselbund des Systems gespeichert');
    expect(r.exitCode, r.all).toBe(0);
    const show = await hoc(['account', 'show', '--profile', profilePath]);
    expect(show.stdout).toBe('Büro-Anmeldung: BUERO\\anna (gespeichert in: system keychain)');
    // Not in the file fallback, the session record or the desktop home (the keyring file there is encrypted).
    expect(existsSync(join(anna.home, 'secrets/office-buero-mueller.secret'))).toBe(false);
    const grep = await execa('grep', ['-rlF', officeAccount.password, join(anna.home, 'session.json'), desktopHome], { reject: false });
    expect(grep.stdout).toBe('');
  });
});

describe('drives and printers on Linux, for real', () => {
  it('mounts the share in the desktop session and adds the plotter', async () => {
    const r = await hoc(['drives', 'connect', '--profile', profilePath]);
    expect(r.all).toContain(`P: Projekte verbunden (${driveLink})`);
    expect(r.all).toMatch(new RegExp(`${PLOTTER} eingerichtet \\((everywhere|raw)\\)`));
    expect(r.exitCode, r.all).toBe(0);
    const mounts = await desktop(['gio', 'mount', '-l']);
    // Mounted as the office user (named in the URI, so gvfs asks for the password only).
    expect(mounts.stdout).toContain(`smb://BUERO;${officeAccount.user}@fs.buero.local/projekte`);
    const record = JSON.parse(readFileSync(join(anna.home, 'session.json'), 'utf8'));
    expect(record).toMatchObject({ drives: [expect.objectContaining({ letter: 'P', owner: 'ours' })], printers: [expect.objectContaining({ name: PLOTTER, owner: 'ours' })] });
    const list = await hoc(['drives', 'list', '--profile', profilePath]);
    expect(list.stdout, list.all).toContain('P: Projekte – \\\\fs.buero.local\\projekte – verbunden');
  });

  it('reads a file of the office share through the drive link', async () => {
    const r = await desktop(['cat', join(driveLink, 'Willkommen.txt')]);
    expect(r.stdout, r.all).toContain('Willkommen im Projektlaufwerk');
  });

  it('writes a new file that appears on the office server', async () => {
    const name = `von-zuhause-${stamp}.txt`;
    const w = await desktop(['cp', '/etc/hostname', join(driveLink, name)]);
    expect(w.exitCode, w.all).toBe(0);
    const onServer = await inLab('lan', ['cat', join(labDir, 'lan/projekte', name)]);
    expect(onServer.exitCode, onServer.all).toBe(0);
    expect(onServer.stdout).toBe(readFileSync('/etc/hostname', 'utf8').trim());
  });

  it('maps the share again after the system dropped it (sleep, network change)', async () => {
    // gvfs drops the mount behind the session's back, as after a suspend or a Wi-Fi change.
    expect((await desktop(['gio', 'mount', '-u', `smb://BUERO;${officeAccount.user}@fs.buero.local/projekte/`])).exitCode).toBe(0);
    expect((await desktop(['cat', join(driveLink, 'Willkommen.txt')])).exitCode).not.toBe(0);
    const r = await hoc(['drives', 'heal', '--profile', profilePath]);
    expect(r.all).toContain('Laufwerk P: war getrennt und ist wieder verbunden.');
    expect(r.exitCode, r.all).toBe(0);
    const back = await desktop(['cat', join(driveLink, 'Willkommen.txt')]);
    expect(back.stdout, back.all).toContain('Willkommen im Projektlaufwerk');
    // A drive still in place is left as it is.
    expect((await hoc(['drives', 'heal', '--profile', profilePath])).all).not.toContain('wieder verbunden');
  });

  it('lists the plotter in the home CUPS next to the hand-made printer', async () => {
    const queues = await homeQueues();
    expect(queues).toContain(`device for ${PLOTTER}: ipp://print.buero.local:631/printers/Plotter`);
    expect(queues).toContain(`device for ${HAND_PRINTER}: socket://127.0.0.1:9100`);
    const list = await hoc(['printers', 'list']);
    expect(list.stdout).toContain(`${PLOTTER} – ipp://print.buero.local:631/printers/Plotter (von HomeOffice Connect eingerichtet)`);
    expect(list.stdout).toMatch(new RegExp(`^${HAND_PRINTER} – socket://127.0.0.1:9100$`, 'm'));
  });

  it('sends a test page that arrives in the office print server queue', async () => {
    const before = await completedOnOffice();
    const r = await hoc(['printers', 'test-page', PLOTTER]);
    expect(r.stdout).toMatch(new RegExp(`Testseite an ${PLOTTER} geschickt \\(${PLOTTER}-\\d+\\)`));
    expect(r.exitCode, r.all).toBe(0);
    await waitFor('the test page on the office server', async () => ((await completedOnOffice()) > before ? true : undefined), 30_000, 250);
  });

  it('the helper refuses to remove a printer it did not add', async () => {
    const r = await helperRequest({ cmd: 'printer.remove', name: HAND_PRINTER });
    expect(r).toMatchObject({ ok: false, error: { code: 'printers.notManaged' } });
    expect(await homeQueues()).toContain(HAND_PRINTER);
  });

  it('disconnect from a fresh process unmounts, removes the plotter and keeps the hand-made printer', async () => {
    const r = await hoc(['drives', 'disconnect']);
    expect(r.stdout).toContain(`${PLOTTER} entfernt`);
    expect(r.stdout).toContain('P: getrennt');
    expect(r.exitCode, r.all).toBe(0);
    const mounts = await desktop(['gio', 'mount', '-l']);
    expect(mounts.stdout).not.toContain('projekte');
    expect((await desktop(['ls', '-A', desktopHome])).stdout).not.toContain('Netzlaufwerke');
    const queues = await homeQueues();
    expect(queues).not.toContain(PLOTTER);
    expect(queues).toContain(`device for ${HAND_PRINTER}: socket://127.0.0.1:9100`);
    expect(existsSync(join(labDir, 'helper-printers/printers.json'))).toBe(false);
    const record = JSON.parse(readFileSync(join(anna.home, 'session.json'), 'utf8'));
    expect(record).toMatchObject({ drives: [], printers: [] });
    expect((await hoc(['drives', 'list', '--profile', profilePath])).stdout).toContain('P: Projekte – \\\\fs.buero.local\\projekte – nicht verbunden');
    const d = await anna.hoc(['disconnect']);
    expect(d.exitCode, d.all).toBe(0);
    await expectClean([anna.home]);
  });
});
