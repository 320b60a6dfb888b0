/**
 * Step boundaries of a run, for the kill test: with PBXC_AGENT_KILL_AT=N (or =name) in the environment
 * the agent logs every boundary it passes ("pbxc-agent step N: name", on stderr) and, at the N-th (or
 * the first with that name), SIGKILLs its whole process group (itself and any tool it started): an
 * interruption at exactly that point. Run the agent in its own process group when using it.
 * Without the variable a boundary does nothing.
 */
let passed = 0;

export function boundary(name: string): void {
  const at = process.env.PBXC_AGENT_KILL_AT;
  if (at === undefined) return;
  passed++;
  process.stderr.write(`pbxc-agent step ${passed}: ${name}\n`);
  if (at === String(passed) || at === name) process.kill(0, 'SIGKILL');
}
