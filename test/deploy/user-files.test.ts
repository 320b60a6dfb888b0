import { describe, expect, it } from 'vitest';
import { userFileProblems } from '../../src/deploy/agent/checks.js';
import { bucketOf } from '../../src/emit/freeswitch/directory-lookup.js';
import { emitFs } from '../emit/freeswitch/emit.js';
import { exampleModel } from '../helpers/example.js';

describe("agent check: the on-demand directory's user files", () => {
  it('accepts the rendered example tree', async () => {
    const files = new Map(
      [...emitFs(await exampleModel(), 'render')].map(([p, c]) => [p.replace(/^freeswitch\//, ''), c]),
    );
    expect([...files.keys()].filter((p) => /^directory\/[^/]+\/[^/]+\.xml$/.test(p)).length).toBeGreaterThan(
      2,
    );
    expect(userFileProblems(files)).toEqual([]);
  });

  it('refuses a user in the wrong bucket, a line that is no user, a bucket or tenant the map does not know', () => {
    const map = 'sip.xynap.tech xynap 2\nother.example other 1\n';
    // bucketOf('1001', 2) and bucketOf('1002', 2) differ.
    const [a, b] = ['1001', '1002'].map((u) => bucketOf(u, 2));
    expect(a).not.toBe(b);
    expect(
      userFileProblems(
        new Map([
          ['directory/domains.map', map],
          [
            `directory/xynap/${a}.xml`,
            '<users>\n<user id="1001"><params/></user>\n<user id="1002"/>\n</users>\n',
          ],
          [`directory/xynap/${b}.xml`, '<users>\n<include/>\n</users>\n'],
          ['directory/xynap/2.xml', '<users>\n<user id="1003"/>\n</users>\n'],
          ['directory/evil/0.xml', '<users>\n<user id="1"/>\n</users>\n'],
          ['directory/other/0.xml', '<user id="1004"/>\n'],
          ['directory/xynap.xml', '<include><domain name="x"/></include>\n'],
        ]),
      ),
    ).toEqual([
      `directory/xynap/${a}.xml: user 1002 is in the wrong bucket`,
      `directory/xynap/${b}.xml: a line that is not a user`,
      "directory/xynap/2.xml: not one of the tenant's 2 buckets",
      'directory/evil/0.xml: tenant evil is not in directory/domains.map',
      'directory/other/0.xml: not a <users> list, one user per line',
    ]);
  });
});
