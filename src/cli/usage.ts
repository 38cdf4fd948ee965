/** The text of `hoc --help`, in both languages. */
import type { Lang } from '../shared/i18n';

const de = `HomeOffice Connect – Kommandozeile

Aufruf: hoc BEFEHL [OPTIONEN] [--lang de|en]

Verbindung:
  connect [--profile DATEI]   Tunnel aufbauen, Namen und Dienste prüfen (Fortschritt je Schritt)
  status [--json]             Verbindungsstatus: Handshake, Datenmenge, Gegenstelle
  disconnect                  Alles abbauen, was connect eingerichtet hat
  check [--json]              Dienste im Büro prüfen: Urteil, nächster Schritt, wen anrufen
  doctor --out DATEI.zip      Diagnosepaket für den IT-Service (ohne Schlüssel und Passwörter)

Laufwerke und Drucker:
  account set --user NAME --domain DOM --password-stdin [--store-in-file]
                                                          Büro-Anmeldung im Schlüsselbund speichern
    --store-in-file  nur ohne Schlüsselbund (z. B. keine D-Bus-Sitzung): das Büro-Passwort
                     unverschlüsselt in einer Datei ablegen, die nur Ihr Konto lesen kann.
                     Ohne diese Option wird dann nichts gespeichert (Rückgabewert 6).
  account show | forget
  drives list | connect | heal | disconnect               Netzlaufwerke (P: wie im Büro)
  printers list | test-page NAME                          Drucker und Plotter, Testseite

Profile:
  profile check DATEI [--json]   Profil prüfen, ohne es zu importieren
  profile import DATEI [--yes]   Profil importieren (zeigt Firma und Fingerabdruck); die
                                 VPN-Schlüssel verwahrt danach der HomeOffice-Dienst
  profile list | remove ID

Für den IT-Dienstleister (im Organisationsordner, --org-dir DIR):
  admin init | add-user NAME --role ROLLE [--push] | add-users DATEI.csv [--push]
  admin renew NAME [--new-key] | revoke NAME | sign PAYLOAD.json --out DATEI | from-wg DATEI.conf
  admin opnsense setup --url URL --credentials apikey.txt | opnsense push [--dry-run] | opnsense status

Umgebung:
  HOC_HOME            Ordner für Zustand und Profile (sonst der App-Datenordner des Systems)
  HOC_HELPER_SOCKET   Socket des HomeOffice-Dienstes (Helper)
  HOC_LANG            Sprache (de oder en)

Rückgabewerte:
  0  alles in Ordnung
  1  Fehler bei der Ausführung (Tunnel, Netz)
  2  ungültige Eingabe (Aufruf oder Profil abgelehnt)
  3  verbunden, aber ein Dienst oder Schritt ist fehlgeschlagen
  4  HomeOffice-Dienst (Helper) nicht erreichbar oder Zugriff verweigert
  5  check: nicht mit dem Büro verbunden, nichts geprüft
  6  kein Schlüsselbund: nichts gespeichert (mit --store-in-file in eine Datei)`;

const en = `HomeOffice Connect – command line

Usage: hoc COMMAND [OPTIONS] [--lang de|en]

Connection:
  connect [--profile FILE]    bring the tunnel up, check names and services (a line per step)
  status [--json]             connection status: handshake, traffic, peer
  disconnect                  undo everything connect set up
  check [--json]              check the office services: verdict, next step, whom to call
  doctor --out FILE.zip       diagnostics package for IT support (no keys or passwords)

Drives and printers:
  account set --user NAME --domain DOM --password-stdin [--store-in-file]
                                                          keep the office sign-in in the keychain
    --store-in-file  only without a keychain (e.g. no D-Bus session): keep the office password
                     unencrypted in a file only your account can read. Without it nothing
                     is stored then (exit code 6).
  account show | forget
  drives list | connect | heal | disconnect               network drives (P: as in the office)
  printers list | test-page NAME                          printers and plotters, test page

Profiles:
  profile check FILE [--json]    validate a profile without importing it
  profile import FILE [--yes]    import a profile (shows company and fingerprint); the
                                 HomeOffice service keeps its VPN keys afterwards
  profile list | remove ID

For the IT provider (in the organisation folder, --org-dir DIR):
  admin init | add-user NAME --role ROLE [--push] | add-users FILE.csv [--push]
  admin renew NAME [--new-key] | revoke NAME | sign PAYLOAD.json --out FILE | from-wg FILE.conf
  admin opnsense setup --url URL --credentials apikey.txt | opnsense push [--dry-run] | opnsense status

Environment:
  HOC_HOME            folder for state and profiles (default: the OS's app-data folder)
  HOC_HELPER_SOCKET   socket of the HomeOffice service (helper)
  HOC_LANG            language (de or en)

Exit codes:
  0  all good
  1  run-time failure (tunnel, network)
  2  invalid input (usage, or profile refused)
  3  connected, but a service or step failed (degraded)
  4  HomeOffice service (helper) unreachable or access denied
  5  check: not connected to the office, nothing checked
  6  no keychain: nothing stored (use --store-in-file for a file)`;

/** The help text in the given language. */
export function usage(lang: Lang): string {
  return lang === 'de' ? de : en;
}
