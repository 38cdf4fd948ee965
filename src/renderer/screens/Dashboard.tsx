/** Dashboard: one big connect button, the steps as they happen, services, drives, printers, details folded away. */
import { useState } from 'react';
import type { AppSnapshot, HocApi, ProfileView, SessionSnapshot } from '../../shared/ipc';
import type { UserErrorData } from '../../shared/errors';
import { CONNECT_STEPS, isConnected, stepLabelKey } from '../../shared/session';
import { renderCheck } from '../../shared/checks';
import { dashboardSummary } from '../../shared/summary';
import { errorData, unwrap } from '../api';
import { ErrorBox, ScreenTitle } from '../components';
import { formatBytes, formatDate, useT } from '../i18n';
import { expiryWarning } from '../../shared/profile';

const STEP_ICON = { pending: '○', running: '…', ok: '✓', failed: '✕', skipped: '–' } as const;

/** The next step, with the support phone in it as a link the app built. */
function NextStep({ text, phone, telHref }: { text: string; phone: string | undefined; telHref: string | null }) {
  const at = phone && telHref ? text.indexOf(phone) : -1;
  if (!phone || !telHref || at < 0) return <p className="next-step">{text}</p>;
  return (
    <p className="next-step">
      {text.slice(0, at)}
      <a href={telHref}>{phone}</a>
      {text.slice(at + phone.length)}
    </p>
  );
}

export function Dashboard({ api, app, session, profile }: { api: HocApi; app: AppSnapshot; session: SessionSnapshot; profile: ProfileView }) {
  const tr = useT();
  const [error, setError] = useState<UserErrorData | null>(null);
  const [printerNote, setPrinterNote] = useState<{ name: string; error: UserErrorData | null } | null>(null);
  const busy = session.phase === 'connecting' || session.phase === 'disconnecting';
  const connected = isConnected(session) || (session.phase === 'idle' && session.status.state === 'up');
  const org = session.orgName ?? profile.orgName;
  const started = CONNECT_STEPS.some((s) => session.steps[s].state !== 'pending');

  const toggle = () => {
    setError(null);
    void unwrap(connected ? api.session.disconnect() : api.session.connect()).catch((err: unknown) => setError(errorData(err)));
  };
  const testPage = (name: string) => {
    setPrinterNote(null);
    unwrap(api.printers.testPage({ name }))
      .then(() => setPrinterNote({ name, error: null }))
      .catch((err: unknown) => setPrinterNote({ name, error: errorData(err) }));
  };

  const stateText =
    session.phase === 'ready' || session.phase === 'degraded' || session.phase === 'office'
      ? tr(`ui.dash.state.${session.phase}`, { org })
      : session.phase === 'idle' && session.status.state === 'up'
        ? tr('ui.dash.state.ready', { org })
        : tr(`ui.dash.state.${session.phase}`);
  const tone = session.phase === 'ready' || session.phase === 'office' ? 'ok' : session.phase === 'degraded' ? 'warn' : session.phase === 'error' ? 'fail' : busy ? 'busy' : 'off';
  const drivesOk = session.steps.drives.state === 'ok';
  const printersOk = session.steps.printers.state === 'ok';
  const checks = session.checks?.map((c) => renderCheck(c, tr.lang)) ?? null;
  const summary = dashboardSummary(session, profile, tr('ui.summary.and'));
  const expiry = expiryWarning(profile, new Date(), formatDate(tr.lang, profile.expiresAt));

  return (
    <section className="screen">
      <ScreenTitle>{tr('ui.dash.title')}</ScreenTitle>
      <div className={`hero hero-${tone}`}>
        <button
          type="button"
          className={`connect-button connect-${connected ? 'on' : 'off'}`}
          onClick={toggle}
          disabled={busy}
          aria-describedby="connection-state"
          data-testid="connect-button"
        >
          <svg className="connect-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M12 3v9" />
            <path d="M6.3 6.3a8 8 0 1 0 11.4 0" />
          </svg>
          <span>{busy ? tr('ui.loading') : connected ? tr('ui.dash.disconnect') : tr('ui.dash.connect')}</span>
        </button>
        <div className="hero-text">
          <p id="connection-state" className="state" role="status" data-testid="connection-state" data-phase={session.phase}>
            <span className={`dot dot-${tone}`} aria-hidden="true" />
            {stateText}
          </p>
          {summary ? (
            <p className="summary strong" data-testid="summary">
              {tr(summary.key, summary.params)}
            </p>
          ) : null}
          {session.phase === 'idle' && !started ? <p className="muted">{tr('ui.dash.idleHint')}</p> : null}
          {session.health === 'stale' ? <p className="warn-text">{tr('ui.dash.stale')}</p> : null}
          {expiry ? (
            <div className="warn-text" data-testid="expiry-warning">
              <NextStep text={tr(expiry.key, expiry.params)} phone={profile.support.phone} telHref={profile.support.telHref} />
            </div>
          ) : null}
        </div>
      </div>

      {error ? <ErrorBox error={error} support={profile.support} onDismiss={() => setError(null)} /> : null}
      {/* A failed service is explained in its own card below; this box is for everything else. */}
      {session.error && (session.phase === 'error' || session.phase === 'idle' || (session.phase === 'degraded' && !session.checks)) ? (
        <ErrorBox error={session.error} support={profile.support} />
      ) : null}

      {started ? (
        <div className="card">
          <h2>{tr('ui.dash.progress')}</h2>
          <ol className="steps" data-testid="steps">
            {CONNECT_STEPS.map((step) => {
              const v = session.steps[step];
              return (
                <li key={step} className={`step step-${v.state}`} data-step={step} data-state={v.state}>
                  <span className="step-icon" aria-hidden="true">
                    {STEP_ICON[v.state]}
                  </span>
                  <span className="step-label">{tr(stepLabelKey(step))}</span>
                  <span className="step-state">{v.state === 'pending' ? tr('ui.step.pending') : tr(`step.state.${v.state}`)}</span>
                  {v.error ? <span className="step-error">{tr.error(v.error)}</span> : null}
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}

      <div className="card">
        <h2>{tr('ui.dash.services')}</h2>
        {checks ? (
          <ul className="list" data-testid="services">
            {checks.map((c) => (
              <li key={c.id} className={`item check-${c.status}`} data-service={c.id} data-status={c.status}>
                <div className="item-head">
                  <span className="item-title">{c.label}</span>
                  <span className={`badge badge-${c.status}`}>{tr(`ui.check.${c.status}`)}</span>
                </div>
                <p>{c.message}</p>
                {c.status !== 'ok' ? <NextStep text={c.nextStep} phone={c.supportPhone} telHref={profile.support.telHref} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <>
            <p className="muted">{session.steps.services.state === 'skipped' ? tr('ui.dash.servicesNotChecked') : tr('ui.dash.servicesLater')}</p>
            <ul className="list list-compact" data-testid="services">
              {profile.services.map((s) => (
                <li key={s.id} className="item" data-service={s.id}>
                  <span className="item-title">{s.label}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      <div className="columns">
        <div className="card">
          <h2>{tr('ui.dash.drives')}</h2>
          {profile.drives.length === 0 ? <p className="muted">{tr('ui.dash.none')}</p> : null}
          <ul className="list list-compact" data-testid="drives">
            {profile.drives.map((d) => (
              <li key={d.letter} className="item" data-drive={d.letter}>
                <div className="item-head">
                  <span className="item-title">
                    {d.letter}: {d.label}
                  </span>
                  <span className={`badge ${drivesOk ? 'badge-ok' : 'badge-off'}`}>{tr(drivesOk ? 'ui.drive.connected' : 'ui.drive.notConnected')}</span>
                </div>
                <p className="muted mono">{d.share}</p>
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>{tr('ui.dash.printers')}</h2>
          {profile.printers.length === 0 ? <p className="muted">{tr('ui.dash.none')}</p> : null}
          <ul className="list list-compact" data-testid="printers">
            {profile.printers.map((p, i) => (
              <li key={p.name} className="item" data-printer={p.name}>
                <div className="item-head">
                  <span className="item-title" id={`printer-${i}`}>
                    {p.label}
                  </span>
                  <span className={`badge ${printersOk ? 'badge-ok' : 'badge-off'}`}>{tr(printersOk ? 'ui.printer.ready' : 'ui.printer.notReady')}</span>
                </div>
                <button
                  type="button"
                  className="button button-small"
                  disabled={!connected || busy}
                  aria-describedby={`printer-${i}`}
                  onClick={() => testPage(p.name)}
                >
                  {tr('ui.printer.testPage')}
                </button>
                {printerNote?.name === p.name ? (
                  printerNote.error ? (
                    <p className="fail-text" role="alert">
                      {tr.error(printerNote.error)}
                    </p>
                  ) : (
                    <p role="status">{tr('ui.printer.testSent', { printer: p.label })}</p>
                  )
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      </div>

      {session.status.state === 'up' ? (
        <details className="card details">
          <summary>{tr('ui.dash.details')}</summary>
          <dl className="facts">
            <dt>{tr('ui.dash.detail.interface')}</dt>
            <dd className="mono">{session.status.interface}</dd>
            <dt>{tr('ui.dash.detail.addresses')}</dt>
            <dd className="mono">{session.status.addresses.join(', ')}</dd>
            <dt>{tr('ui.dash.detail.endpoint')}</dt>
            <dd className="mono">{session.status.endpoint ?? '–'}</dd>
            <dt>{tr('ui.dash.detail.handshake')}</dt>
            <dd>
              {session.status.latestHandshake
                ? tr('status.handshake', { seconds: Math.max(0, Math.round(Date.now() / 1000 - session.status.latestHandshake)) })
                : tr('status.noHandshake')}
            </dd>
            <dt>{tr('ui.dash.detail.traffic')}</dt>
            <dd>{tr('status.traffic', { rx: formatBytes(session.status.rxBytes), tx: formatBytes(session.status.txBytes) })}</dd>
            <dt>{tr('ui.dash.detail.since')}</dt>
            <dd>{new Date(session.status.since).toLocaleString(app.lang === 'de' ? 'de-DE' : 'en-GB')}</dd>
          </dl>
        </details>
      ) : null}
    </section>
  );
}
