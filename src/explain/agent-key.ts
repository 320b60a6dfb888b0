import type { ExtensionModel, TenantModel } from '../model/types.js';
import type { Walker } from './walker.js';

const AGENT_KEY = /^agent\+[a-z0-9]+$/;

/**
 * What a queue_agent BLF key dials when pressed: `agent+<ext>` (the presence id it watches). The
 * tenant context toggles the caller's own agent (dialplan/queues.ts, feature-queue-toggle): to the
 * logout code while Available, else to the login code, which refuses an extension no queue lists.
 * The agent's state lives on the node (mod_callcenter), so explain names both ways.
 */
export function agentKey(w: Walker, t: TenantModel, n: string, from: ExtensionModel | undefined): boolean {
  if (t.queues.length === 0 || !AGENT_KEY.test(n)) return false;
  if (!from) {
    w.step(0, `${n} is what a queue_agent key dials, which only a phone of an extension may use`);
    return false;
  }
  const fc = t.featureCodes;
  if (!t.queues.some((q) => q.agents.some((a) => a.extension === from.number))) {
    w.step(
      0,
      `${n} is what a queue_agent key dials: it toggles the caller's own agent, but ${from.number} is no agent of a queue: error tone`,
    );
    w.reach({ kind: 'hangup', cause: 'NORMAL_CLEARING' });
    return true;
  }
  const watched = n.slice('agent+'.length);
  const other = watched === from.number ? '' : ` (not ${watched}'s: the key only shows that agent)`;
  w.step(
    0,
    `${n} is what a queue_agent key dials: it toggles ${from.number}'s own agent${other}: logged in and available → ${fc.queue_logout} (log out), otherwise → ${fc.queue_login} (log in); the state is on the node, so explain cannot tell which`,
  );
  // The outcome follows an agent in the state a node starts it in (logged out): the login code.
  w.reach({ kind: 'feature', code: 'queue_login' });
  return true;
}
