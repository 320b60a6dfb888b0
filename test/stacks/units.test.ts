import { describe, expect, it } from 'vitest';
import { architecture } from '../../stacks/debian-ami.js';
import { inZone } from '../../stacks/dns.js';
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
    node: 'pbx-1',
    fqdn: 'pbx-1.voice.example.net',
    publicIpv4: '198.51.100.7',
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
});
