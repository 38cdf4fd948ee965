/**
 * What a stage of the connect pipeline is: a step name, `run` (connect),
 * `undo` (disconnect) and optionally `heal` (while connected), each given the
 * stage's own slice of the undo record and nothing else of it. The stages
 * themselves live beside the code they drive (core/tunnel, core/drives, …);
 * core/session runs whatever list it is given and imports none of them.
 */
import type { UserErrorData } from '../../shared/errors';
import type { TunnelStatus } from '../../shared/helper-protocol';
import type { StoredProfile } from '../../shared/profile/types';
import type { ConnectStep, Place } from '../../shared/session';
import type { HelperClientOptions } from '../helper-client';
import type { VerifiedProfile } from '../profile/verify';
import type { RecordSlice, SliceName } from './record';

/** The profile a connect runs with: the stored profile without keys (the helper has them). */
export interface LoadedProfile {
  readonly profile: StoredProfile;
  readonly fingerprint: string;
  /** The verified file when one was given with `--profile`: the profile stage installs it in the helper. */
  readonly file?: VerifiedProfile;
  /** Key material loaded with it (only from a file; an imported profile has none here), for redaction. */
  readonly secrets: readonly string[];
}

/** What every stage of one connect sees. The profile stage fills in `loaded`; later stages read it. */
export interface StageContext {
  readonly home: string;
  readonly helper: HelperClientOptions;
  loaded?: LoadedProfile;
  /** The tunnel's status once the tunnel stage brought it up. */
  status?: TunnelStatus;
  /** Where the computer is: the tunnel stage decides (docs/office.md); `office` means no tunnel is needed. */
  place?: Place;
}

/** A stage's outcome: ok, or the failure that degrades (or, for a `critical` stage, ends) the connect. */
export interface StageOutcome {
  readonly ok: boolean;
  /** Nothing to do here (e.g. the tunnel in the office): reported as `skipped`, not as a failure. */
  readonly skipped?: boolean;
  readonly error?: UserErrorData;
}

/** The record handle a stage gets: its own slice, or none for a stage that changes nothing. */
export type SliceOf<K extends SliceName | null> = K extends SliceName ? RecordSlice<K> : null;

/** One stage of the connect pipeline. */
export interface Stage<K extends SliceName | null = SliceName | null> {
  readonly step: ConnectStep;
  /** The slice of the record this stage owns (null: it changes nothing on the computer). */
  readonly slice: K;
  /** A failure ends the connect (`error`) instead of degrading it. */
  readonly critical?: boolean;
  /** Does the stage's part of a connect; writes each entry to its slice before the change it stands for. */
  run(ctx: StageContext, record: SliceOf<K>): Promise<StageOutcome>;
  /** Undoes what its slice lists, removing each entry only once its undo succeeded; returns what could not be undone. */
  undo(record: SliceOf<K>, ctx: Pick<StageContext, 'home' | 'helper'>): Promise<readonly UserErrorData[]>;
  /** While connected: puts back what its slice lists and the system dropped. */
  heal?(ctx: StageContext, record: SliceOf<K>): Promise<readonly UserErrorData[]>;
}

/** A pipeline: stages in order; an inner list runs side by side. */
export type Pipeline = readonly (Stage | readonly Stage[])[];
