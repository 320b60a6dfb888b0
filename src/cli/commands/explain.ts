import { visible } from '../../diag/diagnostic.js';
import { explanationJson, explanationText } from '../../explain/format.js';
import { explainCall } from '../../explain/index.js';
import { parseAt } from '../../explain/local-time.js';
import { parseOverride } from '../../explain/paging.js';
import type { At } from '../../explain/types.js';
import { parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc explain [--spec DIR] TENANT NUMBER [--from EXT | --from-trunk TRUNK] [--caller NUMBER]
                    [--at DATETIME] [--override SCHEDULE=open|closed|auto]... [--format text|json]

The path a call takes, step by step, computed from the compiled spec:
  a DID (in any form the carrier sends it): trunk ACL, call filters, the schedule at --at
    in the tenant's time zone (holidays included), then the destination chain with its
    busy / not registered / no answer fallbacks;
  an extension, ring group, alias or feature code dialled inside the tenant;
  an outbound number: dialled → E.164 → route → trunk, caller ID, toll restriction.

Options:
  --from EXT          the extension placing the call (toll restriction and caller ID are its own)
  --from-trunk TRUNK  the call arrives from this trunk (NUMBER is a DID)
  --caller NUMBER     caller number of an inbound call, checked against the call filters
  --at DATETIME       "2026-12-24 10:00" (wall clock in the tenant's zone) or with Z/±hh:mm;
                      default: now
  --override S=STATE  assume schedule S's day/night override is forced open or closed (or auto:
                      none), as its override code would have set it on the node; repeatable
  --format F          text (default) or json
Exit: 0 explained, 1 invalid spec or unknown tenant/extension/trunk, 2 usage error`;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

const OPTIONS = {
  spec: { type: 'string', default: 'spec' },
  from: { type: 'string' },
  'from-trunk': { type: 'string' },
  caller: { type: 'string' },
  at: { type: 'string' },
  override: { type: 'string', multiple: true },
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function explain(argv: readonly string[], term: Terminal): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError('explain needs TENANT and NUMBER');
  if (values.from !== undefined && values['from-trunk'] !== undefined)
    throw new UsageError('pass either --from or --from-trunk, not both');
  const format = values.format;
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json (got ${String(format)})`);
  let at: At = { kind: 'instant', date: new Date() };
  if (values.at !== undefined) {
    const parsed = parseAt(String(values.at));
    if (!parsed)
      throw new UsageError(
        `--at must look like "2026-12-24 10:00" or "2026-12-24T09:00Z" (got ${String(values.at)})`,
      );
    at = parsed;
  }
  const overrides: Record<string, 'open' | 'closed'> = {};
  for (const text of (values.override ?? []) as string[]) {
    const o = parseOverride(text);
    if ('error' in o) throw new UsageError(o.error);
    if (o.state === 'auto') delete overrides[o.schedule];
    else overrides[o.schedule] = o.state;
  }
  const [tenant, number] = positionals as [string, string];
  for (const [what, value] of [
    ['TENANT', tenant],
    ['NUMBER', number],
    ['--from', values.from],
    ['--from-trunk', values['from-trunk']],
    ['--caller', values.caller],
  ] as const)
    if (value !== undefined && CONTROL.test(String(value)))
      throw new UsageError(`${what} holds a control character (shown escaped): ${String(value)}`);
  const loaded = await loadOrReport(term, 'human', String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const result = explainCall(loaded.model, {
    tenant,
    number,
    at,
    ...(values.from !== undefined ? { from: String(values.from) } : {}),
    ...(values['from-trunk'] !== undefined ? { fromTrunk: String(values['from-trunk']) } : {}),
    ...(values.caller !== undefined ? { caller: String(values.caller) } : {}),
    ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
  });
  if ('error' in result) {
    term.err(`pbxc explain: ${visible(result.error)}`);
    return EXIT.invalid;
  }
  term.out((format === 'json' ? explanationJson : explanationText)(result.explanation).trimEnd());
  return EXIT.ok;
}
