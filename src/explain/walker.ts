import type { ExtensionModel } from '../model/types.js';
import type { Outcome, Step } from './types.js';

/** Accumulates the steps of one explanation; the first outcome reached is the call's outcome. */
export class Walker {
  readonly steps: Step[] = [];
  outcome: Outcome | undefined;
  /** Destinations already expanded: a chain that comes back is named, not followed again. */
  readonly seen = new Set<string>();

  /** The extension that placed the call: a forward keeps its channel, so its caller ID applies. */
  constructor(readonly caller?: ExtensionModel) {}

  step(depth: number, text: string): void {
    this.steps.push({ depth, text });
  }

  reach(outcome: Outcome): void {
    this.outcome ??= outcome;
  }
}
