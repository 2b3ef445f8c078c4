/**
 * `--set path=value` overrides: `topology[0].balancer.strategy=least-conn`, `seed=3`,
 * `load.poisson.interval=1ms`. The value is read as YAML (`3` is a number, `1ms` a string,
 * `{ a: 1 }` a map). Overrides change the parsed YAML document before validation, so every other
 * problem keeps its place in the file.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, parseDocument, YAMLMap } from 'yaml';
import { describeValue, quote } from './messages.js';
import { plainValue } from './yaml-values.js';
import { formatPath, parsePath, type PathSegment, PathSyntaxError } from './path.js';

export interface Override {
  /** The override as written, `path=value`. */
  text: string;
  path: PathSegment[];
  value: unknown;
}

export class OverrideError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** The path the override names, when it could be read. */
    readonly path?: PathSegment[],
  ) {
    super(message);
    this.name = 'OverrideError';
  }
}

const EXAMPLE = 'topology[0].balancer.strategy=least-conn';

/** No scenario is nested anywhere near this deep; a longer path is a mistake (and would be slow to apply). */
const MAX_PATH_LENGTH = 1000;
const MAX_PATH_SEGMENTS = 32;

/** Reads `path=value`. Throws OverrideError. */
export function parseOverride(text: string): Override {
  const eq = text.indexOf('=');
  if (eq < 0) throw new OverrideError(`expected path=value, such as ${EXAMPLE}; found no "=" in ${quote(text)}`);
  const pathText = text.slice(0, eq).trim();
  if (pathText === '') throw new OverrideError(`expected a path before "=", such as ${EXAMPLE}; found nothing`);
  let path: PathSegment[];
  if (pathText.length > MAX_PATH_LENGTH) {
    throw new OverrideError(`expected a path of at most ${MAX_PATH_LENGTH} characters, such as ${EXAMPLE}; found one of ${pathText.length}`);
  }
  try {
    path = parsePath(pathText);
  } catch (e) {
    if (e instanceof PathSyntaxError) throw new OverrideError(e.message);
    throw e;
  }
  if (path.length > MAX_PATH_SEGMENTS) {
    throw new OverrideError(`expected a path of at most ${MAX_PATH_SEGMENTS} segments, such as ${EXAMPLE}; found ${path.length}`);
  }
  const valueText = text.slice(eq + 1);
  const doc = parseDocument(valueText, { prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new OverrideError(
      `expected a YAML value after "=", such as 3, 1ms or "{ a: 1 }"; found ${quote(valueText)} (${doc.errors[0].message})`,
      undefined,
      path,
    );
  }
  const plain = plainValue(doc);
  if (!plain.ok) throw new OverrideError(`expected a YAML value after "=", such as 3, 1ms or "{ a: 1 }"; found ${quote(valueText)} (${plain.message.replace(/^invalid YAML: /, '')})`, undefined, path);
  return { text, path, value: plain.value };
}

/**
 * Sets the override's value in `doc`. Missing maps on the way are created; missing list items are
 * not (there would be nothing to put before them). Throws OverrideError.
 */
export function applyOverride(doc: Document, override: Override): void {
  const { path, value } = override;
  const here = (i: number) => formatPath(path.slice(0, i)) || 'the scenario';
  function fail(message: string, hint?: string): never {
    throw new OverrideError(message, hint, path);
  }
  if (doc.contents === null) doc.contents = new YAMLMap() as never;
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      if (typeof seg === 'number') fail(`expected a key after ${here(i)}, which is a map; found the index [${seg}]`);
      if (last) {
        node.set(seg, doc.createNode(value));
        return;
      }
      if (!node.has(seg)) {
        if (typeof path[i + 1] === 'number') {
          fail(
            `expected ${formatPath(path.slice(0, i + 1))} to exist, since --set creates maps but not lists; found nothing there`,
            `set the whole list instead, such as ${formatPath(path.slice(0, i + 1))}=[...]`,
          );
        }
        node.set(seg, new YAMLMap());
      }
      node = node.get(seg, true);
    } else if (isSeq(node)) {
      if (typeof seg !== 'number') fail(`expected an index such as [0] after ${here(i)}, which is a list; found the key ${quote(seg)}`);
      if (seg >= node.items.length) {
        const n = node.items.length;
        fail(`expected an index from 0 to ${n - 1} after ${here(i)}, which has ${n} ${n === 1 ? 'item' : 'items'}; found [${seg}]`);
      }
      if (last) {
        node.set(seg, doc.createNode(value));
        return;
      }
      node = node.get(seg, true);
    } else {
      const found = isScalar(node) ? describeValue(node.value) : describeValue(node);
      fail(`expected ${here(i)} to be a map or a list, to set ${formatPath(path)}; found ${found}`);
    }
  }
}
