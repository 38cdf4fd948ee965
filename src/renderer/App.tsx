import { t, langFromLocale } from '../shared/i18n';

/** The app's root; the full screens arrive with issue #6. */
export function App() {
  const lang = langFromLocale(navigator.language);
  return (
    <main>
      <h1>{t(lang, 'app.name')}</h1>
    </main>
  );
}
