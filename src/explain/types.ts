import type { FeatureCodes } from '../model/types.js';

/** Where a call ends up first, in terms both `explain` and a dialplan evaluator can name. */
export type Outcome =
  | { readonly kind: 'extension'; readonly number: string }
  | {
      readonly kind: 'ring_group';
      readonly number: string;
      readonly members: readonly string[];
      /** How long each ringing step lasts: the whole group at once, or each member in turn. */
      readonly ringSeconds: number;
      /** The longest the group rings before its no-answer destination (members with DND are skipped). */
      readonly upToSeconds: number;
    }
  | { readonly kind: 'ivr'; readonly id: string }
  /** The caller joins room `room` (FreeSWITCH's conference name); `pin`: a PIN is asked first. */
  | { readonly kind: 'conference'; readonly room: string; readonly pin: boolean }
  /** The caller waits in queue `number` for one of `agents` (those logged in and not on a break). */
  | { readonly kind: 'queue'; readonly number: string; readonly agents: readonly string[] }
  | { readonly kind: 'voicemail'; readonly box: string }
  | { readonly kind: 'trunk'; readonly trunk: string; readonly number: string; readonly callerId?: string }
  | { readonly kind: 'sip_uri'; readonly uri: string }
  | { readonly kind: 'feature'; readonly code: keyof FeatureCodes; readonly detail?: string }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'hangup'; readonly cause: string }
  | { readonly kind: 'no_route' };

export interface Step {
  /** 0 for the main path; fallbacks (no answer, busy, …) are indented below the step they belong to. */
  readonly depth: number;
  readonly text: string;
}

export interface Explanation {
  readonly tenant: string;
  readonly number: string;
  readonly from:
    | { readonly kind: 'extension'; readonly number: string }
    | { readonly kind: 'trunk'; readonly trunk: string }
    | { readonly kind: 'internal' };
  /** Local time the schedules were evaluated at: "2026-12-24 10:00 Europe/Berlin (thu)". */
  readonly at: string;
  readonly steps: readonly Step[];
  readonly outcome: Outcome;
}

/** A point in time: an instant, or a wall-clock time in the tenant's zone. */
export type At =
  | { readonly kind: 'instant'; readonly date: Date }
  | { readonly kind: 'wall'; readonly date: string; readonly minute: number };
