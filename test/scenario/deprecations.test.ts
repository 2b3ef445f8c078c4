import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { renamePath } from '../../src/scenario/deprecations.js';

const scenario = (server: string, extra: string[] = []) =>
  ['name: x', 'seed: 1', 'load: { poisson: { interval: 2ms }, requests: 10 }', 'topology:', `  - server: ${server}`, ...extra].join('\n');

const OLD_SERVICE = '"service" is an old spelling, read as "service-time"';

describe('a server\'s service is now its service-time', () => {
  test('the old spelling is read as the new one, with a warning at the key that names it', () => {
    const old = parseScenario(scenario('{ concurrency: 2, service: exp(3ms) }'), 'x.yaml');
    const now = parseScenario(scenario('{ concurrency: 2, service-time: exp(3ms) }'), 'x.yaml');
    expect(old.spec).toStrictEqual(now.spec);
    expect(now.warnings).toEqual([]);
    expect(old.warnings).toHaveLength(1);
    expect(old.warnings[0]).toMatchObject({ file: 'x.yaml', line: 5, col: 31, path: 'topology[0].server.service' });
    expect(old.warnings[0].message).toContain(OLD_SERVICE);
    expect(old.warnings[0].message).toContain('write service-time');
  });

  test('in block style and inside a named service too', () => {
    const text = ['name: x', 'load: { instant: {}, requests: 1 }', 'services:', '  s:', '    - server:', '        service: 1ms', 'topology:', '  - service: s'].join('\n');
    const loaded = parseScenario(text, 'x.yaml');
    expect(loaded.spec.services.s[0]).toMatchObject({ kind: 'server', serviceTime: { kind: 'constant', value: 1 } });
    expect(loaded.warnings.map((w) => [w.line, w.col, w.path])).toEqual([[6, 9, 'services.s[0].server.service']]);
  });

  test('"service" elsewhere (a chain\'s name, a pool\'s service) is not renamed', () => {
    const text = ['name: x', 'load: { instant: {}, requests: 1 }', 'services:', '  s: [{ server: { service-time: 1ms } }]', 'topology:', '  - balancer: { strategy: random, backends: { service: s, count: 2 } }'].join('\n');
    expect(parseScenario(text, 'x.yaml').warnings).toEqual([]);
  });

  test('both spellings at once are an error, not a silent choice', () => {
    try {
      parseScenario(scenario('{ service: 1ms, service-time: 2ms }'), 'x.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).problems[0]).toMatchObject({ path: 'topology[0].server.service', line: 5, col: 15 });
      expect((e as ScenarioError).problems[0].message).toContain('unknown key "service"');
    }
  });

  test('a --set path with the old key sets the new one, with a warning that names the override', () => {
    const loaded = parseScenario(scenario('{ service-time: 1ms }'), 'x.yaml', ['topology[0].server.service=5ms']);
    expect(loaded.spec.topology[0]).toMatchObject({ serviceTime: { kind: 'constant', value: 5 } });
    expect(loaded.warnings).toEqual([
      expect.objectContaining({ override: 'topology[0].server.service=5ms', path: 'topology[0].server.service', message: expect.stringContaining('write topology[0].server.service-time') }),
    ]);
  });

  test('a compare block that varies the old path varies the new one', () => {
    const loaded = parseScenario(scenario('{ service-time: 1ms }', ['compare:', '  vary:', '    topology[0].server.service: [1ms, 2ms]']), 'x.yaml');
    expect(loaded.spec.compare?.vary).toEqual([{ path: 'topology[0].server.service-time', values: ['1ms', '2ms'] }]);
    expect(loaded.warnings.map((w) => [w.line, w.col])).toEqual([[8, 5]]);
  });

  test('renamePath renames a segment only under its parent', () => {
    expect(renamePath(['topology', 0, 'server', 'service']).path).toEqual(['topology', 0, 'server', 'service-time']);
    expect(renamePath(['topology', 0, 'balancer', 'backends', 'service']).renamed).toEqual([]);
    expect(renamePath(['service']).renamed).toEqual([]);
  });

  test('the command line prints the warning on stderr and runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-deprecated-'));
    const file = join(dir, 'old.yaml');
    writeFileSync(file, scenario('{ service: 1ms }'));
    const r = spawnSync(process.execPath, ['bin/lightcone', 'run', file, '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`warning: ${file}:5:15  topology[0].server.service`);
    expect(r.stderr).toContain(OLD_SERVICE);
  });
});
