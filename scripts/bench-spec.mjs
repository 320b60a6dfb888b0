// Writes a large, valid spec for the benchmark: TENANTS tenants × EXTENSIONS extensions, each
// tenant with a ring group, a trunk, DIDs, outbound routes and desk phones.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLATFORM = new URL('../spec/platform.yaml', import.meta.url);

/** One tenant file's text. */
export function tenantYaml(t, extensions, { variant = '' } = {}) {
  const id = `tenant-${String(t).padStart(4, '0')}`;
  const width = Math.max(4, String(999 + extensions).length);
  const first = 10 ** (width - 1);
  const num = (e) => String(first + e);
  const ext = [];
  for (let e = 0; e < extensions; e++) {
    const n = num(e);
    ext.push(
      `  - { number: "${n}", name: User ${n}${variant}, email: u${n}@${id}.example.net, voicemail: true }`,
    );
  }
  const members = Array.from({ length: Math.min(10, extensions) }, (_, i) => `"${num(i)}"`).join(', ');
  const did = (i) => `+1${String(2000000000 + t * 100 + i)}`;
  const devices = Array.from({ length: Math.min(20, extensions) }, (_, i) => {
    const mac = `00:15:65:${(t >> 8).toString(16).padStart(2, '0')}:${(t & 255).toString(16).padStart(2, '0')}:${i.toString(16).padStart(2, '0')}`;
    return `  - { mac: "${mac}", vendor: yealink, model: T54W, name: Desk ${i}, lines: ["${num(i)}"], keys: [{ type: blf, extension: "${num(i + 1)}" }] }`;
  });
  return `# yaml-language-server: $schema=../schema/tenant.schema.json
tenant: ${id}
name: Tenant ${t}
domain: ${id}.voice.example.net
timezone: America/New_York
language: en
dialing: { country_code: "1", national_prefix: "1", international_prefix: "011", emergency: ["911"] }
number_plan:
  - { range: "${first}-${first * 10 - 1}", use: extensions }
  - { range: "600-699", use: groups }
extensions:
${ext.join('\n')}
ring_groups:
  - { number: "600", name: Everyone, strategy: simultaneous, ring_timeout: 25, members: [${members}] }
trunks:
  - { id: carrier, host: ${id}.pstn.example.com, transport: udp, register: false, inbound_from: [twilio-signalling], caller_id: "${did(0)}" }
dids:
  - { number: "${did(0)}", name: Main, trunk: carrier, to: { ring_group: "600" } }
outbound_routes:
  - { name: emergency, match: emergency, trunk: carrier }
  - { name: nanp, prefixes: ["+1"], trunk: carrier }
devices:
${devices.join('\n')}
`;
}

export function tenantPath(root, t) {
  return join(root, 'tenants', `tenant-${String(t).padStart(4, '0')}.yaml`);
}

/** The example's platform for a generated spec: its staging serves only test tenants (none of the example's). */
export function benchPlatform(text) {
  return text.replace(
    /^ {4}tenants: \[[^\n]*\n(?: {4}[a-z]+:[^\n]*\n(?: {6}[^\n]*\n)*)*/m,
    '    tenants: test\n',
  );
}

/** Writes platform.yaml and every tenant file under `root`; returns the total bytes. */
export function writeBenchSpec(root, tenants, extensions) {
  mkdirSync(join(root, 'tenants'), { recursive: true });
  const platform = benchPlatform(readFileSync(PLATFORM, 'utf8'));
  writeFileSync(join(root, 'platform.yaml'), platform);
  let bytes = platform.length;
  for (let t = 0; t < tenants; t++) {
    const text = tenantYaml(t, extensions);
    bytes += text.length;
    writeFileSync(tenantPath(root, t), text);
  }
  return bytes;
}
