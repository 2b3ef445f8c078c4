/**
 * Node patterns, for faults and clocks that name their targets: a node id (`balancer/dyno[3]/server`)
 * where `*` matches any characters but `/`, `**` matches anything, and `[a..b]` matches a pool
 * index from a to b inclusive (`balancer/dyno[0..124]/server`).
 */
export class NodePattern {
  private readonly re: RegExp;

  constructor(readonly text: string) {
    let src = '';
    const RANGE = /\[(\d+)\.\.(\d+)\]/y;
    for (let i = 0; i < text.length; ) {
      RANGE.lastIndex = i;
      const range = RANGE.exec(text);
      if (range) {
        src += `\\[(${rangeAlternatives(BigInt(range[1]), BigInt(range[2]))})\\]`;
        i += range[0].length;
      } else if (text.startsWith('**', i)) {
        src += '.*';
        i += 2;
      } else if (text[i] === '*') {
        src += '[^/]*';
        i += 1;
      } else {
        src += text[i].replace(/[.+?^${}()|[\]\\]/g, '\\$&');
        i += 1;
      }
    }
    this.re = new RegExp(`^${src}$`);
  }

  matches(id: string): boolean {
    return this.re.test(id);
  }
}

/**
 * A regular expression for the integers from a to b (either order), written without leading zeros
 * as node ids write them: a few alternatives per digit, however wide the range (`[0..1000000000]`
 * does not list a billion numbers).
 */
function rangeAlternatives(a: bigint, b: bigint): string {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  const parts: string[] = [];
  const loDigits = String(lo).length;
  const hiDigits = String(hi).length;
  for (let d = loDigits; d <= hiDigits; d++) {
    const from = d === loDigits ? String(lo) : '1' + '0'.repeat(d - 1);
    const to = d === hiDigits ? String(hi) : '9'.repeat(d);
    parts.push(...sameLength(from, to));
  }
  return parts.join('|');
}

/** Alternatives for the digit strings from `a` to `b`, both of the same length, a <= b. */
function sameLength(a: string, b: string): string[] {
  if (a === b) return [a];
  if (a.length === 1) return [`[${a}-${b}]`];
  const rest = a.length - 1;
  const tailA = a.slice(1);
  const tailB = b.slice(1);
  if (a[0] === b[0]) return sameLength(tailA, tailB).map((p) => a[0] + p);
  const out: string[] = [];
  let first = Number(a[0]);
  let last = Number(b[0]);
  if (!/^0*$/.test(tailA)) {
    out.push(...sameLength(tailA, '9'.repeat(rest)).map((p) => a[0] + p));
    first++;
  }
  const highFull = /^9*$/.test(tailB);
  if (!highFull) last--;
  if (first <= last) out.push(`${first === last ? first : `[${first}-${last}]`}[0-9]{${rest}}`);
  if (!highFull) out.push(...sameLength('0'.repeat(rest), tailB).map((p) => b[0] + p));
  return out;
}
