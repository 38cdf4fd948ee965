/**
 * The profile import screen's state: a file or a dropped file
 * is verified and shown (company, user, support, fingerprint) with a one-time
 * token; only a confirm with that token imports it. A refused profile stays
 * on the screen with its reason.
 */
import { randomBytes } from 'node:crypto';
import { asUserError, UserError } from '../../shared/errors';
import type { ImportPreview, PendingImport } from '../../shared/ipc';
import { importProfile, loadProfileFile, planImport, verifyProfileBytes, type StoreOptions, type VerifiedProfile } from '../profile';
import type { ImportSource } from './import-source';
import { displayFileName, importPreview } from './views';

export interface ImportFlowDeps {
  readonly log: { info(message: string, data?: unknown): void; warn(message: string, data?: unknown): void };
  readonly now: () => Date;
  readonly storeOptions: () => StoreOptions;
  /** The import screen changed: main sends a new app snapshot. */
  readonly changed: () => Promise<void>;
  /** A profile was imported: cached profile views are stale. */
  readonly imported: () => void;
}

export class ImportFlow {
  /** What the import screen shows now. */
  pending: PendingImport | null = null;
  private verified: { token: string; profile: VerifiedProfile } | null = null;

  constructor(private readonly deps: ImportFlowDeps) {}

  /** Shows (or clears) the import screen. */
  async show(pending: PendingImport | null): Promise<void> {
    this.pending = pending;
    if (pending?.kind !== 'preview') this.verified = null;
    await this.deps.changed();
  }

  private async refuse(fileName: string, err: unknown): Promise<never> {
    const e = asUserError(err);
    this.deps.log.warn(`profile refused: ${e.code}`, { fileName, detail: e.detail });
    await this.show({ kind: 'refused', fileName, error: e.toData() });
    throw e;
  }

  private async preview(fileName: string, verify: () => VerifiedProfile | Promise<VerifiedProfile>): Promise<ImportPreview> {
    const name = displayFileName(fileName);
    let verified: VerifiedProfile;
    let plan;
    try {
      verified = await verify();
      plan = await planImport(verified, this.deps.storeOptions());
    } catch (err) {
      return this.refuse(name, err);
    }
    const token = randomBytes(16).toString('hex');
    const preview = importPreview(token, name, verified.profile, verified.fingerprint, plan);
    this.verified = { token, profile: verified };
    this.deps.log.info('profile ready for confirmation', { org: preview.orgName, serial: preview.serial, fingerprint: preview.fingerprint });
    await this.show({ kind: 'preview', preview });
    return preview;
  }

  /** Verifies dropped or chosen bytes and shows them for confirmation. */
  previewBytes(fileName: string, bytes: Uint8Array): Promise<ImportPreview> {
    return this.preview(fileName, () => verifyProfileBytes(bytes, { now: this.deps.now() }));
  }

  /** Opens the import screen for a file or link the OS handed to the app; never imports by itself. */
  async open(source: ImportSource): Promise<void> {
    try {
      switch (source.kind) {
        case 'empty':
          await this.show({ kind: 'choose' });
          return;
        case 'invalid':
          await this.refuse('hoc://', new UserError('ui.import.badLink'));
          return;
        case 'secretLink':
          await this.refuse('hoc://', new UserError('ui.import.linkHasKey'));
          return;
        case 'file':
          await this.preview(source.path, () => loadProfileFile(source.path, { now: this.deps.now() }));
      }
    } catch {
      // Already shown on the import screen.
    }
  }

  /**
   * Imports the profile shown with `token`. The helper keeps the tunnel keys,
   * so an import asks no keychain question.
   */
  async confirm(token: string): Promise<void> {
    const pending = this.verified;
    if (!pending || pending.token !== token) throw new UserError('ui.import.expired');
    const result = await importProfile(pending.profile, this.deps.storeOptions());
    this.deps.log.info('profile imported', { org: result.orgId, plan: result.plan.kind, machinePin: result.machinePin });
    this.verified = null;
    this.pending = null;
    this.deps.imported();
    await this.deps.changed();
  }
}
