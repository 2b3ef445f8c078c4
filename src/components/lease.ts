/**
 * `lease`: a node that acts on calls (passes them on) only while it believes it holds the lease
 * `name`, the way a leader holds a lease from a lock service before it writes. Belief is measured
 * on the node's own clock: after a grant at local time g it believes it holds the lease until its
 * clock reads g + duration - margin, and checks that when each call arrives.
 *
 * The grantor (one per lease name, shared by every lease step that names it) measures leases in
 * true time: its clock is the reference, so a holder's clock error is its skew relative to the
 * grantor. It grants the lease to a node that asks when the lease is free (never granted, or
 * expired: true time >= grant + duration) or already that node's; otherwise the node answers
 * `rejected` (not the leader). Asking and granting take no time.
 *
 * A holder whose clock runs slow, or steps backwards, keeps acting after the grantor's expiry, and
 * once the grantor has given the lease to another node both act at once: the figures count those
 * calls (`stale`, `conflicts`). A fast clock only gives the lease up early. A `margin` larger than
 * the clock's worst error over one lease removes the conflicts.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import { REJECTED, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';

/** The lock service of one lease name. */
class Grantor {
  holder: Lease | null = null;
  /** True time at which the current grant ends. */
  expiry = -Infinity;

  /** Grants (or renews) the lease to `node` at true time `now` if it is free or already its own. */
  grant(node: Lease, now: number, durationMs: number): boolean {
    if (this.holder !== null && this.holder !== node && now < this.expiry) return false;
    this.holder = node;
    this.expiry = now + durationMs;
    return true;
  }
}

const grantors = new WeakMap<Simulation, Map<string, Grantor>>();

function grantorOf(sim: Simulation, name: string): Grantor {
  let byName = grantors.get(sim);
  if (byName === undefined) grantors.set(sim, (byName = new Map()));
  let g = byName.get(name);
  if (g === undefined) byName.set(name, (g = new Grantor()));
  return g;
}

export interface LeaseOptions {
  name: string;
  durationMs: number;
  marginMs: number;
}

export class Lease implements Node, Caller, Observed {
  readonly kind = 'lease';
  private readonly grantor: Grantor;
  /** Local time (on this node's clock) until which it believes it holds the lease; -Infinity: it does not. */
  private believedUntil = -Infinity;
  /** True time at which the grantor's grant to this node ends. */
  private grantedUntil = -Infinity;
  private calls = 0;
  private grants = 0;
  private acted = 0;
  private stale = 0;
  private conflicts = 0;
  private rejected = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: LeaseOptions,
    private readonly downstream: Node,
  ) {
    if (!(options.marginMs >= 0 && options.marginMs < options.durationMs)) {
      throw new Error(`${id}: a lease margin must be at least 0ms and less than the duration`);
    }
    this.grantor = grantorOf(sim, options.name);
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    const clock = this.sim.clockOf(this.id);
    const local = clock.now();
    const now = this.sim.sched.now;
    if (!(local < this.believedUntil)) {
      if (!this.grantor.grant(this, now, this.options.durationMs)) {
        this.rejected++;
        call.reply(REJECTED);
        return;
      }
      this.grants++;
      this.grantedUntil = this.grantor.expiry;
      this.believedUntil = local + this.options.durationMs - this.options.marginMs;
    }
    this.acted++;
    if (now >= this.grantedUntil) {
      this.stale++;
      if (this.grantor.holder !== this && now < this.grantor.expiry) this.conflicts++;
    }
    call.send(this.downstream, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    call.reply(outcome);
  }

  /** What it holds now, for `replay --until` (engine/node.ts `Stateful`): its belief and the lock service's truth (times in ms). */
  state(): Record<string, unknown> {
    const g = this.grantor;
    const now = this.sim.sched.now;
    return {
      lease: this.options.name,
      believedUntilLocal: Number.isFinite(this.believedUntil) ? this.believedUntil : null,
      grantedUntil: Number.isFinite(this.grantedUntil) ? this.grantedUntil : null,
      holder: g.holder !== null && now < g.expiry ? g.holder.id : null,
    };
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, {
      lease: this.options.name,
      grants: this.grants,
      acted: this.acted,
      stale: this.stale,
      conflicts: this.conflicts,
      rejected: this.rejected,
    });
  }
}
