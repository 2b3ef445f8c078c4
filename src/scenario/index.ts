/** The scenario file front end: YAML or JSON text -> validated ScenarioSpec, or a ScenarioError. */
export { loadScenario, parseScenario, type LoadedScenario } from './load.js';
export { ScenarioError, type Problem } from './errors.js';
export { scenarioJsonSchema, scenarioJsonSchemaText, SCENARIO_JSON_SCHEMA_FILE } from './json-schema.js';
export { parseDistribution, DistributionSyntaxError } from './distribution-syntax.js';
export { parseDuration, parseRate, UnitError } from './units.js';
export { formatPath } from './path.js';
export type * from '../spec/scenario.js';
export type * from './spec.js';
export { STEPS, STEP_KINDS } from './steps/index.js';
export type { StepKind, StepRegistry } from './steps/step.js';
export { STRATEGIES, TIE_BREAKS } from '../spec/scenario.js';
