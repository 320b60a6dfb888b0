import { secretEnvName } from '../../secrets/placeholder.js';
import { collectSecrets } from '../../secrets/resolver.js';
import { COMMON, formatOption, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc secrets [--spec DIR] [--json] [--format human|json|github]

Lists the secrets render needs, without values: each named secret with its environment
variable, and the number of credentials derived from the master key.`;

export async function secrets(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, json: { type: 'boolean', default: false } });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = values.json ? 'json' : formatOption(values.format);
  const loaded = await loadOrReport(term, format, String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const { model } = loaded;
  const refs = collectSecrets(model);
  const named = refs.flatMap((r) =>
    r.kind === 'named' ? [{ name: r.name, rev: r.rev, env: secretEnvName(r.name) }] : [],
  );
  const derived = refs.filter((r) => r.kind === 'derived').length;
  if (format === 'json') {
    term.out(JSON.stringify({ named, derived, masterKey: 'PBXC_MASTER_KEY' }, null, 2));
  } else if (format === 'github') {
    for (const n of named) term.out(`::notice title=${n.env}::render needs secret ${n.name} (rev ${n.rev})`);
    term.out(`::notice title=PBXC_MASTER_KEY::render derives ${derived} credentials from the master key`);
  } else {
    for (const n of named) term.out(`${n.name} (rev ${n.rev}): ${n.env}`);
    term.out(`${derived} derived credentials: PBXC_MASTER_KEY or --master-key-file`);
  }
  return EXIT.ok;
}
