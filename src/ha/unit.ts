import { NODE_PATHS } from '../model/node-paths.js';

/** The systemd unit of the HA watcher on every node of an active/standby group. */
export const HA_UNIT_PATH = '/etc/systemd/system/pbxc-ha.service';

/** Shared state (voicemail, recordings, FreeSWITCH's databases) lives on the shared file system. */
export const SHARED_STATE_DIR = '/var/lib/freeswitch';

export function haUnit(): string {
  return [
    '[Unit]',
    'Description=pbxc HA watcher: holds or takes over the service address, runs FreeSWITCH only while active',
    'Wants=network-online.target',
    'After=network-online.target remote-fs.target',
    `ConditionPathExists=${NODE_PATHS.nodeEnv}`,
    '',
    '[Service]',
    `ExecStart=/usr/bin/env pbxc ha --node-env ${NODE_PATHS.nodeEnv}`,
    'Restart=always',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** The fstab line mounting the shared file system (EFS over NFS 4.1) at SHARED_STATE_DIR. */
export function sharedStateFstab(dnsName: string): string {
  return `${dnsName}:/ ${SHARED_STATE_DIR} nfs4 nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev 0 0`;
}
