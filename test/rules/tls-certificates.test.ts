import { describe, expect, it } from 'vitest';
import { lineOf, run, specCopy } from '../helpers/cli.js';

async function warnings(spec: string) {
  const r = await run(['validate', '--spec', spec, '--format', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).diagnostics.filter((d: { code: string }) => /^PBX310[01]$/.test(d.code));
}

describe('rule tls-certificates: TLS depends on a certificate the deploy step installs', () => {
  it('warns at the transport of a TLS trunk, a TLS phone and TLS softphones', async () => {
    const spec = specCopy();
    const found = await warnings(spec);
    expect(found.map((d: { code: string }) => d.code).sort()).toEqual(['PBX3100', 'PBX3101', 'PBX3101']);
    const trunk = found.find((d: { code: string }) => d.code === 'PBX3100');
    expect(trunk).toMatchObject({
      severity: 'warning',
      line: lineOf(spec, 'tenants/xynap.yaml', 'transport: tls'),
    });
    expect(trunk.message).toContain('/etc/freeswitch/tls/agent.pem');
    expect(trunk.message).toContain('deploy step');
  });

  it('says nothing when nothing uses TLS', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('transport: tls', 'transport: tcp'),
      'tenants/bluebird-dental.yaml': (t) => t.replace('transport: tls', 'transport: tcp'),
      'tenants/abc-company.yaml': (t) => t.replace('transport: tls, dtmf', 'transport: udp, dtmf'),
    });
    expect(await warnings(spec)).toEqual([]);
  });

  it('warns for phones without a transport when the platform provisions TLS', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('transport: tls', 'transport: tcp'),
      'tenants/bluebird-dental.yaml': (t) => t.replace('transport: tls', 'transport: tcp'),
      'tenants/abc-company.yaml': (t) => t.replace('transport: tls, dtmf', 'transport: udp, dtmf'),
      'platform.yaml': (t) =>
        t.replace('  admin_password: auto', '  admin_password: auto\n  sip_transport: tls'),
    });
    const found = await warnings(spec);
    // Every device but the Cisco 79x0 ones (their transport is udp by the schema's rule or explicit).
    expect(found.length).toBeGreaterThan(3);
    expect(found.every((d: { code: string }) => d.code === 'PBX3101')).toBe(true);
  });
});
