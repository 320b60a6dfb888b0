import type { Model } from '../model/types.js';
import { whitelistUses } from './platform.js';

/**
 * What the CDK-for-Terraform stacks read from the model, per environment. Comparing these tells
 * which stacks change without loading cdktf in `pbxc diff`; the resource-level plan stays
 * `npm run synth` + `terraform plan`.
 */
function inputs(model: Model, env: string): Record<string, string> {
  const p = model.platform;
  const e = p.environments.find((x) => x.name === env);
  const used = whitelistUses(model);
  const lists = p.firewall.whitelists
    .filter((w) => used.has(w.name))
    .map((w) => `${w.name}=${[...w.ipv4, ...w.ipv6].join(',')}`);
  return {
    'node count': String(e?.nodes),
    'instance type': String(e?.instanceType),
    'region/AMI': `${e?.region} ${e?.ami ?? ''}`,
    'DNS zone': String(e?.dnsZone ?? ''),
    'SSH key': String(e?.sshKey ?? ''),
    'state backend': JSON.stringify(e?.state ?? null),
    'security group ports': JSON.stringify([
      p.sip.ports,
      p.sip.externalPort,
      p.sip.externalTlsPort,
      p.sip.rtp,
      p.firewall.adminPorts,
      p.provisioning.port,
    ]),
    'security group sources': JSON.stringify([
      p.firewall.sipAccess,
      p.firewall.sipWhitelists,
      p.firewall.adminAccess,
      p.provisioning.allow,
      lists,
    ]),
    'trunk and Ringotel whitelists': JSON.stringify(
      model.tenants.map((t) => [
        t.id,
        t.trunks.map((k) => [k.inboundFrom, k.transport]),
        t.ringotel?.whitelist ?? '',
      ]),
    ),
    'provisioning host': p.provisioning.host,
    'platform id': p.id,
  };
}

export function terraformChanges(a: Model, b: Model): { environment: string; inputs: string[] }[] {
  const out: { environment: string; inputs: string[] }[] = [];
  for (const env of b.platform.environments) {
    if (!a.platform.environments.some((x) => x.name === env.name)) {
      out.push({ environment: env.name, inputs: ['new environment'] });
      continue;
    }
    const x = inputs(a, env.name);
    const y = inputs(b, env.name);
    const changed = Object.keys(y).filter((k) => x[k] !== y[k]);
    if (changed.length > 0) out.push({ environment: env.name, inputs: changed });
  }
  for (const env of a.platform.environments)
    if (!b.platform.environments.some((x) => x.name === env.name))
      out.push({ environment: env.name, inputs: ['environment removed'] });
  return out;
}
