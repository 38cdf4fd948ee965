/** Plain views of core data for the UI: profiles and import previews, never a key. */
import type { ImportPreview, ProfileView } from '../../shared/ipc';
import type { StoredProfile } from '../../shared/profile/types';
import type { ImportPlan, ProfileSummary } from '../profile';
import { supportView } from './support-links';

/** The profile as the UI shows it. */
export function profileView(profile: StoredProfile, fingerprint: string): ProfileView {
  return {
    orgId: profile.org.id,
    orgName: profile.org.name,
    domain: profile.org.domain,
    userName: profile.user.name,
    userRole: profile.user.role,
    fingerprint,
    serial: profile.serial,
    expiresAt: profile.expiresAt,
    support: supportView(profile.support),
    services: profile.services.map((s) => ({ id: s.id, label: s.label, kind: s.kind })),
    drives: profile.drives.map((d) => ({ letter: d.letter, label: d.label, share: d.share })),
    printers: profile.printers.map((p) => ({ name: p.name, label: p.label })),
  };
}

/** What is known of a profile that cannot be loaded (expired, key missing): the summary only. */
export function summaryView(s: ProfileSummary): ProfileView {
  return {
    orgId: s.orgId,
    orgName: s.orgName,
    domain: '',
    userName: s.userName,
    userRole: '',
    fingerprint: s.fingerprint,
    serial: s.serial,
    expiresAt: s.expiresAt,
    support: { name: '', phone: '', email: '', hours: '', telHref: null, mailtoHref: null },
    services: [],
    drives: [],
    printers: [],
  };
}

/** The preview of a verified profile before the user confirms it. */
export function importPreview(token: string, fileName: string, profile: StoredProfile, fingerprint: string, plan: ImportPlan): ImportPreview {
  return {
    token,
    fileName,
    orgName: profile.org.name,
    domain: profile.org.domain,
    userName: profile.user.name,
    userRole: profile.user.role,
    support: supportView(profile.support),
    fingerprint,
    serial: profile.serial,
    expiresAt: profile.expiresAt,
    plan: plan.kind,
    currentSerial: plan.kind === 'update' ? plan.currentSerial : null,
    counts: { services: profile.services.length, drives: profile.drives.length, printers: profile.printers.length },
  };
}

/** A file name fit to show: last path part, no control characters, bounded. */
export function displayFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return clean.length > 120 ? `${clean.slice(0, 117)}…` : clean || 'profile';
}
