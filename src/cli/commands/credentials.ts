import { diag } from '../../diag/diagnostic.js';
import { secretEnvName } from '../../secrets/placeholder.js';
import { collectSecrets, missingSecrets, renderSecret } from '../../secrets/resolver.js';
import { COMMON, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import { report } from '../report.js';
import { secretSources } from '../secret-sources.js';
import type { Terminal } from '../terminal.js';
import { credentialsAll } from './credentials-all.js';

export const HELP = `Usage: pbxc credentials [--spec DIR] TENANT EXTENSION [--json] [--master-key-file FILE] [--secrets FILE]
       pbxc credentials [--spec DIR] --all TENANT [--format csv|json] [--output FILE]

Prints the SIP credentials of one extension, as a phone or softphone needs them:
username, password, domain, SIP server and transports (with ports). Needs the
master key (PBXC_MASTER_KEY or --master-key-file). The output holds a secret:
do not paste it into tickets or logs.

Options:
  --spec DIR      spec folder (default: spec)
  --json          JSON with keys username, password, domain, server, transports
  --all TENANT    onboarding sheet of a whole tenant: one row per extension plus the
                  provisioning login of its phones (CSV safe for spreadsheets, or JSON)
  --output FILE   write the sheet to a new file with mode 0600 (never inside generated/
                  or another audit tree) instead of stdout
  --secrets FILE  named secrets (YAML map), for an extension whose password is a named secret
Exit: 0 ok, 1 invalid spec or unknown tenant/extension, 2 usage error or no master key`;

export async function credentials(argv: readonly string[], term: Terminal): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...COMMON,
    json: { type: 'boolean', default: false },
    'master-key-file': { type: 'string' },
    all: { type: 'string' },
    output: { type: 'string' },
    secrets: { type: 'string' },
  });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  if (values.all !== undefined) {
    if (positionals.length > 0) throw new UsageError('--all TENANT takes no EXTENSION');
    const loadedAll = await loadOrReport(term, 'human', String(values.spec));
    if ('exit' in loadedAll) return loadedAll.exit;
    return credentialsAll(term, loadedAll.model, String(values.all), values);
  }
  if (values.output !== undefined) throw new UsageError('--output is for --all TENANT');
  if (positionals.length !== 2) throw new UsageError('credentials needs TENANT and EXTENSION');
  const [tenantId, number] = positionals as [string, string];
  const loaded = await loadOrReport(term, 'human', String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const { model } = loaded;
  const tenant = model.tenants.find((t) => t.id === tenantId);
  const ext = tenant?.extensions.find((e) => e.number === number);
  if (!tenant || !ext) {
    const known = tenant ? tenant.extensions.map((e) => e.number) : model.tenants.map((t) => t.id);
    term.err(
      `pbxc: ${tenant ? `extension ${number} is not an extension of tenant ${tenantId}` : `no tenant ${tenantId}`} (known: ${known.join(', ')})`,
    );
    return EXIT.invalid;
  }
  const { sources, diagnostics, masterKeyGiven } = await secretSources(term, values);
  const missing = missingSecrets(
    [...collectSecrets(model).filter((r) => r.kind === 'derived'), ext.password],
    sources,
  );
  if (diagnostics.length > 0 || missing.masterKey || missing.named.length > 0) {
    const none = missing.masterKey && !masterKeyGiven ? [diag('PBX6002', {})] : [];
    const named = missing.named.map((name) => diag('PBX6001', { name, env: secretEnvName(name) }));
    await report(term, 'human', [...diagnostics, ...none, ...named]);
    return EXIT.usage;
  }
  const secret = renderSecret(sources);
  const { ports } = model.platform.sip;
  const transports = ext.webrtc
    ? [{ transport: 'wss', port: ports.wss, uri: `wss://${tenant.domain}:${ports.wss}` }]
    : [
        { transport: 'udp', port: ports.udp, uri: `sip:${tenant.domain}:${ports.udp};transport=udp` },
        { transport: 'tcp', port: ports.tcp, uri: `sip:${tenant.domain}:${ports.tcp};transport=tcp` },
        { transport: 'tls', port: ports.tls, uri: `sips:${tenant.domain}:${ports.tls};transport=tls` },
        { transport: 'wss', port: ports.wss, uri: `wss://${tenant.domain}:${ports.wss}` },
      ];
  const creds = {
    username: ext.number,
    password: secret(ext.password),
    domain: tenant.domain,
    server: tenant.domain,
    transports,
    ...(ext.voicemail ? { voicemail_pin: secret(ext.pin) } : {}),
    display_name: ext.name,
  };
  if (values.json) {
    term.out(JSON.stringify(creds, null, 2));
  } else {
    term.out(`tenant:       ${tenant.id}`);
    term.out(`display name: ${ext.name}`);
    term.out(`username:     ${creds.username}`);
    term.out(`password:     ${creds.password}`);
    term.out(`domain:       ${creds.domain}`);
    term.out(`server:       ${creds.server}`);
    term.out(`transports:   ${transports.map((t) => `${t.transport}/${t.port}`).join(', ')}`);
    if (creds.voicemail_pin) term.out(`voicemail pin: ${creds.voicemail_pin}`);
  }
  return EXIT.ok;
}
