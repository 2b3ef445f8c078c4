/**
 * `check-history --model set|lock|queue` on 10,000-operation histories of 5 clients, from
 * src/check/generate-models.ts (1% of operations indeterminate), valid and corrupted by one fault,
 * over several seeds. Measured in-process (reading the JSON Lines text and checking it, CPU time,
 * the worst seed's best of `runs`). The set history's reads each return the whole set, so its
 * file is the largest (about 12 MB): reading it is most of the time.
 *
 *     npm run build && node dist/bench/check-history-models.js [runs]
 */
import { pathToFileURL } from 'node:url';
import { generateLockHistory, generateQueueHistory, generateSetHistory, type ModelHistoryOptions, type ModelEvent } from '../src/check/generate-models.js';
import { toJsonLines } from '../src/check/generate.js';
import { parseHistory } from '../src/check/history.js';
import { checkHistory } from '../src/check/check.js';

export const MODELS_TARGET_S = 1;
const OPERATIONS = 10_000;
const PROCESSES = 5;
const SEEDS = 3;

const GENERATORS: Record<'set' | 'lock' | 'queue', (o: ModelHistoryOptions) => ModelEvent[]> = { set: generateSetHistory, lock: generateLockHistory, queue: generateQueueHistory };

export interface ModelBench {
  model: 'set' | 'lock' | 'queue';
  /** CPU seconds to read and check one history, the worst seed (best of `runs`), valid and corrupted. */
  validS: number;
  corruptedS: number;
  /** The largest history's size in bytes. */
  bytes: number;
}

function cpuSeconds(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

export function benchCheckHistoryModels(runs = 3): ModelBench[] {
  const out: ModelBench[] = [];
  for (const model of ['set', 'lock', 'queue'] as const) {
    const worst = { false: 0, true: 0 };
    let bytes = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      for (const corrupt of [false, true]) {
        const text = toJsonLines(GENERATORS[model]({ operations: OPERATIONS, processes: PROCESSES, seed, corrupt }));
        bytes = Math.max(bytes, text.length);
        let best = Infinity;
        for (let r = 0; r < runs; r++) {
          let valid: boolean | undefined;
          best = Math.min(best, cpuSeconds(() => (valid = checkHistory(parseHistory(text, 'json'), model, { drained: true }).valid)));
          if (valid !== !corrupt) throw new Error(`${model}, seed ${seed}: expected valid ${!corrupt}, found ${valid}`);
        }
        worst[`${corrupt}`] = Math.max(worst[`${corrupt}`], best);
      }
    }
    out.push({ model, validS: worst.false, corruptedS: worst.true, bytes });
  }
  return out;
}

export function checkHistoryModelsLine(b: ModelBench[]): string {
  const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
  return b.map((m) => `${m.model} ${ms(m.validS)} / ${ms(m.corruptedS)} (${(m.bytes / 1e6).toFixed(1)} MB)`).join(', ') + ` (valid / corrupted, worst of ${SEEDS} seeds)`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 3);
  const b = benchCheckHistoryModels(runs);
  const worst = Math.max(...b.map((m) => Math.max(m.validS, m.corruptedS)));
  process.stdout.write(
    `check-history set|lock|queue, ${OPERATIONS.toLocaleString('en-US')} operations x ${PROCESSES} clients (CPU, best of ${runs}): ${checkHistoryModelsLine(b)}; ` +
      `target < ${MODELS_TARGET_S} s: ${worst < MODELS_TARGET_S ? 'ok' : 'MISSED'}\n`,
  );
}
