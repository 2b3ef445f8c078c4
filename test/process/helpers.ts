/** Helpers for the process tests: load a scenario with its program, run it, read its trace. */
import { loadScenario, type LoadedScenario } from '../../src/scenario/load.js';
import { simulate, type SimulateResult } from '../../src/run/simulate.js';
import { loadProgram } from '../../src/process/program.js';
import type { LoadedProgram } from '../../src/process/runtime.js';
import { TraceWriter, stringSink } from '../../src/trace/writer.js';
import type { TraceEvent, TraceHeader } from '../../src/trace/event.js';

export async function load(file: string, set: string[] = []): Promise<{ scenario: LoadedScenario; program: LoadedProgram }> {
  const scenario = loadScenario(file, set);
  const p = scenario.spec.processes!;
  const program = await loadProgram(p.program!, p.groups.map((g, i) => ({ kind: g.kind, path: `processes[${i}].kind` })));
  return { scenario, program };
}

/** Runs with a trace; returns the result and the trace text. */
export function runTraced(scenario: LoadedScenario, program: LoadedProgram, seed?: number): { result: SimulateResult; text: string } {
  const sink = stringSink();
  const trace = new TraceWriter(sink);
  const result = simulate(scenario, { program, trace, ...(seed !== undefined && { seed }) });
  trace.close();
  return { result, text: sink.text() };
}

export function parseTrace(text: string): { header: TraceHeader; events: TraceEvent[] } {
  const lines = text.trimEnd().split('\n');
  return { header: JSON.parse(lines[0]) as TraceHeader, events: lines.slice(1).map((l) => JSON.parse(l) as TraceEvent) };
}
