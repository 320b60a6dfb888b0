import type { AgentConfig } from '../agent/config.js';
import { shq } from './shell.js';

/** Left in the TLS folder by the certbot hook; the agent's next run restarts the TLS profiles. */
export const TLS_RENEWED_MARKER = '.renewed';

/**
 * certbot deploy hook: installs a new certificate where FreeSWITCH (agent.pem, wss.pem, cafile.pem)
 * and nginx read it, reloads nginx, and leaves a marker for the agent, which restarts the SIP
 * profiles over the event socket (sofia reads certificates only when a profile starts).
 */
export function certDeployHook(c: AgentConfig): string {
  const group = c.fileGroup ?? 'root';
  return `#!/bin/sh
# pbxc: install a renewed certificate for FreeSWITCH and nginx (docs/deploy.md).
set -eu
live="\${RENEWED_LINEAGE:?certbot sets RENEWED_LINEAGE}"
tls=${shq(c.tls.dir)}
install -d -m 0755 "$tls"
umask 027
cat "$live/fullchain.pem" "$live/privkey.pem" > "$tls/agent.pem.new"
cp "$tls/agent.pem.new" "$tls/wss.pem.new"
cp "$live/chain.pem" "$tls/cafile.pem.new"
cp "$live/fullchain.pem" ${shq(`${c.tls.provisioningCert}.new`)}
cp "$live/privkey.pem" ${shq(`${c.tls.provisioningKey}.new`)}
for f in "$tls/agent.pem" "$tls/wss.pem" "$tls/cafile.pem" ${shq(c.tls.provisioningCert)} ${shq(c.tls.provisioningKey)}; do
  chgrp ${shq(group)} "$f.new"
  mv "$f.new" "$f"
done
nginx -s reload || true
touch "$tls/${TLS_RENEWED_MARKER}"
`;
}
