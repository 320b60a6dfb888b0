import { describe, expect, it } from 'vitest';
import { DbUrlError, scrubPassword, shownDbUrl } from '../../src/import/fusionpbx/db-url.js';
import { redactUrl } from '../../src/import/fusionpbx/reader.js';
import { run, tempDir } from '../helpers/cli.js';

describe('--db URL: shown without any part of the password', () => {
  it.each([
    ['postgres://u:p@Zq7x@host/db', 'postgres://u:***@host/db'],
    ['postgres://u:p%40Zq7x@host:5433/db', 'postgres://u:***@host:5433/db'],
    ['postgres://u:a:Zq7x@host/db', 'postgres://u:***@host/db'],
    [
      'postgresql://u@host/db?password=Zq7x&sslmode=require',
      'postgresql://u@host/db?password=***&sslmode=require',
    ],
    [
      'postgres://fusionpbx@/fusionpbx?host=/var/run/postgresql',
      'postgres://fusionpbx@/fusionpbx?host=/var/run/postgresql',
    ],
    ['postgres://host/db', 'postgres://host/db'],
  ])('%s → %s', (raw, shown) => {
    expect(shownDbUrl(raw)).toBe(shown);
    expect(redactUrl(raw)).toBe(shown);
    expect(redactUrl(raw)).not.toContain('Zq7x');
  });

  it.each(['nonsense', 'mysql://u@h/db', 'postgres://u:p/Zq7x@h/db', 'postgres://[::1/db'])(
    'refuses %s without echoing it',
    (raw) => {
      expect(() => shownDbUrl(raw)).toThrow(DbUrlError);
      try {
        shownDbUrl(raw);
      } catch (error) {
        expect((error as Error).message).not.toContain('Zq7x');
      }
    },
  );

  it('scrubs every piece of a password out of a driver message', () => {
    const raw = 'postgres://u:p@Zq7x:9@host/db';
    expect(scrubPassword('getaddrinfo ENOTFOUND Zq7x:9@host', raw)).not.toContain('Zq7x');
  });
});

describe('pbxc import --db', () => {
  it('a malformed URL is a usage error (exit 2), never an internal one, and is not echoed', async () => {
    const out = `${tempDir()}/spec`;
    for (const db of ['postgres://u:p/Zq7x@h/db', 'http://u:Zq7x@h/db', 'postgres://[::1/Zq7x']) {
      const r = await run(['import', 'fusionpbx', '--db', db, '--out', out]);
      expect(r.code, db).toBe(2);
      expect(`${r.stdout}${r.stderr}`, db).not.toContain('Zq7x');
    }
  });

  it('an unreachable database names the URL without any part of the password', async () => {
    const out = `${tempDir()}/spec`;
    const r = await run(['import', 'fusionpbx', '--db', 'postgres://u:p@Zq7x@127.0.0.1:1/db', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('postgres://u:***@127.0.0.1:1/db');
    expect(`${r.stdout}${r.stderr}`).not.toContain('Zq7x');
  });
});
