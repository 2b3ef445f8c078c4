/** `lightcone validate` checks what the commands would: the file, the built system, and the compare: and sweep: blocks. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lightcone = (...args: string[]) => spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8' });
const file = (text: string) => {
  const p = join(mkdtempSync(join(tmpdir(), 'lightcone-validate-')), 's.yaml');
  writeFileSync(p, text);
  return p;
};
const BASE = ['name: x', 'load: { poisson: { interval: 1ms }, requests: 100 }', 'services:', '  s:', '    - server: { service-time: 1ms }', 'topology:', '  - balancer: { strategy: random, backends: { service: s, count: 2 } }'];

describe('lightcone validate', () => {
  test('a bad path or value in a compare: block is reported at the value, exit 2', () => {
    const p = file([...BASE, 'compare:', '  vary:', '    topology[0].balancer.strategy: [random, least-con]', '    topology[3].x: [1]', ''].join('\n'));
    const r = lightcone('validate', p);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${p}:10:45  topology[0].balancer.strategy\n    unknown strategy "least-con"`);
    expect(r.stderr).toContain(`${p}:11:21  topology[3].x\n    expected an index from 0 to 0 after topology`);
    expect(r.stderr.indexOf(':10:45')).toBeLessThan(r.stderr.indexOf(':11:21'));
  });

  test('a sweep: block too large for the runs limit is refused; the bundled blocks are fine', () => {
    const p = file([...BASE, 'sweep:', '  vary:', '    load.poisson.interval: 2ms..1ms/1000', '  replications: 1000', ''].join('\n'));
    const r = lightcone('validate', p);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the sweep: block: expected at most 100,000 runs in one experiment .*; found 1,000,000; lift the limit with --limit runs=1000000/);
    const ok = lightcone('validate', 'brooker/stale-info');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('sweep: 32 points x 5');
  });
});
