import { describe, expect, it } from 'vitest';
import { USER_CACHE_MS } from '../../../src/emit/freeswitch/directory.js';
import { expiresDeviation, MAX_RECV_REQUESTS_PER_SECOND } from '../../../src/emit/freeswitch/sip-profiles.js';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { emitFs, params, parse, userFiles, xmllint } from './emit.js';

/**
 * Issue 22: what the registration storm bench (scripts/fs-storm.ts) sized, as rendered. The figures
 * behind each value are in docs/freeswitch.md ("Capacity and sizing").
 */
describe('freeswitch target: sized for a registration storm', async () => {
  const model = await exampleModel();
  const files = emitFs(model, 'render');
  const profile = (name: string) => params(parse(files.get(`freeswitch/sip_profiles/${name}.xml`)!));

  it('flood protection above the worst legitimate arrival rate: overload is shed by sofia with 503, not dropped', () => {
    const internal = profile('internal');
    const external = profile('external');
    // nta drops every request while the count of a second (dropped ones included) is above the limit:
    // the FreeSWITCH default 1000 locked a 400 REGISTER/s storm out. 1,000 phones/s × 2 REGISTERs ×
    // (1 + 3 retransmissions while sofia's queue drains) must pass.
    expect(Number(internal['max-recv-requests-per-second'])).toBe(MAX_RECV_REQUESTS_PER_SECOND.internal);
    expect(MAX_RECV_REQUESTS_PER_SECOND.internal).toBeGreaterThanOrEqual(1000 * 2 * 4);
    // 0 would switch the protection off: a flood far beyond the node's capacity is still cut.
    expect(MAX_RECV_REQUESTS_PER_SECOND.internal).toBeLessThanOrEqual(20_000);
    expect(Number(external['max-recv-requests-per-second'])).toBe(MAX_RECV_REQUESTS_PER_SECOND.external);
    expect(Number(external['max-recv-requests-per-second'])).toBeGreaterThan(0);
  });

  it('spreads refreshes: every REGISTER is granted expires ± a quarter of it', () => {
    const { expires } = model.platform.sip.registration;
    const internal = profile('internal');
    expect(Number(internal['sip-force-expires'])).toBe(expires);
    expect(Number(internal['sip-expires-max-deviation'])).toBe(Math.floor(expires / 4));
    // Over the schema's whole range the jitter is positive and the shortest grant stays ≥ 45 s.
    for (const e of [60, 61, 120, 600, 3600]) {
      expect(expiresDeviation(e)).toBeGreaterThan(0);
      expect(e - expiresDeviation(e)).toBeGreaterThanOrEqual(45);
    }
    const longer = structuredClone(model) as unknown as {
      platform: { sip: { registration: { expires: number } } };
    };
    longer.platform.sip.registration.expires = 600;
    const rendered = params(
      parse(emitFs(longer as unknown as Model).get('freeswitch/sip_profiles/internal.xml')!),
    );
    expect(rendered['sip-expires-max-deviation']).toBe('150');
  });

  it('keeps every database in files on a SQLite node (no shared-cache memory database: it logs SQLite LOCKED)', () => {
    for (const f of [
      'sip_profiles/db-sqlite-sofia.inc',
      'autoload_configs/db-sqlite-core.inc',
      'autoload_configs/db-sqlite-voicemail.inc',
      'autoload_configs/db-sqlite-mod-db.inc',
    ]) {
      expect(files.get(`freeswitch/${f}`), f).not.toContain('memory');
      expect(files.get(`freeswitch/${f}`), f).not.toContain('odbc-dsn');
    }
    // PostgreSQL nodes keep the shared DSN (failover needs the registrations there).
    expect(files.get('freeswitch/sip_profiles/db-pgsql-sofia.inc')).toContain('odbc-dsn');
  });

  it('caches a looked-up user briefly: one handler run per registration, changes effective within 10 s', () => {
    expect(USER_CACHE_MS).toBeGreaterThanOrEqual(2_000);
    expect(USER_CACHE_MS).toBeLessThanOrEqual(10_000);
    // id first: the handler finds a user by the text `<user id="N"`.
    for (const t of model.tenants)
      for (const text of userFiles(files, t.id).values())
        for (const line of text.split('\n').filter((l) => l.startsWith('<user ')))
          expect(line).toMatch(new RegExp(`^<user id="[a-z0-9]+" cacheable="${USER_CACHE_MS}">`));
  });

  it('logs no debug: the core level is what its loggers show at most', () => {
    const sw = params(parse(files.get('freeswitch/autoload_configs/switch.conf.xml')!));
    expect(sw.loglevel).toBe('info');
  });
});
