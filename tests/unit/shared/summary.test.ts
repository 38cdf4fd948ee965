/** The dashboard's summary line: what is ready, or the first service that does not answer and whom to call. */
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/shared/i18n';
import { dashboardSummary } from '../../../src/shared/summary';
import { PROFILE, sessionSnapshot } from '../../renderer/fake-ipc';

const line = (s: ReturnType<typeof dashboardSummary>, lang: 'de' | 'en' = 'de') => (s ? t(lang, s.key, s.params) : null);

describe('dashboard summary line', () => {
  it('names the drive and the plotter when everything is ready', () => {
    expect(line(dashboardSummary(sessionSnapshot({ phase: 'ready' }), PROFILE, 'und'))).toBe('Alles bereit: P: Projekte und Plotter (DesignJet) verbunden');
    const two = { ...PROFILE, drives: [...PROFILE.drives, { letter: 'Q', label: 'Pläne', share: '\\\\fs.buero.local\\Pläne' }] };
    expect(line(dashboardSummary(sessionSnapshot({ phase: 'ready' }), two, 'and'), 'en')).toBe('All set: P: Projekte, Q: Pläne and Plotter (DesignJet) connected');
  });

  it('leads with the service that does not answer and the support phone', () => {
    const failed = { id: 'files', kind: 'smb', label: 'Dateiserver', status: 'fail', latencyMs: 3000, message: { code: 'check.common.timeout', params: {} }, nextStep: { code: 'check.next.callSupport', params: {} } } as const;
    const s = dashboardSummary(sessionSnapshot({ phase: 'degraded', checks: [failed as never] }), PROFILE, 'und');
    expect(line(s)).toBe('Dateiserver antwortet nicht – IT-Service: +49 621 1234567');
  });

  it('says nothing while idle or connecting', () => {
    expect(dashboardSummary(sessionSnapshot(), PROFILE, 'und')).toBeNull();
    expect(dashboardSummary(sessionSnapshot({ phase: 'connecting' }), PROFILE, 'und')).toBeNull();
  });
});
