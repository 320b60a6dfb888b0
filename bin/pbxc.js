#!/usr/bin/env node
// Runs the compiled CLI. `npm ci` builds dist/ through the "prepare" script.
import { main } from '../dist/src/cli/main.js';
import { processTerminal } from '../dist/src/cli/terminal.js';

main(process.argv.slice(2), processTerminal()).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pbxc: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 3;
  },
);
