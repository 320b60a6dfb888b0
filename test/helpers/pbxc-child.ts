// The CLI from source, for tests that must run pbxc as its own process (kill tests).
import { main } from '../../src/cli/main.js';
import { processTerminal } from '../../src/cli/terminal.js';

process.exitCode = await main(process.argv.slice(2), processTerminal());
