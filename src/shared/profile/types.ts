/**
 * The company profile payload (format v1, see docs/profiles.md) as plain types.
 * Values of these types only ever come out of `validatePayload`, never a cast.
 */

/** The kinds of office service a profile can list. */
export const SERVICE_KINDS = ['tcp', 'smb', 'imap', 'smtp', 'ipp', 'sip', 'https', 'dns'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** Kinds addressed by a URL (`url`); all others by `host` and an optional `port`. */
export const URL_SERVICE_KINDS = ['ipp', 'https'] as const satisfies readonly ServiceKind[];
export type UrlServiceKind = (typeof URL_SERVICE_KINDS)[number];
export type HostServiceKind = Exclude<ServiceKind, UrlServiceKind>;

/** The port a host service uses when the profile gives none; `tcp` has no default. */
export const DEFAULT_SERVICE_PORTS: Readonly<Record<HostServiceKind, number | null>> = {
  tcp: null,
  smb: 445,
  imap: 143,
  smtp: 587,
  sip: 5060,
  dns: 53,
};

/** Size limits of v1; the validator enforces every one. */
export const PROFILE_LIMITS = {
  fileBytes: 256 * 1024,
  label: 80,
  text: 256,
  services: 64,
  drives: 26,
  printers: 32,
  addresses: 4,
  dnsServers: 4,
  searchDomains: 8,
  allowedIPs: 64,
  mtu: { min: 1280, max: 1500 },
  keepalive: { min: 0, max: 3600 },
  timeoutMs: { min: 100, max: 30000 },
  /** How far `issuedAt` may lie in the future (clock skew). */
  issuedAtSkewMs: 24 * 60 * 60 * 1000,
} as const;

export interface ProfileOrg {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
}

export interface ProfileUser {
  readonly name: string;
  readonly role: string;
}

export interface ProfileSupport {
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly hours: string;
}

export interface ProfilePeer {
  readonly publicKey: string;
  readonly presharedKey?: string;
  readonly endpoint: string;
  readonly allowedIPs: readonly string[];
  readonly persistentKeepalive: number;
}

export interface ProfileTunnel {
  readonly address: readonly string[];
  readonly privateKey: string;
  readonly dns: { readonly servers: readonly string[]; readonly searchDomains: readonly string[] };
  readonly mtu: number;
  readonly peer: ProfilePeer;
}

interface ServiceBase {
  readonly id: string;
  readonly label: string;
  /** Implementation extension: how long the check of this service may take (100–30000 ms). */
  readonly timeoutMs?: number;
}

/** A service reached by host name or IP and port (`tcp` needs a port, others have defaults). */
export interface HostService extends ServiceBase {
  readonly kind: HostServiceKind;
  readonly host: string;
  readonly port?: number;
}

/** A service reached by URL: `https` (https://) or `ipp` (ipp://, ipps://). */
export interface UrlService extends ServiceBase {
  readonly kind: UrlServiceKind;
  readonly url: string;
}

export type ProfileService = HostService | UrlService;

export interface ProfileDrive {
  /** One capital letter D–Z. */
  readonly letter: string;
  readonly label: string;
  /** `\\host\share[\folder...]`. */
  readonly share: string;
}

export interface ProfilePrinter {
  readonly name: string;
  readonly label: string;
  readonly uri: string;
}

/** Where the app proves it is in the office: a LAN host and its pinned public key (docs/office.md). */
export interface ProfileOffice {
  readonly host: string;
  readonly port: number;
  /** `sha256/<base64>` of the host's DER SubjectPublicKeyInfo. */
  readonly spki: string;
}

/** A validated payload, including the employee's WireGuard private key. */
export interface Profile {
  readonly org: ProfileOrg;
  readonly serial: number;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly user: ProfileUser;
  readonly support: ProfileSupport;
  readonly tunnel: ProfileTunnel;
  readonly services: readonly ProfileService[];
  readonly drives: readonly ProfileDrive[];
  readonly printers: readonly ProfilePrinter[];
  /** Optional: the proof of being in the office; without it the app is always "at home". */
  readonly office?: ProfileOffice;
}

/**
 * A profile at rest: the private key and the preshared key live in protected
 * storage, not here. `presharedKey` is present again once merged back for a connect.
 */
export interface StoredProfile extends Omit<Profile, 'tunnel'> {
  readonly tunnel: Omit<ProfileTunnel, 'privateKey'>;
}

/** True for kinds that are addressed by `url`. */
export function isUrlServiceKind(kind: ServiceKind): kind is UrlServiceKind {
  return (URL_SERVICE_KINDS as readonly string[]).includes(kind);
}
