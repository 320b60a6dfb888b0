import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

describe('pbxc explain', () => {
  it('prints numbered steps, or JSON', async () => {
    const r = await run([
      'explain',
      '--spec',
      EXAMPLE_SPEC,
      'xynap',
      '+4934556643321',
      '--at',
      '2026-12-24 10:00',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^xynap: \+4934556643321 from trunk telekom, at 2026-12-24 10:00 Europe\/Berlin \(thu\)\n 1\. DID/,
    );
    const json = JSON.parse(
      (
        await run([
          'explain',
          '--spec',
          EXAMPLE_SPEC,
          'xynap',
          '0049301234',
          '--from',
          '1010',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(json.outcome).toEqual({
      kind: 'trunk',
      trunk: 'telekom',
      number: '+49301234',
      callerId: '+4934556643310',
    });
  });

  it('usage errors exit 2, unknown names exit 1', async () => {
    expect((await run(['explain', '--spec', EXAMPLE_SPEC, 'xynap'])).code).toBe(2);
    expect((await run(['explain', '--spec', EXAMPLE_SPEC, 'xynap', '1', '--at', 'soon'])).code).toBe(2);
    const unknown = await run(['explain', '--spec', EXAMPLE_SPEC, 'xynap', '1', '--from', '77']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('pbxc explain: 77 is not an extension of tenant xynap');
  });
});
