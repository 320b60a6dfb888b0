import { describe, expect, it } from 'vitest';
import {
  FETCH_SEQUENCES,
  OFFICE_PHONES,
  provisioningRateLimit,
  requestsPerBoot,
} from '../../../src/emit/provisioning/fetch-sequences.js';
import { renderNginxSite } from '../../../src/emit/provisioning/nginx-site.js';
import { exampleModel } from '../../helpers/example.js';

describe('provisioning rate limit sized for an office rebooting behind one NAT', () => {
  it('the burst holds 50 phones of the busiest vendor, each file asked twice (challenge, then credentials)', () => {
    const busiest = Math.max(...Object.values(FETCH_SEQUENCES).map((s) => s('001565000001', 'T54W').length));
    expect(requestsPerBoot()).toBe(2 * busiest);
    expect(provisioningRateLimit()).toEqual({
      perMinute: OFFICE_PHONES * 2 * busiest,
      burst: OFFICE_PHONES * 2 * busiest,
    });
    // The old limit (30/min, burst 20) answered 429 after about 40 requests a minute.
    expect(provisioningRateLimit().burst).toBeGreaterThanOrEqual(50 * 2 * 14);
  });

  it('the site carries the computed limit and answers other methods with 405, never 403', async () => {
    const site = renderNginxSite(await exampleModel());
    const { perMinute, burst } = provisioningRateLimit();
    expect(site).toContain(`rate=${perMinute}r/m;`);
    expect(site).toContain(`limit_req zone=pbxc_provisioning burst=${burst} nodelay;`);
    expect(site).toContain('if ($request_method !~ "^(GET|HEAD)$") { return 405; }');
    expect(site).not.toContain('limit_except');
  });
});
