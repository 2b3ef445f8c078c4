/**
 * `lightcone check-history <file> --model cas-register|kv|set|lock|queue`: does a history of client
 * operations (JSON Lines, or a Jepsen history.edn) keep its model's property (linearizable; no
 * acknowledged write lost; one lock holder at a time; every message processed exactly once)? Exit
 * 0 when it does; 1 when it does not, with the operations that broke it and their lines; 2 when the
 * file cannot be read or the search gave up (--max-states).
 */
import { extname, resolve } from 'node:path';
import { FileReadError, readRegularFile } from '../scenario/regular-file.js';
import { parseHistory, detectNotation } from '../check/history.js';
import { HistoryError } from '../check/history-error.js';
import { checkHistory, describeHistoryVerdict, historyVerdictJson, type HistoryModel } from '../check/check.js';
import type { Notation } from '../check/values.js';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './exit-codes.js';
import { cliLimits } from './limits.js';

export interface CheckHistoryFlags {
  model: HistoryModel;
  json?: boolean;
  drained?: boolean;
  maxStates?: string;
  limit?: string[];
}

/** The default of --max-states: far beyond what a 10,000-operation history of a few clients needs, well short of exhausting memory. */
export const DEFAULT_MAX_STATES = 2_000_000;

export function checkHistoryCommand(file: string, flags: CheckHistoryFlags): number {
  const limits = cliLimits(flags.limit);
  const maxStates = flags.maxStates === undefined ? DEFAULT_MAX_STATES : Number(flags.maxStates);
  if (!Number.isInteger(maxStates) || maxStates < 1) throw new UsageError(`--max-states: expected a positive integer such as ${DEFAULT_MAX_STATES}; found ${JSON.stringify(flags.maxStates)}`);
  if (flags.drained === true && flags.model !== 'queue') throw new UsageError(`--drained: expected --model queue (a drained queue); found --model ${flags.model}`);
  let text: string;
  try {
    text = readRegularFile(file, limits['file-size']);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new UsageError(`expected a history file at ${resolve(file)}; found ${e.message}${e.hint === undefined ? '' : `\n  hint: ${e.hint}`}`);
  }
  const ext = extname(file).toLowerCase();
  const notation: Notation = ext === '.edn' ? 'edn' : ext === '.jsonl' || ext === '.json' || ext === '.ndjson' ? 'json' : detectNotation(text);
  let verdict;
  try {
    verdict = checkHistory(parseHistory(text, notation), flags.model, { maxStates, drained: flags.drained === true });
  } catch (e) {
    if (!(e instanceof HistoryError)) throw e;
    process.stderr.write(e.inFile(file).format() + '\n');
    return EXIT_USAGE;
  }
  process.stdout.write(flags.json ? JSON.stringify(historyVerdictJson(verdict, file), null, 2) + '\n' : describeHistoryVerdict(verdict, file, notation));
  if (verdict.valid === undefined) {
    process.stderr.write(`error: gave up after exploring ${maxStates.toLocaleString('en-US')} states of one ${flags.model === 'kv' ? 'key' : 'register'}, before a verdict\n  hint: raise the limit with --max-states ${maxStates * 10} if the machine has the memory\n`);
    return EXIT_USAGE;
  }
  return verdict.valid ? EXIT_OK : EXIT_CHECK_FAILED;
}
