/** `lightcone sweep --metric`: the chart draws the chosen metric, named and titled after it and the swept key (the built bin/lightcone). */
import { describe, expect, test, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.setConfig({ testTimeout: 120_000 });

const lightcone = (args: string[]) => {
  const r = spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, LIGHTCONE_SEED: '', CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'lightcone-sweep-metric-'));
const args = ['mm1', '--vary', 'load.poisson.rate=0.2/ms,0.6/ms', '--replications', '2', '--set', 'load.requests=3000', '--set', 'warmup=0', '--jobs', '1'];

describe('lightcone sweep --metric', () => {
  test('--metric success draws success against the swept key, and the reproduce line keeps it', () => {
    const out = tmp();
    const r = lightcone(['sweep', ...args, '--metric', 'success', '--out', out]);
    expect(r.stderr).not.toContain('warning');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'charts', 'success-vs-load-poisson-rate.svg'))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('success against load.poisson.rate');
    expect(html).toContain('"title":"success (%)"');
    expect(r.stderr).toContain('Reproduce: lightcone sweep mm1 --seed 7 --replications 2 --metric success --vary load.poisson.rate=0.2/ms,0.6/ms');
    // M/M/1: the theory line is drawn too.
    expect(html).toContain('M/M/1 queueing theory');
  });

  test('without --metric: p99, as before, with no --metric in the reproduce line', () => {
    const out = tmp();
    const r = lightcone(['sweep', ...args, '--out', out]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'charts', 'p99-vs-load-poisson-rate.svg'))).toBe(true);
    expect(r.stderr).toMatch(/Reproduce: lightcone sweep mm1 --seed 7 --replications 2 --vary /);
  });

  test('an unknown metric is a usage error, before anything runs', () => {
    const out = tmp();
    const r = lightcone(['sweep', ...args, '--metric', 'p99.9', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --metric: expected one of p50, p90, p99, p999, mean, success, throughput; found "p99.9" (write p999)');
    expect(r.stderr).not.toContain('sweep: ');
    expect(existsSync(out) && existsSync(join(out, 'summary.json'))).toBe(false);
  });
});
