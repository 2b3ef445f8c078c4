/** The command line that reproduces a run exactly. */
export function reproduceCommand(file: string, seed: number, overrides: string[]): string {
  const quote = (s: string) => (/^[\w./:=\[\]@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ['lightcone run', quote(file), '--seed', String(seed), ...overrides.flatMap((o) => ['--set', quote(o)])].join(' ');
}
