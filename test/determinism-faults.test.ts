/**
 * Determinism with every fault type enabled (issue 4, section 9): for each scenario below, the same
 * scenario and seed give a byte-identical summary, and another seed gives another. Add a scenario
 * that exercises each new fault kind or policy to the list.
 */
import { describe, test, expect } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from '../src/run/simulate.js';
import { summaryJson } from '../src/run/summary.js';

const SCENARIOS: { file: string; uses: string }[] = [
  { file: 'scenarios/faults/partition.yaml', uses: 'link, partition, timeout, retry' },
  { file: 'scenarios/faults/partition.yaml --set faults[0].partition.direction=b-to-a', uses: 'one-way partition' },
  { file: 'scenarios/faults/sqs-consumer.yaml', uses: 'broker, consumers, poison, dead-letter queue' },
  { file: 'scenarios/faults/sqs-consumer.yaml --set topology[1].broker.consumers.max-concurrent-work=1', uses: 'broker: visibility timeouts, duplicates' },
  { file: 'scenarios/faults/sqs-lossy-link.yaml', uses: 'broker-link: loss, a partition of one consumer, receive timeouts' },
  { file: 'scenarios/faults/retry-storm.yaml', uses: 'slow, retry, timeouts, concurrency-limit, apdex' },
  { file: 'scenarios/faults/retry-storm.yaml --set topology[1].retry.backoff.base=200ms --set topology[1].retry.backoff.jitter=full', uses: 'retry backoff with jitter' },
  { file: 'scenarios/faults/hedging.yaml', uses: 'hedge at a percentile' },
  { file: 'scenarios/load/closed-vs-open.yaml', uses: 'closed-loop users' },
  { file: 'scenarios/load/bursts.yaml', uses: 'on-off bursts' },
  { file: 'scenarios/load/bursts.yaml --set load={"mmpp":{"states":[{"rate":"60/s","mean-stay":"4s"},{"rate":"160/s","mean-stay":"1s"}]},"duration":"60s"}', uses: 'mmpp' },
  { file: 'scenarios/load/bursts.yaml --set load={"ramp":{"from":"10/s","to":"90/s","over":"30s"},"duration":"60s"}', uses: 'ramp' },
  { file: 'scenarios/load/bursts.yaml --set load={"daily":{"mean":"80/s","amplitude":0.5,"period":"20s"},"duration":"60s"}', uses: 'daily' },
  { file: 'scenarios/load/bursts.yaml --set load={"replay":{"file":"../../test/load/fixtures/trace.csv","column":"time_ms"}}', uses: 'replay' },
  { file: 'scenarios/faults/clock-skew.yaml', uses: 'clocks: drift and backward steps; lease' },
  { file: 'scenarios/faults/clock-skew.yaml --set services.leader[0].lease.margin=3s', uses: 'lease margin' },
  { file: 'scenarios/faults/lease-pause.yaml', uses: 'lease: pauses of the holder, grantor link with loss, partition from the grantor' },
  { file: 'scenarios/faults/lease-pause.yaml --set services.leader[0].lease.fencing=true', uses: 'lease fencing tokens' },
  { file: 'test/faults/fixtures/node-faults.yaml', uses: 'crash (random and scheduled), pause, slow; priority, drop-head, deadline, codel, block' },
  { file: 'scenarios/faults/backpressure.yaml', uses: 'bounded queue with block, slow' },
  { file: 'scenarios/faults/gc-pauses.yaml', uses: 'periodic pauses' },
];

describe.each(SCENARIOS)('$file ($uses)', ({ file }) => {
  const [path, ...rest] = file.split(' ');
  const overrides = rest.filter((w) => w !== '--set');
  const bytes = (seed?: number) => summaryJson(simulate(loadScenario(path, overrides), seed === undefined ? {} : { seed }).summary);

  test('same seed, same bytes; another seed, other bytes', () => {
    const a = bytes();
    expect(bytes()).toBe(a);
    expect(bytes(12345)).not.toBe(a);
  });
});
