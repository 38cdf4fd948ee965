/** German messages of the office service checks (`hoc check`, the services step). */
export const checksDe = {
  // What to do next.
  'check.next.none': 'Nichts zu tun.',
  'check.next.callSupport': 'Bitte den IT-Service anrufen: {phone}.',
  'check.next.tellSupport': 'Es funktioniert, aber bitte dem IT-Service Bescheid geben: {phone}.',
  'check.next.reconnect': 'Verbindung trennen und neu verbinden. Hilft das nicht, den IT-Service anrufen: {phone}.',
  'check.next.checkInternet': 'Internetverbindung dieses Computers prüfen, dann neu verbinden. Hilft das nicht, den IT-Service anrufen: {phone}.',
  'check.next.fixDnsFirst': 'Zuerst muss die Namensauflösung (DNS) wieder funktionieren – siehe die Meldung dazu.',
  'check.next.checkClock': 'Datum und Uhrzeit dieses Computers prüfen. Stimmen sie, den IT-Service anrufen: {phone}.',
  'check.next.setMtu': 'Bitte den IT-Service anrufen und diese Zahl durchgeben: MTU {recommended}. Telefon: {phone}.',
  'check.next.atPrinter': 'Jemand im Büro muss am Gerät nachsehen. Ist niemand da, den IT-Service anrufen: {phone}.',
  'check.next.retryLater': 'In ein paar Minuten erneut prüfen.',

  // Shared by all probes.
  'check.common.timeoutResolve': '{label}: Der Name {host} ließ sich nicht rechtzeitig auflösen (keine Antwort in {seconds} s).',
  'check.common.timeoutConnect': '{label} antwortet nicht: {host} meldet sich nicht (keine Antwort in {seconds} s). Der Server ist aus oder wird blockiert.',
  'check.common.timeoutReply': '{label}: {host} nimmt die Verbindung an, antwortet dann aber nicht (keine Antwort in {seconds} s).',
  'check.common.refused': '{label} antwortet nicht: Der Server {host} ist erreichbar, aber der Dienst (Port {port}) läuft nicht.',
  'check.common.unreachable': '{label}: {host} ist über den VPN-Tunnel nicht erreichbar (kein Weg dorthin).',
  'check.common.nameUnresolved': '{label}: Der Name {host} lässt sich nicht auflösen.',
  'check.common.closed': '{label}: {host} hat die Verbindung ohne Antwort beendet.',
  'check.common.error': '{label}: Die Prüfung ist fehlgeschlagen ({detail}).',

  // dns
  'check.dns.ok': 'Die Namen im Büro werden gefunden ({name} → {address}).',
  'check.dns.okSystemOnly': 'Die Namen im Büro werden gefunden ({name} → {address}).',
  'check.dns.officeDown': 'Der Namensdienst (DNS) im Büro antwortet nicht ({server}). Deshalb findet dieser Computer die Server im Büro nicht.',
  'check.dns.localConfig':
    'Der Namensdienst im Büro funktioniert, aber dieser Computer fragt ihn nicht: Die DNS-Einstellung auf diesem Computer stimmt nicht ({name} wird nicht gefunden).',
  'check.dns.notFound': 'Der Namensdienst im Büro kennt den Namen {name} nicht.',
  'check.dns.mismatch':
    'Dieser Computer findet {name} unter {address}, der Namensdienst im Büro unter {officeAddress}. Vermutlich fragt der Computer einen anderen Namensdienst.',
  'check.dns.serverOk': '{label}: Der Namensdienst {server} antwortet ({name} → {address}).',

  // tcp
  'check.tcp.ok': '{label} ist erreichbar.',

  // smb
  'check.smb.ok': '{label} antwortet als Dateiserver (SMB {dialect}).',
  'check.smb.notSmb': '{label}: Unter {host} antwortet etwas, aber kein Dateiserver.',
  'check.smb.closed': '{label}: {host} nimmt Verbindungen an, beantwortet aber keine Dateiserver-Anfrage.',
  'check.smb.refusedNegotiate': '{label} antwortet als Dateiserver, lehnt die Verbindung aber ab (Status {status}).',

  // imap
  'check.imap.ok': '{label} antwortet; die Anmeldung kann verschlüsselt werden.',
  'check.imap.noStarttls': '{label} antwortet, bietet aber keine Verschlüsselung (STARTTLS) an: Das Passwort ginge unverschlüsselt über die Leitung.',
  'check.imap.notImap': '{label}: Unter {host} antwortet etwas, aber kein E-Mail-Server (IMAP).',
  'check.imap.rejected': '{label}: Der E-Mail-Server weist die Verbindung ab ({detail}).',

  // smtp
  'check.smtp.ok': '{label} antwortet; der Versand kann verschlüsselt werden.',
  'check.smtp.noStarttls': '{label} antwortet, bietet aber keine Verschlüsselung (STARTTLS) an: Das Passwort ginge unverschlüsselt über die Leitung.',
  'check.smtp.notSmtp': '{label}: Unter {host} antwortet etwas, aber kein E-Mail-Server (SMTP).',
  'check.smtp.rejected': '{label}: Der E-Mail-Server weist die Verbindung ab ({detail}).',

  // ipp
  'check.ipp.idle': '{label} ist bereit.',
  'check.ipp.processing': '{label} ist bereit und druckt gerade.',
  'check.ipp.stopped': '{label} ist angehalten und druckt nicht.',
  'check.ipp.mediaEmpty': '{label} meldet: Papier leer.',
  'check.ipp.mediaNeeded': '{label} meldet: Papier einlegen.',
  'check.ipp.mediaJam': '{label} meldet: Papierstau.',
  'check.ipp.markerEmpty': '{label} meldet: Tinte oder Toner leer.',
  'check.ipp.markerLow': '{label} meldet: Tinte oder Toner fast leer.',
  'check.ipp.coverOpen': '{label} meldet: Abdeckung oder Klappe offen.',
  'check.ipp.outputFull': '{label} meldet: Ablage voll.',
  'check.ipp.offline': '{label} ist ausgeschaltet oder nicht mit dem Druckserver verbunden.',
  'check.ipp.otherReason': '{label} meldet eine Störung ({reasons}).',
  'check.ipp.notFound': '{label}: Die Druckerwarteschlange {queue} gibt es auf dem Druckserver nicht.',
  'check.ipp.notIpp': '{label}: Unter {host} antwortet etwas, aber kein Druckserver (IPP).',
  'check.ipp.refusedRequest': '{label}: Der Druckserver lehnt die Abfrage ab ({detail}).',

  // sip
  'check.sip.ok': '{label} antwortet (über UDP und TCP).',
  'check.sip.okOne': '{label} antwortet (über {transport}).',
  'check.sip.notSip': '{label}: Unter {host} antwortet etwas, aber keine Telefonanlage (SIP).',

  // https
  'check.https.ok': '{label} ist erreichbar (HTTP {status}).',
  'check.https.notFound': '{label}: Der Server antwortet, aber die Seite {path} gibt es nicht (HTTP {status}).',
  'check.https.serverError': '{label}: Der Server meldet einen Fehler (HTTP {status}).',
  'check.https.certExpired': '{label}: Das Sicherheitszertifikat von {host} ist abgelaufen (seit {date}).',
  'check.https.certNotYetValid': '{label}: Das Sicherheitszertifikat von {host} gilt erst ab {date}.',
  'check.https.certWrongName': '{label}: Das Sicherheitszertifikat gehört nicht zu {host}, sondern zu {names}.',
  'check.https.certUntrusted':
    '{label}: Das Sicherheitszertifikat von {host} stammt von einer unbekannten Stelle; dieser Computer vertraut ihm nicht (Firmen-Zertifikat nicht installiert?).',
  'check.https.tlsFailed': '{label}: Keine sichere Verbindung zu {host} möglich ({detail}).',

  // tunnel
  'check.tunnel.ok': 'Der VPN-Tunnel steht (letzte Antwort des Büros vor {seconds} s); auch große Datenpakete kommen durch ({mtu} Byte).',
  'check.tunnel.handshakeOk': 'Der VPN-Tunnel steht (letzte Antwort des Büros vor {seconds} s).',
  'check.tunnel.mtuOk': 'Auch große Datenpakete kommen durch den VPN-Tunnel ({mtu} Byte).',
  'check.tunnel.down': 'Der VPN-Tunnel ist nicht aufgebaut.',
  'check.tunnel.noHandshake': 'Der VPN-Tunnel ist eingerichtet, aber das Büro hat noch nie geantwortet.',
  'check.tunnel.stale': 'Das Büro hat sich seit {seconds} s nicht mehr gemeldet. Die Verbindung ist vielleicht unterbrochen.',
  'check.tunnel.mtuLimited':
    'Große Datenpakete gehen im VPN-Tunnel verloren: Es kommen nur Pakete bis {largest} Byte an, eingestellt sind {mtu}. Kleine Dateien öffnen sich, große Zeichnungen bleiben hängen.',
  'check.tunnel.mtuTooSmall':
    'Schon Datenpakete von {size} Byte gehen im VPN-Tunnel verloren, nur kleine kommen an. Große Dateien und Zeichnungen bleiben hängen.',
  'check.tunnel.mtuPartly':
    'Der VPN-Tunnel steht; Datenpakete bis {largest} Byte kommen durch. Größere (bis {mtu}) ließen sich nicht prüfen: Der Namensdienst im Büro nimmt keine größeren an.',
  'check.tunnel.unmeasured': 'Die Paketgröße im VPN-Tunnel ließ sich nicht messen: Der Namensdienst im Büro ({server}) antwortet nicht.',

  // The services step of a connect, and `hoc check`.
  'check.stage.failed': '{count} Dienst(e) im Büro funktionieren nicht: {labels}.',
  'check.status.ok': 'ok',
  'check.status.warn': 'Hinweis',
  'check.status.fail': 'Fehler',
  'check.cli.offline': 'Nicht mit dem Büro verbunden – die Büro-Dienste lassen sich erst prüfen, wenn die Verbindung steht. Verbinden: hoc connect',
  'check.cli.offlineNoHelper': 'Nicht mit dem Büro verbunden: der HomeOffice-Dienst läuft auf diesem Computer nicht. Bitte den IT-Service anrufen.',
  'check.cli.summaryOk': 'Alle {count} Prüfungen in Ordnung ({ms} ms).',
  'check.cli.summaryProblems': '{failed} fehlgeschlagen, {warned} mit Hinweis, {count} Prüfungen ({ms} ms).',
} as const;
