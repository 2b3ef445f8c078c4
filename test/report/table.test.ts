/**
 * The text report's paragraphs after the table of nodes: each step kind's lines (read from the
 * step-kind registry) in its paragraph, paragraphs in a fixed order, one blank line after each.
 */
import { expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { renderSummary } from '../../src/report/table.js';

const every = `
name: paragraphs
seed: 3
load: { poisson: { rate: 800/s }, requests: 2000 }
services:
  dyno:
    - faulty: { mtbf: 2s, mttr: 200ms }
    - lease: { name: primary, duration: 1s }
    - broker: { consumers: { service: worker } }
  worker:
    - server: { concurrency: 2, service-time: exp(3ms), queue: { capacity: 5, overflow: reject } }
topology:
  - hedge: { at: p90 }
  - retry: { attempts: 3, on: [error, rejected] }
  - circuit-breaker: { failures: 5, cooldown: 100ms }
  - rate-limit: { rate: 700/s, burst: 20 }
  - concurrency-limit: { adaptive: aimd, initial: 5 }
  - link: { latency: 1ms, loss: 1% }
  - timeout: { after: 40ms }
  - balancer: { strategy: round-robin, backends: { service: dyno, count: 2 } }
faults:
  - pause: { target: "balancer/dyno[0]/broker/worker[0]/server", at: 1s, for: 100ms }
clocks:
  - { target: "timeout", drift: 200ppm }
`;

test('every kind with report lines, in its paragraph and in order', { timeout: 60_000 }, () => {
  const report = renderSummary(simulate(parseScenario(every, 'paragraphs.yaml')).summary).split('\n');
  // after the node table and the capacity table (the last line of which is its note)
  const after = report.slice(report.findIndex((l) => l.startsWith('  (per server, the busiest')) + 2);
  // the first word of each line ('' for a blank line, '...' for a broker's second line)
  expect(after.map((l) => (l === '' ? '' : l.startsWith(' ') ? '...' : l.split(' ')[0]))).toEqual([
    'faulty', 'retry', 'hedge', 'breaker', 'rate-limit', 'concurrency-limit', '',
    'links', '',
    'broker', '...', '', 'broker', '...', '',
    'queues', '',
    'faults', '',
    'clocks', 'lease', '',
    'simulated',
  ]);
  expect(after.filter((l) => /^(hedge|lease) /.test(l))).toEqual([
    'hedge      1 node(s), 32 hedges sent, 21 won; 2032 attempts, latency (ms) mean 0.050, p50 0.000, p99 2.000',
    'lease      primary: 2 node(s), 3 grants, 23 calls acted on, 21 rejected; 23 writes, 0 after the grant ended, 0 conflicts (out of turn), no fencing',
  ]);
});

test('no paragraph, and no blank line, for kinds that are absent', { timeout: 60_000 }, () => {
  const plain = 'name: plain\nseed: 1\nload: { constant: { interval: 10ms }, requests: 5 }\ntopology:\n  - cable: { latency: 1ms }\n  - server: { service-time: 1ms }\n';
  const report = renderSummary(simulate(parseScenario(plain, 'plain.yaml')).summary).split('\n');
  expect(report.slice(-7).map((l) => l.split(' ')[0])).toEqual(['server', '', 'capacity', 'server', '', '', 'simulated']);
});
