/**
 * `service`: the named service's chain continues here; it ends its chain.
 */
import { name } from '../schema/primitives.js';
import { serviceStepNotLast } from '../messages.js';
import { stepKind } from './step.js';

export interface ServiceStepSpec {
  kind: 'service';
  name: string;
}

export const service = stepKind<ServiceStepSpec>()({
  kind: 'service',
  place: 'ends',
  schema: () =>
    name('The named service (under services) whose chain continues here; must be the last step.')
      .transform((serviceName) => ({ kind: 'service' as const, name: serviceName })),
  noun: 'service step',
  notLast: (s, after) => serviceStepNotLast(s.name, after),
  check: (s, c) => c.service(s.name, c.at),
  build: (s, c) => c.service(s.name, c.prefix ? `${c.prefix}/${s.name}` : s.name, c.speed),
});
