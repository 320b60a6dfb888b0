import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleModel } from '../../helpers/example.js';
import { emitFs } from './emit.js';

/**
 * FreeSWITCH ignores or rejects a parameter it does not know, and finds an unknown dialplan
 * application only when a call reaches it. Without a FreeSWITCH here, every name pbxc writes is
 * checked against FreeSWITCH's own sample configuration (params) and the applications of the
 * modules it loads.
 */
const REFERENCE = new Set(
  readFileSync(new URL('fixtures/reference-params.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#')),
);

/** Valid params that the sample configuration does not happen to use, with where they are defined. */
const KNOWN_ELSEWHERE = new Set([
  'truncate-tiers-on-load', // mod_callcenter settings (mod_callcenter.c load_config): tiers rebuilt at each load
  'truncate-agents-on-load', // mod_callcenter settings: agents rebuilt at each load
  'skip-agents-with-external-calls', // mod_callcenter queue param: an agent already on a call is not offered one
  'max-registrations-per-extension', // mod_sofia profile setting (sofia.c), caps registrations per user
  'sip-force-expires', // mod_sofia profile setting: the expiry granted to every REGISTER (fixture.test.ts: expires=60)
  'sip-expires-max-deviation', // mod_sofia profile setting (sofia.c, sofia_reg.c): random ± part of the granted expires
  'max-recv-requests-per-second', // mod_sofia profile setting (sofia.c → nta NTATAG_MAX_RECV_REQUESTS_PER_SECOND)
  'ping-mean-interval', // mod_sofia profile setting: NAT OPTIONS ping interval (test/live/fixture.test.ts sees it)
  'track-calls', // mod_sofia profile setting (sofia.c PFLAG_TRACK_CALLS): calls in the recovery table (test/ha/pgsql-live.test.ts)
  'xml-handler-script', // mod_lua lua.conf settings (mod_lua.cpp do_config): the on-demand directory
  'xml-handler-bindings',
  'rate', // mod_local_stream directory settings (local_stream.conf)
  'shuffle',
  'channels',
  'interval',
  'timer-name',
  'use-vbr', // mod_opus opus.conf settings
  'complexity',
  'packet-loss-percent',
  'max-members', // mod_conference profile settings (mod_conference.c): the room's member limit
  'max-members-sound',
]);

/** Applications of the modules pbxc loads (mod_dptools, mod_voicemail, mod_valet_parking, mod_db, mod_hash, mod_conference). */
const APPLICATIONS = new Set([
  'conference_set_auto_outcall', // mod_conference (paging: the members it calls)
  'event', // mod_dptools: presence of queue agents and day/night overrides
  'limit', // mod_dptools: a queue's max_callers
  'say', // mod_dptools: a queue's position announcement
  'callcenter', // mod_callcenter: a queue
  'answer',
  'conference',
  'bridge',
  'db',
  'echo',
  'export',
  'hangup',
  'hash',
  'intercept',
  'ivr',
  'play_and_get_digits',
  'playback',
  'record_session',
  'respond',
  'ring_ready',
  'set',
  'sleep',
  'stop_record_session',
  'transfer',
  'valet_park',
  'voicemail',
  'pre_answer',
  'unset',
  'log',
]);

describe('freeswitch target: every name is one FreeSWITCH knows', async () => {
  const files = emitFs(await exampleModel());
  const all = [...files.values()].join('\n');

  it('uses only parameters of FreeSWITCH sample configuration (or listed, known ones)', () => {
    const used = new Set([...all.matchAll(/<param name="([^"]+)"/g)].map((m) => m[1]!));
    const unknown = [...used].filter((p) => !REFERENCE.has(p) && !KNOWN_ELSEWHERE.has(p));
    expect(unknown).toEqual([]);
  });

  it('uses only applications of loaded modules', () => {
    const used = new Set([...all.matchAll(/application="([^"]+)"/g)].map((m) => m[1]!));
    expect([...used].filter((a) => !APPLICATIONS.has(a))).toEqual([]);
  });
});
