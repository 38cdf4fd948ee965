/** Settings: auto-connect, language, update or remove the profile, about. */
import { useState } from 'react';
import type { AppSettings, AppSnapshot, HocApi, LanguageSetting } from '../../shared/ipc';
import type { UserErrorData } from '../../shared/errors';
import { errorData, unwrap } from '../api';
import { ErrorBox, ScreenTitle } from '../components';
import { formatDate, useT } from '../i18n';

const LANGS: readonly LanguageSetting[] = ['system', 'de', 'en'];

export function Settings({ api, app }: { api: HocApi; app: AppSnapshot }) {
  const tr = useT();
  const [error, setError] = useState<UserErrorData | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const run = (work: Promise<unknown>) => {
    setError(null);
    work.catch((err: unknown) => setError(errorData(err)));
  };
  const set = (patch: Partial<AppSettings>) => run(unwrap(api.app.setSettings(patch)));
  const profile = app.profile;

  return (
    <section className="screen">
      <ScreenTitle>{tr('ui.settings.title')}</ScreenTitle>
      {error ? <ErrorBox error={error} onDismiss={() => setError(null)} /> : null}
      <div className="card">
        <h2>{tr('ui.settings.start')}</h2>
        <div className="check-field">
          <input id="auto-connect" type="checkbox" checked={app.settings.autoConnect} onChange={(e) => set({ autoConnect: e.target.checked })} />
          <label htmlFor="auto-connect">{tr('ui.settings.autoConnect')}</label>
        </div>
      </div>
      <fieldset className="card">
        <legend>{tr('ui.settings.language')}</legend>
        {LANGS.map((lang) => (
          <div className="check-field" key={lang}>
            <input
              id={`lang-${lang}`}
              type="radio"
              name="language"
              value={lang}
              checked={app.settings.language === lang}
              onChange={() => set({ language: lang })}
            />
            <label htmlFor={`lang-${lang}`} lang={lang === 'system' ? undefined : lang}>
              {lang === 'system'
                ? tr('ui.settings.lang.system', { lang: tr(app.systemLang === 'de' ? 'ui.settings.lang.de' : 'ui.settings.lang.en') })
                : tr(`ui.settings.lang.${lang}`)}
            </label>
          </div>
        ))}
      </fieldset>
      {profile ? (
        <div className="card">
          <h2>{tr('ui.settings.profile')}</h2>
          <dl className="facts">
            <dt>{tr('ui.import.company')}</dt>
            <dd>{profile.orgName}</dd>
            <dt>{tr('ui.import.user')}</dt>
            <dd>{profile.userName}</dd>
            <dt>{tr('ui.settings.serial')}</dt>
            <dd>{profile.serial}</dd>
            <dt>{tr('ui.import.validUntil')}</dt>
            <dd>{formatDate(tr.lang, profile.expiresAt)}</dd>
            <dt>{tr('ui.settings.fingerprint')}</dt>
            <dd className="mono">{profile.fingerprint}</dd>
          </dl>
          {confirmRemove ? (
            <div className="notice notice-warn" role="alert">
              <p>{tr('ui.settings.removeConfirm')}</p>
              <div className="actions">
                <button type="button" className="button button-danger" onClick={() => run(unwrap(api.profile.remove()).then(() => setConfirmRemove(false)))}>
                  {tr('ui.settings.removeYes')}
                </button>
                <button type="button" className="button" onClick={() => setConfirmRemove(false)}>
                  {tr('ui.import.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="actions">
              <button type="button" className="button" onClick={() => run(unwrap(api.profile.choose()))}>
                {tr('ui.settings.update')}
              </button>
              <button type="button" className="button button-quiet-danger" onClick={() => setConfirmRemove(true)}>
                {tr('ui.settings.remove')}
              </button>
            </div>
          )}
        </div>
      ) : null}
      <div className="card">
        <h2>{tr('ui.settings.about')}</h2>
        <p>
          {tr('app.name')} · {tr('ui.settings.version', { version: app.version })}
        </p>
      </div>
    </section>
  );
}
