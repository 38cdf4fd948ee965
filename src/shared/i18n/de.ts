import { checksDe } from './checks-de';
import { drivesDe } from './drives-de';
import { uiDe } from './ui-de';
import { profileDe } from './profile-de';
import { adminDe } from './admin-de';

/** German message catalogue (the default language). Keys are shared with en.ts. */
export const de = {
  ...profileDe,
  ...adminDe,
  ...checksDe,
  ...drivesDe,
  ...uiDe,
  'app.name': 'HomeOffice Connect',

  'error.internal': 'Interner Fehler: {detail}',
  'secret.fileConsentNeeded':
    'Auf diesem Computer ist kein Schlüsselbund erreichbar (zum Beispiel keine D-Bus-Sitzung), deshalb wurde nichts gespeichert. Ohne Schlüsselbund ließe sich das Büro-Passwort nur unverschlüsselt in einer Datei in {dir} ablegen, die nur Ihr Benutzerkonto lesen kann – wer Zugriff auf Ihr Konto, die Festplatte oder eine Sicherung davon hat, kann es dort lesen.',
  'secret.cli.storeInFileHint':
    'Besser: an der Desktop-Sitzung anmelden (damit der Schlüsselbund läuft) und den Befehl wiederholen. Wenn Sie die Datei möchten: denselben Befehl mit --store-in-file wiederholen.',
  'error.usage': 'Falscher Aufruf: {detail}',
  'error.helper.unreachable':
    'Der HomeOffice-Dienst (Helper) läuft nicht oder ist nicht erreichbar. Bitte Computer neu starten; hilft das nicht, den IT-Service anrufen.',
  'error.helper.denied':
    'Sie dürfen den HomeOffice-Dienst nicht benutzen (Benutzer nicht in der Gruppe „{group}“). Bitte den IT-Service anrufen.',
  'error.helper.protocol': 'Der HomeOffice-Dienst hat unerwartet geantwortet: {detail}',
  'error.helper.badRequest': 'Ungültige Anfrage an den HomeOffice-Dienst: {detail}',
  'error.helper.busy': 'Der HomeOffice-Dienst hat gerade zu viele offene Verbindungen ({limit}). Bitte kurz warten und erneut versuchen.',
  'error.tunnel.upFailed': 'Der VPN-Tunnel konnte nicht aufgebaut werden. Bitte erneut verbinden; hilft das nicht, den IT-Service anrufen.',
  'error.tunnel.downFailed': 'Der VPN-Tunnel konnte nicht sauber abgebaut werden. Bitte erneut trennen oder den Computer neu starten.',
  'error.helper.notPinned':
    'Auf diesem Computer ist noch kein Firmenschlüssel hinterlegt. Importieren Sie das Profil von {org} zuerst (in der App oder mit „hoc profile import DATEI“) und vergleichen Sie dabei den Fingerabdruck {fingerprint} mit Ihrem IT-Service.',
  'error.helper.otherCompanyPinned':
    'Dieser Computer ist bereits einer anderen Firma zugeordnet. Den Schlüssel von {org} ({fingerprint}) kann nur ein Administrator erlauben: „hoc-helper pin --profile DATEI“.',
  'error.helper.pinMismatch':
    'Das Profil von {org} ist mit einem anderen Schlüssel ({fingerprint}) signiert als dem auf diesem Computer hinterlegten ({pinned}). Bitte rufen Sie Ihren IT-Service an; den Schlüssel wechseln kann nur ein Administrator („hoc-helper unpin {org}“).',
  'error.helper.serialOlder':
    'Das Profil von {org} (Stand {serial}) ist älter als das installierte (Stand {current}) und wird nicht installiert.',
  'error.helper.notInstalled':
    'Das Profil von {org} ist im HomeOffice-Dienst nicht installiert. Bitte importieren Sie es erneut (in der App oder mit „hoc profile import DATEI“).',
  'error.helper.profileTooLarge': 'Das Profil ist zu groß für den HomeOffice-Dienst (höchstens {max} Zeichen Inhalt).',
  'error.tunnel.busy': 'Ein anderer Verbindungsvorgang läuft gerade. Bitte kurz warten und erneut versuchen.',
  'error.tunnel.ownedByOther': 'Der Tunnel wurde von einem anderen Benutzer aufgebaut und kann nur von diesem getrennt werden.',
  'error.tunnel.noHandshake':
    'Der Tunnel ist eingerichtet, aber das Büro antwortet nicht (kein Handshake). Internetverbindung prüfen; sonst den IT-Service anrufen.',
  'error.dns.failed': 'Die Firmen-Namen ({name}) lassen sich noch nicht auflösen. Bitte kurz warten und erneut verbinden.',
  'error.session.notConnected': 'Es besteht keine Verbindung.',
  'error.profile.read': 'Die Profildatei {file} kann nicht gelesen werden: {detail}',
  'error.profile.notFound': 'Kein Firmenprofil gefunden. Bitte zuerst ein Profil importieren.',

  'step.profile': 'Profil prüfen',
  'step.tunnel': 'VPN-Tunnel aufbauen',
  'step.dns': 'Firmen-Namen auflösen',
  'step.services': 'Dienste im Büro prüfen',
  'step.drives': 'Netzlaufwerke verbinden',
  'step.printers': 'Drucker einrichten',
  'step.ready': 'Verbunden',
  'step.office': 'Im Büro – direkt verbunden mit {org} (ohne VPN-Tunnel)',
  'step.tunnel.office': 'Im Büro: der Schlüssel des Büro-Servers ist bestätigt, kein VPN-Tunnel nötig',
  'status.office': 'Im Büro – direkt verbunden mit {org} (kein VPN-Tunnel)',
  'status.place.office': 'Ort: im Büro (Büro-Server mit dem Schlüssel aus dem Profil erreicht, ohne Tunnel)',
  'status.place.home': 'Ort: außerhalb des Büros',
  'step.disconnect.tunnel': 'VPN-Tunnel abbauen',
  'step.disconnect.done': 'Getrennt',
  'step.state.running': 'läuft',
  'step.state.ok': 'ok',
  'step.state.failed': 'fehlgeschlagen',
  'step.state.skipped': 'übersprungen',

  'status.connected': 'Verbunden mit {org}',
  'status.disconnected': 'Nicht verbunden',
  'status.handshake': 'Letzter Handshake vor {seconds} s',
  'status.noHandshake': 'Noch kein Handshake',
  'status.traffic': 'Empfangen {rx}, gesendet {tx}',
  'status.endpoint': 'Gegenstelle {endpoint}',
} as const;

export type MessageKey = keyof typeof de;
