import type { ActivationPlan, ProfileAction } from '../classify.js';
import type { AgentConfig } from './config.js';
import type { ActivationFailureKind } from './decide.js';
import { EventSocketError, type EventSocketTarget, eventSocketApi } from './event-socket.js';
import { brief, exec } from './exec.js';
import { boundary } from './steps.js';

export type Log = (step: string, message: string) => void;

export class ActivationError extends Error {
  constructor(
    readonly step: string,
    message: string,
    /** What kind of failure it was: decides retry or refusal (decide.ts activationFailure). */
    readonly kind: ActivationFailureKind,
  ) {
    super(`${step}: ${message}`);
  }
}

/** The kind of any error an activation throws (an event socket error escaping a status poll too). */
export function failureKind(error: unknown): ActivationFailureKind {
  if (error instanceof ActivationError) return error.kind;
  if (error instanceof EventSocketError)
    return error.unreachable ? 'eventSocketUnreachable' : 'eventSocketPassword';
  return 'freeswitchRefused';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The event socket of the running FreeSWITCH: the active tree's, then the new tree's (a resumed
 * activation may find mod_event_socket already reloaded with the new password).
 */
export type Esl = readonly EventSocketTarget[];

async function api(esl: Esl, command: string): Promise<string> {
  let last: Error | undefined;
  for (const target of esl) {
    try {
      const [reply] = await eventSocketApi(target, [command]);
      return (reply ?? '').trim();
    } catch (error) {
      last = error as Error;
      if (!/refused the password/.test(last.message)) throw last;
    }
  }
  throw last ?? new Error('no event socket');
}

/** Runs an API command that must not fail (FreeSWITCH answers -ERR, "Invalid ..." or [Failure]). */
async function must(esl: Esl, command: string, log: Log, ok?: RegExp): Promise<string> {
  let reply: string;
  try {
    reply = await api(esl, command);
  } catch (error) {
    throw new ActivationError(command, (error as Error).message, failureKind(error));
  }
  if (/^-ERR|Invalid|\[Failure\]|Failure!/m.test(reply) && !(ok?.test(reply) ?? false))
    throw new ActivationError(command, brief(reply), 'freeswitchRefused');
  log('freeswitch', `${command}: ${brief(reply, 1)}`);
  boundary(command);
  return reply;
}

/** Polls until `test` holds for the command's reply, at most `seconds`. */
async function waitFor(
  esl: Esl,
  command: string,
  test: (r: string) => boolean,
  seconds: number,
): Promise<boolean> {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      if (test(await api(esl, command))) return true;
    } catch {
      // not answering yet (starting, or the profile is restarting)
    }
    await sleep(250);
  }
  return false;
}

const running = (profile: string) => (r: string) => new RegExp(`\\b${profile}\\b[^\\n]*RUNNING`).test(r);
const gatewayGone = (r: string) => /Invalid Gateway/i.test(r);

async function profileAction(esl: Esl, p: ProfileAction, log: Log): Promise<void> {
  const prefix = `sofia profile ${p.profile}`;
  switch (p.action) {
    case 'stop':
      // already stopped (a repeated step): nothing to do
      if (!running(p.profile)(await api(esl, 'sofia status'))) return;
      await must(esl, `${prefix} stop`, log);
      return;
    case 'start':
    case 'restart':
      if (p.action === 'restart') {
        log(
          'freeswitch',
          `restarting profile ${p.profile} (${p.reason}): its registrations and calls drop, phones re-register`,
        );
      }
      if (p.action === 'start' && running(p.profile)(await api(esl, 'sofia status'))) return;
      await must(esl, `${prefix} ${p.action}`, log);
      if (!(await waitFor(esl, 'sofia status', running(p.profile), 30))) {
        throw new ActivationError(
          `${prefix} ${p.action}`,
          'the profile is not RUNNING after 30 s',
          'notRunning',
        );
      }
      return;
    case 'rescan':
      for (const gw of p.killGateways) {
        // a repeated step: the gateway is gone already (killgw would answer "Invalid Gateway")
        if (gatewayGone(await api(esl, `sofia status gateway ${gw}`))) continue;
        await must(esl, `${prefix} killgw ${gw}`, log);
        // killgw only marks the gateway; a rescan before sofia has removed it would keep nothing.
        if (!(await waitFor(esl, `sofia status gateway ${gw}`, gatewayGone, 20))) {
          throw new ActivationError(
            `${prefix} killgw ${gw}`,
            'the gateway was not removed within 20 s',
            'notRunning',
          );
        }
      }
      if (p.addGateways.length > 0) {
        await must(esl, `${prefix} rescan`, log);
        for (const gw of p.addGateways) {
          if (!(await waitFor(esl, `sofia status gateway ${gw}`, (r) => !gatewayGone(r), 10))) {
            throw new ActivationError(`${prefix} rescan`, `gateway ${gw} was not loaded`, 'notRunning');
          }
        }
      }
  }
}

function tool(argv: readonly string[], step: string, log: Log): void {
  const r = exec(argv);
  if (!r.ok) {
    throw r.killed
      ? new ActivationError(step, 'killed by a signal or timeout', 'toolKilled')
      : new ActivationError(step, `exit ${r.status}`, 'toolFailed');
  }
  log(step, 'done');
  boundary(step);
}

/**
 * Makes the swapped-in tree effective, least disruptive first. The firewall goes first so new
 * openings are in place before the PBX uses them; the event socket module reloads last, because the
 * agent talks through it.
 */
export async function activate(
  c: AgentConfig,
  plan: ActivationPlan,
  esl: { readonly active: Esl; readonly next: Esl },
  log: Log,
): Promise<void> {
  if (plan.nftables) tool([...c.commands.nft, '-f', c.links.nftables], 'nft -f', log);
  // On an HA standby FreeSWITCH is stopped on purpose: the files are in place for a failover.
  const standby =
    c.freeswitchRuns === 'when-running' &&
    (plan.first || plan.reloadxml) &&
    !(await waitFor(plan.first ? esl.next : esl.active, 'status', (r) => /\bUP\b/.test(r), 2));
  if (standby) {
    log('freeswitch', 'not running on this node (standby): files in place, FreeSWITCH steps skipped');
  } else if (plan.first) {
    tool(c.commands.freeswitchStart, 'freeswitch start', log);
    if (!(await waitFor(esl.next, 'status', (r) => /\bUP\b/.test(r), c.freeswitchStartTimeout))) {
      throw new ActivationError(
        'freeswitch start',
        `FreeSWITCH did not answer within ${c.freeswitchStartTimeout} s`,
        'notAnswering',
      );
    }
    log('freeswitch', 'started and answering');
    boundary('freeswitch started');
  } else if (plan.reloadxml) {
    const e = esl.active;
    await must(e, 'reloadxml', log);
    if (plan.reloadacl) await must(e, 'reloadacl', log);
    for (const m of plan.loadModules) await must(e, `load ${m}`, log, /already loaded/i);
    for (const m of plan.reloadModules) if (m !== 'mod_event_socket') await must(e, `reload ${m}`, log);
    for (const p of plan.profiles) await profileAction(e, p, log);
    for (const why of plan.restartRequired)
      log('freeswitch', `needs a FreeSWITCH restart to take effect (not done): ${why}`);
    if (plan.reloadModules.includes('mod_event_socket')) await must(e, 'reload mod_event_socket', log);
  }
  if (plan.nginx) tool(c.commands.nginxReload, 'nginx reload', log);
  if (plan.fail2ban) tool([...c.commands.fail2banClient, 'reload'], 'fail2ban reload', log);
}
