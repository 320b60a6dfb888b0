import { describe, expect, it } from 'vitest';
import { inZone } from '../../src/cloud/dns-records.js';
import { architecture } from '../../stacks/debian-ami.js';
import { cidrId, nodeFqdn, nodeName, stackName } from '../../stacks/names.js';
import { NODE_FILES, nodeUserData } from '../../stacks/user-data.js';

describe('architecture', () => {
  it.each([
    ['t3.small', 'amd64'],
    ['c6i.large', 'amd64'],
    ['g4dn.xlarge', 'amd64'],
    ['t4g.small', 'arm64'],
    ['c7gn.large', 'arm64'],
    ['m6gd.medium', 'arm64'],
    ['a1.large', 'arm64'],
  ])('%s is %s', (type, arch) => {
    expect(architecture(type)).toBe(arch);
  });
});

describe('names', () => {
  it.each([
    ['0.0.0.0/0', 'anywhere-ipv4'],
    ['::/0', 'anywhere-ipv6'],
    ['192.0.2.16/28', '192-0-2-16-28'],
    ['2001:db8:40::/48', '2001-db8-40---48'],
  ])('cidrId(%s) is %s', (cidr, id) => {
    expect(cidrId(cidr)).toBe(id);
  });

  it('names stacks and nodes from the spec', () => {
    expect(stackName('voice-example', 'production')).toBe('pbxc-voice-example-production');
    expect(nodeFqdn(nodeName(2), 'voice.example.net')).toBe('pbx-2.voice.example.net');
  });

  it.each([
    ['provision.voice.example.net', 'voice.example.net', true],
    ['voice.example.net', 'voice.example.net', true],
    ['provision.voice.example.net', 'staging.voice.example.net', false],
    ['badvoice.example.net', 'voice.example.net', false],
  ])('inZone(%s, %s) is %s', (host, zone, expected) => {
    expect(inZone(host, zone)).toBe(expected);
  });
});

describe('nodeUserData', () => {
  const script = nodeUserData({
    platform: 'voice-example',
    environment: 'production',
    region: 'eu-central-1',
    node: 'pbx-1',
    fqdn: 'pbx-1.voice.example.net',
    serviceIpv4: '198.51.100.7',
    nodeIpv4: '198.51.100.7',
    sipBindIpv4: '10.80.0.11',
  });
  const ha = nodeUserData({
    platform: 'voice-example',
    environment: 'production',
    region: 'eu-central-1',
    node: 'pbx-2',
    serviceIpv4: '198.51.100.7',
    nodeIpv4: '198.51.100.8',
    sipBindIpv4: '10.80.1.102',
    ha: {
      allocationId: 'eipalloc-0123456789abcdef0',
      nodes: [
        { name: 'pbx-1', ip: '10.80.0.101' },
        { name: 'pbx-2', ip: '10.80.1.102' },
      ],
      sipPort: 5060,
      storage: 'fs-0123.efs.eu-central-1.amazonaws.com',
    },
  });

  it('is a POSIX shell script that stops on the first error', () => {
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain('\nset -eu\n');
    expect(script.endsWith('\n')).toBe(true);
  });

  it('writes the env file FreeSWITCH reads its public address from', () => {
    expect(script).toContain(`cat > ${NODE_FILES.env} <<'PBXC_EOF'\n`);
    expect(script).toContain('\nPBXC_PUBLIC_IPV4=198.51.100.7\n');
    expect(script).toContain("hostnamectl set-hostname 'pbx-1.voice.example.net'");
  });

  it('tells a single node that its own address is the service address, with no HA watcher', () => {
    expect(script).toContain('\nPBXC_NODE_PUBLIC_IPV4=198.51.100.7\n');
    expect(script).toContain('\nPBXC_SIP_BIND_IPV4=10.80.0.11\n');
    expect(script).not.toContain('PBXC_HA');
    expect(script).not.toContain('pbxc-ha');
  });

  it('gives an active/standby node the service address, its peers, shared storage and the watcher', () => {
    expect(ha).toContain('\nPBXC_PUBLIC_IPV4=198.51.100.7\nPBXC_NODE_PUBLIC_IPV4=198.51.100.8\n');
    expect(ha).toContain('\nPBXC_HA=active-standby\n');
    expect(ha).toContain('\nPBXC_SERVICE_ALLOCATION_ID=eipalloc-0123456789abcdef0\n');
    expect(ha).toContain('\nPBXC_HA_NODES=pbx-1=10.80.0.101,pbx-2=10.80.1.102\n');
    expect(ha).toContain('fs-0123.efs.eu-central-1.amazonaws.com:/ /var/lib/freeswitch nfs4 nfsvers=4.1');
    expect(ha).toContain('ExecStart=/usr/bin/env pbxc ha --node-env /etc/pbxc/node.env');
    expect(ha).toContain('systemctl enable pbxc-ha.service');
  });
});
