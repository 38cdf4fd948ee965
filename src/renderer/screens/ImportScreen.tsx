/** Import: drop or choose a .hocprofile, see company, user, support and key fingerprint, then confirm. */
import { useRef, useState, type DragEvent } from 'react';
import type { AppSnapshot, HocApi } from '../../shared/ipc';
import type { UserErrorData } from '../../shared/errors';
import { PROFILE_LIMITS } from '../../shared/profile/types';
import { errorData, toBase64, unwrap } from '../api';
import { ErrorBox, ScreenTitle, SupportContact } from '../components';
import { formatDate, useT } from '../i18n';

export function ImportScreen({ api, app }: { api: HocApi; app: AppSnapshot }) {
  const tr = useT();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<UserErrorData | null>(null);
  const pending = app.pendingImport;

  const send = async (file: File) => {
    setError(null);
    if (file.size > PROFILE_LIMITS.fileBytes) {
      setError({ code: 'profile.file.tooLarge', params: { size: file.size, max: PROFILE_LIMITS.fileBytes } });
      return;
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // A refusal arrives as the pending import (app.changed); only a malformed request is shown here.
      const r = await api.profile.preview({ fileName: file.name, dataBase64: toBase64(bytes) });
      if (!r.ok && r.error.code === 'error.usage') setError(r.error);
    } catch (err) {
      setError(errorData(err));
    } finally {
      setBusy(false);
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void send(file);
  };
  const run = (work: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    work()
      .catch((err: unknown) => setError(errorData(err)))
      .finally(() => setBusy(false));
  };

  const chooser = (
    <input
        ref={input}
        type="file"
        accept=".hocprofile"
        hidden
        data-testid="profile-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void send(file);
        }}
      />
  );

  if (pending?.kind === 'preview') {
    const p = pending.preview;
    return (
      <section className="screen">
        <ScreenTitle>{tr('ui.import.previewTitle')}</ScreenTitle>
        <div className="card">
          <dl className="facts">
            <dt>{tr('ui.import.company')}</dt>
            <dd className="strong" data-testid="preview-org">{p.orgName}</dd>
            <dt>{tr('ui.import.user')}</dt>
            <dd data-testid="preview-user">{p.userName}</dd>
            <dt>{tr('ui.import.validUntil')}</dt>
            <dd>{formatDate(tr.lang, p.expiresAt)}</dd>
          </dl>
          <p className="muted">{tr('ui.import.contents', p.counts)}</p>
        </div>
        <div className="card">
          <h2>{tr('ui.import.fingerprint')}</h2>
          <p className="fingerprint" data-testid="preview-fingerprint">{p.fingerprint}</p>
          <p>{tr('ui.import.fingerprintHint')}</p>
          <p className="muted">
            {p.plan === 'update' ? tr('ui.import.updateHint', { current: p.currentSerial ?? '', serial: p.serial }) : tr('ui.import.firstHint')}
          </p>
        </div>
        <div className="card">
          <h2>{tr('ui.import.support')}</h2>
          <SupportContact support={p.support} />
        </div>
        {error ? <ErrorBox error={error} /> : null}
        <div className="actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => run(() => unwrap(api.profile.confirm({ token: p.token })))}>
            {tr('ui.import.confirm')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => run(() => unwrap(api.profile.dismiss()))}>
            {tr('ui.import.cancel')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="screen">
      <ScreenTitle>{tr('ui.import.title')}</ScreenTitle>
      <p className="lead">{tr('ui.import.intro')}</p>
      {pending?.kind === 'refused' ? (
        <div className="notice notice-error" role="alert" data-testid="import-refused">
          <p className="notice-title">{tr('ui.import.refusedTitle')}</p>
          <p>{tr.error(pending.error)}</p>
          <p className="muted">{tr('ui.import.refusedFile', { file: pending.fileName })}</p>
        </div>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <div
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        data-testid="dropzone"
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => e.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span className="dropzone-icon" aria-hidden="true">
          ⇩
        </span>
        <p className="dropzone-text">{tr('ui.import.drop')}</p>
        <p className="muted">{tr('ui.import.or')}</p>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => input.current?.click()}>
          {pending?.kind === 'refused' ? tr('ui.import.tryAnother') : tr('ui.import.choose')}
        </button>
        {chooser}
        {busy ? (
          <p role="status" className="muted">
            {tr('ui.import.reading')}
          </p>
        ) : null}
      </div>
      {app.profile && pending ? (
        <div className="actions">
          <button type="button" className="button" onClick={() => run(() => unwrap(api.profile.dismiss()))}>
            {tr('ui.import.cancel')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
