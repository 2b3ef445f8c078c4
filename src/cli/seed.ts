/** Which seed a run uses: --seed, then $LIGHTCONE_SEED, then the scenario's, else one drawn and printed. */
import { randomInt } from 'node:crypto';
import { UsageError } from './exit-codes.js';

export function parseSeed(text: string, where: string): number {
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${where}: expected a non-negative integer seed; found "${text}"`);
  }
  return Number(text);
}

export function chooseSeed(flag: string | undefined, scenarioSeed: number | undefined): { seed: number; drawn: boolean } {
  if (flag !== undefined) return { seed: parseSeed(flag, '--seed'), drawn: false };
  const env = process.env.LIGHTCONE_SEED;
  if (env !== undefined && env !== '') return { seed: parseSeed(env, 'LIGHTCONE_SEED'), drawn: false };
  if (scenarioSeed !== undefined) return { seed: scenarioSeed, drawn: false };
  return { seed: randomInt(0, 2 ** 31), drawn: true };
}
