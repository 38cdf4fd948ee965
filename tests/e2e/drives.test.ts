/**
 * Drives and printers, end to end in the simulated office: the employee
 * connects, the office share is mounted in their desktop session (gvfs) as
 * `~/Netzlaufwerke/P - Projekte`, files go both ways, the plotter is added to
 * the workstation's CUPS by the helper and a test page reaches the office
 * print server; a fresh process (as after a crash) disconnects and removes
 * exactly what was added — a printer the user set up by hand stays. The
 * office sign-in lives in the real Secret Service (gnome-keyring).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employee, helperSocket, inLab, lab, labDir, labSh, officeAccount, profilePath, repo, type LabResult } from './lab';

const anna = employee('hocuser');
const homeCups = join(labDir, 'home/cups/run/cups.sock');
const officeCups = join(labDir, 'lan/cups/run/cups.sock');
const desktopHome = join(labDir, 'desktop/home');
const driveLink = join(desktopHome, 'Netzlaufwerke', 'P - Projekte');
const driver = join(labDir, 'app/hoc-drives.mjs');
const HAND_PRINTER = 'Eigener-Drucker';
const PLOTTER = 'Plotter-DesignJet';
const stamp = `${Date.now()}`;

/** Runs argv as the employee inside their desktop session (D-Bus, gnome-keyring, gvfs). */
async function desktop(argv: string[], input?: string): Promise<LabResult> {
  const r = await execa(labSh, ['desktop', 'exec', '--', ...argv], {
    reject: false,
    all: true,
    env: { HOC_HOME: anna.home, HOC_HELPER_SOCKET: helperSocket, HOC_LANG: 'de' },
    timeout: 120_000,
    ...(input !== undefined ? { input } : { stdin: 'ignore' as const }),
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), all: String(r.all ?? '') };
}

/** The CLI commands of this issue, bundled like `hoc` (the lead wires them into hoc.ts). */
const hocDrives = (args: string[], input?: string) => desktop(['node', driver, ...args], input);

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

const homeQueues = async () => (await execa('lpstat', ['-h', homeCups, '-v'], { reject: false })).stdout;
const completedOnOffice = async () =>
  (await execa('lpstat', ['-h', officeCups, '-W', 'completed', '-o', 'Plotter'], { reject: false })).stdout.split('\n').filter(Boolean).length;

async function bundleDriver(): Promise<void> {
  await build({
    stdin: {
      contents: `
        import { accountCommand, drivesCommand, printersCommand } from './src/cli/commands/drives';
        const [name, ...args] = process.argv.slice(2);
        const io = { lang: process.env.HOC_LANG === 'en' ? 'en' : 'de', env: process.env,
          out: (l) => process.stdout.write(l + '\\n'), err: (l) => process.stderr.write(l + '\\n'), confirm: async () => false };
        const cmd = { drives: drivesCommand, printers: printersCommand, account: accountCommand }[name];
        process.exitCode = cmd ? await cmd(args, io) : 2;`,
      resolveDir: repo,
      loader: 'ts',
      sourcefile: 'hoc-drives-e2e.ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: driver,
    external: ['@napi-rs/keyring'],
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'warning',
  });
  // The keychain binding, where the employee's copy of the app can load it.
  const modules = join(labDir, 'app/node_modules/@napi-rs');
  mkdirSync(modules, { recursive: true });
  for (const name of readdirSync(join(repo, 'node_modules/@napi-rs')).filter((n) => n.startsWith('keyring'))) {
    cpSync(join(repo, 'node_modules/@napi-rs', name), join(modules, name), { recursive: true });
  }
  await execa('chmod', ['-R', 'a+rX', join(labDir, 'app')]);
}

/** The running helper must be this build and print into the home CUPS; restart it otherwise (the tunnel is adopted). */
async function ensureHelper(): Promise<void> {
  const pid = readFileSync(join(labDir, 'run/helper.pid'), 'utf8').trim();
  const environ = existsSync(`/proc/${pid}/environ`) ? readFileSync(`/proc/${pid}/environ`, 'utf8') : '';
  const list = await helperRequest({ cmd: 'printer.list' }).catch(() => ({ ok: false }));
  if (!list.ok || !environ.includes(`CUPS_SERVER=${homeCups}`)) {
    await lab('helper-stop');
    const r = await lab('helper-start');
    if (r.exitCode !== 0) throw new Error(`helper-start: ${r.all}`);
  }
}

beforeAll(async () => {
  for (const step of [['start', 'home-cups'], ['desktop', 'start']]) {
    const r = await lab(...step);
    if (r.exitCode !== 0) throw new Error(`lab ${step.join(' ')}: ${r.all}`);
  }
  await ensureHelper();
  await bundleDriver();
  // Leftovers of an earlier run of this file: undo through the record, then the tunnel.
  await hocDrives(['drives', 'disconnect']);
  await anna.hoc(['disconnect']);
  // A printer the employee set up by hand before HomeOffice Connect was ever used.
  await execa('lpadmin', ['-h', homeCups, '-x', HAND_PRINTER], { reject: false });
  const hand = await execa('lpadmin', ['-h', homeCups, '-p', HAND_PRINTER, '-E', '-v', 'socket://127.0.0.1:9100', '-m', 'raw'], { reject: false, all: true });
  if (hand.exitCode !== 0) throw new Error(`hand printer: ${hand.all}`);
  // No stored sign-in from an earlier file: this connect brings up the tunnel and the plotter, not P (the first test stores it).
  await hocDrives(['account', 'forget', '--profile', profilePath]);
  const c = await anna.hoc(['connect', '--profile', profilePath]);
  if (c.exitCode !== 0 && c.exitCode !== 3) throw new Error(`connect: ${c.all}`);
});

afterAll(async () => {
  await hocDrives(['drives', 'disconnect']);
  await anna.hoc(['disconnect']);
  await execa('lpadmin', ['-h', homeCups, '-x', HAND_PRINTER], { reject: false });
});

describe('office sign-in in the real Secret Service (gnome-keyring)', () => {
  it('stores the office account in the system keychain, not in a file', async () => {
    const r = await hocDrives(['account', 'set', '--profile', profilePath, '--user', officeAccount.user, '--domain', 'BUERO', '--password-stdin'], `${officeAccount.password}\n`);
    expect(r.all).toContain('im Schlüsselbund des Systems gespeichert');
    expect(r.exitCode, r.all).toBe(0);
    const show = await hocDrives(['account', 'show', '--profile', profilePath]);
    expect(show.stdout).toBe('Büro-Anmeldung: BUERO\\anna (gespeichert in: system keychain)');
    // Not in the file fallback, the session record or the desktop home (the keyring file there is encrypted).
    expect(existsSync(join(anna.home, 'secrets/office-buero-mueller.secret'))).toBe(false);
    const grep = await execa('grep', ['-rlF', officeAccount.password, join(anna.home, 'session.json'), desktopHome], { reject: false });
    expect(grep.stdout).toBe('');
  });
});

describe('drives and printers on Linux, for real', () => {
  it('mounts the share in the desktop session and adds the plotter', async () => {
    const r = await hocDrives(['drives', 'connect', '--profile', profilePath]);
    expect(r.all).toContain(`P: Projekte verbunden (${driveLink})`);
    expect(r.all).toMatch(new RegExp(`${PLOTTER} eingerichtet \\((everywhere|raw)\\)`));
    expect(r.exitCode, r.all).toBe(0);
    const mounts = await desktop(['gio', 'mount', '-l']);
    // Mounted as the office user (named in the URI, so gvfs asks for the password only).
    expect(mounts.stdout).toContain(`smb://BUERO;${officeAccount.user}@fs.buero.local/projekte`);
    const record = JSON.parse(readFileSync(join(anna.home, 'session.json'), 'utf8'));
    expect(record).toMatchObject({ drives: [expect.objectContaining({ letter: 'P', owner: 'ours' })], printers: [expect.objectContaining({ name: PLOTTER, owner: 'ours' })] });
    const list = await hocDrives(['drives', 'list', '--profile', profilePath]);
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
    const r = await hocDrives(['drives', 'heal', '--profile', profilePath]);
    expect(r.all).toContain('Laufwerk P: war getrennt und ist wieder verbunden.');
    expect(r.exitCode, r.all).toBe(0);
    const back = await desktop(['cat', join(driveLink, 'Willkommen.txt')]);
    expect(back.stdout, back.all).toContain('Willkommen im Projektlaufwerk');
    // A drive still in place is left as it is.
    expect((await hocDrives(['drives', 'heal', '--profile', profilePath])).all).not.toContain('wieder verbunden');
  });

  it('lists the plotter in the home CUPS next to the hand-made printer', async () => {
    const queues = await homeQueues();
    expect(queues).toContain(`device for ${PLOTTER}: ipp://print.buero.local:631/printers/Plotter`);
    expect(queues).toContain(`device for ${HAND_PRINTER}: socket://127.0.0.1:9100`);
    const list = await hocDrives(['printers', 'list']);
    expect(list.stdout).toContain(`${PLOTTER} – ipp://print.buero.local:631/printers/Plotter (von HomeOffice Connect eingerichtet)`);
    expect(list.stdout).toMatch(new RegExp(`^${HAND_PRINTER} – socket://127.0.0.1:9100$`, 'm'));
  });

  it('sends a test page that arrives in the office print server queue', async () => {
    const before = await completedOnOffice();
    const r = await hocDrives(['printers', 'test-page', PLOTTER]);
    expect(r.stdout).toMatch(new RegExp(`Testseite an ${PLOTTER} geschickt \\(${PLOTTER}-\\d+\\)`));
    expect(r.exitCode, r.all).toBe(0);
    let after = before;
    for (let i = 0; i < 60 && after <= before; i++) {
      await new Promise((res) => setTimeout(res, 500));
      after = await completedOnOffice();
    }
    expect(after).toBeGreaterThan(before);
  });

  it('the helper refuses to remove a printer it did not add', async () => {
    const r = await helperRequest({ cmd: 'printer.remove', name: HAND_PRINTER });
    expect(r).toMatchObject({ ok: false, error: { code: 'printers.notManaged' } });
    expect(await homeQueues()).toContain(HAND_PRINTER);
  });

  it('disconnect from a fresh process unmounts, removes the plotter and keeps the hand-made printer', async () => {
    const r = await hocDrives(['drives', 'disconnect']);
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
    expect((await hocDrives(['drives', 'list', '--profile', profilePath])).stdout).toContain('P: Projekte – \\\\fs.buero.local\\projekte – nicht verbunden');
    const d = await anna.hoc(['disconnect']);
    expect(d.exitCode, d.all).toBe(0);
  });
});
