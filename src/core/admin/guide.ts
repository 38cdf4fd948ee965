/** The one-page printable guide an employee gets with their profile (HTML; every value escaped). */
import { t, type Lang } from '../../shared/i18n';
import type { Profile } from '../../shared/profile';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface GuideInput {
  readonly profile: Profile;
  readonly fingerprint: string;
  /** The profile's file name as the employee receives it. */
  readonly fileName: string;
  readonly lang: Lang;
}

/** Renders the guide. Links are built here from validated values only (tel: digits and +, mailto: a plain address). */
export function renderGuide({ profile: p, fingerprint, fileName, lang }: GuideInput): string {
  const e = escapeHtml;
  const m = (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]): string => e(t(lang, key, params));
  const list = (items: readonly string[]): string =>
    items.length ? `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : `<p class="none">${m('admin.guide.checks.none')}</p>`;
  const tel = p.support.phone.replace(/[^0-9+]/g, '');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${m('admin.guide.title')}</title>
<style>
  @page { size: A4; margin: 15mm; }
  body { font-family: system-ui, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.4; max-width: 180mm; margin: 0 auto; color: #111; }
  h1 { font-size: 18pt; margin: 0 0 2mm; }
  h2 { font-size: 12.5pt; margin: 5mm 0 1mm; }
  .for { color: #444; margin: 0 0 4mm; }
  .fingerprint { font-family: ui-monospace, Consolas, monospace; font-size: 15pt; letter-spacing: 0.05em; border: 1px solid #111; padding: 2mm 3mm; display: inline-block; }
  .warn { font-weight: 600; }
  ul { margin: 1mm 0 1mm 6mm; padding: 0; }
  table.call td { padding: 0.5mm 4mm 0.5mm 0; }
  .call a { color: #111; }
  @media print { a { text-decoration: none; } }
</style>
</head>
<body>
<h1>${m('admin.guide.title')}</h1>
<p class="for">${m('admin.guide.for', { name: p.user.name, org: p.org.name })}</p>

<h2>${m('admin.guide.install.title')}</h2>
<p>${m('admin.guide.install.text')}</p>

<h2>${m('admin.guide.import.title')}</h2>
<p>${m('admin.guide.import.text', { file: fileName })}</p>
<p class="fingerprint">${e(fingerprint)}</p>
<p class="warn">${m('admin.guide.import.warn')}</p>

<h2>${m('admin.guide.connect.title')}</h2>
<p>${m('admin.guide.connect.text')}</p>

<h2>${m('admin.guide.checks.title')}</h2>
<ul>
<li>${m('admin.guide.checks.tunnel')}</li>
<li>${m('admin.guide.checks.dns')}</li>
<li>${m('admin.guide.checks.services')}${list(p.services.map((s) => s.label))}</li>
<li>${m('admin.guide.checks.drives')}${list(p.drives.map((d) => `${d.letter}: ${d.label}`))}</li>
<li>${m('admin.guide.checks.printers')}${list(p.printers.map((pr) => pr.label))}</li>
</ul>
<p>${m('admin.guide.checks.hint')}</p>

<h2>${m('admin.guide.call.title')}</h2>
<table class="call">
<tr><td colspan="2"><strong>${e(p.support.name)}</strong></td></tr>
<tr><td>${m('admin.guide.call.phone')}</td><td><a href="tel:${e(tel)}">${e(p.support.phone)}</a></td></tr>
<tr><td>${m('admin.guide.call.email')}</td><td><a href="mailto:${e(p.support.email)}">${e(p.support.email)}</a></td></tr>
<tr><td>${m('admin.guide.call.hours')}</td><td>${e(p.support.hours)}</td></tr>
</table>
</body>
</html>
`;
}
