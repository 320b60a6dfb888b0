import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitFs } from '../emit/freeswitch/emit.js';
import { exampleModel } from '../helpers/example.js';
import { type RunningSwitch, startSwitch, switchUnavailable } from './lean-switch.js';

/**
 * The tenant's generic extension block on the real switch: every decision it makes from a
 * callee's directory variables and mod_db state. Calls are placed with `originate loopback/…`
 * into the tenant context (mod_loopback is added for the test only); no phone is registered, so a
 * bridge to a user ends USER_NOT_REGISTERED and the not-registered fallback follows.
 */
const absent = switchUnavailable();
if (absent) console.warn(`SKIPPED: live generic extension block tests because ${absent}`);

const TENANT = 'bluebird-dental';
const DOMAIN = 'pbx.bluebird-dental.example';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  /** "+OK" when something answered (voicemail), else the hangup cause. */
  readonly result: string;
  /** Where the called leg ended up and what it runs. */
  readonly dest?: string;
  readonly application?: string;
  readonly vars: Record<string, string>;
}

describe.skipIf(absent !== undefined)('live: the generic extension block', () => {
  let fs: RunningSwitch;

  beforeAll(async () => {
    const files = new Map(
      [...emitFs(await exampleModel(), 'render')].map(([p, c]) => [p.replace(/^freeswitch\//, ''), c]),
    );
    const modules = 'autoload_configs/modules.conf.xml';
    files.set(
      modules,
      files
        .get(modules)!
        .replace('<load module="mod_dialplan_xml"/>', '$&\n      <load module="mod_loopback"/>'),
    );
    fs = await startSwitch({ tag: 'block', files });
  }, 120_000);

  afterAll(async () => {
    await fs?.stop();
  }, 60_000);

  const db = (op: string) => fs.cli(`db ${op}`);

  async function call(number: string, vars: readonly string[] = []): Promise<Outcome> {
    const reply = (await fs.cli(`originate loopback/${number}/${TENANT}/XML &park()`, 30_000)).trim();
    const ok = /^\+OK ([0-9a-f-]+)/.exec(reply);
    if (!ok) return { result: reply.replace(/^-ERR\s*/, ''), vars: {} };
    const aLeg = ok[1]!;
    const bLeg = (await fs.cli(`uuid_getvar ${aLeg} other_loopback_leg_uuid`)).trim();
    try {
      // One snapshot of the called leg (a voicemail that hears nothing hangs up after a few
      // seconds: reading variable by variable on a loaded machine could outlive it).
      const dump = await fs.cli(`uuid_dump ${bLeg} json`);
      let channel: Record<string, string>;
      try {
        channel = JSON.parse(dump) as Record<string, string>;
      } catch {
        throw new Error(`uuid_dump ${bLeg}: ${dump.trim()}`);
      }
      const get = (v: string) => channel[`variable_${v}`] ?? channel[v] ?? '';
      const values: Record<string, string> = {};
      for (const v of vars) values[v] = get(v);
      return {
        result: '+OK',
        dest: get('Caller-Destination-Number'),
        application: get('current_application'),
        vars: values,
      };
    } finally {
      await fs.cli(`uuid_kill ${aLeg}`);
      for (let i = 0; i < 50 && (await fs.cli(`uuid_exists ${bLeg}`)).includes('true'); i++) await sleep(50);
    }
  }

  it('reads per-user settings merged with the domain defaults', async () => {
    const get = (user: string, name: string) => fs.cli(`user_data ${user}@${DOMAIN} var ${name}`);
    expect((await get('200', 'pbxc_ring_seconds')).trim()).toBe('15');
    expect((await get('204', 'pbxc_ring_seconds')).trim()).toBe('30');
    expect((await get('201', 'pbxc_record_default')).trim()).toBe('true');
    expect((await get('204', 'pbxc_record_default')).trim()).toBe('false');
  });

  it('no voicemail, no forward: the caller hears the cause', async () => {
    expect((await call('250')).result).toBe('USER_NOT_REGISTERED');
  });

  it('not registered: the forward on_unregistered (voicemail 200)', async () => {
    const out = await call('200', ['pbxc_fail']);
    expect(out).toMatchObject({ result: '+OK', dest: 'pbxc-vm-200' });
    expect(out.vars.pbxc_fail).toBe('pbxc-vm-200|true|200');
  });

  it('DND from the spec wins over forward always; *79 state lets the forward apply', async () => {
    expect((await call('202')).result).toBe('USER_BUSY');
    await db(`insert/${TENANT}-dnd/202/false`);
    // 202 forwards always to 200, which is not registered and forwards to its voicemail.
    expect(await call('202')).toMatchObject({ result: '+OK', dest: 'pbxc-vm-200' });
    // *73 stores "off": the spec's forward no longer applies.
    await db(`insert/${TENANT}-cfa/202/off`);
    expect((await call('202')).result).toBe('USER_NOT_REGISTERED');
    await db(`delete/${TENANT}-cfa/202`);
    await db(`delete/${TENANT}-dnd/202`);
    expect((await call('202')).result).toBe('USER_BUSY');
  });

  it('DND with voicemail goes straight to the box, without ringing', async () => {
    await db(`insert/${TENANT}-dnd/204/true`);
    const out = await call('204', ['pbxc_fail', 'dialed_extension']);
    await db(`delete/${TENANT}-dnd/204`);
    expect(out).toMatchObject({ result: '+OK', dest: 'pbxc-vm-204' });
    expect(out.vars).toEqual({ pbxc_fail: '', dialed_extension: '' });
    expect(out.application).toMatch(/^(?:answer|sleep|voicemail)$/);
  });

  it('a stored forward (*72) sends the call on', async () => {
    await db(`insert/${TENANT}-cfa/250/204`);
    const out = await call('250');
    await db(`delete/${TENANT}-cfa/250`);
    expect(out).toMatchObject({ result: '+OK', dest: 'pbxc-vm-204' });
  });

  it('records the calls of an extension with record: true, and only those', async () => {
    const recorded = await call('201', ['pbxc_recording', 'dialed_extension']);
    expect(recorded).toMatchObject({ result: '+OK', dest: 'pbxc-vm-201' });
    expect(recorded.vars).toEqual({ pbxc_recording: 'true', dialed_extension: '201' });
    const plain = await call('204', ['pbxc_recording']);
    expect(plain.vars.pbxc_recording).toBe('');
  });

  it('remembers the ringing call under the extension and its call groups (pickup)', async () => {
    await call('204');
    const ext = (await fs.cli(`hash select/${TENANT}-last_dial_ext/204`)).trim();
    const group = (await fs.cli(`hash select/${TENANT}-last_dial_ext/700`)).trim();
    expect(ext).toMatch(/^[0-9a-f-]{36}$/);
    expect(group).toBe(ext);
  });

  it('a number that is no user of the tenant is not taken by the block', async () => {
    // 700 is a ring group: the lookup finds no user, so none of the block's variables are set.
    const out = await call('700', ['pbxc_callee', 'dialed_extension', 'call_timeout']);
    expect(out.result).toBe('+OK');
    expect(out.vars).toEqual({ pbxc_callee: '', dialed_extension: '', call_timeout: '20' });
  });
});
