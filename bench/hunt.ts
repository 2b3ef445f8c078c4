/**
 * Seeds per second per core of a hunt (issue 9: "seeds per second per core"): `faults/clock-skew`
 * with 1,000 requests a seed and a check over its lease figures, every seed run (`all`, a check
 * that holds), in-process (one core). The yardstick, measured in the same run: the same seeds
 * through `simulate` in a bare loop, so the ratio is what the hunt's machinery (checks, results,
 * the lowest-seed bookkeeping) costs over the runs themselves. With --double each seed runs twice
 * with the event fingerprint recorded: its cost per seed against two plain runs.
 *
 *     npm run build && node dist/bench/hunt.js [runs]
 */
import { pathToFileURL } from 'node:url';
import { hunt } from '../src/experiments/hunt.js';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from '../src/run/simulate.js';

const FILE = 'scenarios/faults/clock-skew.yaml';
const SET = ['load.requests=1000', 'checks=[lease.conflicts >= 0]'];
const SEEDS = 300;

export interface HuntBench {
  seeds: number;
  /** Seeds per CPU second: the hunt, the bare loop, the hunt with --double. */
  huntPerCpuS: number;
  barePerCpuS: number;
  doublePerCpuS: number;
  eventsPerSeed: number;
}

function cpuSeconds(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

async function cpuSecondsAsync(f: () => Promise<void>): Promise<number> {
  const t0 = process.cpuUsage();
  await f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

export async function benchHunt(runs = 3): Promise<HuntBench> {
  const scenario = loadScenario(FILE, SET);
  let bare = Infinity;
  let hunted = Infinity;
  let doubled = Infinity;
  let events = 0;
  for (let r = 0; r < runs; r++) {
    bare = Math.min(
      bare,
      cpuSeconds(() => {
        events = 0;
        for (let seed = 1; seed <= SEEDS; seed++) events += simulate(scenario, { seed }).summary.run.events;
      }),
    );
    hunted = Math.min(
      hunted,
      await cpuSecondsAsync(async () => {
        const result = await hunt({ file: FILE, set: SET, scenario, seeds: { first: 1, last: SEEDS }, jobs: 1, all: true });
        if (result.checked?.count !== SEEDS || result.failing.length > 0) throw new Error('bench hunt: expected every seed to run and pass');
      }),
    );
    doubled = Math.min(
      doubled,
      await cpuSecondsAsync(async () => {
        const result = await hunt({ file: FILE, set: SET, scenario, seeds: { first: 1, last: SEEDS / 3 }, jobs: 1, all: true, double: true });
        if (result.nondeterministic !== undefined) throw new Error('bench hunt: a bundled scenario is nondeterministic');
      }) * 3,
    );
  }
  return { seeds: SEEDS, huntPerCpuS: SEEDS / hunted, barePerCpuS: SEEDS / bare, doublePerCpuS: SEEDS / doubled, eventsPerSeed: events / SEEDS };
}

export function huntLine(b: HuntBench): string {
  return (
    `${b.huntPerCpuS.toFixed(0)} seeds per CPU s (bare simulate loop ${b.barePerCpuS.toFixed(0)}: ${(b.barePerCpuS / b.huntPerCpuS).toFixed(2)}x its cost), ` +
    `--double ${b.doublePerCpuS.toFixed(0)} (${((b.barePerCpuS / 2) / b.doublePerCpuS).toFixed(2)}x two bare runs); ${b.eventsPerSeed.toFixed(0)} events a seed`
  );
}

/** Seeds per CPU second the issue aims at, per core, for small bundled bugs. */
export const HUNT_TARGET_SEEDS_PER_S = 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const b = await benchHunt(Number(process.argv[2] ?? 3));
  process.stdout.write(`hunt, ${FILE} with ${SET.join(' ')}, seeds 1..${b.seeds}, one core: ${huntLine(b)}\n`);
}
