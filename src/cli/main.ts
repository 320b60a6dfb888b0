import { clip, visible } from '../diag/diagnostic.js';
import { packageVersion } from '../util/package-root.js';
import { closest } from '../util/text.js';
import { UsageError } from './args.js';
import { EXIT } from './exit-codes.js';
import { withFoundSpec } from './find-spec.js';
import type { Terminal } from './terminal.js';

type Run = (argv: readonly string[], term: Terminal) => Promise<number>;

/**
 * A command's module is loaded when that command runs: `pbxc validate` loads neither the cloud,
 * deploy nor agent code (start-up time; issue 20: validate of a small spec ≤ 1 s).
 */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K): Run {
  return async (argv, term) => ((await load())[name] as Run)(argv, term);
}

const COMMANDS = {
  validate: {
    run: lazy(() => import('./commands/validate.js'), 'validate'),
    summary: 'check the spec and report every problem',
  },
  build: {
    run: lazy(() => import('./commands/build.js'), 'build'),
    summary: 'compile the spec into the audit tree (generated/)',
  },
  render: {
    run: lazy(() => import('./commands/render.js'), 'render'),
    summary: 'write the deployable tree with secrets filled in',
  },
  credentials: {
    run: lazy(() => import('./commands/credentials.js'), 'credentials'),
    summary: "print one extension's SIP credentials",
  },
  check: {
    run: lazy(() => import('./commands/check.js'), 'check'),
    summary: 'verify generated/ is what the spec compiles to',
  },
  secrets: {
    run: lazy(() => import('./commands/secrets.js'), 'secrets'),
    summary: 'list the secrets render needs (names only)',
  },
  publish: {
    run: lazy(() => import('./commands/publish.js'), 'publish'),
    summary: "upload an environment's bundle for its nodes",
  },
  status: {
    run: lazy(() => import('./commands/status.js'), 'status'),
    summary: 'show what each node of an environment runs',
  },
  rollback: {
    run: lazy(() => import('./commands/rollback.js'), 'rollback'),
    summary: 'point an environment back at a bundle it ran before',
  },
  node: {
    run: lazy(() => import('./commands/node.js'), 'node'),
    summary: 'pause, resume or pin one node of an environment',
  },
  'node-install': {
    run: lazy(() => import('./commands/node-install.js'), 'nodeInstall'),
    summary: 'first-boot installer for a Debian 12 host of a generic environment',
  },
  agent: {
    run: lazy(() => import('./commands/agent.js'), 'agent'),
    summary: 'the node agent: activate the published bundle safely',
  },
  synth: {
    run: lazy(() => import('./commands/synth.js'), 'synth'),
    summary: "write an environment's Terraform JSON (AWS stacks)",
  },
  plan: {
    run: lazy(() => import('./commands/plan.js'), 'plan'),
    summary: 'terraform plan of an environment, destructive changes flagged',
  },
  apply: {
    run: lazy(() => import('./commands/apply.js'), 'apply'),
    summary: 'terraform apply of exactly a saved plan',
  },
  init: {
    run: lazy(() => import('./commands/init.js'), 'init'),
    summary: 'start a new platform repository (spec, schemas, CI, editor settings)',
  },
  keygen: {
    run: lazy(() => import('./commands/keygen.js'), 'keygen'),
    summary: 'generate a new master key (docs/keys.md)',
  },
  explain: {
    run: lazy(() => import('./commands/explain.js'), 'explain'),
    summary: 'the path a call to a number takes, step by step',
  },
  diff: {
    run: lazy(() => import('./commands/diff.js'), 'diff'),
    summary: "what a change does, in the spec's terms, risks first",
  },
  import: {
    run: lazy(() => import('./commands/import.js'), 'importCommand'),
    summary: 'write a spec from a FusionPBX database (read-only)',
  },
  ha: {
    run: lazy(() => import('./commands/ha.js'), 'ha'),
    summary: 'on a node: hold or take over the service address (nodes > 1)',
  },
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
