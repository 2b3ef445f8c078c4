/**
 * Paths to a value in a scenario, written as in messages and `--set`: `topology[0].balancer.strategy`,
 * `services.dyno[1].server.concurrency`, `services["odd name"]`.
 */

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

export class PathSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PathSyntaxError';
  }
}

/** The inverse of formatPath. Throws PathSyntaxError. */
export function parsePath(text: string): PathSegment[] {
  const path: PathSegment[] = [];
  const KEY = /[A-Za-z0-9_$-]+/y;
  const INDEX = /\[([0-9]+)\]/y;
  const QUOTED = /\["((?:[^"\\]|\\.)*)"\]/y;
  let i = 0;
  const expected = `expected a path such as topology[0].balancer.strategy`;
  while (i < text.length || path.length === 0) {
    const afterDot = text[i] === '.' && path.length > 0;
    if (afterDot) i++;
    if (afterDot || path.length === 0) {
      KEY.lastIndex = i;
      const key = KEY.exec(text);
      if (key !== null) {
        path.push(key[0]);
        i += key[0].length;
        continue;
      }
      if (afterDot || text[i] !== '[') {
        const found = i >= text.length ? 'the end' : JSON.stringify(text[i]);
        throw new PathSyntaxError(`${expected}; found ${found} where a key should be (at character ${i + 1})`, i);
      }
    }
    INDEX.lastIndex = i;
    const index = INDEX.exec(text);
    if (index !== null) {
      path.push(Number(index[1]));
      i += index[0].length;
      continue;
    }
    QUOTED.lastIndex = i;
    const quoted = QUOTED.exec(text);
    if (quoted !== null) {
      path.push(JSON.parse(`"${quoted[1]}"`) as string);
      i += quoted[0].length;
      continue;
    }
    const found = JSON.stringify(text.slice(i, i + 10));
    throw new PathSyntaxError(`${expected}; found ${found} where ".key" or "[index]" should be (at character ${i + 1})`, i);
  }
  return path;
}
