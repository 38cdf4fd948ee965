/**
 * How every Windows command of ours is run: the system's PowerShell with
 * `-File` on a fixed script we ship, values passed as parameters — never a
 * command string. Shared by core (drives, user printers) and the helper
 * (system printers), which may not import each other.
 */

/** The PowerShell of every Windows 10/11. */
export const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

/** `powershell.exe … -File <scriptsDir>\<script> -Name value …`. */
export function powershellArgv(scriptsDir: string, script: string, params: readonly (readonly [string, string])[]): string[] {
  const dir = scriptsDir.replace(/\//g, '\\').replace(/\\+$/, '');
  return [POWERSHELL, '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', `${dir}\\${script}`, ...params.flatMap(([k, v]) => [`-${k}`, v])];
}
