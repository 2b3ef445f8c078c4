/**
 * The plain data of a scenario's processes (the `program:`, `processes:`, `network:`, `workload:`
 * and `until:` keys), which `process/` consumes. Durations in ms, rates per ms.
 */
import type { DistSpec } from '../engine/distributions.js';

/** A group of processes of one kind: `count` addresses `name[0]`..`name[count-1]`, or the one address `name`. */
export interface ProcessGroupSpec {
  name: string;
  /** The name the program exports the kind under. */
  kind: string;
  /** Undefined: one process, addressed `name`. */
  count?: number;
}

/** The settings of the links between processes (the `link` step's, less the request/response sizes). */
export interface NetworkLinkSpec {
  latency: DistSpec;
  loss: number;
  duplicate: number;
  reorder?: { probability: number; extra: DistSpec };
  bandwidthBytesPerMs?: number;
  /** The size every message is counted at for the bandwidth, bytes. */
  messageBytes: number;
}

/** The network between processes: default link settings and overrides for the pairs that match. */
export interface NetworkSpec {
  defaults: NetworkLinkSpec;
  /** The last override whose `from` and `to` patterns match a pair gives its settings. */
  links: { from: string; to: string; link: NetworkLinkSpec }[];
}

/** How a client picks the process of each operation among the workload's targets. */
export type WorkloadChoice = 'same' | 'round-robin' | 'random';

/**
 * One operation of a written-out workload (`operations:` as a list): client `client` issues it to
 * the process `to` at `atMs`, or when its previous operation completes if that is later.
 */
export interface ScriptedOp {
  atMs: number;
  client: number;
  /** A process address, such as worker[0]. */
  to: string;
  f: string;
  key?: number;
  value?: unknown;
}

/** Clients issuing operations to processes, as in a Jepsen test. */
export interface WorkloadSpec {
  clients: number;
  /** Node patterns of the processes that take operations. */
  to: string[];
  choose: WorkloadChoice;
  /** Open loop: operations arrive at this rate (per ms) in all, each to an idle client. Else closed loop. */
  ratePerMs?: number;
  /** Closed loop: each client thinks this long between a completion and its next operation. */
  think: DistSpec;
  /** Operations in all. */
  operations: number;
  /**
   * A written-out workload: the operations themselves, in the order written (`operations:` as a
   * list; the shrinker writes one). Nothing is drawn: `to`, `choose`, `rate`, `think`, `mix`,
   * `values` and `keys` do not apply.
   */
  script?: ScriptedOp[];
  /** A client gives up on an operation after this long: it completes as info (indeterminate). */
  timeoutMs: number;
  /** Each operation's f, drawn with these weights (normalized), in the order given. */
  mix: { f: string; weight: number }[];
  /** Values of writes and cas operands are integers drawn uniformly from this range, inclusive. */
  values: [number, number];
  /** With a number: each operation names a key drawn uniformly from 0 to keys - 1 (a kv history). */
  keys?: number;
}

/** The history model a process run's history is checked against (check/check.ts HISTORY_MODELS: the compiler holds the two lists together). */
export type HistoryModelName = 'cas-register' | 'kv' | 'set' | 'lock' | 'queue';

/** Everything about a scenario's processes. */
export interface ProcessesSpec {
  /** The program file, resolved against the scenario's folder (absent: it must come from the command line's `--program`). */
  program?: string;
  groups: ProcessGroupSpec[];
  network: NetworkSpec;
  workload?: WorkloadSpec;
  /** Check the run's history against this model (`history: { model: ... }`). */
  historyModel?: HistoryModelName;
  /** The run ends here at the latest (ms). */
  untilMs?: number;
  /** The liveness phase: after the workload is done the run goes on this long (ms), then the program's `atEnd` properties are checked. */
  settleMs?: number;
}
