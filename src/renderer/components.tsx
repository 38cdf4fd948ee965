/** Small pieces every screen uses. */
import { useEffect, useRef, type ReactNode } from 'react';
import type { UserErrorData } from '../shared/errors';
import type { SupportView } from '../shared/ipc';
import { useT } from './i18n';

/** The screen's heading; takes the focus when the screen opens, so keyboard and screen reader users land on it. */
export function ScreenTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1} className="screen-title">
      {children}
    </h1>
  );
}

/** An error for the user, with the IT service's phone when one is known. */
/** True for the answer "no keychain: nothing stored" — the screen then asks instead of only showing an error. */
export function asksForFileStore(error: UserErrorData | null): boolean {
  return error?.code === 'secret.fileConsentNeeded';
}

/** The no-keychain question: what storing in a file means, and the user's yes or no. */
export function FileStoreQuestion({ error, busy, onAgree, onDecline }: { error: UserErrorData; busy: boolean; onAgree: () => void; onDecline: () => void }) {
  const tr = useT();
  return (
    <div className="notice notice-error" role="alertdialog" aria-labelledby="file-store-question" data-testid="file-store-question">
      <p>{tr.error(error)}</p>
      <p className="notice-title" id="file-store-question">
        {tr('ui.secret.question')}
      </p>
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={onAgree}>
          {tr('ui.secret.storeInFile')}
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={onDecline}>
          {tr('ui.secret.dontStore')}
        </button>
      </div>
    </div>
  );
}

export function ErrorBox({ error, support, onDismiss }: { error: UserErrorData; support?: SupportView | null; onDismiss?: () => void }) {
  const tr = useT();
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{tr('ui.error.title')}</p>
      <p>{tr.error(error)}</p>
      {error.detail ? (
        // The tool's own words are for support, folded away under the plain message.
        <details className="details">
          <summary>{tr('ui.dash.details')}</summary>
          <p className="mono">{error.detail}</p>
        </details>
      ) : null}
      {support?.telHref ? (
        <p>
          <a href={support.telHref}>{tr('ui.dash.callSupport', { phone: support.phone })}</a>
        </p>
      ) : null}
      {onDismiss ? (
        <button type="button" className="button button-quiet" onClick={onDismiss}>
          {tr('ui.dismiss')}
        </button>
      ) : null}
    </div>
  );
}

/** The support contact: phone and mail as links the app built, and the hours. */
export function SupportContact({ support }: { support: SupportView }) {
  const tr = useT();
  return (
    <dl className="facts">
      <dt>{tr('ui.help.contact')}</dt>
      <dd>{support.name}</dd>
      <dt>{tr('ui.help.phone')}</dt>
      <dd>{support.telHref ? <a href={support.telHref}>{support.phone}</a> : support.phone}</dd>
      <dt>{tr('ui.help.email')}</dt>
      <dd>{support.mailtoHref ? <a href={support.mailtoHref}>{support.email}</a> : support.email}</dd>
      <dt>{tr('ui.help.hours')}</dt>
      <dd>{support.hours}</dd>
    </dl>
  );
}
