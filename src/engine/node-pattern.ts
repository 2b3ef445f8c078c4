/**
 * Node patterns, for faults and clocks that name their targets: a node id (`balancer/dyno[3]/server`)
 * where `*` matches any characters but `/`, `**` matches anything, and `[a..b]` matches a pool
 * index from a to b inclusive (`balancer/dyno[0..124]/server`).
 */
export class NodePattern {
  private readonly re: RegExp;

  constructor(readonly text: string) {
    let src = '';
    for (let i = 0; i < text.length; ) {
      const range = /^\[(\d+)\.\.(\d+)\]/.exec(text.slice(i));
      if (range) {
        src += `\\[(${rangeAlternatives(Number(range[1]), Number(range[2]))})\\]`;
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

function rangeAlternatives(a: number, b: number): string {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return Array.from({ length: hi - lo + 1 }, (_, k) => String(lo + k)).join('|');
}
