import { NODE_PATHS } from '../../model/node-paths.js';
import type { Model } from '../../model/types.js';
import { onNode } from './node-root.js';
import { configuration, el, include, param, preSet, renderXml, type XmlElement } from './xml.js';

/**
 * FreeSWITCH's state in PostgreSQL (docs/ha.md): the core database (registrations, channels, the
 * `recovery` table sofia's track-calls writes), the sofia profiles, voicemail's index and mod_db's
 * DND/forward rows, through mod_pgsql (`pgsql://` DSNs).
 *
 * The tree is the same on every node and every environment; whether a node uses PostgreSQL is a
 * node fact: when its node.env names a database host (PBXC_DB_HOST, written by the stack's user data
 * or by the operator), vars.xml sets `pbxc_db` to `pgsql` and every place below includes its
 * `db-pgsql-*.inc` fragment; otherwise `db-sqlite-*.inc`, a comment, and FreeSWITCH keeps its
 * SQLite files (a single node may). The DSN carries no password: libpq reads it from the node's
 * passfile (NODE_PATHS.dbPassfile, 0600, written on the node from its own secret), so neither the
 * audit tree, the bundle nor node.env ever holds it.
 */

export const DB_VAR = 'pbxc_db';
export const DB_DSN_VAR = 'pbxc_db_dsn';

/** Where a fragment is included: its folder in the tree and the element it sits in. */
export type DbPlace = 'preload' | 'core' | 'sofia' | 'voicemail' | 'mod-db' | 'callcenter';

const FOLDER: Readonly<Record<DbPlace, string>> = {
  preload: 'autoload_configs',
  core: 'autoload_configs',
  sofia: 'sip_profiles',
  voicemail: 'autoload_configs',
  'mod-db': 'autoload_configs',
  callcenter: 'autoload_configs',
};

/** The include that picks the place's fragment by `pbxc_db` at load (relative to the including file). */
export function dbInclude(place: DbPlace): XmlElement {
  return include(`db-$\${${DB_VAR}}-${place}.inc`);
}

/**
 * The one switch name every node of a group uses: FreeSWITCH tags its core-database rows
 * (registrations, calls, recovery) with it, and sofia only expires, pings and recovers rows of its
 * own name, so a node taking over must carry the same one.
 */
export function switchName(model: Model): string {
  return `pbxc-${model.platform.id}`;
}

const dsn = param('odbc-dsn', `$\${${DB_DSN_VAR}}`);

function pgsqlFragment(model: Model, place: DbPlace): XmlElement[] {
  switch (place) {
    case 'preload':
      // Before the core database opens: mod_pgsql provides the pgsql:// database interface.
      return [el('load', { module: 'mod_pgsql' })];
    case 'core':
      return [param('core-db-dsn', `$\${${DB_DSN_VAR}}`), param('switchname', switchName(model))];
    case 'sofia':
      // track-calls: every call's state goes to the shared `recovery` table, so the node taking
      // over continues it with `sofia recover`.
      return [dsn, param('track-calls', 'true')];
    case 'voicemail':
    case 'mod-db':
    case 'callcenter':
      return [dsn];
  }
}

/** The node facts vars.xml reads; the DSN uses libpq's keywords (no password: passfile). */
export function dbVars(
  nodeFact: (key: string) => string,
  execSet: (name: string, cmd: string) => XmlElement,
) {
  const env = onNode(NODE_PATHS.nodeEnv);
  const facts: [string, string, string | number][] = [
    ['pbxc_db_host', 'PBXC_DB_HOST', ''],
    ['pbxc_db_port', 'PBXC_DB_PORT', 5432],
    ['pbxc_db_name', 'PBXC_DB_NAME', 'freeswitch'],
    ['pbxc_db_user', 'PBXC_DB_USER', 'freeswitch'],
    ['pbxc_db_sslmode', 'PBXC_DB_SSLMODE', 'require'],
  ];
  return [
    preSet(DB_VAR, 'sqlite'),
    execSet(DB_VAR, `grep -ls ^PBXC_DB_HOST=. ${env} | sed s/.*/pgsql/`),
    ...facts.flatMap(([name, key, fallback]) => [preSet(name, fallback), execSet(name, nodeFact(key))]),
    preSet(
      DB_DSN_VAR,
      `pgsql://host=$\${pbxc_db_host} port=$\${pbxc_db_port} dbname=$\${pbxc_db_name} user=$\${pbxc_db_user} passfile=${onNode(NODE_PATHS.dbPassfile)} sslmode=$\${pbxc_db_sslmode} connect_timeout=5`,
    ),
  ];
}

/**
 * The sofia profiles' database when the node keeps SQLite: one shared in-memory SQLite database
 * (FreeSWITCH's `sqlite://memory://` DSN, opened as an SQLite URI). It holds only what phones renew
 * (registrations, nonces, subscriptions, presence): a registration storm on the file database spent
 * its time in SQLite (hundreds of "SQLite is BUSY" per storm; measured 4.2 → 3.0 ms of FreeSWITCH CPU per
 * registration, docs/freeswitch.md). The profile's SQL queue thread holds a handle for the profile's
 * whole life (switch_core_sqldb.c), so the database lives as long as the profiles; after a restart of
 * FreeSWITCH or of a profile, phones are reached again when they next register (expires + jitter).
 */
export const SOFIA_MEMORY_DSN = 'sqlite://memory://file:pbxc-sofia?mode=memory&cache=shared';

function sqliteFragment(place: DbPlace): string {
  if (place === 'sofia') return renderXml(param('odbc-dsn', SOFIA_MEMORY_DSN));
  return '<!-- no PBXC_DB_HOST in node.env: FreeSWITCH keeps its own SQLite database here -->\n';
}

/** Every fragment file, both kinds, by path inside the freeswitch/ folder. */
export function dbFragments(model: Model): Record<string, string> {
  const out: Record<string, string> = {};
  for (const place of Object.keys(FOLDER) as DbPlace[]) {
    const folder = FOLDER[place];
    out[`${folder}/db-pgsql-${place}.inc`] = pgsqlFragment(model, place)
      .map((e) => renderXml(e))
      .join('');
    out[`${folder}/db-sqlite-${place}.inc`] = sqliteFragment(place);
  }
  return out;
}

/** pre_load_modules.conf: loaded before the core database opens. */
export function preLoadModulesConf(): string {
  return renderXml(
    configuration('pre_load_modules', 'Modules loaded first', [el('modules', {}, [dbInclude('preload')])]),
  );
}
