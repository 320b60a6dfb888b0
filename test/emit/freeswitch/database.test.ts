import { describe, expect, it } from 'vitest';
import { DB_DSN_VAR, dbFragments, switchName } from '../../../src/emit/freeswitch/database.js';
import { exampleModel } from '../../helpers/example.js';
import { emitFs } from './emit.js';

/** Where each place's fragment is included, and the file that includes it. */
const INCLUDES: readonly [string, string][] = [
  ['freeswitch/autoload_configs/pre_load_modules.conf.xml', 'db-$${pbxc_db}-preload.inc'],
  ['freeswitch/autoload_configs/switch.conf.xml', 'db-$${pbxc_db}-core.inc'],
  ['freeswitch/sip_profiles/internal.xml', 'db-$${pbxc_db}-sofia.inc'],
  ['freeswitch/sip_profiles/external.xml', 'db-$${pbxc_db}-sofia.inc'],
  ['freeswitch/autoload_configs/voicemail.conf.xml', 'db-$${pbxc_db}-voicemail.inc'],
  ['freeswitch/autoload_configs/db.conf.xml', 'db-$${pbxc_db}-mod-db.inc'],
];

describe('freeswitch target: state in PostgreSQL when the node names a database', async () => {
  const model = await exampleModel();
  const files = emitFs(model, 'render');

  it('includes a pgsql or sqlite fragment, chosen at load, in every place that keeps state', () => {
    for (const [file, data] of INCLUDES) {
      expect(files.get(file), file).toContain(`<X-PRE-PROCESS cmd="include" data="${data}"/>`);
      const folder = file.replace(/\/[^/]+$/, '');
      for (const kind of ['pgsql', 'sqlite'])
        expect(files.has(`${folder}/${data.replace('$${pbxc_db}', kind)}`), `${folder} ${kind}`).toBe(true);
    }
  });

  it('loads mod_pgsql first, and points core, sofia (with track-calls), voicemail and mod_db at one DSN', () => {
    const frag = (f: string) => files.get(`freeswitch/${f}`)!;
    expect(frag('autoload_configs/db-pgsql-preload.inc')).toBe('<load module="mod_pgsql"/>\n');
    expect(frag('autoload_configs/db-pgsql-core.inc')).toContain(
      `<param name="core-db-dsn" value="$\${${DB_DSN_VAR}}"/>`,
    );
    expect(frag('autoload_configs/db-pgsql-core.inc')).toContain(
      `<param name="switchname" value="${switchName(model)}"/>`,
    );
    expect(frag('sip_profiles/db-pgsql-sofia.inc')).toContain('<param name="track-calls" value="true"/>');
    for (const f of [
      'sip_profiles/db-pgsql-sofia.inc',
      'autoload_configs/db-pgsql-voicemail.inc',
      'autoload_configs/db-pgsql-mod-db.inc',
    ])
      expect(frag(f), f).toContain(`<param name="odbc-dsn" value="$\${${DB_DSN_VAR}}"/>`);
    // Without a database the node keeps SQLite: nothing but a comment, except the sofia profiles'
    // in-memory database (storm-sizing.test.ts).
    for (const [path, text] of Object.entries(dbFragments(model)))
      if (path.includes('-sqlite-') && !path.endsWith('-sofia.inc'))
        expect(text, path).toMatch(/^<!--[^<]*-->\n$/);
  });

  it('takes the DSN from node facts and the password from a passfile: no secret in any tree', () => {
    const vars = files.get('freeswitch/vars.xml')!;
    expect(vars).toContain('data="pbxc_db=grep -ls ^PBXC_DB_HOST=.');
    expect(vars).toMatch(
      /pbxc_db_dsn=pgsql:\/\/host=\$\$\{pbxc_db_host\} port=\$\$\{pbxc_db_port\} dbname=\S+ user=\S+ passfile=\$\$\{pbxc_node_root\}\/etc\/pbxc\/pgpass sslmode=/,
    );
    const all = [...files.values()].join('\n');
    expect(all).not.toMatch(/pgsql:\/\/[^"]*password=/);
  });

  it('gives every node of a platform the same switch name', () => {
    expect(switchName(model)).toBe(`pbxc-${model.platform.id}`);
  });
});
