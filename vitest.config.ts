import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects, one run (`npm test`). No test may depend on how fast the machine is, so both state
 * their time limits, far above what a busy 2-core machine needs; nothing relies on vitest's 5 s default.
 *
 * `slow`: files that spawn processes or a browser, run bundled scenarios whole, run statistical
 * comparisons with theory on 10^5..10^6 requests, or run many replications (measured: each takes
 * about a second or more on a quiet machine, the whole scenarios file over 30 s). `unit`: everything
 * else. `unit` is the complement of `slow`, so a test file is never left out of the run.
 */
const SLOW = [
  'test/theory/**/*.test.ts', // queueing theory and Brooker's experiment: 10^5..4x10^6 requests per run
  'test/cli/**/*.test.ts', // the built bin/lightcone, end to end, in child processes
  'test/report/browser.test.ts', // headless Chromium
  'test/diagram/browser.test.ts', // headless Chromium: diagram.html, six pages
  'test/experiments/coverage.test.ts', // 3 x 300 experiments of 4 replications
  'test/experiments/experiment.test.ts', // compare and sweep: replications, worker threads
  'test/api/**/*.test.ts', // the package packed, unpacked and type-checked; the README example run
  'test/components/fan-out.test.ts', // fork-join against order statistics: 3 x 20,000 requests x 100 calls
  'test/scenarios.test.ts', // every bundled scenario, whole, against its golden summary
  'test/determinism-faults.test.ts', // bundled fault scenarios, whole, three runs each
  'test/clocks/clock-skew.test.ts', // the bundled clock-skew scenario, whole, four runs
  'test/queues/mm1k.test.ts', // M/M/1/K against theory: 200,000 requests
  'test/net/retry-theory.test.ts', // lossy links and retries against theory, 4 sd tolerances
  'test/components/faults.test.ts', // availability against theory: 200,000 requests
  'test/policies/determinism.test.ts', // every client policy at once, 20,000 requests, several runs
  'test/report/charts.test.ts', // renders every chart of 250-server fixtures to SVG and PNG
  'test/hunt/cli.test.ts', // hunt, replay and shrink through bin/lightcone, in child processes
  'test/bugs/types.test.ts', // tsc over the bundled bug programs
  'test/bugs/hunt.test.ts', // lightcone hunt over every bundled bug, buggy and fixed, at two thread counts
  'test/bugs/shrink.test.ts', // shrinks every bundled bug (hundreds of runs) and spawns lightcone shrink and run
  'test/integrate/cli.test.ts', // hunt, replay, shrink and validate on a process scenario, through bin/lightcone
];

export default defineConfig({
  test: {
    reporters: ['default', './test/plain-summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SLOW],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
