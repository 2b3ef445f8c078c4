/**
 * Every bundled bug through `lightcone hunt`, as a user runs it: the hunt finds the buggy version's
 * lowest failing seed, the same at one and at two worker threads, and byte-identical traces of
 * the failing run; the fixed version passes the same range.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

function hunt(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'bug-hunt-'));
  const r = spawnSync('node', ['bin/lightcone', 'hunt', ...args, '--no-shrink', '--out', out], { encoding: 'utf8', env: { ...process.env, LIGHTCONE_SEED: '', CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

// the lowest failing seed of each buggy version (test/bugs/*.test.ts and lock-lease.test.ts pin them with simulate)
// and whether the property is checked on the processes or on the history after the run (either way a violation event ends the trace)
const BUGS: [string, number, 'invariant' | 'history'][] = [
  ['lock-lease', 5, 'invariant'],
  ['sqs-visibility', 3, 'invariant'],
  ['primary-backup', 3, 'history'],
  ['gossip', 3, 'invariant'],
];

describe.each(BUGS)('bugs/%s', (bug, lowest, property) => {
  test(`hunt finds seed ${lowest} at --jobs 1 and --jobs 2, with the same hunt.json and trace`, () => {
    const one = hunt(`bugs/${bug}/buggy`, '--seeds', '1..10', '--jobs', '1');
    const two = hunt(`bugs/${bug}/buggy`, '--seeds', '1..10', '--jobs', '2');
    for (const r of [one, two]) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toContain(`FAILED seed ${lowest} (the lowest failing seed`);
    }
    expect(readFileSync(join(two.out, 'hunt.json'), 'utf8')).toBe(readFileSync(join(one.out, 'hunt.json'), 'utf8'));
    const trace = (r: { out: string }) => readFileSync(join(r.out, `seed-${lowest}`, 'trace.jsonl'), 'utf8');
    expect(trace(two)).toBe(trace(one));
    const last = JSON.parse(trace(one).trimEnd().split('\n').at(-1) as string);
    expect(last.kind).toBe('violation');
    // a history failure's violation is about the operations the checker could not explain; an invariant's about no event
    if (property === 'invariant') expect(last.about).toBeUndefined();
    else expect(last.about.length).toBeGreaterThan(0);
  });

  test('the fixed version passes the same seeds', () => {
    const r = hunt(`bugs/${bug}/fixed`, '--seeds', '1..10', '--jobs', '2');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
