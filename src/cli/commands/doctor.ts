/** `hoc doctor --out FILE.zip`: the diagnostics package for support. */
import { parseArgs } from 'node:util';
import { callHelper } from '../../core/helper-client';
import { helperSocketPath, hocHome } from '../../core/paths';
import { collectDiagnostics, writeDiagnosticsZip } from '../../core/diagnostics/doctor';
import { resolveConnectProfile } from '../../core/session/active-profile';
import { EXIT, type CliCommand } from '../io';

declare const __HOC_VERSION__: string;

/** Secret values of the profile in use, to be scrubbed from the package. */
function profileSecrets(profile: { tunnel: { peer: { presharedKey?: string | undefined } } }, privateKey: string): string[] {
  return [privateKey, profile.tunnel.peer.presharedKey ?? ''].filter((s) => s.length > 0);
}

export const doctorCommand: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, profile: { type: 'string' } }, strict: true });
  if (!values.out) {
    io.err(io.lang === 'de' ? 'Bitte mit --out DATEI.zip angeben, wohin das Paket soll.' : 'Please say where the package goes: --out FILE.zip');
    return EXIT.invalid;
  }
  const home = hocHome(io.env);
  const loaded = await resolveConnectProfile(values.profile, io.env).catch(() => null);
  const tunnel = await callHelper({ cmd: 'tunnel.status' }, { socketPath: helperSocketPath(io.env), timeoutMs: 5000 }).catch((e: Error) => ({ error: e.message }));
  const extra = (io.env.HOC_DIAG_EXTRA_SECRETS ?? '').split('\n').filter(Boolean);
  const files = await collectDiagnostics({
    appVersion: typeof __HOC_VERSION__ === 'string' ? __HOC_VERSION__ : 'dev',
    home,
    profile: loaded?.profile ?? { note: 'no profile imported' },
    secrets: loaded ? [...profileSecrets(loaded.profile as never, loaded.privateKey), ...extra] : extra,
    tunnel,
  });
  const names = await writeDiagnosticsZip(values.out, files);
  io.out(io.lang === 'de' ? `Diagnosepaket geschrieben: ${values.out} (${names.length} Dateien, ohne Schlüssel und Passwörter)` : `Diagnostics package written: ${values.out} (${names.length} files, without keys or passwords)`);
  return EXIT.ok;
};
