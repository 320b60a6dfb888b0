/**
 * How many REGISTERs per second the phones of one node send in steady state, and how many a node
 * sustains (docs/freeswitch.md "Capacity and sizing"). Pure arithmetic, shared by the emitter
 * (sofia's refresh jitter), the sizing rule (src/rules/registration-capacity.ts) and the storm bench.
 */

/**
 * REGISTERs per second one node completes with digest authentication through pbxc's directory
 * handler with zero failures and a mean REGISTER→200 ≤ 100 ms: measured by `npm run bench:storm`
 * (200/s offered, 0 failed) on the 2-core reference machine with FreeSWITCH's file SQLite database.
 */
export const SUSTAINABLE_REGISTRATIONS_PER_SECOND = 200;

/**
 * sofia's sip-expires-max-deviation: each grant is expires ± this at random, so phones that
 * registered in the same second (after a failover) do not refresh in the same second again. A
 * quarter of the interval: 120 s → 90…150 s; a phone is reached again within expires + this after a
 * failover.
 */
export function expiresDeviation(expires: number): number {
  return Math.floor(expires / 4);
}

/**
 * Steady-state REGISTERs per second of `phones` phones granted `expires` ± deviation: the worst case,
 * every phone on the shortest grant, phones / (expires − deviation).
 */
export function refreshRate(phones: number, expires: number): number {
  return phones / (expires - expiresDeviation(expires));
}

/** The smallest whole registration interval (s) whose refresh rate stays within `sustainable`. */
export function minimumExpires(phones: number, sustainable = SUSTAINABLE_REGISTRATIONS_PER_SECOND): number {
  let e = Math.max(1, Math.ceil((phones / sustainable) * (4 / 3)) - 2);
  while (refreshRate(phones, e) > sustainable) e++;
  return e;
}
