/**
 * The retry storm at scale (issue 4, section 10: faults and policies must not slow the engine):
 * scenarios/faults/retry-storm.yaml with 1,000,000 requests (about 1,000 s of simulated time, the
 * storm lasting from 5 s to the end: about 5 attempts per request, 6 million events), the whole
 * process timed by /usr/bin/time. Target: a few seconds of CPU time (< 5 s).
 *
 *     npm run build && node dist/bench/retry-storm.js [runs]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');

export const RETRY_STORM_TARGET_CPU_S = 5;
export const RETRY_STORM_ARGS = [
  'bin/lightcone', 'run', 'scenarios/faults/retry-storm.yaml', '--set', 'load.requests=1000000', '--no-latencies', '--json',
];

export interface RetryStormBench {
  wallS: number;
  cpuS: number;
  maxRssMiB: number;
  events: number;
  /** Attempts per request (the storm's amplification). */
  attemptsPerRequest: number;
}

function once(): RetryStormBench {
  const dir = mkdtempSync(join(tmpdir(), 'lightcone-bench-storm-'));
  const time = join(dir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', time, '-f', '%e %U %S %M', 'node', ...RETRY_STORM_ARGS, '--out', join(dir, 'out')], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  // exit 1: the scenario's check (success >= 90%) fails, which is what a retry storm teaches
  if (r.status !== 0 && r.status !== 1) throw new Error(`lightcone run retry-storm failed (${r.status}):\n${r.stderr}`);
  const [wall, user, sys, rss] = readFileSync(time, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  rmSync(dir, { recursive: true, force: true });
  const summary = JSON.parse(r.stdout) as {
    requests: { total: number };
    run: { events: number };
    nodes: { kind: string; extra?: { attempts?: { count: number } } }[];
  };
  const attempts = summary.nodes.find((n) => n.kind === 'retry')?.extra?.attempts?.count ?? NaN;
  return { wallS: wall, cpuS: user + sys, maxRssMiB: rss / 1024, events: summary.run.events, attemptsPerRequest: attempts / summary.requests.total };
}

/** The best (least CPU time) of `runs` runs. */
export function benchRetryStorm(runs = 3): RetryStormBench {
  let best: RetryStormBench | null = null;
  for (let i = 0; i < runs; i++) {
    const m = once();
    if (best === null || m.cpuS < best.cpuS) best = m;
  }
  return best as RetryStormBench;
}

export function retryStormLine(b: RetryStormBench): string {
  return (
    `${b.cpuS.toFixed(2)} CPU s (${b.wallS.toFixed(2)} s wall), ${b.maxRssMiB.toFixed(0)} MiB, ` +
    `${(b.events / 1e6).toFixed(2)} million events, ${b.attemptsPerRequest.toFixed(2)} attempts per request`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 3);
  const b = benchRetryStorm(runs);
  process.stdout.write(
    `retry-storm, 1,000,000 requests (best of ${runs}): ${retryStormLine(b)}; ` +
      `target < ${RETRY_STORM_TARGET_CPU_S} CPU s: ${b.cpuS < RETRY_STORM_TARGET_CPU_S ? 'ok' : 'MISSED'}\n`,
  );
}
