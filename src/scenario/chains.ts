/** The chains of a scenario: its topology and its named services. */
/** Every chain of a scenario with where it is: the topology first, then each named service. */
export function chainsOf<S>(spec: { topology: S[]; services: Record<string, S[]> }): { at: [string] | [string, string]; steps: S[] }[] {
  return [{ at: ['topology'], steps: spec.topology }, ...Object.entries(spec.services).map(([name, steps]) => ({ at: ['services', name] as [string, string], steps }))];
}
