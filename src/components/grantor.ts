/**
 * The lock service and the protected resource of one lease name, shared by every `lease` step that
 * names it (src/components/lease.ts).
 *
 * The grantor is a node (`grantor/<name>`): a grant request is a call to it, sent by a holder
 * straight to it or through the holder's `grantor-link` (a `link` step in front of it), so a
 * partition can name it. It measures leases in true time: it grants the lease when it is free
 * (never granted, or expired: true time >= expiry) or already the asker's, and otherwise answers
 * `rejected`. It numbers each grant with a fencing token: a new holder, or the same one after its
 * lease lapsed, gets the next number; a renewal of a lease still held keeps its token (as a lock
 * node or a lock sequence number stays the same while its session lasts).
 *
 * The resource is where the holders' protected work lands (a database, a file). It remembers the
 * largest token of the writes it has taken. A write with a smaller token comes from a holder whose
 * grant was superseded after a newer holder had written: two holders' writes interleave. Without
 * fencing the resource takes it (a conflict); with `fencing: true` it refuses it (fenced).
 */
import type { Node } from '../engine/node.js';
import { Call, OK, REJECTED, type Request, type RequestOwner, type HistoryEntry, type CallTracer } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';

/**
 * A grant request: a call of its own (not on behalf of a client's request), carrying who asks and
 * for how long, and bringing back the token of the grant.
 */
export class GrantCall extends Call implements Request {
  readonly id = -1;
  readonly arrival: number;
  readonly measured = false;
  end = NaN;
  outcome = -1;
  waitedMs = 0;
  queued = 0;
  lost = 0;
  lostAt = 0;
  owner: RequestOwner | null = null;
  readonly history: HistoryEntry[] | null = null;
  /** A traced run traces grant requests too (their body says `grant`). */
  readonly tracer: CallTracer | null;
  /** Set by the grantor when it grants: the fencing token. */
  token = 0;

  constructor(
    sim: Simulation,
    /** The asking holder's id. */
    readonly holder: string,
    readonly durationMs: number,
    /** The holder's clock reading when it sent the request. */
    readonly sentLocal: number,
  ) {
    super(null, sim.sched);
    this.arrival = sim.sched.now;
    this.tracer = sim.tracer;
  }

  get traceAs(): 'grant' {
    return 'grant';
  }
}

export class Grantor implements Node {
  readonly kind = 'grantor';
  readonly id: string;
  /** The current (or last) holder's id, its token and the true time its grant ends. */
  holder: string | null = null;
  token = 0;
  expiry = -Infinity;
  /** Tokens handed out (the last number used). */
  private issued = 0;

  constructor(
    private readonly sim: Simulation,
    readonly name: string,
  ) {
    this.id = `grantor/${name}`;
    sim.nameCaller(this.id);
  }

  /** A grant request arrives (a duplicated one is a copy whose request is the original). */
  call(call: Call): void {
    const g = call.req as GrantCall;
    const now = this.sim.sched.now;
    const free = this.holder === null || now >= this.expiry;
    if (!free && this.holder !== g.holder) {
      call.reply(REJECTED);
      return;
    }
    if (free) this.token = ++this.issued;
    this.holder = g.holder;
    this.expiry = now + g.durationMs;
    g.token = this.token;
    call.reply(OK);
  }

  /** Whether the grant numbered `token` is still valid at true time `now`. */
  valid(token: number, now: number): boolean {
    return token === this.token && now < this.expiry;
  }
}

/** What the resource did with a write. */
export const ACCEPTED = 0;
export const CONFLICT = 1;
export const FENCED = 2;

export class ProtectedResource {
  /** The largest token of the writes taken. */
  private largest = 0;

  constructor(readonly fencing: boolean) {}

  /** A write made under `token` arrives: taken (maybe out of turn: a conflict), or refused (fenced). */
  write(token: number): typeof ACCEPTED | typeof CONFLICT | typeof FENCED {
    if (token >= this.largest) {
      this.largest = token;
      return ACCEPTED;
    }
    return this.fencing ? FENCED : CONFLICT;
  }
}

/** The grantor and the resource of one lease name in one run. */
export interface LeaseService {
  grantor: Grantor;
  resource: ProtectedResource;
}

const services = new WeakMap<Simulation, Map<string, LeaseService>>();

/**
 * The grantor and resource of the lease `name` in this run, made by the first step that names it.
 * Every step of one name must agree on `fencing` (the scenario's checks say so before a run).
 */
export function leaseService(sim: Simulation, name: string, fencing: boolean): LeaseService {
  let byName = services.get(sim);
  if (byName === undefined) services.set(sim, (byName = new Map()));
  let s = byName.get(name);
  if (s === undefined) byName.set(name, (s = { grantor: new Grantor(sim, name), resource: new ProtectedResource(fencing) }));
  else if (s.resource.fencing !== fencing) throw new Error(`lease ${name}: every lease step of one name must agree on fencing`);
  return s;
}
