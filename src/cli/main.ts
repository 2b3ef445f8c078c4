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
    .option('--report', 'also write report.html and charts/*.svg (latency over time, queue depths, backend shares)')
    .option('--png', 'with --report, also write charts/*.png')
    .option('--trace', 'with processes: also write trace.jsonl, one line per event (send, deliver, drop, timer, crash, ...)')
    .option('--program <file>', "with processes: the program to run (TypeScript or JavaScript), instead of the scenario's program:")
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action(async (scenario: string, flags) => setExit(await runCommand(scenario, flags)));

  p.command('validate')
    .description('check a scenario file and report every problem; runs nothing')
    .argument('<scenario>', 'a scenario file or bundled scenario name')
    .option('--set <path=value>', 'override a scenario value (repeatable)', collect, [])
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action((scenario: string, flags) => setExit(validateCommand(scenario, flags)));

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
    .description('check that a history of client operations (JSON Lines, or a Jepsen history.edn) is linearizable')
    .argument('<file>', 'the history: one event per line, {"process": 0, "type": "invoke", "f": "write", "value": 3}, or a Jepsen history.edn')
    .addOption(new Option('--model <model>', 'cas-register (one register: read, write, cas) or kv (a register per key)').choices(['cas-register', 'kv']).makeOptionMandatory())
    .option('--json', 'print the verdict as one JSON document on stdout')
    .option('--max-states <n>', 'give up on a register (or key) after exploring this many states (default 2000000)')
    .option('--limit <name=value>', LIMIT_HELP, collect, [])
    .action((file: string, flags) => setExit(checkHistoryCommand(file, flags)));

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
