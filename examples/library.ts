import { compare, parseScenario, simulate } from 'lightcone';

// Ten single-worker servers at 90% utilization behind a balancer that picks one at random,
// written as a scenario file would be. The second argument names it in messages and stamps.
const scenario = parseScenario(
  `
name: ten-servers
load: { poisson: { rate: 900/s }, requests: 20000 }
warmup: 10%
services:
  backend:
    - server: { concurrency: 1, service-time: exp(10ms) }
topology:
  - balancer: { strategy: random, backends: { service: backend, count: 10 } }
`,
  'ten-servers.yaml',
);

// One run: a pure function of (scenario, seed).
const { summary } = simulate(scenario, { seed: 1 });
console.log(`p99 ${summary.latency.p99.toFixed(1)} ms, success ${(summary.success * 100).toFixed(1)}%`);

// Two strategies on the same three seeds (1, 2, 3), run in this process.
const result = await compare({
  file: scenario.file,
  text: scenario.text,
  vary: [{ path: 'topology[0].balancer.strategy', values: ['random', 'least-conn'] }],
  seed: 1,
  replications: 3,
});
for (const v of result.variants) {
  const p99 = v.metrics.p99;
  console.log(`${v.name}: p99 ${p99.mean.toFixed(1)} ms (95% CI ${p99.lo.toFixed(1)}..${p99.hi.toFixed(1)})`);
}
console.log(result.verdict.join('\n'));
