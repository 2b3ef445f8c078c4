import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SCENARIO_JSON_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';
import { STRATEGIES, TIE_BREAKS } from '../../src/spec/scenario.js';

type Json = { [key: string]: any };

describe('the JSON Schema for editors', () => {
  test(`${SCENARIO_JSON_SCHEMA_FILE} is the generated schema (UPDATE_SCHEMA=1 rewrites it)`, () => {
    const generated = scenarioJsonSchemaText();
    if (process.env.UPDATE_SCHEMA) writeFileSync(SCENARIO_JSON_SCHEMA_FILE, generated);
    expect(readFileSync(SCENARIO_JSON_SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  const schema = scenarioJsonSchema() as Json;
  const step = schema.definitions.step;

  test('lists the keys, requires name, and load and topology unless there are processes, and rejects others', () => {
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'name',
      'description',
      'seed',
      'round-exponential',
      'history',
      'load',
      'warmup',
      'cooldown',
      'apdex',
      'services',
      'pools',
      'topology',
      'faults',
      'clocks',
      'compare',
      'sweep',
      'checks',
      'program',
      'processes',
      'network',
      'workload',
      'until',
      'settle',
    ]);
    // load and topology: required, unless the scenario has processes
    expect(schema.required).toEqual(['name']);
    expect(schema.anyOf).toEqual([{ required: ['load', 'topology'] }, { required: ['processes'] }]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(step.properties)).toEqual(['cable', 'link', 'delay', 'server', 'faulty', 'retry', 'timeout', 'lease', 'hedge', 'circuit-breaker', 'rate-limit', 'concurrency-limit', 'balancer', 'service', 'broker', 'fan-out', 'process']);
    expect([step.minProperties, step.maxProperties, step.additionalProperties]).toEqual([1, 1, false]);
  });

  test('enumerates strategies and tie-breaks, with defaults', () => {
    const balancer = step.properties.balancer.properties;
    expect(balancer.strategy.anyOf[0].enum).toEqual([...STRATEGIES]);
    expect(new RegExp(balancer.strategy.anyOf[1].pattern).test('best-of-3')).toBe(true);
    expect(balancer['tie-break']).toMatchObject({ enum: [...TIE_BREAKS], default: 'random' });
    expect(balancer['error-hold']).toMatchObject({ type: 'string', default: '0ms' });
    expect(step.properties.server.properties.concurrency).toMatchObject({ type: 'integer', minimum: 1, default: 1 });
    const queue = step.properties.server.properties.queue;
    expect(Object.keys(queue.properties)).toEqual(['capacity', 'overflow', 'discipline', 'codel', 'deadline']);
    expect(queue.properties.overflow).toMatchObject({ enum: ['drop-tail', 'drop-head', 'reject', 'block'], default: 'drop-tail' });
    expect(queue.properties.discipline).toMatchObject({ enum: ['fifo', 'lifo', 'priority', 'codel'], default: 'fifo' });
    expect(Object.keys(schema.definitions.fault.properties)).toEqual(expect.arrayContaining(['crash', 'pause', 'slow']));
  });

  test('durations and rates are strings with a pattern', () => {
    const poisson = schema.properties.load.properties.poisson.properties;
    const duration = new RegExp(poisson.interval.pattern);
    expect(poisson.interval.type).toBe('string');
    expect(['1ms', '1.5s', '100us', '2 m', '1h'].every((d) => duration.test(d))).toBe(true);
    expect(['1', '-1ms', '1sec', '5/s'].some((d) => duration.test(d))).toBe(false);
    const rate = new RegExp(poisson.rate.pattern);
    expect(['500/s', '0.9/ms', '100/min'].every((r) => rate.test(r))).toBe(true);
    expect(['500', '1ms'].some((r) => rate.test(r))).toBe(false);
  });

  test('every property has a description', () => {
    const missing: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const n = node as Json;
      for (const [key, value] of Object.entries((n.properties ?? {}) as Json)) {
        if (typeof value.description !== 'string' || value.description === '') missing.push(`${at}.${key}`);
      }
      for (const [key, value] of Object.entries(n)) walk(value, `${at}.${key}`);
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });
});
