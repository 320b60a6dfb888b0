import { INITIAL_LEASE_STATE, LEASE_TIMING, type LeaseState, type LeaseTiming } from '../../src/ha/lease.js';
import type { LeaseStore } from '../../src/ha/lease-store.js';
import { leaseTick } from '../../src/ha/lease-watch.js';

/**
 * Two (or more) nodes running the real lease tick (src/ha/lease-watch.ts) against an in-memory
 * database with the SQL's semantics (src/ha/lease-store.ts) on one virtual clock, 100 ms a step.
 * Faults: a node killed, cut from the database, frozen, unhealthy; the database down; the probe
 * path between nodes cut (which the lease never uses). Every step checks how many nodes answer SIP
 * on the service address. Used by test/ha/lease-sim.test.ts and the `bench:ha` figures.
 */
export interface SimNode {
  readonly name: string;
  state: LeaseState;
  /** Answers SIP on the service address (activated and not fenced). */
  serving: boolean;
  nextTickMs: number;
  dead: boolean;
  frozenUntilMs: number;
  cutFromDb: boolean;
  healthy: boolean;
}

export interface Fault {
  readonly atMs: number;
  readonly apply: (sim: LeaseSim) => void;
}

export interface SimResult {
  /** Most nodes answering SIP at one step (the target: never more than 1). */
  readonly maxServing: number;
  /** Changes of the serving node (a node starting to serve where another served last). */
  readonly roleChanges: number;
  /** Longest stretch with no node serving after the first activation (ms). */
  readonly longestGapMs: number;
  /** Each stretch without service after the first activation: [from, to) in ms. */
  readonly gaps: readonly (readonly [number, number])[];
  readonly log: readonly string[];
}

export class LeaseSim {
  nowMs = 0;
  dbDown = false;
  row = { holder: null as string | null, epoch: 0, expiresAtMs: 0, changedAtMs: -1e12 };
  readonly nodes: SimNode[];
  readonly log: string[] = [];

  constructor(
    names: readonly string[],
    readonly t: LeaseTiming = LEASE_TIMING,
  ) {
    this.nodes = names.map((name, i) => ({
      name,
      state: INITIAL_LEASE_STATE,
      serving: false,
      // Nodes tick out of phase, as independent machines do.
      nextTickMs: i * 370,
      dead: false,
      frozenUntilMs: 0,
      cutFromDb: false,
      healthy: true,
    }));
  }

  node(name: string): SimNode {
    return this.nodes.find((n) => n.name === name)!;
  }

  private store(node: SimNode): LeaseStore {
    const check = () => {
      if (this.dbDown || node.cutFromDb) throw new Error('database unreachable');
    };
    const ttl = this.t.ttlSeconds * 1000;
    const row = this.row;
    return {
      read: async () => {
        check();
        return {
          holder: row.holder,
          epoch: row.epoch,
          expiresInMs: row.expiresAtMs - this.nowMs,
          changedAgoMs: this.nowMs - row.changedAtMs,
        };
      },
      renew: async (me, epoch) => {
        check();
        if (row.holder !== me || row.epoch !== epoch || row.expiresAtMs <= this.nowMs) return false;
        row.expiresAtMs = this.nowMs + ttl;
        return true;
      },
      acquire: async (me, seen) => {
        check();
        const free = row.holder === null || this.nowMs > row.expiresAtMs + this.t.marginSeconds * 1000;
        if (row.epoch !== seen || !free) return undefined;
        Object.assign(row, {
          holder: me,
          epoch: row.epoch + 1,
          expiresAtMs: this.nowMs + ttl,
          changedAtMs: this.nowMs,
        });
        return row.epoch;
      },
      release: async (me, epoch) => {
        check();
        if (row.holder !== me || row.epoch !== epoch) return false;
        Object.assign(row, { holder: null, expiresAtMs: this.nowMs });
        return true;
      },
    };
  }

  private async tickNode(node: SimNode): Promise<void> {
    node.state = await leaseTick(
      {
        me: node.name,
        store: this.store(node),
        nowMs: () => this.nowMs,
        healthy: async () => node.healthy,
        activate: async () => {
          node.serving = true;
        },
        fence: async () => {
          node.serving = false;
        },
        log: (line) => this.log.push(`${(this.nowMs / 1000).toFixed(1)}s ${node.name}: ${line}`),
      },
      node.state,
      this.t,
    );
  }

  async run(untilMs: number, faults: readonly Fault[] = []): Promise<SimResult> {
    const pending = [...faults].sort((a, b) => a.atMs - b.atMs);
    let maxServing = 0;
    let roleChanges = 0;
    let lastServer: string | undefined;
    let gapStart: number | undefined;
    const gaps: [number, number][] = [];
    for (; this.nowMs <= untilMs; this.nowMs += 100) {
      while (pending[0] && pending[0].atMs <= this.nowMs) pending.shift()!.apply(this);
      for (const node of this.nodes) {
        if (node.dead || this.nowMs < node.frozenUntilMs || this.nowMs < node.nextTickMs) continue;
        await this.tickNode(node);
        node.nextTickMs = this.nowMs + this.t.tickSeconds * 1000;
      }
      // A frozen node answers nothing while frozen; a dead one never again.
      const serving = this.nodes.filter((n) => n.serving && !n.dead && this.nowMs >= n.frozenUntilMs);
      maxServing = Math.max(maxServing, serving.length);
      if (serving.length === 0 && lastServer !== undefined && gapStart === undefined) gapStart = this.nowMs;
      if (serving.length > 0) {
        if (gapStart !== undefined) gaps.push([gapStart, this.nowMs]);
        gapStart = undefined;
        const now = serving[0]!.name;
        if (lastServer !== undefined && now !== lastServer) roleChanges++;
        lastServer = now;
      }
    }
    if (gapStart !== undefined) gaps.push([gapStart, this.nowMs]);
    return {
      maxServing,
      roleChanges,
      gaps,
      longestGapMs: Math.max(0, ...gaps.map(([a, b]) => b - a)),
      log: this.log,
    };
  }
}

/** The scenarios, the active (whoever holds the lease at 30 s) being the victim. */
export const SCENARIOS: Readonly<
  Record<string, { readonly untilMs: number; readonly faults: (active: () => string) => Fault[] }>
> = {
  'kill -9 the active': {
    untilMs: 90_000,
    faults: (active) => [{ atMs: 30_000, apply: (s) => (s.node(active()).dead = true) }],
  },
  'stop the active network (cut from the database and peers) for 10 min': {
    untilMs: 660_000,
    faults: (active) => {
      let victim = '';
      return [
        {
          atMs: 30_000,
          apply: (s) => {
            victim = active();
            s.node(victim).cutFromDb = true;
          },
        },
        { atMs: 630_000, apply: (s) => (s.node(victim).cutFromDb = false) },
      ];
    },
  },
  'partition the probe path both ways for 10 min': {
    // The nodes' direct path is not part of the lease: both still reach the database.
    untilMs: 660_000,
    faults: () => [],
  },
  'freeze the active (SIGSTOP) 30 s': {
    untilMs: 120_000,
    faults: (active) => [
      {
        atMs: 30_000,
        apply: (s) => {
          s.node(active()).frozenUntilMs = 60_000;
        },
      },
    ],
  },
  'stop PostgreSQL 20 s': {
    untilMs: 90_000,
    faults: () => [
      { atMs: 30_000, apply: (s) => (s.dbDown = true) },
      { atMs: 50_000, apply: (s) => (s.dbDown = false) },
    ],
  },
  // Past the damping interval since the boot claim (a claim is a change too), then within it.
  'health check fails on the active (hand-over), then on the new one (damped)': {
    untilMs: 420_000,
    faults: (active) => {
      let second = '';
      return [
        { atMs: 330_000, apply: (s) => (s.node(active()).healthy = false) },
        {
          atMs: 360_000,
          apply: (s) => {
            second = active();
            s.node(second).healthy = false;
            for (const n of s.nodes) if (n.name !== second) n.healthy = true;
          },
        },
      ];
    },
  },
};

export async function runScenario(name: string, t: LeaseTiming = LEASE_TIMING): Promise<SimResult> {
  const sim = new LeaseSim(['pbx-1', 'pbx-2'], t);
  const scenario = SCENARIOS[name]!;
  const active = () => sim.row.holder ?? 'pbx-1';
  return sim.run(scenario.untilMs, scenario.faults(active));
}
