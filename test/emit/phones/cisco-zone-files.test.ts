import { describe, expect, it } from 'vitest';
import { tftpTarget } from '../../../src/emit/tftp/index.js';
import { loadModel } from '../../../src/load-model.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { specCopy } from '../../helpers/cli.js';
import { parseCiscoCnf } from './parse.js';

/** bluebird-dental's Cisco 7940 on SIP 7.x, with the tenant moved to `zone`. */
async function sip7(zone: string): Promise<Map<string, string>> {
  const spec = specCopy({
    'tenants/bluebird-dental.yaml': (t) => t.replace(/^timezone: .*$/m, `timezone: ${zone}`),
  });
  const r = await loadModel(spec);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const file = tftpTarget
    .emit({ model: r.model, mode: 'audit', secret: placeholder })
    .files.find((f) => f.path === 'tftp/root/SIP000D28000004.cnf')!;
  return parseCiscoCnf(file.content);
}

describe('Cisco 7.x time fields', () => {
  it('a zone with an abbreviation gets it and its own DST rule (Chicago: CST, 2nd Sunday of March)', async () => {
    const cnf = await sip7('America/Chicago');
    expect(cnf.get('time_zone')).toBe('CST');
    expect(cnf.get('dst_auto_adjust')).toBe('1');
    expect(cnf.get('dst_start_month')).toBe('Mar');
    expect(cnf.get('dst_start_week_of_month')).toBe('2');
  });

  it('a zone without one keeps UTC and no DST (Sydney: not UTC plus a summer hour)', async () => {
    const cnf = await sip7('Australia/Sydney');
    expect(cnf.get('time_zone')).toBe('GMT');
    expect(cnf.get('dst_auto_adjust')).toBe('0');
    expect(cnf.has('dst_offset')).toBe(false);
  });
});
