// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { beforeAll, describe, expect, it } from 'vitest';
import { freeswitchTarget } from '../../../src/emit/freeswitch/index.js';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import { loadModel } from '../../../src/load-model.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { specCopy } from '../../helpers/cli.js';
import { all, parse, type Xml } from '../freeswitch/emit.js';
import { parseKeyValue } from './parse.js';

/**
 * A queue_agent key watches agent+<extension>, the presence id the agent codes publish
 * (PRESENCE_IN, confirmed while logged in), and dials it; the dialplan toggles the caller's agent.
 * The Yealink front desk phone (line 103, an agent of queue 607) gets one for itself.
 */
const PRESENCE = 'agent+103';

let model: Model;
let files: Map<string, string>;

beforeAll(async () => {
  const spec = specCopy({
    'tenants/abc-company.yaml': (t) =>
      t.replace(
        '      - { type: park, slot: "*6001" }\n',
        '      - { type: park, slot: "*6001" }\n      - { type: queue_agent, extension: "103" }\n',
      ),
  });
  const loaded = await loadModel(spec);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  model = { ...loaded.model!, tenants: loaded.model!.tenants.filter((t) => t.id === 'abc-company') };
  const out = phonesTarget.emit({ model, mode: 'audit', secret: placeholder });
  expect(out.diagnostics).toEqual([]);
  files = new Map(out.files.map((f) => [f.path, f.content]));
});

describe('phones: queue agent keys (BLF on the log-in state)', () => {
  it('Yealink: a BLF line key (16) on agent+103, labelled, pressing it dials it', () => {
    const cfg = parseKeyValue(files.get('phones/abc-company/805ec0123456.cfg')!);
    const n = [...cfg.entries()].find(([k, v]) => /^linekey\.\d+\.value$/.test(k) && v === PRESENCE)?.[0];
    expect(n).toBeDefined();
    const i = n!.split('.')[1];
    expect(cfg.get(`linekey.${i}.type`)).toBe('16');
    expect(cfg.get(`linekey.${i}.label`)).toBe('Agent 103');
    expect(cfg.get(`linekey.${i}.pickup_value`)).toBe(PRESENCE);
  });

  it('the dialplan toggles the caller agent on what the key dials, and the codes publish that presence', () => {
    const fs = freeswitchTarget.emit({ model, mode: 'audit', secret: placeholder });
    const context = fs.files.find((f) => f.path === 'freeswitch/dialplan/abc-company.xml')!.content;
    const exts = all(parse(context), 'extension');
    const toggle = exts.find((e: Xml) => e.name === 'feature-queue-toggle');
    const conds = all(toggle, 'condition');
    expect(new RegExp(conds[1].expression).test(PRESENCE)).toBe(true);
    expect(conds[2].expression).toBe('^Available$');
    expect(all(conds[2], 'action')[0].data).toBe('*51 XML abc-company');
    expect(all(conds[2], 'anti-action')[0].data).toBe('*50 XML abc-company');
    const login = exts.find((e: Xml) => e.name === 'feature-queue-login');
    const event = all(login, 'action').find((a: Xml) => a.application === 'event');
    // The caller's own agent: agent+103 when 103 dials it, the id the key watches.
    expect(event.data).toContain('from=agent+${pbxc_extension}@abc.voice.example.net');
  });
});
