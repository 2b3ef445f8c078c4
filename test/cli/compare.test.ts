/** `lightcone compare` and `lightcone sweep`, end to end: the built bin/lightcone (npm test builds it first). */
import { describe, test, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lightcone = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, LIGHTCONE_SEED: '', CI: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'lightcone-compare-'));
const small = ['--set', 'load.requests=2000'];
const strategies = ['--vary', 'topology[0].balancer.strategy=random,least-conn,round-robin'];

describe('lightcone compare', () => {
  test('--json prints one document of the documented shape, and writes summary.json, series.json, variants.csv and replications.csv', () => {
    const out = tmp();
    const r = lightcone(['compare', 'timelike/random', ...strategies, '--replications', '3', '--seed', '5', '--json', '--out', out, ...small]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['stamp', 'variants', 'verdict', 'metrics', 'warnings', 'ranking', 'winner', 'summary']);
    expect(j.stamp).toMatchObject({ tool: 'lightcone', seed: 5, scenario: 'random', command: 'compare', replications: 3, seeds: { first: 5, last: 7 }, overrides: ['load.requests=2000'] });
    expect(j.variants.map((v: { name: string }) => v.name)).toEqual(['random', 'least-conn', 'round-robin']);
    for (const v of j.variants) {
      expect(Object.keys(v)).toEqual(['name', 'set', 'replications', 'metrics', 'vsBaseline', 'perReplication', 'cdf']);
      expect(Object.keys(v.metrics)).toEqual(['p50', 'p90', 'p99', 'p999', 'mean', 'success', 'throughput']);
      for (const m of Object.values(v.metrics)) expect(Object.keys(m as object)).toEqual(['mean', 'lo', 'hi']);
      expect(Object.keys(v.vsBaseline)).toEqual(['p50', 'p99', 'mean']);
      for (const m of Object.values(v.vsBaseline)) expect(Object.keys(m as object)).toEqual(['ratio', 'lo', 'hi']);
      expect(v.perReplication.map((f: { seed: number }) => f.seed)).toEqual([5, 6, 7]);
      expect(v.cdf).toHaveLength(101);
    }
    // the time series live in their own file, so summary.json stays small
    const series = JSON.parse(readFileSync(join(out, 'series.json'), 'utf8'));
    expect(series.variants.map((v: { name: string }) => v.name)).toEqual(['random', 'least-conn', 'round-robin']);
    for (const v of series.variants) expect(Object.keys(v.series)).toEqual(expect.arrayContaining(['windowMs', 'latency', 'queues', 'shares']));
    expect(j.variants[1].set).toEqual(['topology[0].balancer.strategy=least-conn']);
    expect(j.verdict).toHaveLength(2);
    expect(j.verdict[0]).toMatch(/^least-conn (beats|is worse than) random on p99 by [\d.]+x, 95% CI [\d.]+x\.\.[\d.]+x$|^least-conn: no significant difference from random on p99 \(ratio [\d.]+, 95% CI [\d.]+\.\.[\d.]+\)$/);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(r.stdout);
    const variants = readFileSync(join(out, 'variants.csv'), 'utf8').trim().split('\n');
    expect(variants[0]).toBe('variant,metric,mean,lo,hi,ratio,ratio_lo,ratio_hi');
    expect(variants).toHaveLength(1 + 3 * 7);
    const reps = readFileSync(join(out, 'replications.csv'), 'utf8').trim().split('\n');
    expect(reps[0]).toBe('variant,replication,seed,p50,p90,p99,p999,mean,success,throughput');
    expect(reps).toHaveLength(1 + 3 * 3);
    expect(r.stderr).toContain(
      'Reproduce: lightcone compare timelike/random --seed 5 --replications 3 --vary topology[0].balancer.strategy=random,least-conn,round-robin --set load.requests=2000',
    );
  });

  test('the text report: a table per metric, the ratio table, verdict lines; the reproduce line on stderr', () => {
    const r = lightcone(['compare', 'timelike/random', ...strategies, '--replications', '3', '--out', tmp(), ...small]);
    expect(r.code).toBe(0);
    for (const header of ['p50 (ms)', 'p90 (ms)', 'p99 (ms)', 'p99.9 (ms)', 'mean latency (ms)', 'success', 'throughput (responses/s)']) {
      expect(r.stdout).toMatch(new RegExp(`^${header.replace(/[().]/g, '\\$&')}\\s+mean\\s+95% CI$`, 'm'));
    }
    expect(r.stdout).toMatch(/^against random: geometric mean of the paired ratios/m);
    expect(r.stdout).toMatch(/^variant\s+p50\s+p99\s+mean$/m);
    expect(r.stdout).toMatch(/^least-conn beats random on p99 by [\d.]+x, 95% CI [\d.]+x\.\.[\d.]+x$/m);
    expect(r.stdout).toMatch(/^round-robin beats random on p99 by/m);
    expect(r.stderr).toMatch(/^Reproduce: lightcone compare timelike\/random --seed 1 --replications 3 --vary /m);
  });

  test('byte-identical --json whatever the number of threads, and run twice; the reproduce line reproduces it', () => {
    const args = ['compare', 'timelike/random', ...strategies, '--replications', '4', '--seed', '9', '--json', ...small];
    const one = lightcone([...args, '--jobs', '1', '--out', tmp()]);
    const two = lightcone([...args, '--jobs', '2', '--out', tmp()]);
    const again = lightcone([...args, '--jobs', '2', '--out', tmp()]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(again.stdout).toBe(one.stdout);
    const reproduce = two.stderr.match(/^Reproduce: lightcone (.*)$/m)![1].split(' ');
    expect(lightcone([...reproduce, '--json', '--out', tmp()]).stdout).toBe(one.stdout);
    const other = lightcone([...args, '--seed', '10', '--out', tmp()]);
    expect(other.stdout).not.toBe(one.stdout);
  });

  test('a bad --vary path or value exits 2 with the positioned error, before anything runs or is written', () => {
    const out = join(tmp(), 'never');
    const path = lightcone(['compare', 'timelike/random', '--vary', 'topology[1].balancer.strategy=random,least-conn', '--out', out, ...small]);
    expect(path.code).toBe(2);
    expect(path.stdout).toBe('');
    expect(path.stderr).toContain('error: scenarios/timelike/random.yaml is not a valid scenario (1 problem)');
    expect(path.stderr).toContain('--vary topology[1].balancer.strategy=random,least-conn  topology[1].balancer.strategy');
    expect(path.stderr).toContain('expected an index from 0 to 0 after topology, which has 1 item; found [1]');
    const value = lightcone(['compare', 'timelike/random', '--vary', 'topology[0].balancer.strategy=random,least-con', '--out', out, ...small]);
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('unknown strategy "least-con"');
    expect(value.stderr).toContain('hint: did you mean "least-conn"?');
    expect(value.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  test('the compare: block of the file is used when no --vary is given, with its replications', () => {
    const dir = tmp();
    const file = join(dir, 'blocked.yaml');
    writeFileSync(
      file,
      [
        'name: blocked',
        'seed: 3',
        'load: { poisson: { interval: 2ms }, requests: 2000 }',
        'services:',
        '  dyno: [{ server: { service-time: exp(6ms) } }]',
        'topology:',
        '  - balancer: { strategy: random, backends: { service: dyno, count: 4 } }',
        'compare:',
        '  replications: 3',
        '  vary:',
        '    topology[0].balancer.strategy: [random, one-conn]',
      ].join('\n'),
    );
    const r = lightcone(['compare', file, '--json', '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.stamp).toMatchObject({ seed: 3, replications: 3 });
    expect(j.variants.map((v: { name: string }) => v.name)).toEqual(['random', 'one-conn']);
    expect(j.verdict[0]).toMatch(/^one-conn beats random on p99/);
    // --vary replaces the block, --replications overrides it
    const flags = JSON.parse(lightcone(['compare', file, '--json', '--out', join(dir, 'out2'), '--vary', 'topology[0].balancer.strategy=least-conn,random', '--replications', '2']).stdout);
    expect(flags.variants.map((v: { name: string }) => v.name)).toEqual(['least-conn', 'random']);
    expect(flags.stamp.replications).toBe(2);
    // a bad value in the block is placed at its line and column in the file
    writeFileSync(file, readFileSync(file, 'utf8').replace('one-conn]', 'one-con]'));
    const bad = lightcone(['compare', file, '--out', join(dir, 'out3')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:11:45  topology[0].balancer.strategy`);
  });

  test('one replication: no interval (null), and the verdict says so', () => {
    const r = lightcone(['compare', 'timelike/random', ...strategies, '--replications', '1', '--json', '--out', tmp(), ...small]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.variants[1].metrics.p99.lo).toBeNull();
    expect(j.variants[1].vsBaseline.p99).toMatchObject({ lo: null, hi: null });
    expect(j.verdict[0]).toMatch(/no interval can be computed/);
  });

  test('Ctrl-C stops cleanly: what was interrupted, exit 130, no stack trace, nothing written', async () => {
    const out = join(tmp(), 'never');
    // Small enough to finish (and fail the test) if Ctrl-C were ignored.
    const args = ['compare', 'timelike/random', ...strategies, '--replications', '100', '--jobs', '2', '--out', out, '--set', 'load.requests=20000'];
    const child = spawn('node', ['bin/lightcone', ...args], {
      env: { ...process.env, CI: '1' },
    });
    let stderr = '';
    let sent = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!sent && stderr.includes('(Ctrl-C stops)')) sent = child.kill('SIGINT');
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: compare of scenarios\/timelike\/random\.yaml stopped after \d+ of 300 replications; nothing was written/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('lightcone sweep', () => {
  test('a grid of a range and a list: a table, sweep.csv, summary.json and replications.csv', () => {
    const out = tmp();
    const r = lightcone([
      'sweep', 'timelike/random', '--vary', 'load.poisson.interval=2ms..1.5ms/3', '--vary', 'topology[0].balancer.strategy=random,least-conn',
      '--replications', '2', '--out', out, ...small,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^load\.poisson\.interval\s+topology\[0\]\.balancer\.strategy\s+p50\s+p90\s+p99\s+p99\.9\s+mean\s+success\s+throughput$/m);
    expect(r.stdout).toMatch(/^1\.75ms\s+least-conn\s+[\d.]+ ±[\d.]+/m);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv[0].startsWith('load.poisson.interval,topology[0].balancer.strategy,replications,p50_mean,p50_lo,p50_hi,')).toBe(true);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '2ms,random,2', '2ms,least-conn,2', '1.75ms,random,2', '1.75ms,least-conn,2', '1.5ms,random,2', '1.5ms,least-conn,2',
    ]);
    const j = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(j)).toEqual(['stamp', 'axes', 'points']);
    expect(j.stamp).toMatchObject({ command: 'sweep', replications: 2 });
    expect(j.axes[0]).toEqual({ path: 'load.poisson.interval', values: ['2ms', '1.75ms', '1.5ms'] });
    expect(j.points).toHaveLength(6);
    expect(readFileSync(join(out, 'replications.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 6 * 2);
    expect(r.stderr).toContain('Reproduce: lightcone sweep timelike/random --seed 1 --replications 2 --vary load.poisson.interval=2ms..1.5ms/3 --vary topology[0].balancer.strategy=random,least-conn --set load.requests=2000');
  });

  test('the sweep: block is used when no --vary is given', () => {
    const dir = tmp();
    const file = join(dir, 'swept.yaml');
    writeFileSync(
      file,
      'name: swept\nseed: 2\nload: { poisson: { interval: 1ms }, requests: 500 }\ntopology:\n  - server: { concurrency: 2, service-time: exp(1ms) }\nsweep:\n  vary:\n    load.poisson.interval: 2ms..1ms/2\n',
    );
    const r = lightcone(['sweep', file, '--json', '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.axes).toEqual([{ path: 'load.poisson.interval', values: ['2ms', '1ms'] }]);
    expect(j.stamp.replications).toBe(5);
    expect(j.points[1].metrics.mean.mean).toBeGreaterThan(j.points[0].metrics.mean.mean);
  });
});
