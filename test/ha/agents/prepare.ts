// Runs inside a network namespace (through tsx): the watcher's real network preparation, with the
// HaConfig given as JSON in argv[2]. Prints JSON { problem } (null when everything is in place).
import type { HaConfig } from '../../../src/ha/config.js';
import { prepareNodeNetwork } from '../../../src/ha/prepare-network.js';

const config = JSON.parse(process.argv[2]!) as HaConfig;
const problem = await prepareNodeNetwork(config);
process.stdout.write(`${JSON.stringify({ problem: problem ?? null })}\n`);
