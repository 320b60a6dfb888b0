import { loadModel } from '../../load-model.js';
import { secretEnvName } from '../../secrets/placeholder.js';
import { collectSecrets } from '../../secrets/resolver.js';
import { COMMON, parse } from '../args.js';
import { EXIT, exitFor } from '../exit-codes.js';
import { report } from '../report.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc secrets [--spec DIR] [--json]

Lists the secrets render needs, without values: each named secret with its environment
variable, and the number of credentials derived from the master key.`;

export async function secrets(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, json: { type: 'boolean', default: false } });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const result = await loadModel(String(values.spec));
  const front = exitFor(result.diagnostics);
  if (!result.model || front !== EXIT.ok) {
    await report(term, 'human', result.diagnostics, result.stats);
    return front === EXIT.ok ? EXIT.invalid : front;
  }
  const refs = collectSecrets(result.model);
  const named = refs.flatMap((r) =>
    r.kind === 'named' ? [{ name: r.name, rev: r.rev, env: secretEnvName(r.name) }] : [],
  );
  const derived = refs.filter((r) => r.kind === 'derived').length;
  if (values.json) {
    term.out(JSON.stringify({ named, derived, masterKey: 'PBXC_MASTER_KEY' }, null, 2));
  } else {
    for (const n of named) term.out(`${n.name} (rev ${n.rev}): ${n.env}`);
    term.out(`${derived} derived credentials: PBXC_MASTER_KEY or --master-key-file`);
  }
  return EXIT.ok;
}
