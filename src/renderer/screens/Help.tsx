/** Help: the IT service's phone and mail (links built by main), hours, and the diagnostics package. */
import { useState } from 'react';
import type { AppSnapshot, HocApi } from '../../shared/ipc';
import type { UserErrorData } from '../../shared/errors';
import { errorData, unwrap } from '../api';
import { ErrorBox, ScreenTitle, SupportContact } from '../components';
import { useT } from '../i18n';

export function Help({ api, app }: { api: HocApi; app: AppSnapshot }) {
  const tr = useT();
  const [result, setResult] = useState<{ path: string } | null>(null);
  const [error, setError] = useState<UserErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const profile = app.profile;

  const diagnostics = () => {
    setError(null);
    setResult(null);
    setBusy(true);
    unwrap(api.support.diagnostics())
      .then(setResult)
      .catch((err: unknown) => setError(errorData(err)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="screen">
      <ScreenTitle>{tr('ui.help.title')}</ScreenTitle>
      <p className="lead">{tr('ui.help.intro')}</p>
      {profile && profile.support.name ? (
        <div className="card" data-testid="support">
          <SupportContact support={profile.support} />
        </div>
      ) : (
        <p className="muted">{tr('ui.help.noProfile')}</p>
      )}
      {profile ? (
        <div className="card">
          <h2>{tr('ui.help.fingerprint')}</h2>
          <p className="fingerprint">{profile.fingerprint}</p>
        </div>
      ) : null}
      <div className="card">
        <h2>{tr('ui.help.diagnosticsTitle')}</h2>
        <p>{tr('ui.help.diagnosticsIntro')}</p>
        <div className="actions">
          <button type="button" className="button" disabled={busy} onClick={diagnostics} data-testid="diagnostics">
            {tr('ui.help.diagnostics')}
          </button>
        </div>
        {result ? <p role="status">{tr('ui.help.diagnosticsDone', { path: result.path })}</p> : null}
        {error ? <ErrorBox error={error} onDismiss={() => setError(null)} /> : null}
      </div>
    </section>
  );
}
