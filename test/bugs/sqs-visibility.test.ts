/**
 * scenarios/bugs/sqs-visibility: a consumer paused while it works on a message outlasts the
 * visibility timeout, the queue hands the message to the other consumer, and the ledger applies it
 * twice. The buggy version fails first at seed 3 (seeds 1..30 hold two failing runs, 3 and 26);
 * the fixed one (idempotency keys at the ledger) holds over seeds 1..200, at most once and at
 * least once (its atEnd property). The other fix, consumers that extend the visibility while they
 * work (heartbeat.yaml), is not enough: a paused consumer sends no heartbeat (seeds 1..30 hold three
 * failing runs: 1, 15, 26). The figures are in the scenario's README.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { body, failingSeeds, traced } from './seeds.js';

const BUGGY = 'scenarios/bugs/sqs-visibility/buggy.yaml';
const FIXED = 'scenarios/bugs/sqs-visibility/fixed.yaml';
const HEARTBEAT = 'scenarios/bugs/sqs-visibility/heartbeat.yaml';

describe('scenarios/bugs/sqs-visibility', { timeout: 120_000 }, () => {
  test('buggy: seeds 1..30 hold two failing runs, 3 and 26, each a message applied twice', async () => {
    const failing = await failingSeeds(BUGGY, 1, 30);
    expect(failing.map((f) => f.seed)).toEqual([3, 26]);
    for (const { failure } of failing) expect(failure).toMatchObject({ kind: 'invariant', property: 'appliedAtMostOnce', message: expect.stringMatching(/^the ledger applied message \d+ twice: by consumer\[\d\], then consumer\[\d\]$/) });
  });

  test('fixed: no failing seed in 1..200', async () => {
    expect(await failingSeeds(FIXED, 1, 200)).toEqual([]);
  });

  test('heartbeat: extending the visibility while working still fails, at seeds 1, 15 and 26 of 1..30: the pause outlasts the timeout', async () => {
    const failing = await failingSeeds(HEARTBEAT, 1, 30);
    expect(failing.map((f) => f.seed)).toEqual([1, 15, 26]);
    const { events } = await traced(HEARTBEAT, 1);
    // seed 1: consumer[1] holds message 30 and is paused 125 ms, longer than the 100 ms timeout; its heartbeat comes after the resume, too late
    const pause = events.find((e) => e.node === 'consumer[1]' && e.kind === 'pause' && e.t > 940)!;
    const resume = events.find((e) => e.node === 'consumer[1]' && e.kind === 'resume' && e.t > pause.t)!;
    expect(resume.t - pause.t).toBeGreaterThan(100);
    const again = events.find((e) => e.kind === 'send' && e.type === 'message' && body(e).id === 30 && e.to === 'consumer[0]')!;
    expect(again.t).toBeGreaterThan(pause.t);
    expect(again.t).toBeLessThan(resume.t);
    const late = events.find((e) => e.kind === 'send' && e.node === 'consumer[1]' && e.type === 'change-visibility' && e.t >= resume.t)!;
    expect(body(late)).toMatchObject({ id: 30, receipt: 31 }); // the receipt of a receive that is no longer the latest: ignored
    expect(events.at(-1)).toMatchObject({ kind: 'violation', node: 'ledger' });
  });

  test('seed 3, in the trace: received, paused past the timeout, received again by the other consumer, applied by both', async () => {
    const { summary, events } = await traced(BUGGY, 3);
    const [f] = summary.failures!;
    expect(f).toMatchObject({ kind: 'invariant', property: 'appliedAtMostOnce', message: 'the ledger applied message 1 twice: by consumer[0], then consumer[1]', event: 172 });
    expect(f.atMs).toBeCloseTo(221.31, 2);
    const ofMessage1 = (kind: string, type: string, node: string) => events.filter((e) => e.kind === kind && e.type === type && e.node === node && body(e).id === 1);
    // the queue hands message 1 out twice, to consumer[0] then consumer[1], 100 ms (the visibility timeout) and more apart
    const handed = ofMessage1('send', 'message', 'queue');
    expect(handed.map((e) => [e.to, body(e).receipt])).toEqual([['consumer[0]', 2], ['consumer[1]', 5]]);
    expect(handed[1].t - handed[0].t).toBeGreaterThan(100);
    // consumer[0] was paused while it worked on it: the pause starts before the second receive and ends after it
    const pause = events.find((e) => e.node === 'consumer[0]' && e.kind === 'pause' && e.t > handed[0].t)!;
    const resume = events.find((e) => e.node === 'consumer[0]' && e.kind === 'resume' && e.t > pause.t)!;
    expect(pause.t).toBeLessThan(handed[1].t);
    expect(resume.t).toBeGreaterThan(handed[1].t);
    // the ledger applies it from both, and the run stops at the second
    expect(ofMessage1('deliver', 'apply', 'ledger').map((e) => e.from)).toEqual(['consumer[0]', 'consumer[1]']);
    expect(events.at(-1)).toMatchObject({ node: 'ledger', kind: 'violation', seq: 173 });
  });

  test('lightcone run: buggy seed 3 exits 1 with the failure and the command that reproduces it; fixed seed 3 exits 0', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lightcone-sqs-')), 'out');
    const r = spawnSync('node', ['bin/lightcone', 'run', 'bugs/sqs-visibility/buggy', '--seed', '3', '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('FAILED invariant appliedAtMostOnce (seed 3 at 221.312 ms of simulated time, event 172): the ledger applied message 1 twice: by consumer[0], then consumer[1]');
    expect(r.stderr).toContain('Reproduce: lightcone run bugs/sqs-visibility/buggy --seed 3');
    expect(spawnSync('node', ['bin/lightcone', 'run', 'bugs/sqs-visibility/fixed', '--seed', '3', '--out', out], { encoding: 'utf8' }).status).toBe(0);
  });
});
