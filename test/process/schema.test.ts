/** The scenario keys of processes: what they become, and each misuse reported at its place. */
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const problems = (text: string) => {
  try {
    parseScenario(text, 'dir/s.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
    throw e;
  }
  return [];
};

const BASE = ['name: s', 'program: p.ts', 'processes:', '  - { name: n, kind: K, count: 2 }'];

describe('the process keys', () => {
  test('become the processes spec: program resolved against the scenario, defaults filled in', () => {
    const s = parseScenario(
      [...BASE, 'network:', '  latency: 2ms', '  links: [{ from: "n[0]", to: "n[1]", loss: 10% }]', 'workload: { operations: 5, timeout: 1s, mix: { read: 1, cas: 1 }, keys: 2 }', 'history: { model: kv }'].join('\n'),
      'dir/s.yaml',
    ).spec;
    expect(s.topology).toEqual([]);
    expect(s.history).toBe(false);
    expect(s.processes).toEqual({
      program: expect.stringMatching(/\/dir\/p\.ts$/),
      groups: [{ name: 'n', kind: 'K', count: 2 }],
      network: {
        defaults: { latency: { kind: 'constant', value: 2 }, loss: 0, duplicate: 0, messageBytes: 1024 },
        links: [{ from: 'n[0]', to: 'n[1]', link: { latency: { kind: 'constant', value: 2 }, loss: 0.1, duplicate: 0, messageBytes: 1024 } }],
      },
      workload: {
        clients: 1,
        to: ['**'],
        choose: 'same',
        think: { kind: 'constant', value: 0 },
        operations: 5,
        timeoutMs: 1000,
        mix: [
          { f: 'read', weight: 1 },
          { f: 'cas', weight: 1 },
        ],
        values: [1, 5],
        keys: 2,
      },
      historyModel: 'kv',
    });
  });

  test('without processes, load and topology are required with the same messages as before', () => {
    expect(problems('name: s')).toEqual(['1:1 load: missing required key "load"; expected a map', '1:1 topology: missing required key "topology"; expected a chain: a list of steps']);
  });

  test('each misuse at its place', () => {
    expect(problems('name: s\nprogram: p.ts\nload: { poisson: { interval: 1ms }, requests: 1 }\ntopology: [server: { service-time: 1ms }]')).toEqual([
      '2:10 program: expected program: only with processes:; found no processes: in the scenario',
    ]);
    expect(problems(BASE.join('\n'))).toEqual([
      '4:3 processes: expected a workload: or an until: with processes: (a process run lasts until the workload is done, or until until:)',
    ]);
    expect(problems([...BASE, '  - { name: n, kind: L }', 'until: 1s'].join('\n'))).toEqual(['4:3 processes: expected each group name once; found n twice']);
    expect(problems([...BASE, '  - { name: client, kind: L }', 'until: 1s'].join('\n'))[0]).toMatch(/expected a group name other than client/);
    expect(problems([...BASE, 'until: 1s', 'history: { model: kv }'].join('\n'))).toEqual([
      "6:10 history: expected a workload: to check a history of (its clients' operations are the history)",
    ]);
    // with a history model, every operation must be one of the model's, in the mix or in a written-out list
    expect(problems([...BASE, 'workload: { operations: 5, timeout: 1s, mix: { read: 1, wrte: 1 } }', 'history: { model: cas-register }'].join('\n'))).toEqual([
      '5:63 workload.mix.wrte: expected an operation of the history model cas-register (read, write, cas); found "wrte"',
    ]);
    expect(problems([...BASE, 'workload:', '  timeout: 1s', '  operations:', '    - { at: 1ms, client: 0, to: "n[0]", f: add, value: 1 }', '    - { at: 2ms, client: 0, to: "n[1]", f: frob }', 'history: { model: set }'].join('\n'))).toEqual([
      '9:44 workload.operations[1].f: expected an operation of the history model set (add, read); found "frob"',
    ]);
    expect(problems([...BASE, 'workload: { operations: 5, timeout: 1s, mix: { frob: 1 } }'].join('\n'))).toEqual([]);
    expect(problems([...BASE, 'workload: { operations: 5, timeout: 1s, rate: 10/s, think: 1ms }'].join('\n'))[0]).toMatch(/workload.think: expected rate \(open loop\) or think \(closed loop\); found both/);
  });
});
