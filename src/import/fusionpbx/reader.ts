import { scrubPassword, shownDbUrl } from './db-url.js';
import { type FusionRows, fusionRows, type Row, TABLES, type Table } from './rows.js';

/** A problem reaching or reading the database: the CLI reports it and exits 2. */
export class ImportReadError extends Error {
  constructor(
    readonly code: 'PBX7001' | 'PBX7002',
    message: string,
  ) {
    super(message);
  }
}

/** The connection string without its password, for messages (rebuilt from its parts, see db-url.ts). */
export function redactUrl(url: string): string {
  try {
    return shownDbUrl(url);
  } catch {
    return 'the --db URL';
  }
}

/**
 * Reads every table the importer knows in one READ ONLY transaction and returns plain rows.
 * `pg` is loaded here, on demand, so validate and build never load it.
 */
export async function readFusion(url: string): Promise<FusionRows> {
  const { default: pg } = await import('pg');
  let client: InstanceType<typeof pg.Client>;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
    client.on('error', () => {});
    await client.connect();
  } catch (error) {
    throw new ImportReadError(
      'PBX7001',
      `cannot connect to ${redactUrl(url)}: ${scrubPassword((error as Error).message, url)}`,
    );
  }
  try {
    await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SET LOCAL statement_timeout = '120s'");
    const present = await client.query<{ name: string }>(
      'SELECT c.relname AS name FROM pg_catalog.pg_class c WHERE c.relkind IN ($1, $2, $3) AND pg_catalog.pg_table_is_visible(c.oid)',
      ['r', 'v', 'p'],
    );
    const names = new Set(present.rows.map((r) => r.name));
    if (!names.has('v_domains') || !names.has('v_extensions') || !names.has('v_dialplans'))
      throw new ImportReadError(
        'PBX7002',
        `${redactUrl(url)} is not a FusionPBX database: it has no v_domains, v_extensions and v_dialplans tables`,
      );
    const tables: Partial<Record<Table, Row[]>> = {};
    for (const table of TABLES) {
      if (!names.has(table)) continue;
      // Table names come from the constant list above, never from input.
      const result = await client.query(`SELECT * FROM ${table}`);
      tables[table] = result.rows as Row[];
    }
    return fusionRows(tables);
  } catch (error) {
    if (error instanceof ImportReadError) throw error;
    throw new ImportReadError(
      'PBX7001',
      `cannot read ${redactUrl(url)}: ${scrubPassword((error as Error).message, url)}`,
    );
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
  }
}
