/**
 * Process message deliveries per CPU second: 10 processes relay 80 messages to random peers over
 * links of exp(1ms) latency, no trace, no invariants; beside it, the bare scheduler (the same
 * number of events, each a timer that schedules the next) measured in the same run, as the
 * yardstick: a delivery costs a scheduler event plus the runtime's work (the wire's draws, the
 * clocks, the handler, the next send).
 */
import { join } from 'node:path';
import { parseScenarioObject } from '../src/scenario/from-object.js';
import { simulate } from '../src/run/simulate.js';
import { loadProgram } from '../src/process/program.js';
import { schedulerEventsPerCpuSecond } from './scheduler.js';

export const PROCESS_DELIVERIES_TARGET_PER_S = 2e6;

export interface ProcessBench {
  deliveries: number;
  cpuS: number;
  perSec: number;
  schedulerPerSec: number;
}

export async function benchProcesses(root: string, runs: number, untilS = 25): Promise<ProcessBench> {
  const program = await loadProgram(join(root, 'bench/programs/relay.ts'), [{ kind: 'Relay', path: 'processes[0].kind' }]);
  const scenario = parseScenarioObject(
    {
      name: 'relay',
      seed: 1,
      processes: [{ name: 'n', kind: 'Relay', count: 10 }],
      network: { latency: 'exp(1ms)' },
      until: `${untilS}s`,
    },
    join(root, 'bench', 'relay.yaml'),
  );
  let best: ProcessBench | null = null;
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const r = simulate(scenario, { program });
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const deliveries = r.summary.processes!.messages.delivered;
    const sched = schedulerEventsPerCpuSecond(80, deliveries);
    const m = { deliveries, cpuS, perSec: deliveries / cpuS, schedulerPerSec: sched.events / sched.cpuSeconds };
    if (best === null || m.perSec > best.perSec) best = m;
  }
  return best as ProcessBench;
}

export function processLine(b: ProcessBench): string {
  return `${(b.perSec / 1e6).toFixed(2)} million (${b.deliveries} deliveries in ${b.cpuS.toFixed(2)} s); bare scheduler ${(b.schedulerPerSec / 1e6).toFixed(2)} million events per CPU s, ${(b.schedulerPerSec / b.perSec).toFixed(1)}x a delivery`;
}

/** The aim for a bundled bug: seeds per CPU second on one core. */
export const SEEDS_TARGET_PER_S = 100;

/** Seeds per CPU second of a bundled bug: `seeds` runs of `scenarios/<name>.yaml` in one process (its program loaded once, outside the timing). */
export async function benchSeeds(root: string, name: string, seeds: number): Promise<{ seeds: number; failing: number; cpuS: number; perSec: number }> {
  const { loadScenario } = await import('../src/scenario/load.js');
  const scenario = loadScenario(join(root, 'scenarios', `${name}.yaml`));
  const p = scenario.spec.processes!;
  const program = await loadProgram(p.program!, p.groups.map((g, i) => ({ kind: g.kind, path: `processes[${i}].kind` })));
  let failing = 0;
  const cpu0 = process.cpuUsage();
  for (let seed = 1; seed <= seeds; seed++) if (simulate(scenario, { program, seed }).summary.failures !== undefined) failing++;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return { seeds, failing, cpuS, perSec: seeds / cpuS };
}
