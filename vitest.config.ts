import { defineConfig } from 'vitest/config';

/**
 * Most of the suite's time is spent waiting on real systems (FreeSWITCH, PostgreSQL, Terraform,
 * nginx in private namespaces), not on the CPU: two test files at a time on the 2-core CI machine
 * cut its wall time by about half. Three were faster still but let several two-node HA scenarios
 * (four FreeSWITCH processes each pair of files) starve each other's lease renewals. PBXC_TEST_WORKERS
 * overrides (1 = one file at a time).
 */
const workers = Number(process.env.PBXC_TEST_WORKERS ?? 2);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: Number.isInteger(workers) && workers > 0 ? workers : 2,
  },
});
