/**
 * `lightcone compare` at the size of a real question: 4 routing strategies x 10 replications of
 * scenarios/timelike/random.yaml (100,000 requests each, so 4 million requests), on every core, the
 * whole process timed by /usr/bin/time (start, validation, worker threads, simulation, merging,
 * summary.json, CSV files and the HTML report with its charts). Target: under 10 s of wall time on
 * the project's 2-core machine.
 *
 *     npm run build && node dist/bench/compare.js [runs]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');

export const COMPARE_TARGET_WALL_S = 10;
export const COMPARE_ARGS = [
  'bin/lightcone', 'compare', 'scenarios/timelike/random.yaml',
  '--vary', 'topology[0].balancer.strategy=random,round-robin,least-conn,one-conn',
  '--replications', '10', '--seed', '1', '--json',
];

export interface CompareBench {
  wallS: number;
  cpuS: number;
  maxRssMiB: number;
  /** Wall time of the replications alone, as the command reports it on stderr. */
  replicationsS: number;
  jobs: string;
}

function once(): CompareBench {
  const dir = mkdtempSync(join(tmpdir(), 'lightcone-bench-compare-'));
  const time = join(dir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', time, '-f', '%e %U %S %M', 'node', ...COMPARE_ARGS, '--out', join(dir, 'out')], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, CI: '1' },
  });
  if (r.status !== 0) throw new Error(`lightcone compare failed (${r.status}):\n${r.stderr}`);
  const [wall, user, sys, rss] = readFileSync(time, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  rmSync(dir, { recursive: true, force: true });
  const replicationsS = Number(/(\d+) replications in ([\d.]+) s/.exec(r.stderr)?.[2] ?? NaN);
  const jobs = /on (\d+ threads?)/.exec(r.stderr)?.[1] ?? '?';
  return { wallS: wall, cpuS: user + sys, maxRssMiB: rss / 1024, replicationsS, jobs };
}

/** The best (least wall time) of `runs` runs. */
export function benchCompare(runs = 3): CompareBench {
  let best: CompareBench | null = null;
  for (let i = 0; i < runs; i++) {
    const m = once();
    if (best === null || m.wallS < best.wallS) best = m;
  }
  return best as CompareBench;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 3);
  const b = benchCompare(runs);
  process.stdout.write(
    `compare, 4 variants x 10 replications x 100,000 requests (best of ${runs}): ${b.wallS.toFixed(2)} s wall ` +
      `(replications ${b.replicationsS.toFixed(2)} s on ${b.jobs}), ${b.cpuS.toFixed(2)} CPU s, ${b.maxRssMiB.toFixed(0)} MiB peak RSS; ` +
      `target < ${COMPARE_TARGET_WALL_S} s: ${b.wallS < COMPARE_TARGET_WALL_S ? 'ok' : 'MISSED'}\n`,
  );
}
