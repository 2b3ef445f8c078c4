/** The command line, end to end: the built `bin/lightcone` (npm test builds it first). */
import { describe, test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lightcone = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8', env: { ...process.env, LIGHTCONE_SEED: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'lightcone-test-'));
const small = ['--set', 'load.requests=3000'];

describe('lightcone run', () => {
  test('--json prints exactly one JSON document with the stable fields', () => {
    const out = tmp();
    const r = lightcone(['run', 'scenarios/heroku-random.yaml', '--json', '--latencies', '--out', out, ...small]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.stamp)).toEqual(['tool', 'version', 'seed', 'scenario', 'file', 'scenarioHash', 'overrides', 'generator', 'node']);
    expect(j.stamp).toMatchObject({ tool: 'lightcone', seed: 1, scenario: 'heroku-random', overrides: ['load.requests=3000'], generator: 'seedrandom.alea' });
    expect(j.stamp.scenarioHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(j.requests).toMatchObject({ total: 3000, ok: 3000, error: 0 });
    expect(Object.keys(j.latency)).toEqual(expect.arrayContaining(['unit', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max']));
    expect(j.latency.unit).toBe('ms');
    expect(j.throughput.requestRate).toBeGreaterThan(600);
    expect(j.nodes[0]).toMatchObject({ id: 'balancer', kind: 'balancer' });
    const server = j.nodes.find((n: { kind: string }) => n.kind === 'server');
    expect(Object.keys(server.queue)).toEqual(['mean', 'max', 'meanWait']);
    expect(server.utilization).toBeGreaterThan(0);
    expect(r.stderr).toContain('Reproduce: lightcone run heroku-random --seed 1 --set load.requests=3000');
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(r.stdout);
    const csv = readFileSync(join(out, 'latencies.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('id,arrival_ms,end_ms,latency_ms,outcome,measured');
    expect(csv.length).toBe(3001);
  });

  test('the text report has the latency table and the reproduce line', () => {
    const r = lightcone(['run', 'timelike/random', '--out', tmp(), ...small]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/latency \(ms, exact\)\s+min\s+mean\s+p50\s+p90\s+p95\s+p99\s+p99\.9\s+max/);
    expect(r.stdout).toMatch(/balancer\/dyno\[\*\]\/server x250/);
    expect(r.stdout).toContain('success 100.000%');
    expect(r.stderr).toContain('Reproduce: lightcone run timelike/random --seed 1');
  });

  test('same scenario and seed: byte-identical summary.json and latencies.csv; another seed differs', () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    for (const [dir, seed] of [[a, '5'], [b, '5'], [c, '6']]) {
      expect(lightcone(['run', 'timelike/min-conn-faulty', '--seed', seed, '--latencies', '--out', dir, ...small]).code).toBe(0);
    }
    const read = (d: string, f: string) => readFileSync(join(d, f), 'utf8');
    expect(read(a, 'summary.json')).toBe(read(b, 'summary.json'));
    expect(read(a, 'latencies.csv')).toBe(read(b, 'latencies.csv'));
    expect(read(c, 'summary.json')).not.toBe(read(a, 'summary.json'));
  });

  test('--set changes the run; the seed comes from --seed, then LIGHTCONE_SEED, then the file', () => {
    const p99 = (args: string[], env = {}) => JSON.parse(lightcone(['run', 'scenarios/heroku-random.yaml', '--json', '--out', tmp(), ...small, ...args], env).stdout);
    const random = p99([]);
    const oneConn = p99(['--set', 'topology[0].balancer.strategy=one-conn']);
    expect(oneConn.latency.p99).toBeLessThan(random.latency.p99);
    expect(p99([], { LIGHTCONE_SEED: '9' }).stamp.seed).toBe(9);
    expect(p99(['--seed', '4'], { LIGHTCONE_SEED: '9' }).stamp.seed).toBe(4);
  });

  test('a scenario without a seed gets one drawn and printed, and the reproduce line names it', () => {
    const dir = tmp();
    const file = join(dir, 'noseed.yaml');
    writeFileSync(file, 'name: noseed\nload: { constant: { interval: 1ms }, requests: 10 }\ntopology:\n  - server: { service-time: 1ms }\n');
    const r = lightcone(['run', file, '--out', dir]);
    expect(r.code).toBe(0);
    const seed = r.stderr.match(/seed (\d+) \(drawn at random\)/)?.[1];
    expect(seed).toBeDefined();
    expect(r.stderr).toContain(`--seed ${seed}`);
  });

  test('history: true writes each request\'s path', () => {
    const dir = tmp();
    const file = join(dir, 'h.yaml');
    writeFileSync(file, 'name: h\nseed: 1\nhistory: true\nload: { constant: { interval: 1ms }, requests: 2 }\ntopology:\n  - cable: { latency: 2ms }\n  - server: { service-time: 5ms }\n');
    expect(lightcone(['run', file, '--out', dir]).code).toBe(0);
    const lines = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[1]).toEqual({
      id: 1,
      outcome: 'ok',
      history: [
        { time: 1, node: 'cable', event: 'call' },
        { time: 3, node: 'server', event: 'call' },
        { time: 12, node: 'cable', event: 'ok' }, // queued behind request 0 from 3 to 7
        { time: 14, node: 'client', event: 'ok' },
      ],
    });
  });
});

describe('bad input: a clear error, exit 2, nothing runs', () => {
  test('an invalid scenario lists every problem with file:line:col and no stack trace', () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nseed: 1\nload: { poisson: { interval: 1 }, requests: 10 }\ntopology:\n  - balancer: { strategy: least-con, backends: { service: dyno, count: 2 } }\n');
    const r = lightcone(['run', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:3:30  load.poisson.interval`);
    expect(r.stderr).toContain('hint: did you mean "1ms"?');
    expect(r.stderr).toContain('topology[0].balancer.strategy');
    expect(r.stderr).toContain('hint: did you mean "least-conn"?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('validate also reports what only the built system shows: a fault whose target matches no node', () => {
    const dir = tmp();
    const file = join(dir, 'f.yaml');
    writeFileSync(file, 'name: f\nseed: 1\nload: { poisson: { interval: 1ms }, requests: 100 }\nfaults:\n  - pause: { target: nothing, at: 1s, for: 10ms }\ntopology:\n  - server: { service-time: exp(1ms) }\n');
    const r = lightcone(['validate', file]);
    expect(r.code).toBe(2);
    // at its place in the file, like every other problem
    expect(r.stderr).toContain(`${file}:5:22  faults[0].pause.target\n    "nothing" matches no node`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // and at the override that gave it
    const set = lightcone(['run', file, '--set', 'faults[0].pause.target=zzz']);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain('--set faults[0].pause.target=zzz  faults[0].pause.target\n    "zzz" matches no node');
    // a clock's target too
    writeFileSync(file, 'name: f\nseed: 1\nload: { poisson: { interval: 1ms }, requests: 100 }\nclocks:\n  - { target: nope, drift: 10ppm }\ntopology:\n  - server: { service-time: exp(1ms) }\n');
    expect(lightcone(['validate', file]).stderr).toContain(`${file}:5:15  clocks[0].target\n    "nope" matches no node`);
  });

  test('a partition group name that names no node: at its place, with did you mean, even when the group has a good name (issue 8)', () => {
    const dir = tmp();
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      [
        'name: p',
        'seed: 1',
        'load: { poisson: { interval: 1ms }, requests: 100 }',
        'services: { dyno: [ { link: { latency: 1ms } }, { server: { service-time: exp(1ms) } } ] }',
        'topology:',
        '  - balancer: { strategy: random, backends: { service: dyno, count: 4 } }',
        'faults:',
        "  - partition: { between: [[balancer], ['balancer/dyno[0]/link', 'balancr/dyno[3]/lnk']], at: 5ms }",
        '',
      ].join('\n'),
    );
    const r = lightcone(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:8:66  faults[0].partition.between[1][1]\n    "balancr/dyno[3]/lnk" names no node;`);
    expect(r.stderr).toContain('hint: did you mean "balancer/dyno[3]/link"?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unknown scenario name, a bad seed, an unknown option', () => {
    const a = lightcone(['run', 'timelike/randomm']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('no scenario file "timelike/randomm"');
    const b = lightcone(['run', 'timelike/random', '--seed', 'x']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--seed: expected a non-negative integer seed; found "x"');
    const c = lightcone(['run', 'timelike/random', '--sed', '1']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("unknown option '--sed'");
  });
});

describe('validate, list, schema', () => {
  test('validate accepts a good file and runs nothing', () => {
    const r = lightcone(['validate', 'timelike/bamboo-4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is a valid scenario "bamboo-4"');
  });

  test('list shows every bundled scenario with its description', () => {
    const r = lightcone(['list']);
    expect(r.code).toBe(0);
    for (const name of ['single-dyno', 'random', 'round-robin', 'min-conn', 'bamboo-2', 'bamboo-4', 'bamboo-8', 'bamboo-16', 'min-conn-faulty', 'min-conn-faulty-hold', 'retry-min-conn-faulty', 'random-faulty-lbs', 'retry-random-faulty-lbs', 'retry-random-faulty-lbs-10-pools']) {
      expect(r.stdout).toMatch(new RegExp(`^timelike/${name}\\s+Timelike`, 'm'));
    }
  });

  test('schema prints the checked-in JSON Schema', () => {
    const r = lightcone(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')));
  });

  test('--help and --version exit 0', () => {
    expect(lightcone(['--help']).code).toBe(0);
    expect(lightcone(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
