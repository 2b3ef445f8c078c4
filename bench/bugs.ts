/**
 * The bundled bugs (scenarios/bugs/): seeds per CPU second on one core, buggy and fixed, and the
 * proof of each fix over many seeds.
 *
 * `npm run bench` takes the first figure (`benchBugs`: seeds 1..200 of each, in this process, no
 * trace, the best of `runs`). Run on its own, this file checks every seed of a range and prints,
 * per scenario, how many failed, the lowest failing seed and the rate (sqs-visibility also runs
 * heartbeat.yaml, the fix that is not enough); it exits 1 if a fixed version failed:
 *
 *     npm run build && node dist/bench/bugs.js                 # seeds 1..10000, fixed and buggy
 *     node dist/bench/bugs.js --seeds 1..2000 --only gossip    # a range, one bug
 *
 * A run that fails stops at its violation (an invariant), so a buggy version's rate counts shorter
 * runs than its fixed one's.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from '../src/run/simulate.js';
import { loadProgram } from '../src/process/program.js';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');

export const BUGS = ['lock-lease', 'sqs-visibility', 'primary-backup', 'gossip'] as const;
export const BUG_SEEDS_TARGET_PER_S = 100;
/** The versions the 10,000-seed mode runs, per bug: the fix first; sqs-visibility's heartbeat.yaml is the fix that is not enough. */
const VERSIONS: Record<string, string[]> = { 'sqs-visibility': ['fixed', 'buggy', 'heartbeat'] };

export interface SeedsRun {
  scenario: string;
  seeds: number;
  failing: number;
  lowest: number | null;
  cpuS: number;
  perSec: number;
}

/** Runs seeds `from` .. `to` of one bundled scenario (`gossip/fixed`) in this process. */
export async function runSeeds(root: string, scenario: string, from: number, to: number): Promise<SeedsRun> {
  const file = join(root, 'scenarios/bugs', `${scenario}.yaml`);
  const loaded = loadScenario(file);
  const p = loaded.spec.processes!;
  const program = await loadProgram(p.program!, p.groups.map((g, i) => ({ kind: g.kind, path: `processes[${i}].kind` })));
  let failing = 0;
  let lowest: number | null = null;
  const cpu0 = process.cpuUsage();
  for (let seed = from; seed <= to; seed++) {
    if (simulate(loaded, { program, seed }).summary.failures === undefined) continue;
    failing++;
    lowest ??= seed;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const seeds = to - from + 1;
  return { scenario, seeds, failing, lowest, cpuS, perSec: seeds / cpuS };
}

/** Seeds per CPU second for each bundled bug, buggy and fixed: seeds 1..`seeds`, the best of `runs`. */
export async function benchBugs(root: string, runs: number, seeds = 200, bugs: readonly string[] = BUGS): Promise<{ bug: string; buggy: SeedsRun; fixed: SeedsRun }[]> {
  const out: { bug: string; buggy: SeedsRun; fixed: SeedsRun }[] = [];
  for (const bug of bugs) {
    const best = async (version: string) => {
      let b: SeedsRun | null = null;
      for (let i = 0; i < runs; i++) {
        const r = await runSeeds(root, `${bug}/${version}`, 1, seeds);
        if (b === null || r.perSec > b.perSec) b = r;
      }
      return b as SeedsRun;
    };
    out.push({ bug, buggy: await best('buggy'), fixed: await best('fixed') });
  }
  return out;
}

export function bugsLine(rows: { bug: string; buggy: SeedsRun; fixed: SeedsRun }[]): string {
  return rows.map((r) => `${r.bug} ${r.buggy.perSec.toFixed(0)} / ${r.fixed.perSec.toFixed(0)}`).join(', ') + ' (buggy / fixed, seeds 1..' + rows[0].fixed.seeds + ')';
}

async function main(argv: string[]): Promise<number> {
  let [from, to] = [1, 10_000];
  let only: string[] = [...BUGS];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seeds') {
      const m = /^(\d+)\.\.(\d+)$/.exec(argv[++i] ?? '');
      if (m === null) throw new Error(`--seeds: expected a range such as 1..10000; found ${argv[i]}`);
      [from, to] = [Number(m[1]), Number(m[2])];
    } else if (argv[i] === '--only') {
      only = (argv[++i] ?? '').split(',');
      for (const b of only) if (!(BUGS as readonly string[]).includes(b)) throw new Error(`--only: expected some of ${BUGS.join(', ')}; found ${b}`);
    } else {
      throw new Error(`unknown argument ${argv[i]}; usage: node dist/bench/bugs.js [--seeds 1..10000] [--only ${BUGS.join(',')}]`);
    }
  }
  process.stdout.write(`bundled bugs, seeds ${from}..${to}, one core (node ${process.version})\n\n`);
  let fixedFailed = false;
  for (const bug of only) {
    for (const version of VERSIONS[bug] ?? ['fixed', 'buggy']) {
      process.stderr.write(`${bug}/${version}...\n`);
      const r = await runSeeds(ROOT, `${bug}/${version}`, from, to);
      if (version === 'fixed' && r.failing > 0) fixedFailed = true;
      const failed = r.failing === 0 ? 'no failing seed' : `${r.failing} failing (${((100 * r.failing) / r.seeds).toFixed(1)}%), lowest ${r.lowest}`;
      process.stdout.write(`${`${bug}/${version}`.padEnd(26)} ${failed.padEnd(34)} ${r.perSec.toFixed(0)} seeds per CPU s (${r.cpuS.toFixed(1)} s)\n`);
    }
  }
  return fixedFailed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
