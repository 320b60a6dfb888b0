/**
 * Where things live on a PBX node. Every target reads these, so a jail always watches the log the
 * PBX writes and nginx serves the folder the phone files are installed to.
 */
export const NODE_PATHS = {
  /** FreeSWITCH configuration root (freeswitch -conf). */
  freeswitchConf: '/etc/freeswitch',
  freeswitchLogDir: '/var/log/freeswitch',
  /** The log file FreeSWITCH's logfile module writes; fail2ban's SIP jail reads it. */
  freeswitchLog: '/var/log/freeswitch/freeswitch.log',
  freeswitchSounds: '/usr/share/freeswitch/sounds',
  freeswitchRecordings: '/var/lib/freeswitch/recordings',
  freeswitchStorage: '/var/lib/freeswitch/storage',
  /** TLS certificate folder for the SIP profiles (agent.pem, cafile.pem, wss.pem). */
  tlsDir: '/etc/freeswitch/tls',
  /** Phone provisioning files (generated phones/ folder) served by nginx. */
  phonesRoot: '/srv/pbxc/phones',
  /** htpasswd files of the provisioning site, one per tenant: <tenant>.htpasswd (rendered tree only). */
  provisioningAuthDir: '/etc/pbxc/provisioning',
  /** TFTP root (generated tftp/root/) that tftpd-hpa serves to Cisco 79x0 phones. */
  tftpRoot: '/srv/pbxc/tftp',
  provisioningTlsCert: '/etc/pbxc/tls/provisioning.crt',
  provisioningTlsKey: '/etc/pbxc/tls/provisioning.key',
  /** nginx logs of the provisioning site; fail2ban's provisioning jail reads the access log. */
  provisioningAccessLog: '/var/log/nginx/pbxc-provisioning.access.log',
  provisioningErrorLog: '/var/log/nginx/pbxc-provisioning.error.log',
  fail2banLog: '/var/log/fail2ban.log',
  /**
   * KEY=value facts the node learns at first boot (platform, environment, PBXC_PUBLIC_IPV4).
   * Outside the conf dir, so deploying a new conf tree keeps it; FreeSWITCH reads it at start.
   */
  nodeEnv: '/etc/pbxc/node.env',
  /**
   * libpq's password file for the node's PostgreSQL (host:port:db:user:password, 0600, owned by
   * the FreeSWITCH user): written on the node from its own secret, never in a tree or node.env.
   */
  dbPassfile: '/etc/pbxc/pgpass',
  /**
   * What `pbxc ha`'s lease loop last saw (role, holder, epoch, time left), rewritten every tick; the
   * agent reports it, so `pbxc status` shows each node's role and lease (src/ha/lease-report.ts).
   */
  haLeaseState: '/run/pbxc/ha-lease.json',
} as const;
