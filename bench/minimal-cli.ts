/** Runs the minimal loop as its own process, so it is timed like lightcone: whole process included. */
import { minimalMM1, minimalRandomRouting } from './minimal-loop.js';

const [model, count] = process.argv.slice(2);
const n = Number(count);
const mean = model === 'mm1' ? minimalMM1(n) : minimalRandomRouting(n);
process.stdout.write(`${model} ${n} mean ${mean.toFixed(4)} ms\n`);
