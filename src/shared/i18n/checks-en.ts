import type { checksDe } from './checks-de';

/** English messages of the office service checks; same keys as checksDe. */
export const checksEn: Record<keyof typeof checksDe, string> = {
  'check.next.none': 'Nothing to do.',
  'check.next.callSupport': 'Please call IT support: {phone}.',
  'check.next.tellSupport': 'It works, but please let IT support know: {phone}.',
  'check.next.reconnect': 'Disconnect and connect again. If that does not help, call IT support: {phone}.',
  'check.next.checkInternet': "Check this computer's internet connection, then connect again. If that does not help, call IT support: {phone}.",
  'check.next.fixDnsFirst': 'Name lookup (DNS) has to work first – see its message.',
  'check.next.checkClock': "Check this computer's date and time. If they are right, call IT support: {phone}.",
  'check.next.setMtu': 'Please call IT support and give them this number: MTU {recommended}. Phone: {phone}.',
  'check.next.atPrinter': 'Someone at the office has to look at the device. If nobody is there, call IT support: {phone}.',
  'check.next.retryLater': 'Check again in a few minutes.',

  'check.common.timeoutResolve': '{label}: the name {host} could not be looked up in time (no answer within {seconds} s).',
  'check.common.timeoutConnect': '{label} does not answer: {host} gives no reply (none within {seconds} s). The server is off or blocked.',
  'check.common.timeoutReply': '{label}: {host} accepts the connection but then does not answer (nothing within {seconds} s).',
  'check.common.refused': '{label} does not answer: the server {host} is reachable, but the service (port {port}) is not running.',
  'check.common.unreachable': '{label}: {host} cannot be reached through the VPN tunnel (no route).',
  'check.common.nameUnresolved': '{label}: the name {host} cannot be looked up.',
  'check.common.closed': '{label}: {host} closed the connection without an answer.',
  'check.common.error': '{label}: the check failed ({detail}).',

  'check.dns.ok': 'Office names are found ({name} → {address}).',
  'check.dns.okSystemOnly': 'Office names are found ({name} → {address}).',
  'check.dns.officeDown': "The office name service (DNS) does not answer ({server}). That is why this computer cannot find the office's servers.",
  'check.dns.localConfig':
    "The office name service works, but this computer does not ask it: this computer's DNS setting is wrong ({name} is not found).",
  'check.dns.notFound': 'The office name service does not know the name {name}.',
  'check.dns.mismatch':
    'This computer finds {name} at {address}, the office name service at {officeAddress}. The computer probably asks a different name service.',
  'check.dns.serverOk': '{label}: the name service {server} answers ({name} → {address}).',

  'check.tcp.ok': '{label} is reachable.',

  'check.smb.ok': '{label} answers as a file server (SMB {dialect}).',
  'check.smb.notSmb': '{label}: something answers at {host}, but it is not a file server.',
  'check.smb.closed': '{label}: {host} accepts connections but does not answer a file server request.',
  'check.smb.refusedNegotiate': '{label} answers as a file server but refuses the connection (status {status}).',

  'check.imap.ok': '{label} answers; sign-in can be encrypted.',
  'check.imap.noStarttls': '{label} answers but offers no encryption (STARTTLS): the password would cross the line unencrypted.',
  'check.imap.notImap': '{label}: something answers at {host}, but it is not a mail server (IMAP).',
  'check.imap.rejected': '{label}: the mail server turns the connection away ({detail}).',

  'check.smtp.ok': '{label} answers; sending can be encrypted.',
  'check.smtp.noStarttls': '{label} answers but offers no encryption (STARTTLS): the password would cross the line unencrypted.',
  'check.smtp.notSmtp': '{label}: something answers at {host}, but it is not a mail server (SMTP).',
  'check.smtp.rejected': '{label}: the mail server turns the connection away ({detail}).',

  'check.ipp.idle': '{label} is ready.',
  'check.ipp.processing': '{label} is ready and printing.',
  'check.ipp.stopped': '{label} is stopped and does not print.',
  'check.ipp.mediaEmpty': '{label} reports: out of paper.',
  'check.ipp.mediaNeeded': '{label} reports: load paper.',
  'check.ipp.mediaJam': '{label} reports: paper jam.',
  'check.ipp.markerEmpty': '{label} reports: ink or toner empty.',
  'check.ipp.markerLow': '{label} reports: ink or toner low.',
  'check.ipp.coverOpen': '{label} reports: cover or door open.',
  'check.ipp.outputFull': '{label} reports: output tray full.',
  'check.ipp.offline': '{label} is switched off or not connected to the print server.',
  'check.ipp.otherReason': '{label} reports a problem ({reasons}).',
  'check.ipp.notFound': '{label}: the print queue {queue} does not exist on the print server.',
  'check.ipp.notIpp': '{label}: something answers at {host}, but it is not a print server (IPP).',
  'check.ipp.refusedRequest': '{label}: the print server refuses the query ({detail}).',

  'check.sip.ok': '{label} answers (over UDP and TCP).',
  'check.sip.okOne': '{label} answers (over {transport}).',
  'check.sip.notSip': '{label}: something answers at {host}, but it is not a phone system (SIP).',

  'check.https.ok': '{label} is reachable (HTTP {status}).',
  'check.https.notFound': '{label}: the server answers, but the page {path} does not exist (HTTP {status}).',
  'check.https.serverError': '{label}: the server reports an error (HTTP {status}).',
  'check.https.certExpired': "{label}: {host}'s security certificate has expired (since {date}).",
  'check.https.certNotYetValid': "{label}: {host}'s security certificate is only valid from {date}.",
  'check.https.certWrongName': '{label}: the security certificate does not belong to {host} but to {names}.',
  'check.https.certUntrusted':
    "{label}: {host}'s security certificate comes from an unknown issuer; this computer does not trust it (company certificate not installed?).",
  'check.https.tlsFailed': '{label}: no secure connection to {host} is possible ({detail}).',

  'check.tunnel.ok': 'The VPN tunnel is up (last reply from the office {seconds} s ago); large packets get through too ({mtu} bytes).',
  'check.tunnel.handshakeOk': 'The VPN tunnel is up (last reply from the office {seconds} s ago).',
  'check.tunnel.mtuOk': 'Large packets get through the VPN tunnel ({mtu} bytes).',
  'check.tunnel.down': 'The VPN tunnel is not up.',
  'check.tunnel.noHandshake': 'The VPN tunnel is set up, but the office has never replied.',
  'check.tunnel.stale': 'The office has not replied for {seconds} s. The connection may be broken.',
  'check.tunnel.mtuLimited':
    'Large packets get lost in the VPN tunnel: only packets up to {largest} bytes arrive, {mtu} are configured. Small files open, large drawings hang.',
  'check.tunnel.mtuTooSmall': 'Even packets of {size} bytes get lost in the VPN tunnel; only small ones arrive. Large files and drawings will hang.',
  'check.tunnel.mtuPartly':
    'The VPN tunnel is up; packets up to {largest} bytes get through. Larger ones (up to {mtu}) could not be checked: the office name service does not accept them.',
  'check.tunnel.unmeasured': 'The packet size in the VPN tunnel could not be measured: the office name service ({server}) does not answer.',

  'check.stage.failed': '{count} office service(s) do not work: {labels}.',
  'check.status.ok': 'ok',
  'check.status.warn': 'note',
  'check.status.fail': 'failed',
  'check.cli.offline': 'Not connected to the office – the office services can be checked once the connection is up. Connect: hoc connect',
  'check.cli.offlineNoHelper': 'Not connected to the office: the HomeOffice service is not running on this computer. Please call your IT service.',
  'check.cli.summaryOk': 'All {count} checks passed ({ms} ms).',
  'check.cli.summaryProblems': '{failed} failed, {warned} with a note, {count} checks ({ms} ms).',
};
