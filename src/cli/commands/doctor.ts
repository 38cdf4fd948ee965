/** `hoc doctor --out FILE.zip`: the diagnostics package for support. */
import { parseArgs } from 'node:util';
import { createDiagnosticsPackage } from '../../core/diagnostics/package';
import { EXIT, type CliCommand } from '../io';

declare const __HOC_VERSION__: string;

export const doctorCommand: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, profile: { type: 'string' } }, strict: true });
  if (!values.out) {
    io.err(io.lang === 'de' ? 'Bitte mit --out DATEI.zip angeben, wohin das Paket soll.' : 'Please say where the package goes: --out FILE.zip');
    return EXIT.invalid;
  }
  const names = await createDiagnosticsPackage({
    env: io.env,
    appVersion: typeof __HOC_VERSION__ === 'string' ? __HOC_VERSION__ : 'dev',
    out: values.out,
    ...(values.profile !== undefined ? { profileFile: values.profile } : {}),
  });
  io.out(
    io.lang === 'de'
      ? `Diagnosepaket geschrieben: ${values.out} (${names.length} Dateien, ohne Schlüssel und Passwörter)`
      : `Diagnostics package written: ${values.out} (${names.length} files, without keys or passwords)`,
  );
  return EXIT.ok;
};
