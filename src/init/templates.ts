/** The starting point of a new platform repository (`pbxc init`): small, valid, and commented. */

export const PLATFORM_YAML = `# yaml-language-server: $schema=schema/platform.schema.json
# The platform: SIP ports and codecs, firewall whitelists, phone provisioning, cloud environments.
# Every key is explained in the pbxc spec reference (docs/spec-reference.md of pbxc).
platform: my-pbx

sip:
  ports: { udp: 5060, tcp: 5060, tls: 5061, wss: 7443 }   # trunks use 5080 (sip.ports.external)
  rtp: { from: 16384, to: 32768 }
  codecs: [OPUS, G722, PCMA, PCMU]

firewall:
  whitelists:                    # named address lists; documentation addresses: replace them
    office: ["203.0.113.0/24"]
    carrier: ["192.0.2.16/28"]   # where your SIP carrier sends calls from
  sip_access: open               # open: phones anywhere (fail2ban guards); whitelist: listed sources only
  admin_access: [office]         # SSH from the office only
  fail2ban: { maxretry: 5, findtime: 600, bantime: 3600, ignore: [office, carrier] }

provisioning:
  base_url: https://provision.pbx.example.net
  update_interval_minutes: 10
  admin_password: auto           # each phone's web admin password is derived from the master key

# The CI example plans and applies staging first, then production. Terraform state lives in an S3
# bucket you create once (versioning on, public access blocked), with S3-native locking
# (use_lockfile, Terraform 1.10 or later): never in this repository, never lost with a CI runner.
environments:
  staging:
    aws: { region: eu-central-1 }
    nodes: 1
    instance_type: t3.small
    dns_zone: staging.pbx.example.net
    state: { bucket: my-pbx-terraform-state }     # key pbxc/my-pbx/staging.tfstate
    tenants: all                 # or test (tenants with test: true), or a list of tenant ids
    domains: { example: example.staging.pbx.example.net }   # staging's own names: never a production domain
    trunks: { example/carrier: { register: false } }        # only production registers with the carrier
  production:
    aws: { region: eu-central-1 }
    nodes: 2
    instance_type: t3.medium
    dns_zone: pbx.example.net
    state: { bucket: my-pbx-terraform-state }     # key pbxc/my-pbx/production.tfstate
`;

export const TENANT_YAML = `# yaml-language-server: $schema=../schema/tenant.schema.json
# One customer. Numbers are strings: quote them.
tenant: example
name: Example Ltd
domain: example.pbx.example.net  # the SIP domain phones register to; its DNS points at the PBX
timezone: Europe/Berlin          # schedules are evaluated here
dialing: { country_code: "49", national_prefix: "0", international_prefix: "00", emergency: ["110", "112"] }

# No extension, ring group or alias may equal an emergency number (110, 112), start with one (1101) or
# be the start of one (11): validate refuses it (PBX3110): keep 110-119 free.
number_plan:                     # every extension and ring group number lies in an entry of its use
  - { range: "100-199", use: extensions }
  - { range: "600-609", use: groups }

extensions:
  - { number: "100", name: Reception, voicemail: true }
  - number: "101"
    name: Alice
    voicemail: true
    forward: { on_no_answer: { after: 20, to: { voicemail: "101" } } }

ring_groups:
  - { number: "600", name: Everyone, strategy: simultaneous, ring_timeout: 25, members: ["100", "101"],
      on_no_answer: { voicemail: "100" } }

schedules:
  - id: office-hours
    open:
      - { days: mon-fri, from: "08:00", to: "17:00" }
    holidays: ["2026-12-25", "2026-12-26"]

trunks:
  - id: carrier
    host: sip.carrier.example.net
    transport: udp
    register: false
    inbound_from: [carrier]      # the firewall and the trunk ACL open for this whitelist only
    caller_id: "+4930555000"

dids:
  - { number: "+4930555000", name: Main number, trunk: carrier, schedule: office-hours,
      to: { ring_group: "600" }, closed: { voicemail: "100" } }

outbound_routes:
  - { name: emergency, match: emergency, trunk: carrier }
  - { name: germany, prefixes: ["+49"], trunk: carrier }
  - { name: international, prefixes: ["+"], trunk: carrier, allow: ["100"] }

devices:
  - { mac: "00:15:65:00:00:01", vendor: yealink, model: T54W, name: Reception, lines: ["100"],
      keys: [{ type: blf, extension: "101" }] }
`;

export const GITIGNORE = `node_modules/
# Rendered bundles and credential sheets hold secrets: never commit them.
bundle/
*.bundle/
credentials-*.csv
credentials-*.json
secrets.yaml
master.key
*.key
# Terraform's working files (the state itself is in the S3 backend).
cdktf.out/
.terraform/
*.tfplan
*.tfstate
*.tfstate.backup
`;

export const VSCODE_SETTINGS = `${JSON.stringify(
  {
    'yaml.schemas': {
      './spec/schema/platform.schema.json': ['spec/platform.yaml'],
      './spec/schema/tenant.schema.json': ['spec/tenants/*.yaml'],
    },
    'yaml.validate': true,
    'yaml.completion': true,
    'files.insertFinalNewline': true,
  },
  null,
  2,
)}\n`;

/**
 * The new repository's package.json: pbxc from the source `pbxcSpec` names (never a registry name),
 * and the stack packages pbxc loads for synth/plan/apply at their tested versions (optional peer
 * dependencies of pbxc). Everything is a dependency, so `npm ci --omit=dev` installs it.
 */
export function packageJson(pbxcSpec: string, stackPackages: Readonly<Record<string, string>>): string {
  return `${JSON.stringify(
    {
      name: 'my-pbx-platform',
      private: true,
      engines: { node: '>=20' },
      scripts: {
        validate: 'pbxc validate',
        build: 'pbxc build',
        check: 'pbxc check',
        diff: 'pbxc diff',
        synth: 'pbxc synth',
      },
      dependencies: Object.fromEntries(
        Object.entries({ pbxc: pbxcSpec, ...stackPackages }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ),
    },
    null,
    2,
  )}\n`;
}

export function readme(ci: readonly string[]): string {
  return `# Phone platform

This repository is a phone system described as code and compiled by pbxc (PBX-as-code).
Every change is a pull request.

| folder | what |
| --- | --- |
| \`spec/platform.yaml\` | the platform: SIP, firewall whitelists, provisioning, cloud environments |
| \`spec/tenants/*.yaml\` | one file per customer: extensions, ring groups, IVRs, schedules, trunks, DIDs, phones |
| \`spec/schema/\` | the JSON Schemas; \`.vscode/settings.json\` binds them, so VS Code with the YAML extension completes and checks as you type |
| \`generated/\` | what pbxc compiles from the spec (after \`npx pbxc build\`): commit it, never edit it |

## Every day

\`\`\`sh
npx pbxc validate                 # every problem at once, file:line:col
npx pbxc build                    # spec/ → generated/ (deterministic, no secrets)
npx pbxc diff                     # what your change does, in the spec's terms, risks first
npx pbxc explain example +4930555000 --at "2026-12-02 10:00"   # where a call goes
\`\`\`

Commit \`spec/\` and \`generated/\` together; CI runs \`pbxc check\` so they never drift apart.

## Set-up

\`\`\`sh
npm ci                            # pbxc and the stack packages, exactly as package-lock.json pins them
npx pbxc build
npx pbxc keygen --out master.key  # once: the master key (see pbxc's docs/keys.md), then into the CI store
\`\`\`

pbxc comes from the source named in \`package.json\` (a tarball in \`vendor/\`: commit it), never
from a registry name. Terraform state lives in the S3 bucket named under \`state:\` in
\`spec/platform.yaml\` (create it once, versioning on; Terraform 1.10 or later for its locking).

## Environments

\`staging\` and \`production\` differ on purpose: staging serves the tenants listed under \`tenants:\`
(all, test, or ids) under its own \`domains:\`, with \`trunks:\` overrides (\`register: false\` or a
test carrier), so it never registers a production trunk or answers a production domain;
\`npx pbxc validate\` refuses either. \`npx pbxc synth\` prints the DNS records per environment.

## Secrets

No secret lives in this repository. Derived credentials (SIP passwords, PINs, provisioning
passwords) come from the master key; named secrets such as trunk passwords are named in the spec.
CI takes them all from one secret, \`PBXC_SECRETS\`, a YAML document per environment:

\`\`\`yaml
master_key: <npx pbxc keygen>
carrier-trunk: <the carrier's password>
\`\`\`

\`npx pbxc secrets\` lists what a render needs;
\`npx pbxc credentials --all example --output credentials-example.csv\` writes the onboarding sheet
of a tenant (a 0600 file: hand it over, do not commit it).

## CI

${ci.length > 0 ? ci.map((p) => `- \`${p}\``).join('\n') : '- no CI example shipped with this pbxc: run `pbxc validate --format github`, `pbxc check` and `pbxc diff --format markdown` on every pull request'}
`;
}
