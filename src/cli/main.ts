import { clip, visible } from '../diag/diagnostic.js';
import { packageVersion } from '../util/package-root.js';
import { closest } from '../util/text.js';
import { UsageError } from './args.js';
import { HELP as AGENT, agent } from './commands/agent.js';
import { HELP as APPLY, apply } from './commands/apply.js';
import { HELP as BUILD, build } from './commands/build.js';
import { HELP as CHECK, check } from './commands/check.js';
import { HELP as CREDENTIALS, credentials } from './commands/credentials.js';
import { HELP as DIFF, diff } from './commands/diff.js';
import { HELP as EXPLAIN, explain } from './commands/explain.js';
import { HELP as HA, ha } from './commands/ha.js';
import { HELP as IMPORT, importCommand } from './commands/import.js';
import { HELP as INIT, init } from './commands/init.js';
import { HELP as KEYGEN, keygen } from './commands/keygen.js';
import { HELP as NODE, node } from './commands/node.js';
import { HELP as NODE_INSTALL, nodeInstall } from './commands/node-install.js';
import { HELP as PLAN, plan } from './commands/plan.js';
import { HELP as PUBLISH, publish } from './commands/publish.js';
import { HELP as RENDER, render } from './commands/render.js';
import { HELP as ROLLBACK, rollback } from './commands/rollback.js';
import { HELP as SECRETS, secrets } from './commands/secrets.js';
import { HELP as STATUS, status } from './commands/status.js';
import { HELP as SYNTH, synth } from './commands/synth.js';
import { HELP as VALIDATE, validate } from './commands/validate.js';
import { EXIT } from './exit-codes.js';
import { withFoundSpec } from './find-spec.js';
import type { Terminal } from './terminal.js';

const COMMANDS = {
  validate: { run: validate, help: VALIDATE, summary: 'check the spec and report every problem' },
  build: { run: build, help: BUILD, summary: 'compile the spec into the audit tree (generated/)' },
  render: { run: render, help: RENDER, summary: 'write the deployable tree with secrets filled in' },
  credentials: { run: credentials, help: CREDENTIALS, summary: "print one extension's SIP credentials" },
  check: { run: check, help: CHECK, summary: 'verify generated/ is what the spec compiles to' },
  secrets: { run: secrets, help: SECRETS, summary: 'list the secrets render needs (names only)' },
  publish: { run: publish, help: PUBLISH, summary: "upload an environment's bundle for its nodes" },
  status: { run: status, help: STATUS, summary: 'show what each node of an environment runs' },
  rollback: { run: rollback, help: ROLLBACK, summary: 'point an environment back at a bundle it ran before' },
  node: { run: node, help: NODE, summary: 'pause, resume or pin one node of an environment' },
  'node-install': {
    run: nodeInstall,
    help: NODE_INSTALL,
    summary: 'first-boot installer for a Debian 12 host of a generic environment',
  },
  agent: { run: agent, help: AGENT, summary: 'the node agent: activate the published bundle safely' },
  synth: { run: synth, help: SYNTH, summary: "write an environment's Terraform JSON (AWS stacks)" },
  plan: { run: plan, help: PLAN, summary: 'terraform plan of an environment, destructive changes flagged' },
  apply: { run: apply, help: APPLY, summary: 'terraform apply of exactly a saved plan' },
  init: {
    run: init,
    help: INIT,
    summary: 'start a new platform repository (spec, schemas, CI, editor settings)',
  },
  keygen: { run: keygen, help: KEYGEN, summary: 'generate a new master key (docs/keys.md)' },
  explain: { run: explain, help: EXPLAIN, summary: 'the path a call to a number takes, step by step' },
  diff: { run: diff, help: DIFF, summary: "what a change does, in the spec's terms, risks first" },
  import: { run: importCommand, help: IMPORT, summary: 'write a spec from a FusionPBX database (read-only)' },
  ha: { run: ha, help: HA, summary: 'on a node: hold or take over the service address (nodes > 1)' },
} as const;

export const USAGE = `pbxc ${packageVersion()}: PBX-as-code compiler

Usage: pbxc <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Run pbxc <command> --help for a command's options.
Exit codes: 0 ok, 1 invalid spec, 2 usage/IO error or missing secret, 3 internal error.`;

export async function main(argv: readonly string[], term: Terminal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    term.out(packageVersion());
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    term.out(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (!command) {
    const guess = closest(name, Object.keys(COMMANDS));
    const hint = guess ? ` (did you mean "${guess}"?)` : '';
    term.err(`pbxc: unknown command "${visible(name)}"${hint}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    // Run from a subfolder of the repository, like git: the spec/ above is found.
    return await command.run(withFoundSpec(name, rest, term.cwd, process.cwd()), term);
  } catch (error) {
    if (error instanceof UsageError) {
      // Arguments are echoed in usage errors: control characters (terminal escapes) shown escaped.
      term.err(`pbxc ${name}: ${visible(clip(error.message))}\nRun pbxc ${name} --help for usage.`);
      return EXIT.usage;
    }
    term.err(
      `pbxc ${name}: internal error (a bug in pbxc, please report it): ${(error as Error).stack ?? error}`,
    );
    return EXIT.internal;
  }
}
