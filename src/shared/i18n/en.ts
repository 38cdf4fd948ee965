import type { MessageKey } from './de';
import { checksEn } from './checks-en';
import { drivesEn } from './drives-en';
import { uiEn } from './ui-en';
import { profileEn } from './profile-en';
import { adminEn } from './admin-en';

/** English message catalogue. Must define every key of the German one. */
export const en: Record<MessageKey, string> = {
  ...profileEn,
  ...adminEn,
  ...checksEn,
  ...drivesEn,
  ...uiEn,
  'app.name': 'HomeOffice Connect',

  'secret.fileConsentNeeded':
    'No keychain can be reached on this computer (for example, no D-Bus session), so nothing was stored. Without a keychain the office password could only be kept unencrypted in a file in {dir} that only your user account can read — anyone with access to your account, the disk or a backup of it can read it there.',
  'secret.cli.storeInFileHint':
    'Better: log in to the desktop session (so the keychain runs) and run the command again. If you want the file: run the same command again with --store-in-file.',
  'error.internal': 'Internal error: {detail}',
  'error.usage': 'Wrong usage: {detail}',
  'error.helper.unreachable':
    'The HomeOffice service (helper) is not running or cannot be reached. Please restart the computer; if that does not help, call IT support.',
  'error.helper.denied':
    'You are not allowed to use the HomeOffice service (user not in group "{group}"). Please call IT support.',
  'error.helper.protocol': 'The HomeOffice service sent an unexpected answer: {detail}',
  'error.helper.badRequest': 'Invalid request to the HomeOffice service: {detail}',
  'error.helper.busy': 'The HomeOffice service has too many open connections right now ({limit}). Please wait a moment and try again.',
  'error.tunnel.upFailed': 'The VPN tunnel could not be brought up. Please connect again; if that does not help, call your IT service.',
  'error.tunnel.downFailed': 'The VPN tunnel could not be taken down cleanly. Please disconnect again or restart the computer.',
  'error.helper.notPinned':
    'No company key is stored on this computer yet. Import the profile of {org} first (in the app or with "hoc profile import FILE") and compare the fingerprint {fingerprint} with your IT support.',
  'error.helper.otherCompanyPinned':
    'This computer already belongs to another company. Only an administrator can allow the key of {org} ({fingerprint}): "hoc-helper pin --profile FILE".',
  'error.helper.pinMismatch':
    'The profile of {org} is signed with a different key ({fingerprint}) than the one stored on this computer ({pinned}). Please call your IT support; only an administrator can change the key ("hoc-helper unpin {org}").',
  'error.helper.serialOlder':
    'The profile of {org} (version {serial}) is older than the installed one (version {current}) and is not installed.',
  'error.helper.notInstalled':
    'The profile of {org} is not installed in the HomeOffice service. Please import it again (in the app or with "hoc profile import FILE").',
  'error.helper.profileTooLarge': 'The profile is too large for the HomeOffice service (at most {max} characters of content).',
  'error.tunnel.busy': 'Another connect or disconnect is in progress. Please wait a moment and try again.',
  'error.tunnel.ownedByOther': 'The tunnel was brought up by another user and can only be disconnected by that user.',
  'error.tunnel.noHandshake':
    'The tunnel is set up, but the office does not answer (no handshake). Check your internet connection; otherwise call IT support.',
  'error.dns.failed': 'Company names ({name}) cannot be resolved yet. Please wait a moment and connect again.',
  'error.session.notConnected': 'Not connected.',
  'error.profile.read': 'The profile file {file} cannot be read: {detail}',
  'error.profile.notFound': 'No company profile found. Please import a profile first.',

  'step.profile': 'Check profile',
  'step.tunnel': 'Bring up VPN tunnel',
  'step.dns': 'Resolve company names',
  'step.services': 'Check office services',
  'step.drives': 'Connect network drives',
  'step.printers': 'Set up printers',
  'step.ready': 'Connected',
  'step.office': 'In the office – connected directly to {org} (no VPN tunnel)',
  'step.tunnel.office': 'In the office: the office server showed the key from the profile, no VPN tunnel needed',
  'status.office': 'In the office – connected directly to {org} (no VPN tunnel)',
  'status.place.office': 'Place: in the office (office server reached with the key from the profile, without the tunnel)',
  'status.place.home': 'Place: outside the office',
  'step.disconnect.tunnel': 'Take down VPN tunnel',
  'step.disconnect.done': 'Disconnected',
  'step.state.running': 'running',
  'step.state.ok': 'ok',
  'step.state.failed': 'failed',
  'step.state.skipped': 'skipped',

  'status.connected': 'Connected to {org}',
  'status.disconnected': 'Not connected',
  'status.handshake': 'Last handshake {seconds} s ago',
  'status.noHandshake': 'No handshake yet',
  'status.traffic': 'Received {rx}, sent {tx}',
  'status.endpoint': 'Peer {endpoint}',
};
