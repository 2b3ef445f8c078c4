/**
 * Writes `trace.jsonl` (the format of `event.ts`) as the run goes: the header, then one line per
 * event, in a fixed key order, so the same run gives the same bytes. Lines are gathered into
 * chunks of about `CHUNK_CHARS` characters and handed to the sink, so a long run holds one chunk
 * in memory, never the whole trace.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceEvent, TraceHeader } from './event.js';

/** Where the text goes: a file, or a string in tests. */
export interface TraceSink {
  write(text: string): void;
  close(): void;
}

/** The characters gathered before a chunk is written. */
export const CHUNK_CHARS = 1 << 16;

/** The key order of every event line: the order `TraceEvent` declares its fields in. */
const KEYS = ['t', 'seq', 'node', 'kind', 'local', 'lamport', 'vc', 'msg', 'copy', 'from', 'to', 'type', 'body', 'reason', 'timer', 'stepMs', 'text', 'op', 'about'] as const;

/** One event as its JSON line (without the newline), its fields in `KEYS` order and absent ones left out. */
function traceLine(e: TraceEvent): string {
  const o: Record<string, unknown> = {};
  for (const k of KEYS) if (e[k] !== undefined) o[k] = e[k];
  return JSON.stringify(o);
}

export class TraceWriter {
  private buffer: string[] = [];
  private chars = 0;
  /** Events written so far. */
  events = 0;

  constructor(private readonly sink: TraceSink) {}

  header(h: TraceHeader): void {
    this.push(JSON.stringify({ trace: h.trace, scenario: h.scenario, seed: h.seed, nodes: h.nodes }));
  }

  event(e: TraceEvent): void {
    this.events++;
    this.push(traceLine(e));
  }

  /** Writes what is gathered and closes the sink. */
  close(): void {
    this.flush();
    this.sink.close();
  }

  private push(line: string): void {
    this.buffer.push(line);
    this.chars += line.length + 1;
    if (this.chars >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.sink.write(this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.chars = 0;
  }
}

/** A sink that writes to the file at `path` (created or truncated). */
export function fileSink(path: string): TraceSink {
  const fd = openSync(path, 'w');
  let open = true;
  return {
    write: (text) => {
      writeSync(fd, text);
    },
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** A sink that writes each chunk to `a`, then to `b`, and closes both: one run's trace in two places. */
export function teeSink(a: TraceSink, b: TraceSink): TraceSink {
  return {
    write: (text) => {
      a.write(text);
      b.write(text);
    },
    close: () => {
      a.close();
      b.close();
    },
  };
}

/** A sink that keeps the text, for tests and small traces: `text()` is everything written. */
export function stringSink(): TraceSink & { text(): string } {
  const parts: string[] = [];
  return { write: (t) => void parts.push(t), close: () => {}, text: () => parts.join('') };
}
