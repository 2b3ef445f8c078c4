/**
 * Errors the model raises while a system is being built: a scenario that is well formed but names
 * something the built system does not have (a fault target that matches no node, a service that
 * contains itself). The scenario front end turns them into messages with a file position.
 */
export class BuildError extends Error {}
