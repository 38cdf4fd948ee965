/**
 * The app's root: asks main once for the snapshots, then follows its events
 * (no polling). Screens: import, dashboard, office sign-in, help, settings.
 */
import { useEffect, useState } from 'react';
import { t } from '../shared/i18n';
import type { AppSnapshot, HocApi, SessionSnapshot } from '../shared/ipc';
import { getApi, unwrap } from './api';
import { LangContext } from './i18n';
import { Dashboard } from './screens/Dashboard';
import { Help } from './screens/Help';
import { ImportScreen } from './screens/ImportScreen';
import { Settings } from './screens/Settings';
import { SignIn } from './screens/SignIn';

type Screen = 'dashboard' | 'signin' | 'help' | 'settings';
const SCREENS: readonly Screen[] = ['dashboard', 'signin', 'help', 'settings'];

export function App() {
  const api = getApi();
  if (!api) {
    return (
      <main className="shell">
        <p role="alert">{t('de', 'ui.error.noBridge')}</p>
        <p role="alert" lang="en">
          {t('en', 'ui.error.noBridge')}
        </p>
      </main>
    );
  }
  return <Connected api={api} />;
}

function Connected({ api }: { api: HocApi }) {
  const [app, setApp] = useState<AppSnapshot | null>(null);
  const [session, setSession] = useState<SessionSnapshot | null>(null);
  const [screen, setScreen] = useState<Screen>('dashboard');

  useEffect(() => {
    // Listen first, then ask: nothing that happens in between is lost.
    const offApp = api.app.changed(setApp);
    const offSession = api.session.changed(setSession);
    void unwrap(api.app.snapshot()).then(setApp);
    void unwrap(api.session.snapshot()).then(setSession);
    return () => {
      offApp();
      offSession();
    };
  }, [api]);

  const lang = app?.lang ?? 'de';
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t(lang, 'app.name');
  }, [lang]);

  if (!app || !session) {
    return (
      <main className="shell">
        <p role="status">{t(lang, 'ui.loading')}</p>
      </main>
    );
  }

  const showImport = app.pendingImport !== null || app.profile === null;
  const profile = app.profile;
  let body;
  if (showImport || !profile) body = <ImportScreen api={api} app={app} />;
  else if (screen === 'dashboard') body = <Dashboard api={api} app={app} session={session} profile={profile} />;
  else if (screen === 'signin') body = <SignIn api={api} app={app} />;
  else if (screen === 'help') body = <Help api={api} app={app} />;
  else body = <Settings api={api} app={app} />;

  return (
    <LangContext.Provider value={lang}>
      <div className="shell">
        <header className="topbar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">{t(lang, 'app.name')}</span>
          </div>
          {profile ? <span className="brand-org">{profile.orgName}</span> : null}
        </header>
        {profile && !showImport ? (
          <nav className="tabs" aria-label={t(lang, 'ui.nav.label')}>
            <ul>
              {SCREENS.map((s) => (
                <li key={s}>
                  <button type="button" className="tab" aria-current={screen === s ? 'page' : undefined} onClick={() => setScreen(s)} data-screen={s}>
                    {t(lang, `ui.nav.${s}`)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main className="content" key={showImport ? 'import' : screen}>
          {app.profileError && !showImport ? (
            <div className="notice notice-error" role="alert">
              <p>{t(lang, app.profileError.code, app.profileError.params)}</p>
            </div>
          ) : null}
          {body}
        </main>
      </div>
    </LangContext.Provider>
  );
}
