import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dbFacts,
  pgpassLine,
  preparePassfile,
  secretPassword,
  writePassfile,
} from '../../src/ha/db-credentials.js';

const FACTS = { host: 'db.example', port: 5432, name: 'freeswitch', user: 'pbxc', sslmode: 'require' };

/** libpq's own reading of a passfile line (fe-connect.c passwordFromFile): fields split on unescaped ':'. */
function parseLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) field += line[++i]!;
    else if (c === ':') {
      fields.push(field);
      field = '';
    } else if (c !== '\n') field += c;
  }
  return [...fields, field];
}

describe('the node database credentials', () => {
  it('reads where and who from node.env; no PBXC_DB_HOST keeps SQLite', () => {
    expect(dbFacts('PBXC_NODE=pbx-1\n')).toBeUndefined();
    expect(
      dbFacts(
        'PBXC_DB_HOST=db.example\nPBXC_DB_USER=pbxc\nPBXC_DB_SECRET_ARN=arn:aws:secretsmanager:eu-central-1:1:secret:rds!db-1\n',
      ),
    ).toEqual({ ...FACTS, secretArn: 'arn:aws:secretsmanager:eu-central-1:1:secret:rds!db-1' });
    expect(() => dbFacts('PBXC_DB_HOST=x\nPBXC_DB_PORT=70000\n')).toThrow(/port/);
  });

  it('escapes every password so libpq reads back exactly it (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !/[\r\n]/.test(s) && s.length > 0),
        (password) => {
          expect(parseLine(pgpassLine(FACTS, password))).toEqual([
            'db.example',
            '5432',
            'freeswitch',
            'pbxc',
            password,
          ]);
        },
      ),
    );
    expect(() => pgpassLine(FACTS, 'a\nb')).toThrow(/line break/);
  });

  it('takes the password of an RDS-managed secret for the named user only', () => {
    expect(secretPassword('{"username":"pbxc","password":"p:w\\\\d"}', 'pbxc')).toBe('p:w\\d');
    expect(() => secretPassword('{"username":"other","password":"x"}', 'pbxc')).toThrow(/other/);
    expect(() => secretPassword('{"username":"pbxc"}', 'pbxc')).toThrow(/no password/);
    expect(() => secretPassword('nope', 'pbxc')).toThrow(/not JSON/);
  });

  it('writes the passfile 0600', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pbxc-pgpass-')), 'etc/pbxc/pgpass');
    await writePassfile(path, pgpassLine(FACTS, 'secret'));
    expect(readFileSync(path, 'utf8')).toBe('db.example:5432:freeswitch:pbxc:secret\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('prepares the passfile on a node from the RDS-managed secret, and only when node.env names both', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pbxc-pgpass-')), 'pgpass');
    const asked: string[] = [];
    const fetch = async (region: string, arn: string) => {
      asked.push(`${region} ${arn}`);
      return '{"username":"pbxc","password":"s3cr:et"}';
    };
    expect(await preparePassfile('PBXC_NODE=pbx-1\n', 'eu-central-1', path, fetch)).toMatch(/SQLite/);
    expect(await preparePassfile('PBXC_DB_HOST=h\n', 'eu-central-1', path, fetch)).toMatch(/operator/);
    expect(asked).toEqual([]);
    const env = 'PBXC_DB_HOST=h\nPBXC_DB_USER=pbxc\nPBXC_DB_SECRET_ARN=arn:x\n';
    expect(await preparePassfile(env, 'eu-central-1', path, fetch)).toBe('database h: passfile written');
    expect(asked).toEqual(['eu-central-1 arn:x']);
    expect(readFileSync(path, 'utf8')).toBe('h:5432:freeswitch:pbxc:s3cr\\:et\n');
  });
});
