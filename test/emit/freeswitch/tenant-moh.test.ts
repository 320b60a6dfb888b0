// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, parse, type Xml } from './emit.js';

/**
 * A tenant's music_on_hold reaches every place a caller waits: the queues with default music, the
 * conference rooms, and a hold by either side of a call (test/live/queue-media.test.ts hears it).
 */
const HOLD = '$${conf_dir}/media/shared/hold.wav';

function params(
  files: Map<string, string>,
  file: string,
  element: string,
): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const p of all(parse(files.get(file)!), element))
    out.set(p.name, Object.fromEntries(all(p, 'param').map((x: Xml) => [x.name, x.value])));
  return out;
}

function withoutMusic(model: Model): Model {
  return { ...model, tenants: model.tenants.map(({ musicOnHold: _, ...t }) => t) };
}

describe('freeswitch target: the tenant music on hold', async () => {
  const model = await exampleModel();
  const files = emitFs(model);
  const abc = [...files.entries()].find(
    ([p, t]) => p.startsWith('freeswitch/dialplan/') && t.includes('queue-607'),
  )![1];

  it("a queue with default music plays the waiting caller's hold_music, set per call, not the load-time global", () => {
    const queues = params(files, 'freeswitch/autoload_configs/callcenter.conf.xml', 'queue');
    expect(queues.get('607@abc.voice.example.net')!['moh-sound']).toBe('${hold_music}');
  });

  it('the tenant context exports its music so a bridged leg that holds plays it too', () => {
    expect(abc).toMatch(
      /<action application="export" data="hold_music=\$\$\{conf_dir\}\/media\/shared\/hold\.wav" inline="true"\/>/,
    );
    expect(abc).not.toMatch(/application="set" data="hold_music=/);
  });

  it("conference rooms of a tenant with music play it to a lone member; without, the platform's", () => {
    const rooms = params(files, 'freeswitch/autoload_configs/conference.conf.xml', 'profile');
    expect(rooms.get('pbxc-abc-company-605')!['moh-sound']).toBe(HOLD);
    const plain = params(
      emitFs(withoutMusic(model)),
      'freeswitch/autoload_configs/conference.conf.xml',
      'profile',
    );
    expect(plain.get('pbxc-abc-company-605')!['moh-sound']).toBe('$${hold_music}');
  });
});
