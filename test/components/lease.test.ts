/**
 * The lease step: the write counted when it lands (a pause between the check and the write makes a
 * conflict), fencing tokens, grant requests over a lossy or partitioned grantor link, determinism,
 * and the errors for its options.
 */
import { describe, expect, test } from 'vitest';
import { parseScenario, loadScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/run/simulate.js';
import { summaryJson } from '../../src/run/summary.js';
import { OUTCOMES } from '../../src/engine/request.js';
import { renderSummary } from '../../src/report/table.js';

/**
 * Two leaders behind round-robin, one call every 100 ms alternating (leader 0 at 0, 200, ...;
 * leader 1 at 100, 300, ...), a 1 s lease, 50 ms of work per call. Leader 0's lease node is
 * paused from 810 ms to 1810 ms: its call of 800 ms has passed the check and is in work; its
 * answer comes back at 850, during the pause, so the write waits for the end of the pause.
 */
const pausedHolder = (lease: string, extra = '') => `
name: paused-holder
seed: 1
load: { constant: { interval: 100ms }, requests: 20 }
services:
  leader:
    - lease: ${lease}
    - server: { concurrency: 1, service-time: 50ms }
topology:
  - balancer: { strategy: round-robin, backends: { service: leader, count: 2 } }
faults:
  - pause: { target: "balancer/leader[0]/lease", at: 810ms, for: 1s }
${extra}`;

function run(text: string, seed?: number) {
  const outcomes: [number, string][] = [];
  const scenario = parseScenario(text, 't.yaml');
  const result = simulate(seed === undefined ? scenario : { ...scenario, spec: { ...scenario.spec, seed } }, {
    onRequest: (r) => outcomes.push([r.arrival, OUTCOMES[r.outcome]]),
  });
  const node = (id: string) => result.summary.nodes.find((n) => n.id === id)?.extra as Record<string, any>;
  outcomes.sort((a, b) => a[0] - b[0]);
  return { summary: result.summary, outcomes, node, l0: node('balancer/leader[0]/lease'), l1: node('balancer/leader[1]/lease') };
}

describe('a pause between the check and the write', () => {
  test('without fencing: the late write lands after the grant ended and after the new holder wrote: a conflict', () => {
    const { l0, l1, outcomes } = run(pausedHolder('{ name: p, duration: 1s }'));
    // leader 0: grant at 0 (token 1, ends at 1000), writes at 50, 250, ..., 850 held to 1810: late
    // and out of turn (leader 1 took the lease at 1100, token 2, and wrote at 1150); its calls of
    // 1000 .. 1800, held by the pause, are checked at 1810 on its clock: expired, refused
    expect(l0).toMatchObject({ grants: 1, acted: 5, rejected: 5, writes: 5, expiredAtWork: 1, conflicts: 1, fenced: 0, pauses: 1, pausedMs: 1000 });
    expect(l1).toMatchObject({ grants: 1, acted: 5, rejected: 5, writes: 5, expiredAtWork: 0, conflicts: 0, fenced: 0 });
    // the paused write's caller sees ok: nothing stopped it
    expect(outcomes.find(([t]) => t === 800)).toEqual([800, 'ok']);
  });

  test('with fencing: the resource refuses the write of token 1 after one of token 2; its caller gets error', () => {
    const { l0, l1, outcomes, summary } = run(pausedHolder('{ name: p, duration: 1s, fencing: true }'));
    expect(l0).toMatchObject({ fencing: true, writes: 5, expiredAtWork: 1, conflicts: 0, fenced: 1 });
    expect(l1).toMatchObject({ fencing: true, writes: 5, conflicts: 0, fenced: 0 });
    expect(outcomes.find(([t]) => t === 800)).toEqual([800, 'error']);
    expect(summary.requests.error).toBe(1);
    expect(renderSummary(summary)).toContain(
      'lease      p: 2 node(s), 2 grants, 10 calls acted on, 10 rejected; 10 writes, 1 after the grant ended, 0 conflicts (out of turn), 1 fenced',
    );
  });

  test('a late write nobody has overtaken is in turn: fencing takes it', () => {
    // leader 1 never calls (every call goes to leader 0): nobody writes under a newer token
    const text = pausedHolder('{ name: p, duration: 1s, fencing: true }').replace('round-robin', 'random').replace('count: 2', 'count: 1');
    const { l0 } = run(text);
    expect(l0).toMatchObject({ expiredAtWork: 1, conflicts: 0, fenced: 0 });
  });
});

describe('a crash of the holder', () => {
  test('loses the calls it holds and its lease; the results of its work in flight are never written', () => {
    const text = pausedHolder('{ name: p, duration: 1s }').replace(
      /faults:\n.*\n/,
      'faults:\n  - crash: { target: "balancer/leader[0]/lease", at: 820ms, restart-after: 100ms }\n',
    );
    const { l0, l1, outcomes } = run(text);
    // the call of 800 ms is in work at the crash: lost (it ends dropped), its answer at 850 ignored
    expect(outcomes.find(([t]) => t === 800)).toEqual([800, 'dropped']);
    // writes: 4 before the crash (0 .. 600), 5 after it (1000 .. 1800)
    expect(l0).toMatchObject({ crashes: 1, lostInCrash: 1, lateAnswers: 1, writes: 9, expiredAtWork: 0, conflicts: 0 });
    // restarted at 920 with no lease: its call at 1000 asks; the grantor still counts its grant
    // (from 0) until 1000, then it is free: leader 0 takes it again (token 2)
    expect(l0.grants).toBe(2);
    expect(l1.grants).toBe(0);
  });
});

describe('grant requests over a grantor link', () => {
  const linked = (link: string) => pausedHolder(`{ name: p, duration: 1s, grantor-link: ${link}, grant-timeout: 50ms, grant-attempts: 3 }`).replace(/faults:\n.*\n/, '');

  test('a grant takes a round trip: the first call waits for it', () => {
    const { outcomes, summary, l0 } = run(linked('{ latency: 10ms }'));
    // leader 0 asks at 0 and again at 1000, when its lease ends on its clock (a renewal: same token)
    expect(l0).toMatchObject({ grants: 2, grantRequests: 2, grantTimeouts: 0, lateGrants: 0, timedOut: 0 });
    const first = summary.nodes.find((n) => n.id === 'balancer/leader[0]/lease/grantor-link');
    expect(first?.extra).toMatchObject({ messages: 4, lost: 0 });
    expect(outcomes.slice(0, 2)).toEqual([
      [0, 'ok'],
      [100, 'rejected'],
    ]);
    // the calls at 0 and 1000 wait for the grant: 10 ms there, 10 back, then 50 ms of work
    expect(summary.latency.max).toBe(70);
  });

  test('lost grant messages: the holder asks again after its timeout, and gives up after its attempts', () => {
    const { l0, l1, node } = run(linked('{ latency: 10ms, loss: 40% }').replace('requests: 20', 'requests: 400'));
    for (const [l, i] of [[l0, 0], [l1, 1]] as const) {
      const link = node(`balancer/leader[${i}]/lease/grantor-link`);
      // a 20 ms round trip is well within the 50 ms timeout: every lost message is one timeout
      expect(link.lost).toBeGreaterThan(0);
      expect(l.grantTimeouts).toBe(link.lost);
      expect(l.lateGrants).toBe(0);
      // each request is answered (two messages) or lost on the way there (one) or back (two)
      const answered = l.grantRequests - l.grantTimeouts;
      expect(link.messages).toBeGreaterThanOrEqual(2 * answered + link.lost);
      expect(link.messages).toBeLessThanOrEqual(2 * answered + 2 * link.lost);
      expect(answered).toBeGreaterThan(0);
    }
    // three lost in a row (0.64^3 of the rounds): the waiting calls end timeout
    expect(l0.timedOut + l1.timedOut).toBeGreaterThan(0);
  });

  test('a partition between a holder and the grantor: its grant requests are lost, its calls time out; the other goes on', () => {
    const partition = 'faults:\n  - partition: { between: [["balancer/leader[0]/**"], ["grantor/p"]], at: 900ms, heal: 1500ms }\n';
    const { l0, l1, node, outcomes } = run(linked('{ latency: 1ms }') + partition);
    expect(node('balancer/leader[0]/lease/grantor-link').partitioned).toBeGreaterThan(0);
    expect(node('balancer/leader[1]/lease/grantor-link').partitioned).toBe(0);
    // leader 0's lease ends at about 1002; its call at 1000 asks (lost), again at 1050 and 1100
    // (lost), then is answered timeout at 1150
    expect(outcomes.find(([t]) => t === 1000)).toEqual([1000, 'timeout']);
    expect(l0.timedOut).toBeGreaterThan(0);
    expect(l1.timedOut).toBe(0);
    // leader 1 took the lease while leader 0 could not renew
    expect(l1.grants).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  test('the bundled lease scenario gives the same summary twice, and another seed another one', { timeout: 60_000 }, () => {
    const once = () => summaryJson(simulate(loadScenario('scenarios/faults/lease-pause.yaml')).summary);
    const a = once();
    expect(once()).toBe(a);
    const other = summaryJson(simulate(loadScenario('scenarios/faults/lease-pause.yaml', ['seed=2'])).summary);
    expect(other).not.toBe(a);
  });

  test('faults/lease-pause: conflicts without fencing; with it none, and as many writes fenced instead', { timeout: 60_000 }, () => {
    const sum = (fencing: boolean, key: string) =>
      simulate(loadScenario('scenarios/faults/lease-pause.yaml', [`services.leader[0].lease.fencing=${fencing}`]))
        .summary.nodes.filter((n) => n.kind === 'lease')
        .reduce((a, n) => a + Number(n.extra?.[key]), 0);
    const conflicts = sum(false, 'conflicts');
    expect(conflicts).toBe(9);
    expect(sum(false, 'expiredAtWork')).toBe(10);
    expect(sum(true, 'conflicts')).toBe(0);
    // fencing changes no timing (the load is open): the same writes are refused
    expect(sum(true, 'fenced')).toBe(conflicts);
  });
});

describe('errors', () => {
  const problems = (lease: string, extra = '') => {
    try {
      parseScenario(pausedHolder(lease, extra), 't.yaml');
    } catch (e) {
      if (e instanceof ScenarioError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}${p.hint ? ` | hint: ${p.hint}` : ''}`);
      throw e;
    }
    return [];
  };

  test('grant-timeout and grant-attempts need a grantor-link', () => {
    expect(problems('{ name: p, duration: 1s, grant-timeout: 50ms }')).toEqual([
      '7:54 services.leader[0].lease.grant-timeout: grant-timeout applies to grant requests over a grantor-link; this lease has none, so its grants take no time and are never lost | hint: add grantor-link: { latency: 5ms }, or remove grant-timeout',
    ]);
    expect(problems('{ name: p, duration: 1s, grant-attempts: 2 }').join('\n')).toMatch(/^7:55 services\.leader\[0\]\.lease\.grant-attempts: grant-attempts applies/);
  });

  test('typos get a did you mean; wrong types say what was expected and found', () => {
    expect(problems('{ name: p, duration: 1s, fencng: true }').join('\n')).toMatch(/^7:39 services\.leader\[0\]\.lease\.fencng: unknown key "fencng".*\| hint: did you mean "fencing"\?/);
    expect(problems('{ name: p, duration: 1s, fencing: yes }').join('\n')).toMatch(/^7:48 services\.leader\[0\]\.lease\.fencing: .*found "yes"/);
    expect(problems('{ name: p, duration: 1s, grantor-link: { latncy: 1ms } }').join('\n')).toMatch(
      /services\.leader\[0\]\.lease\.grantor-link\.latncy: unknown key "latncy".*did you mean "latency"/,
    );
    expect(problems('{ name: p, duration: 1s, grantor-link: { latency: 1ms, loss: 2 } }').join('\n')).toMatch(/grantor-link\.loss: /);
    expect(problems('{ name: p, duration: 1s, grantor-link: { latency: 1ms }, grant-attempts: 0 }').join('\n')).toMatch(/lease\.grant-attempts: /);
  });

  test('every lease step of one name agrees on fencing', () => {
    const text = pausedHolder('{ name: p, duration: 1s }').replace(
      'topology:\n  - balancer',
      'topology:\n  - lease: { name: p, duration: 1s, fencing: true }\n  - balancer',
    );
    let found: string[] = [];
    try {
      parseScenario(text, 't.yaml');
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      found = e.problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(found).toContain('topology[0].lease.fencing: expected every lease step named "p" to agree on fencing; found true here and false at services.leader[0]');
  });
});
