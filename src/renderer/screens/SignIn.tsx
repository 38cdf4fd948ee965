/** Office sign-in for the drives: user, domain, password → the keychain (through main). */
import { useState, type FormEvent } from 'react';
import type { AppSnapshot, HocApi } from '../../shared/ipc';
import type { UserErrorData } from '../../shared/errors';
import { errorData, unwrap } from '../api';
import { asksForFileStore, ErrorBox, FileStoreQuestion, ScreenTitle } from '../components';
import { useT } from '../i18n';

export function SignIn({ api, app }: { api: HocApi; app: AppSnapshot }) {
  const tr = useT();
  const saved = app.officeSignIn;
  const [user, setUser] = useState(saved?.user ?? '');
  const [domain, setDomain] = useState(saved?.domain ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<UserErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const save = (storeInFile: boolean) => {
    setError(null);
    setBusy(true);
    unwrap(api.office.saveSignIn(storeInFile ? { user, domain, password, storeInFile } : { user, domain, password }))
      .then(() => setPassword(''))
      .catch((err: unknown) => setError(errorData(err)))
      .finally(() => setBusy(false));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save(false);
  };
  const account = saved ? (saved.domain ? `${saved.domain}\\${saved.user}` : saved.user) : '';

  return (
    <section className="screen">
      <ScreenTitle>{tr('ui.signin.title')}</ScreenTitle>
      <p className="lead">{tr('ui.signin.intro')}</p>
      {saved ? (
        <div className="notice notice-ok" role="status" data-testid="signin-saved">
          <p>{tr('ui.signin.saved', { account })}</p>
          <button type="button" className="button button-quiet" onClick={() => void unwrap(api.office.forgetSignIn()).catch((err: unknown) => setError(errorData(err)))}>
            {tr('ui.signin.forget')}
          </button>
        </div>
      ) : null}
      <form className="card form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="signin-user">{tr('ui.signin.user')}</label>
          <input id="signin-user" name="user" autoComplete="username" required value={user} onChange={(e) => setUser(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signin-domain">{tr('ui.signin.domain')}</label>
          <input id="signin-domain" name="domain" aria-describedby="signin-domain-hint" value={domain} onChange={(e) => setDomain(e.target.value)} />
          <p id="signin-domain-hint" className="hint">
            {tr('ui.signin.domainHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="signin-password">{tr('ui.signin.password')}</label>
          <input
            id="signin-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error && asksForFileStore(error) ? (
          <FileStoreQuestion error={error} busy={busy} onAgree={() => save(true)} onDecline={() => setError(null)} />
        ) : error ? (
          <ErrorBox error={error} />
        ) : null}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {tr('ui.signin.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
