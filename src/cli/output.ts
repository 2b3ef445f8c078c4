/**
 * Where a command writes, and what Ctrl-C does while it writes: the default folder of a run or an
 * experiment (`reports/<scenario>/<seed>/`, a folder of its own for a run with overrides), and a
 * guard that, on SIGINT or SIGTERM while the output is being written, drops everything staged and
 * says so, so an interrupted command leaves the previous complete output or nothing.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { safeName, type OutputSet } from '../report/output.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';

/**
 * `reports/<scenario>/<leaf>`, or `reports/<scenario>/<leaf>-set-<hash>` when overrides change the
 * scenario, so that a `--set` run never writes over the base run's folder.
 */
export function defaultOutputDir(scenarioName: string, leaf: string, overrides: readonly string[]): string {
  const suffix = overrides.length > 0 ? `-set-${createHash('sha256').update(overrides.join('\n')).digest('hex').slice(0, 8)}` : '';
  return join('reports', safeName(scenarioName), `${leaf}${suffix}`);
}

/**
 * Until the returned function is called, Ctrl-C (or SIGTERM) aborts `set`, prints what happened
 * and exits with 130. (During a synchronous simulation no handler can run: the process then dies
 * at once, and the staging folder it leaves is removed by the next command writing there.)
 */
export function guardOutput(set: OutputSet, what: string): () => void {
  const onSignal = () => {
    set.abort();
    process.stderr.write(`\ninterrupted: ${what} stopped while writing; nothing was written to ${set.dir} (what it held before is unchanged)\n`);
    process.exit(EXIT_INTERRUPTED);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
