import { describe, expect, it } from 'vitest';
import { parseDsnUri } from '../../src/ha/db-credentials.js';

/** A generic environment's database URI (named secret database.dsn_secret) → facts + password. */
describe('parseDsnUri', () => {
  it.each([
    [
      'postgresql://pbx:s%3Acret%40x@db.example.net:6432/fs?sslmode=verify-full',
      { host: 'db.example.net', port: 6432, name: 'fs', user: 'pbx', sslmode: 'verify-full' },
      's:cret@x',
    ],
    [
      'postgres://freeswitch:pw@10.0.0.5/freeswitch',
      { host: '10.0.0.5', port: 5432, name: 'freeswitch', user: 'freeswitch', sslmode: 'require' },
      'pw',
    ],
    [
      'postgresql://db.example.net',
      { host: 'db.example.net', port: 5432, name: 'freeswitch', user: 'freeswitch', sslmode: 'require' },
      '',
    ],
  ])('%s', (uri, facts, password) => {
    expect(parseDsnUri(uri)).toEqual({ facts, password });
  });

  it.each([
    ['not a uri p4ssw0rd', /not a URI/],
    ['mysql://u:p4ssw0rd@h/db', /must start with postgresql/],
    ['postgresql://u:p4ssw0rd@h/db?sslmode=sometimes', /unknown sslmode/],
    ["postgresql://u:p4ssw0rd@h/d'b", /characters other than/],
  ])('refuses %s without echoing the password', (uri, why) => {
    let message = '';
    try {
      parseDsnUri(uri);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(why);
    expect(message).not.toContain('p4ssw0rd');
  });
});
