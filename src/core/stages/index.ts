/**
 * The office connect: which stages there are and in which order. The app and
 * the CLI call these with listeners only; both run the same pipeline.
 *   profile → tunnel → dns → (services | drives | printers side by side)
 */
import type { CheckResult } from '../../shared/checks';
import type { StoredProfile } from '../../shared/profile/types';
import type { TunnelStatus } from '../../shared/helper-protocol';
import type { StepEvent } from '../../shared/session';
import type { HelperClientOptions } from '../helper-client';
import type { PlatformAdapter } from '../platform/types';
import type { SecretStores } from '../profile/secrets';
import { connectSession, disconnectSession, healSession, type ConnectResult, type DisconnectResult } from '../session/session';
import type { LoadedProfile, Pipeline, Stage } from '../session/stage';
import { createDrivesStage, type DriveEvent } from './drives';
import { createNamesStage } from './names';
import { createPrintersStage, type PrinterEvent } from './printers';
import { createProfileStage } from './profile';
import { createServicesStage } from './services';
import { createTunnelStage } from './tunnel';

export { loadConnectProfile, type ProfileSource } from './profile';
export type { DriveEvent } from './drives';
export type { PrinterEvent } from './printers';

/** What a front end hears during a connect or disconnect. */
export interface ConnectListeners {
  readonly onEvent?: (event: StepEvent) => void;
  readonly onLoaded?: (loaded: LoadedProfile) => void;
  readonly onChecks?: (results: readonly CheckResult[]) => void;
  readonly onDrive?: (event: DriveEvent) => void;
  readonly onPrinter?: (event: PrinterEvent) => void;
  readonly onUnmapped?: (letter: string) => void;
  readonly onPrinterRemoved?: (name: string) => void;
}

export interface OfficeOptions extends ConnectListeners {
  readonly home: string;
  readonly helper: HelperClientOptions;
  readonly env: NodeJS.ProcessEnv;
  /** A `.hocprofile` to connect with instead of the imported one. */
  readonly profileFile?: string | undefined;
  readonly secrets?: SecretStores;
  readonly now?: () => Date;
  /** The drives' and user-printers' OS adapter (default: this computer's). */
  readonly platform?: PlatformAdapter;
  /** Runs the office checks (default: core/checks). */
  readonly runChecks?: (profile: StoredProfile, status: TunnelStatus | undefined) => Promise<readonly CheckResult[]>;
  /** Name resolution for the dns step (default: the system resolver). */
  readonly resolve?: (name: string) => Promise<string>;
  /** How long the dns step waits for the first handshake. */
  readonly dnsWaitMs?: number;
  /** Run only these steps (`hoc drives connect` runs profile, drives, printers). */
  readonly only?: readonly Stage['step'][];
}

/** The pipeline of an office connect. */
export function officePipeline(opts: OfficeOptions): Pipeline {
  const full: Pipeline = [
    createProfileStage(
      { file: opts.profileFile, env: opts.env, ...(opts.secrets ? { secrets: opts.secrets } : {}), ...(opts.now ? { now: opts.now } : {}) },
      opts.onLoaded,
    ),
    createTunnelStage(),
    createNamesStage({ ...(opts.resolve ? { resolve: opts.resolve } : {}), ...(opts.dnsWaitMs !== undefined ? { waitMs: opts.dnsWaitMs } : {}) }),
    [
      createServicesStage({ ...(opts.onChecks ? { onResults: opts.onChecks } : {}), ...(opts.runChecks ? { runChecks: opts.runChecks } : {}) }),
      createDrivesStage({
        ...(opts.platform ? { platform: opts.platform } : {}),
        ...(opts.secrets ? { secrets: opts.secrets } : {}),
        ...(opts.onDrive ? { onDrive: opts.onDrive } : {}),
        ...(opts.onUnmapped ? { onUnmapped: opts.onUnmapped } : {}),
      }),
      createPrintersStage({
        ...(opts.platform ? { platform: opts.platform } : {}),
        ...(opts.onPrinter ? { onPrinter: opts.onPrinter } : {}),
        ...(opts.onPrinterRemoved ? { onRemoved: opts.onPrinterRemoved } : {}),
      }),
    ],
  ];
  const only = opts.only;
  if (!only) return full;
  const keep = (s: Stage) => only.includes(s.step);
  return full
    .map((entry) => (Array.isArray(entry) ? (entry as readonly Stage[]).filter(keep) : keep(entry as Stage) ? entry : null))
    .filter((entry): entry is Stage | readonly Stage[] => entry !== null && (!Array.isArray(entry) || entry.length > 0));
}

const sessionDeps = (opts: OfficeOptions) => ({ home: opts.home, helper: opts.helper, ...(opts.onEvent ? { onEvent: opts.onEvent } : {}) });

/** Connects to the office: every step, the profile included. */
export function connectOffice(opts: OfficeOptions): Promise<ConnectResult> {
  return connectSession(officePipeline(opts), sessionDeps(opts));
}

/** Disconnects: every stage undoes what its slice of the record lists. */
export function disconnectOffice(opts: OfficeOptions): Promise<DisconnectResult> {
  return disconnectSession(officePipeline(opts), sessionDeps(opts));
}

/** While connected: puts back what the system dropped (drives), with the profile given. */
export function healOffice(opts: OfficeOptions, loaded: LoadedProfile): Promise<readonly import('../../shared/errors').UserErrorData[]> {
  return healSession(officePipeline(opts), { home: opts.home, helper: opts.helper, loaded });
}
