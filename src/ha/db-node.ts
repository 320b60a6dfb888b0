import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseEnvFile } from './config.js';
import { type DbFacts, parseDsnUri, pgpassLine, writePassfile } from './db-credentials.js';

/**
 * A generic node's database from its URI (environments.<env>.database.dsn_secret, docs/ha.md
 * "PostgreSQL outside AWS"): `pbxc node-install`'s script stores the URI it is given as
 * PBXC_DB_DSN in a root-only file and names it in node.env (PBXC_DB_DSN_FILE); `pbxc ha`, at its
 * start and before FreeSWITCH starts, turns it into what the lease loop and mod_pgsql read: the
 * PBXC_DB_* facts in node.env (no password) and libpq's passfile (0600, FreeSWITCH's user). Safe to
 * repeat: the same URI gives the same files; a changed URI (a rotated password, a moved database)
 * replaces them. No message ever echoes the URI.
 */
export const DB_DSN_FILE = '/etc/pbxc/db-dsn';

const DB_KEYS = ['PBXC_DB_HOST', 'PBXC_DB_PORT', 'PBXC_DB_NAME', 'PBXC_DB_USER', 'PBXC_DB_SSLMODE'] as const;

/** node.env with its PBXC_DB_* lines replaced by these facts (every other line kept as it was). */
export function withDbFacts(envText: string, facts: DbFacts): string {
  const keep = envText
    .split('\n')
    .filter((l) => !DB_KEYS.some((k) => l.trim().startsWith(`${k}=`)))
    .join('\n')
    .replace(/\n*$/, '\n');
  const values = [facts.host, String(facts.port), facts.name, facts.user, facts.sslmode];
  return `${keep}${DB_KEYS.map((k, i) => `${k}=${values[i]}`).join('\n')}\n`;
}

export interface DsnNodeResult {
  /** node.env as it is now. */
  readonly envText: string;
  /** What was done, in words (no secret). */
  readonly message: string;
}

/** Applies PBXC_DB_DSN_FILE of a node.env (see above); nothing when node.env names none. */
export async function prepareDsnNode(
  envPath: string,
  envText: string,
  passfile: string,
  owner?: { readonly uid: number; readonly gid: number },
): Promise<DsnNodeResult> {
  const file = parseEnvFile(envText).get('PBXC_DB_DSN_FILE');
  if (!file) return { envText, message: 'no PBXC_DB_DSN_FILE' };
  let uri: string;
  try {
    uri = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the database URI file ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const { facts, password } = parseDsnUri(uri);
  await writePassfile(passfile, pgpassLine(facts, password), owner);
  const next = withDbFacts(envText, facts);
  if (next !== envText) {
    const tmp = `${envPath}.tmp-${process.pid}`;
    await writeFile(tmp, next, { mode: 0o644 });
    await rename(tmp, envPath);
  }
  return {
    envText: next,
    message: `database ${facts.host}:${facts.port}/${facts.name} as ${facts.user}: node.env ${next === envText ? 'unchanged' : 'updated'}, passfile written`,
  };
}

/**
 * Whether `pbxc ha` starts FreeSWITCH before its lease loop: on a lease node (warm standby: it runs
 * on every node, the lease decides which one has its profiles and the service address) under
 * systemd, unless node.env says PBXC_HA_START_FREESWITCH=off. The bootstrap leaves the unit
 * disabled with several nodes (the EC2 probe loop starts it on the active only); a FreeSWITCH that
 * starts its profiles by itself is harmless here: the loop starts fenced and the kernel gate is shut.
 */
export function startsFreeswitch(envText: string, underSystemd: boolean): boolean {
  const env = parseEnvFile(envText);
  return underSystemd && env.has('PBXC_DB_HOST') && env.get('PBXC_HA_START_FREESWITCH') !== 'off';
}
