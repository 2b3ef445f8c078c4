/**
 * A value of a user's process as JSON, for a state dump (`lightcone replay --until N`): plain
 * objects and class instances by their own enumerable fields, arrays as arrays, a Map as a list of
 * [key, value] pairs, a Set as a list; anything JSON has no form for becomes a string (undefined,
 * functions, symbols, bigints, NaN and infinities, a value met again inside itself, what lies more
 * than 32 levels down).
 */
const MAX_DEPTH = 32;

export function jsonState(value: unknown): unknown {
  return convert(value, new Set(), 0);
}

function convert(v: unknown, seen: Set<object>, depth: number): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : String(v);
    case 'bigint':
      return `${v}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return v.toString();
    case 'function':
      return `[function ${v.name || 'anonymous'}]`;
  }
  if (v === null) return null;
  const o = v as object;
  if (seen.has(o)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(o);
  try {
    if (Array.isArray(o)) return o.map((x) => convert(x, seen, depth + 1));
    if (o instanceof Map) return [...o].map(([k, x]) => [convert(k, seen, depth + 1), convert(x, seen, depth + 1)]);
    if (o instanceof Set) return [...o].map((x) => convert(x, seen, depth + 1));
    if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (ArrayBuffer.isView(o)) return String(o);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = convert((o as Record<string, unknown>)[k], seen, depth + 1);
    return out;
  } finally {
    seen.delete(o);
  }
}
