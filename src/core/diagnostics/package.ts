/**
 * One call that writes the diagnostics package for the user in front of the
 * screen: used by `hoc doctor` and by the app's "create diagnostics package".
 */
import { loadOfficeAccount } from '../account';
import { callHelper } from '../helper-client';
import { helperSocketPath, hocHome } from '../paths';
import { loadConnectProfile } from '../stages/profile';
import { collectDiagnostics, writeDiagnosticsZip } from './doctor';

export interface DiagnosticsRequest {
  readonly env: NodeJS.ProcessEnv;
  readonly appVersion: string;
  /** Where the zip goes. */
  readonly out: string;
  /** A profile file instead of the imported one. */
  readonly profileFile?: string;
}

/** Writes the package and answers the names of the files in it. */
export async function createDiagnosticsPackage(req: DiagnosticsRequest): Promise<string[]> {
  const loaded = await loadConnectProfile({ file: req.profileFile, env: req.env }).catch(() => null);
  const tunnel = await callHelper({ cmd: 'tunnel.status' }, { socketPath: helperSocketPath(req.env), timeoutMs: 5000 }).catch((e: Error & { detail?: string }) => ({
    error: e.message,
    ...(e.detail ? { detail: e.detail } : {}),
  }));
  // Every secret we can know by value is scrubbed, wherever a log may have caught it.
  const account = loaded ? await loadOfficeAccount(loaded.profile.org.id).catch(() => null) : null;
  const secrets = [...(loaded?.secrets ?? []), account?.account.password].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  const files = await collectDiagnostics({
    appVersion: req.appVersion,
    home: hocHome(req.env),
    profile: loaded?.profile ?? { note: 'no profile imported' },
    secrets,
    tunnel,
  });
  return writeDiagnosticsZip(req.out, files);
}
