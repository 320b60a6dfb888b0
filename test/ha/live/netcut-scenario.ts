import { figures, type TwoNodes } from './two-nodes.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface NetCutResult {
  /** From the cut until the new active is taken over and answers. */
  readonly cut: ReturnType<typeof figures>;
  /** From the cut until `afterReturnS` after the link came back: still one role change. */
  readonly whole: ReturnType<typeof figures>;
  readonly holderAfterReturn: string | null;
  /** The cut node's own log lines about fencing itself. */
  readonly fencedItself: boolean;
  readonly servingAfterReturn: string[];
}

async function steadyOn(two: TwoNodes, who: string, tries = 300): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const l = two.samples.slice(-3);
    if (l.length === 3 && l.every((s) => s.answered && s.serving.join() === who)) return true;
    await wait(200);
  }
  return false;
}

/**
 * The active's link goes down (its processes keep running; with dbOverTcp it is cut from
 * PostgreSQL too), `cutS` seconds later it comes back; the figures cover the cut and `afterReturnS`
 * seconds after the return.
 */
export async function netCutScenario(
  two: TwoNodes,
  active: string,
  standby: string,
  cutS = 30,
  afterReturnS = 20,
): Promise<NetCutResult> {
  if (!(await steadyOn(two, active))) throw new Error(`no steady state with ${active} serving`);
  const from = two.samples.at(-1)!.t;
  const cutAt = Date.now();
  await two.stopNetwork(active);
  await steadyOn(two, standby, 150);
  const cut = figures(two.samples, from);
  await wait(Math.max(0, cutS * 1000 - (Date.now() - cutAt)));
  await two.startNetwork(active);
  await wait(afterReturnS * 1000);
  return {
    cut,
    whole: figures(two.samples, from),
    holderAfterReturn: await two.holder(),
    fencedItself: /fenced: could not renew|fenced: the database refused/.test(two.log(active)),
    servingAfterReturn: two.samples.at(-1)!.serving,
  };
}
