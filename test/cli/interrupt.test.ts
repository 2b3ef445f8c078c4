/**
 * Ctrl-C, for real: an interrupted command leaves the previous complete output (or nothing), never
 * half a file, and says so. The signal is sent once the command is known to be writing (its staging
 * folder exists), so the test does not depend on how fast the machine is.
 */
import { describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = () => mkdtempSync(join(tmpdir(), 'lightcone-interrupt-'));
const partials = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('.lightcone-partial-')) : []);

/** Starts the CLI, waits until `ready()` holds, sends SIGINT; resolves with how it ended. */
function interrupt(args: string[], ready: () => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['bin/lightcone', ...args], { env: { ...process.env, LIGHTCONE_SEED: '' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      if (ready()) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stderr });
    });
  });
}

describe('interrupted commands', () => {
  test('compare: Ctrl-C while the report is written leaves the previous output whole', async () => {
    const out = tmp();
    writeFileSync(join(out, 'summary.json'), 'previous\n');
    const r = await interrupt(
      ['compare', 'timelike/random', '--vary', 'topology[0].balancer.strategy=random,round-robin', '--replications', '2', '--jobs', '1', '--png', '--set', 'load.requests=2000', '--out', out],
      () => partials(out).length > 0,
    );
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`interrupted: compare of`);
    expect(r.stderr).toContain(`nothing was written to ${out}`);
    expect(readdirSync(out)).toEqual(['summary.json']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('previous\n');
  });

  test('run: killed by Ctrl-C while it simulates leaves no truncated latencies.csv; the next run cleans up', async () => {
    const out = tmp();
    writeFileSync(join(out, 'summary.json'), 'previous\n');
    const r = await interrupt(['run', 'mm1', '--latencies', '--set', 'load.requests=50000000', '--out', out], () => partials(out).some((p) => existsSync(join(out, p, 'latencies.csv'))));
    expect(r.signal ?? r.code).toBe(r.signal !== null ? 'SIGINT' : 130);
    expect(readdirSync(out).filter((f) => !f.startsWith('.lightcone-partial-'))).toEqual(['summary.json']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('previous\n');
    const again = await interrupt(['run', 'mm1', '--latencies', '--set', 'load.requests=1000', '--set', 'warmup=0', '--out', out], () => false);
    expect(again.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['latencies.csv', 'summary.json']);
    expect(readFileSync(join(out, 'latencies.csv'), 'utf8').trim().split('\n')).toHaveLength(1001);
  });
});
