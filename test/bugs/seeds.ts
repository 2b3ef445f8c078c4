/** Helpers for the bundled-bug tests: the failing seeds of a range (a hunt, with the library), and a traced run. */
import { load, parseTrace, runTraced } from '../process/helpers.js';
import { simulate } from '../../src/run/simulate.js';
import type { RunFailure } from '../../src/run/failure.js';
import type { TraceEvent } from '../../src/trace/event.js';

/** Runs seeds `from` .. `to` of a scenario; returns the failing seeds, in order, with their first failure. */
export async function failingSeeds(file: string, from: number, to: number): Promise<{ seed: number; failure: RunFailure }[]> {
  const { scenario, program } = await load(file);
  const failing: { seed: number; failure: RunFailure }[] = [];
  for (let seed = from; seed <= to; seed++) {
    const failures = simulate(scenario, { program, seed }).summary.failures;
    if (failures !== undefined) failing.push({ seed, failure: failures[0] });
  }
  return failing;
}

/** One run with its trace: the summary's failures and processes, the trace events and the history lines. */
export async function traced(file: string, seed: number) {
  const { scenario, program } = await load(file);
  const { result, text } = runTraced(scenario, program, seed);
  const history = result.processes!.history.map((l) => JSON.parse(l) as { process: number; type: string; f: string; value?: unknown; time: number });
  return { summary: result.summary, events: parseTrace(text).events, history };
}

/** The body of a trace event, as a map. */
export function body(e: TraceEvent): Record<string, unknown> {
  return (e.body ?? {}) as Record<string, unknown>;
}
