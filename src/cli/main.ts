/**
 * The `lightcone` command line: a thin layer over the library. stdout carries results; stderr
 * carries progress, logs and errors. Exit codes in exit-codes.ts.
 */
import { Command, CommanderError, Option } from 'commander';
import { ScenarioError } from '../scenario/errors.js';
import { BuildError } from '../engine/errors.js';
import { WindowError } from '../load/window.js';
import { VERSION } from '../version.js';
import { EXIT_INTERNAL, EXIT_USAGE, UsageError } from './exit-codes.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';
import { listCommand } from './list.js';
import { schemaCommand } from './schema.js';
import { compareCommand } from './compare.js';
import { sweepCommand } from './sweep.js';
import { checkHistoryCommand } from './check-history.js';
import { diagramCommand } from './diagram.js';
import { HISTORY_MODELS, MODEL_PROPERTIES } from '../check/check.js';
import { DEFAULT_SEEDS, huntCommand } from './hunt.js';
import { replayCommand } from './replay.js';
import { shrinkCommand } from './shrink.js';
import { VaryError } from '../experiments/vary.js';
import { METRICS } from '../experiments/result.js';
import { LIMITS, LimitError } from '../scenario/limits.js';

const collect = (value: string, previous: string[]) => [...previous, value];

const LIMIT_HELP = `lift a size limit, e.g. nodes=1000000 (repeatable); the limits: ${Object.entries(LIMITS)
  .map(([k, v]) => `${k} ${v.limit}`)
  .join(', ')}`;

export function program(setExit: (code: number) => void): Command {
  const p = new Command('lightcone')
    .description('A deterministic simulator of distributed systems: load balancers, queues, retries, faults.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  p.command('run')
    .description('simulate a scenario and report latency percentiles, rates and per-node figures')
    .argument('<scenario>', 'a scenario file (.yaml or .json) or a bundled scenario name, e.g. timelike/random')
    .option('--seed <n>', 'root seed (default: $LIGHTCONE_SEED, then the scenario\'s seed, else drawn and printed)')
    .option('--set <path=value>', 'override a scenario value, e.g. topology[0].balancer.strategy=least-conn (repeatable)', collect, [])
    .option('--json', 'print the summary as one JSON document on stdout')
    .option('--out <dir>', 'where to write summary.json (and latencies.csv, the report) (default: reports/<scenario>/<seed>/)')
    .option('--latencies', 'also write latencies.csv, one row per request (large: about 70 bytes a request)')
    .option('--no-latencies', 'do not write latencies.csv (the default; kept for scripts written before it was)')
    .option('--exact-limit <n>', 'keep every latency for exact percentiles up to this many measured requests; beyond, an HDR histogram (default 100000)')
    .option('--report', 'also write report.html and charts/*.svg (latency over time, calls in each server, backend shares)')
    .option('--png', 'with --report, also write charts/*.png')
    .option('--trace', 'also write trace.jsonl, one line per event (send, deliver, drop, crash, ...): of the processes and their clients, or of the chain\'s requests (at most --limit trace-requests of them)')
    .option('--program <file>', "with processes: the program to run (TypeScript or JavaScript), instead of the scenario's program:")
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action(async (scenario: string, flags) => setExit(await runCommand(scenario, flags)));

  p.command('validate')
    .description('check a scenario file and report every problem; runs nothing')
    .argument('<scenario>', 'a scenario file or bundled scenario name')
    .option('--set <path=value>', 'override a scenario value (repeatable)', collect, [])
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action(async (scenario: string, flags) => setExit(await validateCommand(scenario, flags)));

  const experiment = (name: 'compare' | 'sweep') =>
    p
      .command(name)
      .argument('<scenario>', 'a scenario file or bundled scenario name')
      .option(
        '--vary <path=values>',
        name === 'compare'
          ? 'a path (as for --set) and the values to compare, e.g. topology[0].balancer.strategy=random,least-conn (repeatable: the combinations, the first is the baseline; default: the scenario\'s compare: block)'
          : 'a path (as for --set) and its values, a list a,b,c or a range FROM..TO/N, e.g. load.poisson.interval=2ms..1ms/8 (repeatable: a grid; default: the scenario\'s sweep: block)',
        collect,
        [],
      )
      .option(
        '--replications <n>',
        `replications per ${name === 'compare' ? 'variant' : 'point'}; replication i uses seed S+i (default: the block's, else ${name === 'compare' ? 10 : 5})`,
      )
      .option('--seed <n>', "first seed S (default: $LIGHTCONE_SEED, then the scenario's seed, else drawn and printed)")
      .option('--jobs <n>', 'worker threads (default: all cores; 1 runs in-process); results do not depend on it')
      .option('--set <path=value>', 'override a scenario value in every variant (repeatable)', collect, [])
      .option('--json', 'print the result as one JSON document on stdout')
      .option('--out <dir>', `where to write summary.json, the CSV files and the report (default: reports/<scenario>/${name}-<seed>/)`)
      .option('--png', 'also write charts/*.png next to the SVGs (rendered with resvg)')
      .option('--limit <name=value>', LIMIT_HELP, collect, []);

  experiment('compare')
    .description('compare variants of a scenario on the same seeds: means, 95% confidence intervals, paired ratios and a verdict')
    .option('--metric <names>', `the metrics the verdict weighs, the first ranking the variants and naming a winner: any of ${METRICS.join(', ')} (default p99; success and throughput are always checked)`)
    .action(async (scenario: string, flags) => setExit(await compareCommand(scenario, flags)));

  experiment('sweep')
    .description('run a grid of values (ranges and lists) on the same seeds: each point with its 95% confidence intervals')
    .option('--metric <name>', `the metric the report's chart draws against the swept key: ${METRICS.join(', ')} (default p99)`)
    .action(async (scenario: string, flags) => setExit(await sweepCommand(scenario, flags)));

  p.command('check-history')
    .description("check a history of client operations (JSON Lines, or a Jepsen history.edn) against a model's property: linearizable, no acknowledged write lost, one lock holder, exactly once")
    .argument('<file>', 'the history: one event per line, {"process": 0, "type": "invoke", "f": "write", "value": 3}, or a Jepsen history.edn')
    .addOption(
      new Option('--model <model>', HISTORY_MODELS.map((m) => `${m}: ${MODEL_PROPERTIES[m]}`).join('; '))
        .choices([...HISTORY_MODELS])
        .makeOptionMandatory(),
    )
    .option('--drained', 'queue: the history ends after the queue was drained, so every acknowledged message must have been taken out')
    .option('--json', 'print the verdict as one JSON document on stdout')
    .option('--max-states <n>', 'give up on a register (or key) after exploring this many states (default 2000000)')
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action((file: string, flags) => setExit(checkHistoryCommand(file, flags)));

  p.command('diagram')
    .description('draw a trace (trace.jsonl) as a space-time diagram: messages.svg and a self-contained diagram.html with light cones')
    .argument('<trace>', 'a trace written by run --trace: a header line, then one event per line')
    .option('--out <dir>', "where to write messages.svg and diagram.html (default: the run's folder, reports/<scenario>/<seed>/)")
    .option('--svg-only', 'write messages.svg only')
    .option('--from <time>', 'draw the events from this virtual time, e.g. 1.5s or 1500ms')
    .option('--to <time>', 'draw the events up to this virtual time')
    .option('--around <seq>', 'draw the events around this one (its seq); default: around the violation when the trace has over 2000 events')
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action((trace: string, flags) => setExit(diagramCommand(trace, flags)));

  p.command('hunt')
    .description('run a scenario on a range of seeds, looking for one whose run breaks a property (checks:); prints the lowest failing seed and how to reproduce it')
    .argument('<scenario>', 'a scenario file or bundled scenario name')
    .option('--seeds <range>', `the seeds to run, FIRST..LAST (default ${DEFAULT_SEEDS})`)
    .option('--jobs <n>', 'worker threads (default: all cores; 1 runs in-process); the seed reported does not depend on it')
    .option('--all', 'run every seed and list every failing one (default: stop at the first failure, report the lowest failing seed)')
    .option('--time-limit <duration>', 'stop handing out seeds after this much wall time, such as 30s or 10m, and say how far the hunt got')
    .option('--double', 'run each seed twice and compare the runs event by event (the determinism check)')
    .option('--no-shrink', 'do not shrink the failing scenario')
    .option('--set <path=value>', 'override a scenario value (repeatable)', collect, [])
    .option('--json', 'print hunt.json on stdout')
    .option('--out <dir>', 'where to write hunt.json, the failing run and the shrunk scenario (default: reports/<scenario>/hunt-<first>-<last>/)')
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action(async (scenario: string, flags) => setExit(await huntCommand(scenario, flags)));

  p.command('replay')
    .description('run one seed again, exactly: its summary, checks and failures; --until N stops after event N and prints every node\'s state as JSON')
    .argument('<scenario>', 'a scenario file or bundled scenario name')
    .option('--seed <n>', "the seed (default: $LIGHTCONE_SEED, then the scenario's seed, else drawn and printed)")
    .option('--until <event>', 'stop right after this event, numbered as failures name it (with processes, as in trace.jsonl; else 1 = the first event fired), and print the state of every node as JSON')
    .option('--double', 'run the seed twice and compare the runs event by event (the determinism check)')
    .option('--trace', 'write the run\'s trace.jsonl, messages.svg and diagram.html')
    .option('--out <dir>', 'where --trace writes (default: reports/<scenario>/replay-<seed>/)')
    .option('--program <file>', "the program of a scenario with processes (instead of its program:)")
    .option('--set <path=value>', 'override a scenario value (repeatable)', collect, [])
    .option('--json', 'print the summary as one JSON document on stdout')
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action(async (scenario: string, flags) => setExit(await replayCommand(scenario, flags)));

  p.command('shrink')
    .description('find a smaller scenario whose run with the same seed fails the same way (fewer faults and requests, shorter faults, fewer pool members); writes shrunk.yaml')
    .argument('<scenario>', 'a scenario file or bundled scenario name')
    .option('--seed <n>', "the failing seed (default: $LIGHTCONE_SEED, then the scenario's seed)")
    .option('--max-runs <n>', 'run at most this many candidate scenarios (default 1000)')
    .option('--set <path=value>', 'override a scenario value (repeatable); the shrunk file has them written in', collect, [])
    .option('--json', 'print shrink.json on stdout')
    .option('--out <dir>', 'where to write shrunk.yaml and shrink.json (default: reports/<scenario>/shrink-<seed>/)')
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action(async (scenario: string, flags) => setExit(await shrinkCommand(scenario, flags)));

  p.command('list').description('list the bundled scenarios').action(() => setExit(listCommand()));

  p.command('schema')
    .description('print the JSON Schema of scenario files (for editor completion and checking)')
    .action(() => setExit(schemaCommand()));

  return p;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    if (err instanceof ScenarioError) {
      process.stderr.write(err.format() + '\n');
      return EXIT_USAGE;
    }
    if (err instanceof LimitError) {
      process.stderr.write(`error: ${err.message}\n  hint: ${err.hint}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof UsageError || err instanceof BuildError || err instanceof WindowError || err instanceof VaryError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`internal error (a bug in lightcone; please report it with the command you ran):\n${(err as Error)?.stack ?? err}\n`);
    return EXIT_INTERNAL;
  }
}
