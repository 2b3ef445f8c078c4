/** `lightcone run <scenario>`: one simulation, a report on stdout, summary.json and latencies.csv on disk. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../run/simulate.js';
import { summaryJson } from '../run/summary.js';
import { renderSummary } from '../report/table.js';
import { LatencyCsv } from '../report/latency-csv.js';
import type { Request } from '../engine/request.js';
import { resolveScenario } from './scenario-path.js';
import { chooseSeed } from './seed.js';
import { reproduceCommand } from './reproduce.js';
import { EXIT_OK, UsageError } from './exit-codes.js';
import { writeRunReport } from '../report/write-report.js';

export interface RunFlags {
  seed?: string;
  set: string[];
  json?: boolean;
  out?: string;
  latencies: boolean;
  exactLimit?: string;
  /** Write report.html and charts/*.svg (time series are collected for it). */
  report?: boolean;
  png?: boolean;
}

export async function runCommand(scenarioArg: string, flags: RunFlags): Promise<number> {
  const file = resolveScenario(scenarioArg);
  const scenario = loadScenario(file, flags.set);
  const { seed, drawn } = chooseSeed(flags.seed, scenario.spec.seed);
  const out = flags.out ?? join('reports', safeName(scenario.spec.name), String(seed));
  mkdirSync(out, { recursive: true });

  const csv = flags.latencies ? new LatencyCsv(join(out, 'latencies.csv')) : null;
  const history: Request[] = [];
  const onRequest = (req: Request) => {
    csv?.write(req);
    if (req.history !== null) history.push(req);
  };
  const started = process.hrtime.bigint();
  const exactLimit = flags.exactLimit !== undefined ? parseCount(flags.exactLimit, '--exact-limit') : undefined;
  const { summary, series } = simulate(scenario, { seed, onRequest, exactLimit, series: flags.report === true });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  csv?.close();
  writeFileSync(join(out, 'summary.json'), summaryJson(summary));
  if (history.length > 0) {
    const lines = history
      .sort((a, b) => a.id - b.id)
      .map((r) => JSON.stringify({ id: r.id, outcome: r.outcome === 0 ? 'ok' : 'error', history: r.history }));
    writeFileSync(join(out, 'history.jsonl'), lines.join('\n') + '\n');
  }

  const reproduce = reproduceCommand(file, seed, scenario.overrides);
  const reportFiles = series ? await writeRunReport(out, summary, series, scenario.text, { reproduce, png: flags.png === true }) : [];
  if (flags.json) {
    process.stdout.write(summaryJson(summary));
  } else {
    process.stdout.write(renderSummary(summary) + '\n');
    const written = [join(out, 'summary.json'), ...(csv ? [join(out, 'latencies.csv')] : []), ...(history.length ? [join(out, 'history.jsonl')] : []), ...reportFiles];
    process.stdout.write(`wrote ${written.join(', ')}\n`);
  }
  process.stderr.write(`${drawn ? `seed ${seed} (drawn at random)\n` : ''}ran in ${(wallMs / 1000).toFixed(2)} s of wall time\nReproduce: ${reproduce}\n`);
  return EXIT_OK;
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_') || 'scenario';
}

function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag}: expected a whole number; found "${text}"`);
  return Number(text);
}
