// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueueModel } from '../../../src/model/queue.js';
import type { Model, TenantModel } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, parse, type Xml } from './emit.js';

const CONF = 'freeswitch/autoload_configs/callcenter.conf.xml';
const MODULES = 'freeswitch/autoload_configs/modules.conf.xml';
const DOMAIN = 'abc.voice.example.net';

const params = (q: Xml): Record<string, string> =>
  Object.fromEntries(all(q, 'param').map((p: Xml) => [p.name, p.value]));

function withQueues(model: Model, edit: (t: TenantModel) => readonly QueueModel[]): Model {
  return { ...model, tenants: model.tenants.map((t) => ({ ...t, queues: edit(t) })) };
}

function extension(files: Map<string, string>, name: string): Xml | undefined {
  const text = files.get('freeswitch/dialplan/abc-company.xml')!;
  return all(parse(text), 'extension').find((e: Xml) => e.name === name);
}

const apps = (e: Xml | undefined) =>
  all(e, 'action').map((a: Xml) => `${a.application} ${a.data ?? ''}`.trim());

describe('freeswitch target: call queues (mod_callcenter)', async () => {
  const model = await exampleModel();
  const files = emitFs(model);
  const conf = parse(files.get(CONF)!);

  it('names queues and agents <number>@<domain>, one agent per extension, tiers in level/position order', () => {
    expect(all(all(conf, 'queues')[0], 'queue').map((q: Xml) => q.name)).toEqual([
      `607@${DOMAIN}`,
      `608@${DOMAIN}`,
    ]);
    expect(all(all(conf, 'agents')[0], 'agent').map((a: Xml) => a.name)).toEqual(
      ['101', '102', '103', '104'].map((e) => `${e}@${DOMAIN}`),
    );
    expect(
      all(all(conf, 'tiers')[0], 'tier').map((t: Xml) => `${t.queue} ${t.agent} ${t.level}/${t.position}`),
    ).toEqual([
      `607@${DOMAIN} 102@${DOMAIN} 1/1`,
      `607@${DOMAIN} 103@${DOMAIN} 2/1`,
      `608@${DOMAIN} 101@${DOMAIN} 1/1`,
      `608@${DOMAIN} 104@${DOMAIN} 1/1`,
    ]);
  });

  it('carries strategy, music, max wait, no-agent wait and recording; agents ring their registrations', () => {
    const [support, sales] = all(all(conf, 'queues')[0], 'queue').map(params);
    expect(support).toMatchObject({
      strategy: 'longest-idle-agent',
      // The caller's hold_music (the tenant's music_on_hold), expanded by mod_callcenter per caller.
      'moh-sound': '${hold_music}',
      'max-wait-time': '20',
      'max-wait-time-with-no-agent': '0',
      'time-base-score': 'system',
    });
    expect(support!['record-template']).toMatch(/^\$\$\{recordings_dir\}\/abc\.voice\.example\.net\//);
    expect(sales).toMatchObject({
      strategy: 'ring-all',
      'max-wait-time': '0',
      'max-wait-time-with-no-agent': '10',
      'max-wait-time-with-no-agent-time-reached': '1',
    });
    expect(sales!['moh-sound']).toMatch(/^tone_stream:\/\/%\(2000,4000,440,480\);loops=-1$/);
    expect(sales!['record-template']).toBeUndefined();
    const agent = all(conf, 'agent').find((a: Xml) => a.name === `102@${DOMAIN}`)!;
    // 102 is only in 607: its ring time (agent_timeout 15) and wrap-up (5); no status, so a reload
    // never logs anybody in or out.
    expect(agent.contact).toMatch(
      /^\[leg_timeout=15,api_on_answer=uuid_limit_release \$\{uuid\} hash pbxc-queue \$\{cc_queue\}\]user\/102@abc\.voice\.example\.net$/,
    );
    expect(agent['wrap-up-time']).toBe('5');
    expect(agent.status).toBeUndefined();
  });

  it('keeps queue state in the node database when there is one (odbc-dsn fragment), tiers rebuilt at load', () => {
    const settings = files.get(CONF)!;
    expect(settings).toContain('<X-PRE-PROCESS cmd="include" data="db-$${pbxc_db}-callcenter.inc"/>');
    expect(files.get('freeswitch/autoload_configs/db-pgsql-callcenter.inc')).toBe(
      '<param name="odbc-dsn" value="$${pbxc_db_dsn}"/>\n',
    );
    expect(files.get('freeswitch/autoload_configs/db-sqlite-callcenter.inc')).toMatch(/^<!--/);
    expect(params(all(conf, 'settings')[0])).toMatchObject({
      'truncate-tiers-on-load': 'true',
      'truncate-agents-on-load': 'false',
    });
  });

  it('the queue number counts the caller, waits in the queue, then goes to on_timeout', () => {
    expect(apps(extension(files, 'queue-608'))).toEqual([
      'answer',
      'set hangup_after_bridge=true',
      'set cc_outbound_cid_name_prefix=[Sales]',
      `limit hash pbxc-queue 608@${DOMAIN} 5 pbxc-queue-full-608 XML abc-company`,
      `callcenter 608@${DOMAIN}`,
      `set pbxc_queue_left=\${uuid_limit_release(\${uuid} hash pbxc-queue 608@${DOMAIN})}`,
      'transfer pbxc-vm-101 XML abc-company',
    ]);
    // A full queue sends the caller straight to on_timeout.
    expect(apps(extension(files, 'queue-full-608'))).toEqual(['transfer pbxc-vm-101 XML abc-company']);
    // No max_callers: the limit only counts (the position announcement reads the count).
    const support = apps(extension(files, 'queue-607'));
    expect(support).toContain(`limit hash pbxc-queue 607@${DOMAIN} -1 pbxc-queue-full-607 XML abc-company`);
    expect(support).toContain(`say en number pronounced \${limit_usage(hash pbxc-queue 607@${DOMAIN})}`);
    expect(support.at(-1)).toBe('transfer 600 XML abc-company');
    expect(extension(files, 'queue-full-607')).toBeUndefined();
  });

  it('agent codes set the caller extension status and its BLF presence, for authenticated phones only', () => {
    const login = extension(files, 'feature-queue-login');
    const conds = all(login, 'condition');
    expect(conds[0].field).toBe('${pbxc_extension}');
    expect(conds[1].expression).toBe('^(?:\\*50)$');
    const set = all(conds[1], 'action').find((a: Xml) => a.application === 'set');
    expect(set.data).toBe(
      `pbxc_agent_result=\${callcenter_config(agent set status \${pbxc_extension}@${DOMAIN} 'Available')}`,
    );
    expect(set.inline).toBe('true');
    const event = all(conds[2], 'action').find((a: Xml) => a.application === 'event');
    expect(event.data).toContain(`from=agent+\${pbxc_extension}@${DOMAIN}`);
    expect(event.data).toContain('answer-state=confirmed');
    const brk = extension(files, 'feature-queue-break');
    expect(JSON.stringify(brk)).toContain("'On Break'");
    expect(JSON.stringify(extension(files, 'feature-queue-logout'))).toContain("'Logged Out'");
  });

  it('loads mod_callcenter, with its file, only when a tenant has a queue', () => {
    expect(files.get(MODULES)).toContain('mod_callcenter');
    const bare = emitFs(withQueues(model, () => []));
    expect(bare.get(MODULES)).not.toContain('mod_callcenter');
    expect(bare.has(CONF)).toBe(false);
    expect(bare.get('freeswitch/dialplan/abc-company.xml')).not.toContain('callcenter');
  });

  it('is well-formed XML for xmllint, whatever the queue is called (names never reach mod_callcenter)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'queues-xml-'));
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const m = withQueues(model, (t) => t.queues.map((q) => ({ ...q, name })));
        const out = emitFs(m);
        const dialplan = out.get('freeswitch/dialplan/abc-company.xml')!;
        const file = join(dir, 'abc.xml');
        writeFileSync(file, dialplan);
        execFileSync('xmllint', ['--noout', file]);
        // The name only appears as the agents' caller ID prefix: no FreeSWITCH expansion, no brackets.
        const prefix = apps(all(parse(dialplan), 'extension').find((e: Xml) => e.name === 'queue-607')).find(
          (a) => a.startsWith('set cc_outbound_cid_name_prefix='),
        )!;
        expect(prefix).not.toMatch(/\$\{/);
        expect(prefix.slice('set cc_outbound_cid_name_prefix=['.length, -1)).not.toMatch(/[[\]$]/);
        expect(out.get(CONF)).not.toContain(name.length > 3 ? `>${name}<` : '\u0000');
      }),
      { numRuns: 40 },
    );
  });
});
