/** Reading trace.jsonl: a generated trace round-trips through the file reader; every malformed line is an error naming its line and what was expected. */
import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace, readTraceFile, countLines, TraceError, TraceTooLargeError } from '../../src/trace/read.js';
import { generateTrace, HOSTILE, traceText } from './generate.js';

const dir = mkdtempSync(join(tmpdir(), 'lightcone-trace-'));
let n = 0;
const file = (text: string) => {
  const p = join(dir, `t${n++}.jsonl`);
  writeFileSync(p, text);
  return p;
};
const HEADER = '{"trace":1,"scenario":"s","seed":7,"nodes":["n1","n2"]}';
const SEND = '{"t":1,"seq":0,"node":"n1","kind":"send","msg":0,"from":"n1","to":"n2","lamport":1,"vc":{"n1":1},"body":{"type":"ping"}}';

/** The error reading `lines` gives, formatted as the user sees it. */
function problem(...lines: string[]): string {
  try {
    readTraceFile(file(lines.join('\n') + '\n'));
  } catch (e) {
    if (e instanceof TraceError) return e.format();
    throw e;
  }
  throw new Error('no error');
}

describe('reading a trace', () => {
  test('a generated trace reads back exactly, from memory and from a file (chunks of 64 KiB, multi-byte characters across them)', () => {
    const t = generateTrace({ seed: 5, events: 3000, hostile: true });
    // payloads with multi-byte characters, so that some fall across a chunk boundary
    for (const e of t.events) if (e.kind === 'log') e.text = `é✓😀 ${e.seq} ${HOSTILE}`;
    const text = traceText(t);
    expect(text.length).toBeGreaterThan(3 * 65536);
    const expected = JSON.parse(JSON.stringify(t));
    expect(parseTrace(text)).toEqual(expected);
    expect(readTraceFile(file(text))).toEqual(expected);
  });

  test('blank lines and CRLF line ends are accepted; a last line without a line break is read', () => {
    const t = readTraceFile(file(`${HEADER}\r\n\r\n${SEND}`));
    expect(t.header.nodes).toEqual(['n1', 'n2']);
    expect(t.events).toHaveLength(1);
  });

  test('an empty file, a file that starts with an event, and a header of another version', () => {
    const p = file('');
    expect(problem('')).toContain('is not a valid trace');
    expect(() => readTraceFile(p)).toThrow(/expected a header line .*found an empty file/);
    expect(problem(SEND)).toBe(`error: ${join(dir, `t${n - 1}.jsonl`)} is not a valid trace\n  ${join(dir, `t${n - 1}.jsonl`)}:1  expected the header line {"trace": 1, "scenario": ..., "seed": ..., "nodes": [...]} first; found an event`);
    expect(problem('{"trace":2,"scenario":"s","seed":1,"nodes":["a"]}')).toMatch(/:1 {2}header field "trace": expected the format version 1; found the number 2$/);
    expect(problem('{"trace":1,"scenario":"s","seed":1,"nodes":["a","a"]}')).toMatch(/header field "nodes": expected each address once; found "a" twice$/);
  });

  test.each([
    ['not JSON', '{"t":1,"seq":0,', /:2 {2}expected one JSON object per line; found text that is not JSON/],
    ['an array', '[1,2]', /:2 {2}expected one JSON object per line; found an array$/],
    ['a kind misspelt', SEND.replace('"send"', '"sned"'), /:2 {2}event field "kind": expected one of send, deliver, drop, .*; found "sned"$/],
    ['an unknown node', SEND.replace('"node":"n1"', '"node":"n9"'), /:2 {2}event field "node": expected an address the header names \(n1, n2\); found "n9"$/],
    ['a time that is not a number', SEND.replace('"t":1', '"t":"1ms"'), /event field "t": expected the virtual time in ms \(a number\); found "1ms"$/],
    ['a deliver without its message id', SEND.replace('"msg":0,', ''), /event field "msg": expected the message id \(an integer from 0\) on a send; found nothing$/],
    ['a vector clock with a stranger', SEND.replace('{"n1":1}', '{"n1":1,"zz":2}'), /event field "vc": expected addresses the header names as keys; found "zz"$/],
    ['a vector clock entry below 0', SEND.replace('{"n1":1}', '{"n1":-1}'), /event field "vc": expected an integer from 0 for "n1"; found the number -1$/],
    ['a drop reason', SEND.replace('"kind":"send"', '"kind":"drop","reason":"gone"'), /event field "reason": expected one of loss, partition, down, end, queue; found "gone"$/],
    ['an invoke without its operation', '{"t":1,"seq":0,"node":"n1","kind":"invoke"}', /event field "op": expected the client operation, an object .* on an invoke; found nothing$/],
    ['a clock step without its size', '{"t":1,"seq":0,"node":"n1","kind":"clock-step"}', /event field "stepMs": expected how far the local clock jumped, in ms \(a number\); found nothing$/],
  ])('%s', (_name, line, expected) => {
    expect(problem(HEADER, line)).toMatch(expected);
  });

  test('seq must rise and time must not go back, line by line', () => {
    const second = SEND.replace('"seq":0', '"seq":1').replace('"t":1', '"t":0.5');
    expect(problem(HEADER, SEND, second)).toMatch(/:3 {2}event field "t": expected a time no earlier than the previous event's \(1\); found 0.5$/);
    expect(problem(HEADER, SEND, SEND)).toMatch(/:3 {2}event field "seq": expected a number above the previous event's \(0\); found 0$/);
  });

  test('fields the format does not know are ignored', () => {
    expect(readTraceFile(file(`${HEADER}\n${SEND.replace('{"t"', '{"future":[1],"t"')}\n`)).events[0]).not.toHaveProperty('future');
  });

  test('only a regular file: a missing file, a folder and a named pipe are refused before reading', () => {
    const msg = (p: string) => {
      try {
        readTraceFile(p);
      } catch (e) {
        return (e as TraceError).format();
      }
      return 'no error';
    };
    expect(msg(join(dir, 'nope.jsonl'))).toBe(`error: cannot read the trace ${join(dir, 'nope.jsonl')}: expected a trace file (trace.jsonl); found no such file`);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(msg(sub)).toContain('expected a regular file (trace.jsonl); found a folder');
    const fifo = join(dir, 'fifo');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here
    }
    expect(msg(fifo)).toContain('found a named pipe (FIFO)');
  });

  test('more events than the limit: refused when event limit+1 is met, with the line', () => {
    const t = generateTrace({ seed: 1, events: 100 });
    const text = traceText(t);
    const p = file(text);
    expect(() => readTraceFile(p, { maxEvents: t.events.length })).not.toThrow();
    let error: unknown;
    try {
      readTraceFile(p, { maxEvents: 50 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TraceTooLargeError);
    expect(error).toMatchObject({ limit: 50, line: 52 });
    expect(countLines(p)).toBe(text.split('\n').length - 1);
  });

  test('a line longer than the limit is refused without reading it whole', () => {
    const long = `${HEADER}\n${'{"t":1,"seq":0,"node":"n1","kind":"log","text":"' + 'x'.repeat(200_000) + '"}'}\n`;
    expect(() => readTraceFile(file(long), { maxLineChars: 100_000 })).toThrow(/:2: expected a line of at most 100,000 characters \(one event\); found a longer one/);
  });
});
