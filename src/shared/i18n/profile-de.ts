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

  // Store
  'profile.store.keyChanged':
    'Dieses Profil für „{org}“ ist mit einem anderen Firmenschlüssel unterschrieben (Fingerabdruck {fingerprint}, gespeichert: {pinned}). Es wird nicht übernommen. Bitte den IT-Service anrufen.',
  'profile.store.notNewer':
    'Dieses Profil für „{org}“ ist nicht neuer als das vorhandene (Seriennummer {serial}, vorhanden: {current}). Es wird nicht übernommen.',
  'profile.store.notFound': 'Es gibt kein importiertes Profil „{id}“.',
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
  'profile.cli.secretKeyring': 'Der private Schlüssel liegt im Schlüsselbund des Systems.',
  'profile.cli.secretFile': 'Der private Schlüssel liegt in {dir} (nur für Sie lesbar); kein Schlüsselbund verfügbar.',
  'profile.cli.listEmpty': 'Keine Profile importiert.',
  'profile.cli.listLine': '{marker} {id}  {name}  {user}  Serie {serial}  gültig bis {expires}  {fingerprint}',
  'profile.cli.listExpired': '(abgelaufen)',
  'profile.cli.removed': 'Profil „{id}“ und sein Schlüssel wurden entfernt.',
} as const;
