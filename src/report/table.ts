/**
 * The text report `lightcone run` prints: counts, rates, the latency percentile table and per-node
 * figures, with nodes that differ only by their index in a pool gathered into one line.
 */
import { nodeFaultLines } from '../faults/report.js';
import { clockLines } from '../clocks/report.js';
import { STEPS } from '../scenario/steps/index.js';
import { REPORT_BLOCKS, type ReportBlock } from '../scenario/steps/step.js';
import type { Summary } from '../run/summary.js';
import { groupId, type NodeStats } from '../engine/node.js';
import { OUTCOMES } from '../engine/request.js';

const fmt = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);
const pct = (v: number) => (Number.isNaN(v) ? '-' : `${(v * 100).toFixed(3)}%`);
const pad = (s: string, n: number) => s.padStart(n);

export interface NodeGroup {
  /** The node id with every pool index replaced by `*`: `balancer/dyno[*]/server`. */
  id: string;
  kind: string;
  count: number;
  calls: number;
  utilization: { mean: number; min: number; max: number } | null;
  queue: { mean: number; max: number; meanWait: number } | null;
}

/** Gathers nodes that differ only by pool indices. Means are over nodes; the queue wait is per call. */
export function groupNodes(nodes: NodeStats[]): NodeGroup[] {
  const groups = new Map<string, NodeStats[]>();
  for (const n of nodes) {
    const key = groupId(n.id);
    const g = groups.get(key);
    if (g) g.push(n);
    else groups.set(key, [n]);
  }
  return [...groups].map(([id, members]) => {
    const calls = members.reduce((a, n) => a + n.calls, 0);
    const utils = members.map((n) => n.utilization).filter((u): u is number => u !== null);
    const queues = members.map((n) => n.queue).filter((q): q is NonNullable<NodeStats['queue']> => q !== null);
    return {
      id,
      kind: members[0].kind,
      count: members.length,
      calls,
      utilization: utils.length
        ? { mean: utils.reduce((a, b) => a + b, 0) / utils.length, min: Math.min(...utils), max: Math.max(...utils) }
        : null,
      queue: queues.length
        ? {
            mean: queues.reduce((a, q) => a + q.mean, 0) / queues.length,
            max: Math.max(...queues.map((q) => q.max)),
            meanWait: calls > 0 ? members.reduce((a, n) => a + (n.queue ? n.queue.meanWait * n.calls : 0), 0) / calls : 0,
          }
        : null,
    };
  });
}

export function renderSummary(s: Summary): string {
  const r = s.requests;
  const m = r.measured;
  const l = s.latency;
  const lines: string[] = [];
  lines.push(`${s.stamp.scenario}  (${s.stamp.file}, seed ${s.stamp.seed})`);
  if (s.swarm !== undefined) lines.push(`swarm      the seed picked: ${Object.entries(s.swarm).map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  lines.push('');
  const outcomes = (c: typeof r | typeof m, always = false) =>
    OUTCOMES.filter((o) => always || o === 'ok' || o === 'error' || c[o] > 0)
      .map((o) => `${c[o]} ${o}`)
      .join(', ');
  // a run of processes without a chain has no requests: its own lines say what happened
  const chainless = s.processes !== undefined && r.total === 0;
  if (!chainless) {
    lines.push(`requests   ${r.total} issued: ${outcomes(r)}${r.inFlight > 0 ? `, ${r.inFlight} never finished (still in flight at the end)` : ''}`);
    const mUnfinished = (m as { inFlight?: number }).inFlight ?? 0;
    lines.push(`measured   ${m.total}: ${outcomes(m)}${mUnfinished > 0 ? `, ${mUnfinished} never finished` : ''}   success ${pct(s.success)}`);
    lines.push(
      `rates      request ${fmt(s.throughput.requestRate)}/s   response ${fmt(s.throughput.responseRate)}/s   goodput ${fmt(s.throughput.goodput)}/s`,
    );
    lines.push(`queueing   ${pct(s.queueing.waitedFraction)} of requests waited, mean wait ${fmt(s.queueing.meanWaitMs, 3)} ms, mean in system ${fmt(s.queueing.meanInSystem, 2)} requests`);
    if (s.apdex) lines.push(`apdex      ${fmt(s.apdex.score, 3)} (T = ${s.apdex.threshold} ms: ok within T satisfied, within 4T tolerating)`);
    lines.push('');
    const cols = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'];
    const vals = [l.min, l.mean, l.p50, l.p90, l.p95, l.p99, l.p999, l.max];
    const okVals = [s.latencyOk.min, s.latencyOk.mean, s.latencyOk.p50, s.latencyOk.p90, s.latencyOk.p95, s.latencyOk.p99, s.latencyOk.p999, s.latencyOk.max];
    const w = Math.max(9, ...vals.map((v) => fmt(v, 3).length + 2));
    lines.push(`latency (ms, ${l.method})`.padEnd(22) + cols.map((c) => pad(c, w)).join(''));
    lines.push('  all measured'.padEnd(22) + vals.map((v) => pad(fmt(v, 3), w)).join(''));
    if (m.ok < m.total) lines.push('  ok only'.padEnd(22) + okVals.map((v) => pad(fmt(v, 3), w)).join(''));
    lines.push('');
  }
  const groups = groupNodes(s.nodes).filter((g) => g.utilization !== null || g.queue !== null);
  if (groups.length > 0) {
    const idW = Math.max(4, ...groups.map((g) => g.id.length + (g.count > 1 ? ` x${g.count}`.length : 0)));
    lines.push(
      'node'.padEnd(idW) +
        pad('calls', 10) + pad('util', 8) + pad('min', 7) + pad('max', 7) + pad('queue', 9) + pad('max q', 8) + pad('wait ms', 11),
    );
    for (const g of groups) {
      const u = g.utilization;
      const q = g.queue;
      lines.push(
        (g.count > 1 ? `${g.id} x${g.count}` : g.id).padEnd(idW) +
          pad(String(g.calls), 10) +
          pad(u ? fmt(u.mean, 3) : '-', 8) +
          pad(u && g.count > 1 ? fmt(u.min, 2) : '', 7) +
          pad(u && g.count > 1 ? fmt(u.max, 2) : '', 7) +
          pad(q ? fmt(q.mean, 3) : '-', 9) +
          pad(q ? String(q.max) : '-', 8) +
          pad(q ? fmt(q.meanWait, 3) : '-', 11),
      );
    }
    lines.push('');
  }
  if (s.capacity !== undefined && s.capacity.length > 0) {
    const idW = Math.max(4, ...s.capacity.map((c) => c.id.length + (c.count > 1 ? ` x${c.count}`.length : 0)));
    const measured = new Map(groupNodes(s.nodes).map((g) => [g.id, g.utilization]));
    lines.push('capacity'.padEnd(idW) + pad('offered/s', 12) + pad('capacity/s', 12) + pad('load', 8) + pad('util', 8));
    for (const c of s.capacity) {
      const u = measured.get(c.id);
      lines.push(
        (c.count > 1 ? `${c.id} x${c.count}` : c.id).padEnd(idW) +
          pad(`${c.atLeast ? '>=' : ''}${fmt(c.offeredPerSec, 1)}`, 12) +
          pad(fmt(c.capacityPerSec, 1), 12) +
          pad(fmt(c.utilization, 3), 8) +
          pad(u ? fmt(u.max, 3) : '-', 8),
      );
    }
    lines.push('  (per server, the busiest: offered and capacity from the scenario, load = offered / capacity; util measured)');
    lines.push('');
  }
  lines.push(...kindLines(s.nodes));
  for (const w of s.warnings ?? []) lines.push(`warning: ${w}`);
  if (s.warnings !== undefined && s.warnings.length > 0) lines.push('');
  const p = s.processes;
  if (p !== undefined) {
    const m = p.messages;
    const d = m.dropped;
    lines.push(`processes  ${p.processes}, ${p.events} events, ${p.timers} timers fired`);
    lines.push(`messages   ${m.sent} sent, ${m.delivered} delivered (${m.duplicated} duplicated, ${m.reordered} reordered), dropped ${d.loss} lost, ${d.partition} partitioned, ${d.down} to a down process${d.end > 0 ? `, ${d.end} still on their way at the end` : ''}`);
    const o = p.operations;
    lines.push(`operations ${o.invoked} invoked: ${o.ok} ok, ${o.fail} fail, ${o.info} info${o.pending > 0 ? `, ${o.pending} pending at the end` : ''}`);
    lines.push('');
  }
  for (const f of (s.failures ?? []).filter((f) => f.kind !== 'check')) lines.push(`FAILED ${f.kind} ${f.property}${f.atMs !== undefined ? ` at ${+f.atMs.toFixed(3)} ms${f.event !== undefined ? `, event ${f.event}` : ''}` : ''}: ${f.message}`);
  lines.push(...checkLines(s));
  lines.push(`simulated ${fmt(s.run.simulatedMs / 1000, 3)} s in ${s.run.events} events`);
  return lines.join('\n');
}

/** The `checks:` paragraph: PASS or FAIL for each check, in the order written, with what the run reached. */
export function checkLines(s: Pick<Summary, 'checks' | 'failures'>): string[] {
  if (s.checks === undefined || s.checks.length === 0) return [];
  const failed = s.checks.filter((c) => !c.passed).length;
  const w = Math.max(...s.checks.map((c) => c.check.length));
  const lines = [`checks     ${s.checks.length - failed} passed, ${failed} failed`];
  for (const c of s.checks) {
    const failure = c.passed ? undefined : s.failures?.find((f) => f.kind === 'check' && f.property === c.check);
    const reached = failure !== undefined ? failure.message : c.reached;
    lines.push(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.check.padEnd(w)}   (${reached})`);
  }
  lines.push('');
  return lines;
}

/**
 * The paragraphs after the table of nodes: each step kind's lines (from the step-kind registry),
 * in its paragraph, in the registry's order, after the paragraph's own lines (node faults, clocks).
 */
function kindLines(nodes: readonly NodeStats[]): string[] {
  const blocks: Record<ReportBlock, string[]> = {
    policies: [],
    links: [],
    brokers: [],
    queues: [],
    faults: nodeFaultLines(nodes),
    clocks: clockLines(nodes),
  };
  for (const step of STEPS) {
    if (step.report === undefined) continue;
    const ofKind = nodes.filter((n) => n.kind === step.kind);
    if (ofKind.length > 0) blocks[step.report.block].push(...step.report.lines(ofKind));
  }
  return REPORT_BLOCKS.flatMap((b) => (blocks[b].length > 0 ? [...blocks[b], ''] : []));
}
