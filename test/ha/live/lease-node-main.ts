// One node's `pbxc ha` lease loop, as the CLI runs it, with the folders of a test node: run inside
// the node's network namespace by test/ha/live/two-nodes.ts (the CLI reads /etc paths; a test node
// has its own). Usage: node --import tsx lease-node-main.ts NODE_ENV FREESWITCH_CONF STATE_FILE
import { readFileSync } from 'node:fs';
import { haConfig } from '../../../src/ha/config.js';
import { dbFacts } from '../../../src/ha/db-credentials.js';
import { runLeaseNode } from '../../../src/ha/lease-run.js';

const [envFile, conf, stateFile] = process.argv.slice(2);
const text = readFileSync(envFile!, 'utf8');
const config = haConfig(text);
const db = dbFacts(text)!;
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
const t0 = Date.now();
await runLeaseNode(config, db, text, {
  once: false,
  signal: controller.signal,
  log: (l) => console.log(`${((Date.now() - t0) / 1000).toFixed(2)} ${config.node}: ${l}`),
  out: () => {},
  freeswitchConf: conf!,
  stateFile: stateFile!,
});
