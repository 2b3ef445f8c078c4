/**
 * Errors the model raises while a system is being built: a scenario that is well formed but names
 * something the built system does not have (a fault target that matches no node, a service that
 * contains itself). The scenario front end turns them into messages with a file position.
 */
export class BuildError extends Error {
  /**
   * @param suggest for a line of the message about a name that matched nothing: the name and the
   * names there are, so the front end can say "did you mean" (line: its index in the message).
   */
  constructor(
    message: string,
    readonly suggest: readonly { line: number; word: string; candidates: readonly string[] }[] = [],
  ) {
    super(message);
  }
}
