import type { TunnelSpec } from '../../../src/shared/helper-protocol';

/** A valid tunnel spec like the lab's demo employee gets (keys are throwaway test values). */
export function validSpec(): TunnelSpec {
  return {
    addresses: ['10.99.0.2/32'],
    privateKey: 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=',
    mtu: 1380,
    dns: { servers: ['10.77.0.1'], searchDomains: ['buero.local'] },
    peer: {
      publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
      presharedKey: 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=',
      endpoint: 'vpn.buero-mueller.example:51820',
      allowedIPs: ['10.77.0.0/24', '10.99.0.0/24'],
      persistentKeepalive: 25,
    },
  };
}
