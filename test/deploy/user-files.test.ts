import { describe, expect, it } from 'vitest';
import { userFileProblems } from '../../src/deploy/agent/checks.js';
import { emitFs } from '../emit/freeswitch/emit.js';
import { exampleModel } from '../helpers/example.js';

describe("agent check: the on-demand directory's user files", () => {
  it('accepts the rendered example tree', async () => {
    const files = new Map(
      [...emitFs(await exampleModel(), 'render')].map(([p, c]) => [p.replace(/^freeswitch\//, ''), c]),
    );
    expect([...files.keys()].filter((p) => /^directory\/[^/]+\/[^/]+\.xml$/.test(p)).length).toBeGreaterThan(
      10,
    );
    expect(userFileProblems(files)).toEqual([]);
  });

  it('refuses a file that holds another user, or a name outside the extension alphabet', () => {
    expect(
      userFileProblems(
        new Map([
          ['directory/xynap/1001.xml', '<user id="1002"><params/></user>\n'],
          ['directory/xynap/Evil.xml', '<user id="Evil"/>\n'],
          ['directory/xynap/1003.xml', '<include><user id="1003"/></include>\n'],
          ['directory/xynap.xml', '<include><domain name="x"/></include>\n'],
          ['directory/xynap/1004.xml', '<user id="1004"><params/></user>\n'],
        ]),
      ),
    ).toEqual([
      'directory/xynap/1001.xml: is not user 1001',
      'directory/xynap/Evil.xml: not an extension number',
      'directory/xynap/1003.xml: is not user 1003',
    ]);
  });
});
