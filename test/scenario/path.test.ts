import { expect, test } from 'vitest';
import { formatPath, parsePath, PathSyntaxError } from '../../src/scenario/path.js';

test('paths print like topology[0].balancer.strategy and read back', () => {
  const paths = [
    ['topology', 0, 'balancer', 'strategy'],
    ['services', 'dyno', 1, 'server', 'concurrency'],
    ['services', 'odd name', 0],
    ['round-exponential'],
  ];
  expect(paths.map(formatPath)).toEqual([
    'topology[0].balancer.strategy',
    'services.dyno[1].server.concurrency',
    'services["odd name"][0]',
    'round-exponential',
  ]);
  for (const path of paths) expect(parsePath(formatPath(path))).toEqual(path);
});

test('a malformed path says where', () => {
  expect(() => parsePath('topology[x]')).toThrow(
    new PathSyntaxError(
      'expected a path such as topology[0].balancer.strategy; found "[x]" where ".key" or "[index]" should be (at character 9)',
      8,
    ),
  );
  expect(() => parsePath('load..poisson')).toThrow(/found "\." where a key should be \(at character 6\)/);
  expect(() => parsePath('')).toThrow(/found the end where a key should be/);
});
