/** German messages of profile import and validation. */
export const profileDe = {
  // Envelope and signature
  'profile.file.tooLarge': 'Die Profildatei ist zu groß ({size} Bytes, höchstens {max}). Das ist kein Firmenprofil.',
  'profile.envelope.notJson': 'Die Datei ist kein Firmenprofil (kein gültiges JSON).',
  'profile.envelope.format': 'Die Datei ist kein Firmenprofil von HomeOffice Connect.',
  'profile.envelope.version':
    'Dieses Profil hat das Format Version {version}; diese App kennt nur Version 1. Bitte HomeOffice Connect aktualisieren.',
  'profile.envelope.base64': 'Das Profil ist beschädigt: „{field}“ ist nicht korrekt kodiert (Base64).',
  'profile.envelope.orgKey': 'Das Profil ist beschädigt: der Firmenschlüssel hat nicht die richtige Länge.',
  'profile.envelope.signatureLength': 'Das Profil ist beschädigt: die Unterschrift hat nicht die richtige Länge.',
  'profile.signature.invalid':
    'Die Unterschrift des Profils stimmt nicht. Die Datei wurde verändert oder beschädigt. Bitte beim IT-Service ein neues Profil anfordern.',
  'profile.payload.encoding': 'Der Inhalt des Profils ist kein gültiger UTF-8-Text.',
  'profile.payload.notJson': 'Der Inhalt des Profils ist kein gültiges JSON.',

  // Structure
  'profile.field.unknown': 'Das Profil enthält ein unbekanntes Feld {path}.',
  'profile.field.forbidden': 'Das Profil enthält den verbotenen Schlüssel „{key}“ ({path}).',
  'profile.field.missing': 'Im Profil fehlt das Feld {path}.',
  'profile.field.notObject': 'Im Profil ist {path} kein Objekt.',
  'profile.field.notArray': 'Im Profil ist {path} keine Liste.',
  'profile.field.notString': 'Im Profil ist {path} kein Text.',
  'profile.field.notInteger': 'Im Profil ist {path} keine ganze Zahl.',
  'profile.text.control': 'Im Profil enthält {path} unerlaubte Steuerzeichen.',
  'profile.text.tooLong': 'Im Profil ist {path} zu lang (höchstens {max} Zeichen).',
  'profile.text.empty': 'Im Profil ist {path} leer.',
  'profile.list.tooMany': 'Im Profil hat {path} zu viele Einträge (höchstens {max}).',
  'profile.list.tooFew': 'Im Profil hat {path} zu wenige Einträge (mindestens {min}).',

  // Org, dates, people
  'profile.org.id':
    'Die Firmen-ID „{value}“ ist ungültig (nur Kleinbuchstaben, Ziffern und Bindestriche, höchstens 63 Zeichen).',
  'profile.org.domain': 'Die Firmen-Domain „{value}“ ist kein gültiger Domainname mit mindestens zwei Teilen.',
  'profile.serial': 'Die Seriennummer des Profils muss eine ganze Zahl ab 1 sein.',
  'profile.date.invalid': 'Im Profil ist {path} kein gültiges Datum (Format 2026-11-28T08:00:00Z).',
  'profile.expired': 'Dieses Profil ist am {date} abgelaufen. Bitte beim IT-Service ein neues Profil anfordern.',
  'profile.issuedInFuture':
    'Dieses Profil ist auf den {date} datiert, also in der Zukunft. Bitte Datum und Uhrzeit des Computers prüfen.',
  'profile.expiresBeforeIssued': 'Das Ablaufdatum des Profils liegt vor dem Ausstellungsdatum.',
  'profile.support.phone':
    'Die Telefonnummer des IT-Service „{value}“ ist ungültig (erlaubt: Ziffern, Leerzeichen, + - / ( )).',
  'profile.support.email': 'Die E-Mail-Adresse des IT-Service „{value}“ ist ungültig.',

  // Tunnel
  'profile.key.invalid': 'Im Profil ist {path} kein gültiger WireGuard-Schlüssel (Base64, 32 Bytes).',
  'profile.tunnel.address': 'Die Tunnel-Adresse „{value}“ ist ungültig (Adresse/Präfix).',
  'profile.tunnel.addressTooBroad': 'Die Tunnel-Adresse „{value}“ umfasst einen zu großen Bereich.',
  'profile.tunnel.endpoint': 'Die Büro-Adresse (Endpoint) „{value}“ ist ungültig (Name:Port).',
  'profile.tunnel.allowedIP': 'Der Büro-Adressbereich „{value}“ ist ungültig (Adresse/Präfix).',
  'profile.tunnel.defaultRoute':
    'Das Profil würde den gesamten Internetverkehr ({value}) durch das Büro leiten. Das ist nicht erlaubt.',
  'profile.tunnel.routeTooBroad':
    'Der Büro-Adressbereich {value} ist zu groß und würde Internetverkehr durch das Büro leiten. Das ist nicht erlaubt.',
  'profile.tunnel.addressSpecial':
    'Die Tunnel-Adresse „{value}“ ist eine lokale oder besondere Adresse (Loopback, Link-Local, Multicast oder unbestimmt). Das ist nicht erlaubt.',
  'profile.tunnel.routeSpecial':
    'Der Büro-Adressbereich {value} enthält lokale oder besondere Adressen (Loopback, Link-Local, Multicast oder unbestimmt). Das ist nicht erlaubt.',
  'profile.tunnel.endpointLocal':
    'Die Büro-Adresse (Endpoint) „{value}“ zeigt auf diesen Computer oder eine besondere Adresse. Das ist nicht erlaubt.',
  'profile.dns.serverSpecial':
    'Der DNS-Server {value} ist eine lokale oder besondere Adresse (Loopback, Link-Local, Multicast oder unbestimmt). Das ist nicht erlaubt.',
  'profile.tunnel.mtu': 'Die MTU {value} ist ungültig (erlaubt: 1280–1500).',
  'profile.tunnel.keepalive': 'Der Keepalive-Wert {value} ist ungültig (erlaubt: 0–3600 Sekunden).',
  'profile.dns.serverNotIp': 'Der DNS-Server „{value}“ ist keine IP-Adresse.',
  'profile.dns.serverOutside': 'Der DNS-Server {value} liegt nicht im Büronetz des Tunnels.',
  'profile.dns.searchDomain': 'Die Suchdomain „{value}“ gehört nicht zur Firma {domain}.',

  // Services
  'profile.service.id':
    'Die Dienst-ID „{value}“ ist ungültig (Kleinbuchstaben, Ziffern und Bindestriche, höchstens 32 Zeichen).',
  'profile.service.duplicateId': 'Die Dienst-ID „{id}“ kommt mehrfach vor.',
  'profile.service.kind': 'Dienst „{id}“: die Art „{value}“ ist unbekannt.',
  'profile.service.needsHost': 'Dienst „{id}“ (Art {kind}) braucht einen Servernamen (host).',
  'profile.service.needsUrl': 'Dienst „{id}“ (Art {kind}) braucht eine Adresse (url).',
  'profile.service.needsPort': 'Dienst „{id}“ (Art {kind}) braucht einen Port.',
  'profile.service.fieldNotAllowed': 'Dienst „{id}“ (Art {kind}) darf kein Feld „{field}“ haben.',
  'profile.service.host': 'Dienst „{id}“: „{value}“ ist kein gültiger Servername.',
  'profile.service.hostOutside': 'Dienst „{id}“ zeigt auf {host}, das nicht zur Firma {domain} gehört.',
  'profile.service.ipOutside': 'Dienst „{id}“ zeigt auf {host}, das nicht im Büronetz des Tunnels liegt.',
  'profile.service.port': 'Dienst „{id}“: der Port {value} ist ungültig (1–65535).',
  'profile.service.timeout': 'Dienst „{id}“: die Wartezeit {value} ms ist ungültig (100–30000).',
  'profile.url.invalid': 'Im Profil ist {path} keine gültige Adresse: „{value}“.',
  'profile.url.scheme': 'Im Profil ist „{scheme}:“ in {path} nicht erlaubt (erlaubt: {allowed}).',
  'profile.url.userinfo': 'Im Profil enthält die Adresse in {path} Benutzername oder Passwort. Das ist nicht erlaubt.',

  // Drives
  'profile.drive.letter': 'Der Laufwerksbuchstabe „{value}“ ist ungültig (ein Großbuchstabe D–Z).',
  'profile.drive.duplicateLetter': 'Laufwerk {letter}: kommt mehrfach vor.',
  'profile.drive.share':
    'Laufwerk {letter}: die Freigabe „{value}“ ist ungültig (Form \\\\server\\freigabe, nur Buchstaben, Ziffern, Leerzeichen, - _ . $).',
  'profile.drive.shareDotDot': 'Laufwerk {letter}: die Freigabe „{value}“ enthält einen „..“-Abschnitt.',
  'profile.drive.hostOutside': 'Laufwerk {letter}: zeigt auf {host}, das nicht zur Firma {domain} gehört.',
  'profile.drive.ipOutside': 'Laufwerk {letter}: zeigt auf {host}, das nicht im Büronetz des Tunnels liegt.',

  // Printers
  'profile.printer.name': 'Der Druckername „{value}“ ist ungültig (Buchstaben, Ziffern, - _ ., am Anfang ein Buchstabe oder eine Ziffer).',
  'profile.printer.duplicateName': 'Der Drucker „{name}“ kommt mehrfach vor.',
  'profile.printer.scheme':
    'Drucker „{name}“: „{scheme}:“ ist nicht erlaubt (erlaubt: ipp://, ipps://, smb://, lpd://, socket://).',
  'profile.printer.uri': 'Drucker „{name}“: die Adresse „{value}“ ist ungültig.',
  'profile.printer.hostOutside': 'Drucker „{name}“ zeigt auf {host}, das nicht zur Firma {domain} gehört.',
  'profile.printer.ipOutside': 'Drucker „{name}“ zeigt auf {host}, das nicht im Büronetz des Tunnels liegt.',
  'profile.office.host': 'Der Büro-Nachweis zeigt auf „{value}“, das nicht zur Firma {domain} oder ins Büronetz gehört.',
  'profile.office.port': 'Der Büro-Nachweis hat keinen gültigen Port (1–65535).',
  'profile.office.spki': 'Der Büro-Nachweis hat keinen gültigen Schlüssel-Fingerabdruck (sha256/…).',

  // Store
  'profile.store.keyChanged':
    'Dieses Profil für „{org}“ ist mit einem anderen Firmenschlüssel unterschrieben (Fingerabdruck {fingerprint}, gespeichert: {pinned}). Es wird nicht übernommen. Bitte den IT-Service anrufen.',
  'profile.store.notNewer':
    'Dieses Profil für „{org}“ ist nicht neuer als das vorhandene (Seriennummer {serial}, vorhanden: {current}). Es wird nicht übernommen.',
  'profile.store.notFound': 'Es gibt kein importiertes Profil „{id}“.',
  'profile.store.earlierVersion':
    'Das Profil „{id}“ wurde mit einer früheren Version von HomeOffice Connect importiert. Bitte importieren Sie dieselbe Profildatei einmal erneut (in der App oder mit „hoc profile import DATEI“); die VPN-Schlüssel verwahrt danach der HomeOffice-Dienst.',
  'profile.store.corrupt': 'Das gespeicherte Profil „{id}“ ist beschädigt. Bitte entfernen und neu importieren.',
  'profile.store.secretMissing':
    'Der Schlüssel zum Profil „{id}“ fehlt im geschützten Speicher. Bitte das Profil neu importieren.',
  'profile.store.secretFailed': 'Der Schlüssel konnte nicht sicher gespeichert werden: {detail}',
  'profile.store.write': 'Das Profil konnte nicht gespeichert werden: {detail}',

  // CLI: profile
  'profile.cli.usage':
    'Aufruf: hoc profile check DATEI [--json] [--lang de|en] | import DATEI [--yes] | list | remove ID',
  'profile.cli.refused': 'Profil abgelehnt: {message}',
  'profile.cli.valid': 'Profil gültig.',
  'profile.cli.org': 'Firma:          {name} ({id}, {domain})',
  'profile.cli.user': 'Mitarbeiter:    {name} ({role})',
  'profile.cli.support': 'IT-Service:     {name}, {phone}, {email} ({hours})',
  'profile.cli.fingerprint': 'Fingerabdruck:  {fingerprint}',
  'profile.cli.serial': 'Seriennummer:   {serial}, gültig bis {expires}',
  'profile.cli.services': 'Dienste ({count}):',
  'profile.cli.drives': 'Laufwerke ({count}):',
  'profile.cli.printers': 'Drucker ({count}):',
  'profile.cli.none': '  (keine)',
  'profile.cli.compare': 'Vergleichen Sie den Fingerabdruck mit dem, den Ihnen der IT-Service nennt.',
  'profile.cli.firstImport': 'Erster Import für diese Firma: der Firmenschlüssel wird danach fest gespeichert.',
  'profile.cli.update': 'Aktualisierung: Seriennummer {current} → {serial}, gleicher Firmenschlüssel.',
  'profile.cli.confirm': 'Profil importieren?',
  'profile.cli.aborted': 'Import abgebrochen.',
  'profile.cli.imported': 'Profil „{org}“ importiert.',
  'profile.cli.keyInHelper':
    'Die Tunnel-Schlüssel liegen jetzt im HomeOffice-Dienst, lesbar nur für Administratoren; in Ihrem Benutzerordner bleibt kein Schlüssel.',
  'profile.cli.machinePinned': 'Der Firmenschlüssel {fingerprint} ist jetzt für diesen Computer hinterlegt; einen anderen kann nur ein Administrator erlauben.',
  'profile.cli.listEmpty': 'Keine Profile importiert.',
  'profile.cli.listLine': '{marker} {id}  {name}  {user}  Serie {serial}  gültig bis {expires}  {fingerprint}',
  'profile.cli.listExpired': '(abgelaufen)',
  'profile.cli.removed': 'Profil „{id}“ und sein Schlüssel wurden entfernt.',

  // Admin tools (hoc admin)
  'admin.cli.usage':
    'Aufruf: hoc admin [--org-dir DIR] init --org-id ID --org-name NAME --domain DOMAIN --endpoint HOST:PORT --server-key KEY --allowed-ips CIDR[,…] [--dns IP[,…]] [--address-pool CIDR] --support-name … --support-phone … --support-email … --support-hours … | add-user NAME --role ROLLE [--lang de|en] [--validity-days N] [--push] [--show-secrets] | add-users DATEI.csv [--push] [--show-secrets] | renew NAME [--new-key] [--validity-days N] [--push] | revoke NAME [--push] | opnsense setup --url URL --credentials apikey.txt [--ca DATEI] [--instance NAME] | opnsense push [--name NAME | --all] [--dry-run] | opnsense status | sign PAYLOAD.json --out DATEI | from-wg DATEI.conf --name NAME --role ROLLE [--out PAYLOAD.json] | office --host HOST [--port N] (--spki sha256/… | --fetch)',
  'admin.orgDir.missing': 'Im Ordner {dir} ist keine Organisation eingerichtet (org.json fehlt). Zuerst „hoc admin init“ ausführen.',
  'admin.orgDir.exists': 'Im Ordner {dir} ist bereits eine Organisation eingerichtet ({file}). Es wird nichts überschrieben.',
  'admin.template.invalid': 'Die Vorlage org.json ist fehlerhaft: {detail}',
  'admin.book.invalid': 'Das Adressbuch address-book.json ist fehlerhaft: {detail}',
  'admin.key.invalid': 'Der Signaturschlüssel {file} ist kein Ed25519-Schlüssel oder unlesbar.',
  'admin.key.permissions':
    'Der Signaturschlüssel {file} ist für andere lesbar (Rechte {mode}). Bitte „chmod 600 {file}“ ausführen.',
  'admin.role.unknown': 'Die Rolle „{role}“ gibt es in org.json nicht (vorhanden: {roles}).',
  'admin.role.entry': 'Die Rolle „{role}“ verweist auf „{entry}“, das in org.json nicht definiert ist.',
  'admin.user.exists': 'Es gibt bereits einen Mitarbeiter „{name}“ (Datei {file}).',
  'admin.user.name': 'Der Name „{name}“ ist ungültig (1–80 Zeichen, keine Steuerzeichen).',
  'admin.pool.full': 'Im Adressbereich {pool} ist keine Tunnel-Adresse mehr frei.',
  'admin.pool.invalid': 'Der Adressbereich „{pool}“ ist ungültig (IPv4, z. B. 10.99.0.0/24).',
  'admin.arg.invalid': 'Ungültiger Wert für {option}: {value}',
  'admin.file.read': 'Die Datei {file} kann nicht gelesen werden: {detail}',
  'admin.file.write': 'Die Datei {file} kann nicht geschrieben werden: {detail}',
  'admin.wg.scripts':
    '{file}, Zeile {line}: „{key}“ wird abgelehnt. Solche Einträge führen Befehle mit Administratorrechten auf dem Rechner des Mitarbeiters aus; HomeOffice Connect führt nie Befehle aus einem Profil aus.',
  'admin.wg.saveConfig':
    '{file}, Zeile {line}: „SaveConfig“ wird abgelehnt. Es würde den laufenden Zustand in die Konfiguration zurückschreiben; die App erzeugt ihre Konfiguration selbst.',
  'admin.wg.table':
    '{file}, Zeile {line}: „Table“ wird abgelehnt. Es verändert die Routing-Tabellen des Rechners; die App leitet nur die Büro-Adressbereiche (AllowedIPs) in den Tunnel.',
  'admin.wg.fwMark':
    '{file}, Zeile {line}: „FwMark“ wird abgelehnt. Es markiert Pakete für eigenes Policy-Routing; das unterstützt die App nicht, ihr Routing ist fest vorgegeben.',
  'admin.wg.unknownKey': '{file}, Zeile {line}: der Eintrag „{key}“ ist unbekannt.',
  'admin.wg.syntax': '{file}, Zeile {line}: diese Zeile ist keine WireGuard-Konfiguration.',
  'admin.wg.missing': '{file}, Zeile {line}: der Eintrag „{key}“ fehlt in diesem Abschnitt.',
  'admin.cli.initDone': 'Organisation „{org}“ eingerichtet in {dir}.',
  'admin.cli.keyWritten': 'Signaturschlüssel: {file} (nur für Sie lesbar; sicher aufbewahren, niemals weitergeben).',
  'admin.cli.fingerprint': 'Fingerabdruck des Firmenschlüssels: {fingerprint}',
  'admin.cli.editTemplate': 'Jetzt in {file} Dienste, Laufwerke, Drucker und Rollen eintragen, dann „hoc admin add-user“.',
  'admin.cli.profileWritten': 'Profil für {name}: {file} (enthält den privaten Schlüssel – nur an {name} geben).',
  'admin.cli.guideWritten': 'Anleitung zum Ausdrucken: {file}',
  'admin.cli.address': 'Tunnel-Adresse: {address}',
  'admin.cli.peerBlock': 'Für die Firewall – [Peer]-Abschnitt (WireGuard):',
  'admin.cli.opnsense': 'OPNsense: VPN → WireGuard → Peers → „+“:',
  'admin.cli.opnsenseEmpty': '(leer lassen)',
  'admin.cli.opnsenseInstance': 'Ihre WireGuard-Instanz (Server) auswählen',
  'admin.cli.opnsenseApply': 'Danach „Apply“ klicken.',
  'admin.cli.signed': 'Signiertes Profil geschrieben: {file}',
  'admin.cli.officeSet': 'Büro-Nachweis eingetragen: {host}:{port}, Schlüssel {spki}',
  'admin.cli.officeSubject': 'Zertifikat des Hosts: {subject} – bitte mit dem Gerät im Büro vergleichen.',
  'admin.cli.officeNext': 'Ab jetzt tragen neue und erneuerte Profile den Nachweis; im Büro verbinden die Rechner dann ohne Tunnel.',
  'admin.office.needsPin': 'Für den Büro-Nachweis fehlt der Schlüssel: --spki sha256/… angeben oder mit --fetch im Büro abholen.',
  'admin.office.unreachable': 'Der Büro-Host {host}:{port} war nicht erreichbar ({detail}). Im Büro oder mit Tunnel erneut versuchen.',
  'admin.office.noCertificate': 'Der Büro-Host {host}:{port} hat kein Zertifikat gezeigt.',
  'admin.cli.payloadWritten': 'Payload geschrieben: {file} (enthält den privaten Schlüssel). Prüfen, dann: hoc admin sign {file} --out {profile}',

  // The one-page guide for the employee (HTML, printable)
  'admin.guide.title': 'HomeOffice Connect – Ihre Anleitung',
  'admin.guide.for': 'für {name}, {org}',
  'admin.guide.install.title': '1. Installieren',
  'admin.guide.install.text':
    'Installieren Sie HomeOffice Connect mit dem Installationsprogramm, das Sie vom IT-Service erhalten haben (Windows: Doppelklick und „Ja“ bei der Sicherheitsfrage; Mac: Programm in den Ordner „Programme“ ziehen).',
  'admin.guide.import.title': '2. Profil importieren',
  'admin.guide.import.text':
    'Öffnen Sie die Datei „{file}“ mit einem Doppelklick oder ziehen Sie sie in das Fenster von HomeOffice Connect. Die App zeigt den Namen der Firma und den Fingerabdruck des Firmenschlüssels. Er muss genau so lauten:',
  'admin.guide.import.warn':
    'Weicht der Fingerabdruck ab, importieren Sie das Profil nicht und rufen Sie den IT-Service an. Geben Sie die Profildatei niemandem weiter.',
  'admin.guide.connect.title': '3. Verbinden',
  'admin.guide.connect.text':
    'Klicken Sie auf „Verbinden“. Nach wenigen Sekunden arbeiten Sie wie am Schreibtisch im Büro. Zum Beenden klicken Sie auf „Trennen“.',
  'admin.guide.checks.title': '4. Was die Prüfungen bedeuten',
  'admin.guide.checks.tunnel': 'VPN-Tunnel: die verschlüsselte Verbindung ins Büro. Schlägt sie fehl, zuerst die Internetverbindung prüfen.',
  'admin.guide.checks.dns': 'Firmen-Namen: Ihr Rechner findet die Server im Büro unter ihren Namen.',
  'admin.guide.checks.services': 'Dienste im Büro: die App prüft, ob jeder Dienst antwortet:',
  'admin.guide.checks.drives': 'Netzlaufwerke: diese Laufwerke werden verbunden:',
  'admin.guide.checks.printers': 'Drucker: diese Drucker werden eingerichtet:',
  'admin.guide.checks.none': 'keine',
  'admin.guide.checks.hint':
    'Ein rotes Kreuz zeigt, was nicht geht, und warum. Lesen Sie dem IT-Service diese Zeile vor.',
  'admin.guide.call.title': '5. Wen Sie anrufen',
  'admin.guide.call.phone': 'Telefon',
  'admin.guide.call.email': 'E-Mail',
  'admin.guide.call.hours': 'Erreichbar',
} as const;
