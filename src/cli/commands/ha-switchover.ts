import { readFile } from 'node:fs/promises';
import { findEnvironment } from '../../deploy/publish/plan.js';
import { dbFacts, parseDsnUri } from '../../ha/db-credentials.js';
import { type LeaseRow, SWITCHOVER_ANY } from '../../ha/lease.js';
import { leaseGroup } from '../../ha/lease-run.js';
import { nodeLeases } from '../../ha/lease-status.js';
import { ensureLease, pgLeaseStore } from '../../ha/lease-store.js';
import { switchover } from '../../ha/switchover.js';
import { nodeNames } from '../../model/environments.js';
import { NODE_PATHS } from '../../model/node-paths.js';
import { namedSecretValue } from '../../secrets/resolver.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import { secretSources } from '../secret-sources.js';
import type { Terminal } from '../terminal.js';

export const SWITCHOVER_HELP = `Usage: pbxc ha switchover (--env ENV [--spec DIR] [--secrets FILE] | --node-env FILE)
                          [--to NODE] [--wait SECONDS]

A planned switchover of an active/standby group whose state is in PostgreSQL: marks the
group's lease row; the holder's pbxc ha fences itself within a second (drops the service
address, stops its SIP profiles) and releases the lease; NODE (default: any other healthy
node) takes it and starts its profiles with sofia recover, so established calls continue.
Waits until another node holds the lease and prints each node's role and lease.

  --env ENV        provider: generic: connects with the URI in the named secret
                   environments.<env>.database.dsn_secret (secrets document: --secrets,
                   PBXC_SECRETS or PBXC_SECRET_<NAME>). An AWS environment's database is
                   private: run the --node-env form on a node (aws ssm send-command).
  --node-env FILE  on a node: the node's database facts and passfile (${NODE_PATHS.nodeEnv})
  --to NODE        the node to hand over to (default: any other)
  --wait SECONDS   how long to wait for the hand-over (default 10)

Exit: 0 another node holds the lease, 1 nobody took it within --wait (the request lapses
after 60 s; the lease is then anyone's), 2 usage error, no database or missing secret`;

interface Target {
  readonly connect: {
    host: string;
    port: number;
    database: string;
    user: string;
    password?: string;
    ssl?: object | false;
  };
  readonly group: string;
  readonly nodes: readonly string[];
}

export async function haSwitchover(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    'node-env': { type: 'string' },
    secrets: { type: 'string' },
    to: { type: 'string' },
    wait: { type: 'string', default: '10' },
  });
  if (values.help) {
    term.out(SWITCHOVER_HELP);
    return EXIT.ok;
  }
  const waitS = Number(values.wait);
  if (!Number.isFinite(waitS) || waitS <= 0 || waitS > 600)
    throw new UsageError('--wait must be a number of seconds between 0 and 600');
  if (!values.env === !values['node-env'])
    throw new UsageError('switchover needs either --env ENV or --node-env FILE');
  let target: Target;
  if (values['node-env']) {
    const file = String(values['node-env']);
    const text = await readFile(file, 'utf8').catch((e: Error) => {
      throw new UsageError(`cannot read ${file}: ${e.message}`);
    });
    const facts = dbFacts(text);
    if (!facts) throw new UsageError(`${file} names no database (PBXC_DB_HOST): this group has no lease`);
    // libpq's passfile, the one FreeSWITCH reads (node-postgres reads PGPASSFILE).
    process.env.PGPASSFILE = process.env.PGPASSFILE ?? NODE_PATHS.dbPassfile;
    target = {
      connect: {
        host: facts.host,
        port: facts.port,
        database: facts.name,
        user: facts.user,
        ssl: sslOf(facts.sslmode),
      },
      group: leaseGroup(text),
      nodes: [],
    };
  } else {
    const format = formatOption(values.format);
    const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
    if ('exit' in loaded) return loaded.exit;
    const env = findEnvironment(loaded.model, String(values.env));
    if (!env) throw new UsageError(`unknown environment "${String(values.env)}"`);
    if (env.nodes < 2)
      throw new UsageError(`environment "${env.name}" has one node: nothing to switch over to`);
    if (!env.database)
      throw new UsageError(
        env.provider === 'generic'
          ? `environment "${env.name}" names no database (environments.${env.name}.database.dsn_secret)`
          : `environment "${env.name}" is provider: aws: its database is private to the nodes; run on a node: pbxc ha switchover --node-env ${NODE_PATHS.nodeEnv}`,
      );
    const { sources } = await secretSources(term, {
      ...(values.secrets ? { secrets: String(values.secrets) } : {}),
    });
    const uri = namedSecretValue(sources, env.database.dsnSecret);
    if (uri === undefined) {
      term.err(
        `pbxc ha switchover: missing secret "${env.database.dsnSecret}" (the database URI): give it in --secrets, PBXC_SECRETS or PBXC_SECRET_${env.database.dsnSecret.toUpperCase().replace(/-/g, '_')}`,
      );
      return EXIT.usage;
    }
    let parsed: ReturnType<typeof parseDsnUri>;
    try {
      parsed = parseDsnUri(uri);
    } catch (error) {
      term.err(`pbxc ha switchover: secret "${env.database.dsnSecret}": ${(error as Error).message}`);
      return EXIT.usage;
    }
    const f = parsed.facts;
    target = {
      connect: {
        host: f.host,
        port: f.port,
        database: f.name,
        user: f.user,
        password: parsed.password,
        ssl: sslOf(f.sslmode),
      },
      group: `${loaded.model.platform.id}/${env.name}`,
      nodes: nodeNames(env),
    };
  }
  const to = values.to === undefined ? SWITCHOVER_ANY : String(values.to);
  if (target.nodes.length && to !== SWITCHOVER_ANY && !target.nodes.includes(to))
    throw new UsageError(`--to must be one of ${target.nodes.join(', ')}`);
  const pg = (await import('pg')).default;
  const client = new pg.Client({ ...target.connect, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    // pg's messages name host and user, never the password.
    term.err(`pbxc ha switchover: cannot reach the database: ${(error as Error).message}`);
    return EXIT.usage;
  }
  try {
    await ensureLease(client, target.group);
    const store = pgLeaseStore(client, target.group);
    const result = await switchover(client, store, target.group, { to, waitMs: waitS * 1000 });
    (result.ok ? term.out : term.err)(`pbxc ha switchover ${target.group}: ${result.message}`);
    const row: LeaseRow | undefined = await store.read().catch(() => undefined);
    const names = target.nodes.length ? target.nodes : [row?.holder ?? ''].filter(Boolean);
    for (const n of nodeLeases(names, row))
      term.out(`${n.node} (${n.role})${n.lease ? `  lease ${n.lease}` : ''}`);
    return result.ok ? EXIT.ok : EXIT.invalid;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function sslOf(sslmode: string): object | false {
  return sslmode === 'disable' ? false : { rejectUnauthorized: sslmode.startsWith('verify') };
}
