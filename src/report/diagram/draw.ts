/**
 * The space-time diagram of a window of a trace, as SVG text: one vertical line per node (in the
 * header's order), time flowing down, an arrow per message from its send to its deliver, a lost
 * message ending in a cross, a duplicate's second copy dashed, crashes and pauses shaded on the
 * node's line, clock steps, logs, timers and client operations marked, the violation marked with a
 * rule across the diagram. Every mark has a <title>: the event's time, local clock, Lamport and
 * vector clocks, payload or text.
 *
 * Layout: event order, not linear time. Each event takes the next row of its node, below the send
 * of the message it delivers; events at the same virtual time on different nodes share a row, and
 * an event at a later time always sits below every earlier one, so the vertical order is the time
 * order. The margin prints the virtual time where it changes. A linear time axis would crush a
 * burst of a hundred messages in one millisecond into a pixel and spend the page on quiet seconds;
 * in event order every event gets the same room and the margin keeps the time readable.
 *
 * `drawDiagram` is self-contained (no import, no module constant): the HTML page inlines its
 * source (`drawDiagram.toString()`) and redraws with it when the window or a filter changes, so the
 * SVG file and the page draw with the same code. Every string from the trace goes through `esc`.
 */
import type { TraceEvent } from '../../trace/event.js';

export interface DrawInput {
  /** Every node, in the header's order. */
  nodes: readonly string[];
  /** The events to draw (a window of the trace), in trace order. */
  events: readonly TraceEvent[];
  /** The nodes down (crashed, not restarted) and paused when the window starts. */
  before?: { down: readonly string[]; paused: readonly string[] };
  hiddenNodes?: readonly string[];
  /** Message types not drawn ('' is a message without a type). */
  hiddenTypes?: readonly string[];
  /** The first line of the diagram (escaped here). */
  title?: string;
  /** The events (seqs) a violation is about, ringed in red; default: the `about` of the violations among `events`. */
  marked?: readonly number[];
}

export interface Drawn {
  svg: string;
  width: number;
  height: number;
  /** Arrows drawn: delivered (each copy), lost (each drop but `end`), pending (sent, not delivered in the window, or still on its way when the run ended: a drop with reason `end`). */
  delivered: number;
  lost: number;
  pending: number;
  /** Event marks drawn. */
  marks: number;
}

export function drawDiagram(input: DrawInput): Drawn {
  const LANE = 140;
  const ROW = 18;
  const LEFT = 96;
  const TOP = 64;
  const BOTTOM = 56;
  const MESSAGE_KINDS = ['send', 'deliver', 'drop', 'duplicate'];
  const CSS = [
    'svg.lightcone-diagram{font:11px system-ui,-apple-system,"Segoe UI",sans-serif;background:#fff}',
    '.lane{stroke:#9aa3ad;stroke-width:1}',
    '.node-name{font-weight:600;text-anchor:middle;fill:#222}',
    '.title{font-weight:600;font-size:13px;fill:#222}',
    '.time{fill:#667;text-anchor:end;font-variant-numeric:tabular-nums}',
    '.grid{stroke:#eef0f3;stroke-width:1}',
    '.span.down{fill:#6b7280;fill-opacity:.35}',
    '.span.paused{fill:#f59e0b;fill-opacity:.35}',
    '.msg{stroke:#2563eb;stroke-width:1.2;fill:none}',
    '.msg.dup{stroke:#7c3aed;stroke-dasharray:5 3}',
    '.msg.lost{stroke:#dc2626;stroke-dasharray:2 2}',
    '.msg.pending{stroke:#94a3b8;stroke-dasharray:1 3}',
    '.ev .hit{fill:transparent;stroke:none;cursor:pointer}',
    '.ev .dot{fill:#2563eb}',
    '.k-deliver .dot{fill:#1e3a8a}',
    '.k-timer .dot{fill:#fff;stroke:#0f766e;stroke-width:1.5}',
    '.k-log .dot{fill:#6b7280}',
    '.k-invoke .dot{fill:#0f766e}',
    '.k-complete .dot{fill:#16a34a}.k-complete.fail .dot{fill:#dc2626}.k-complete.info .dot{fill:#f59e0b}',
    '.k-crash .dot,.k-drop .cross{stroke:#dc2626;stroke-width:2;fill:none}',
    '.k-drop .open{stroke:#6b7280;stroke-width:1.5;fill:#fff}',
    '.k-restart .dot{fill:#fff;stroke:#16a34a;stroke-width:2}',
    '.k-pause .dot,.k-resume .dot{fill:#b45309}',
    '.k-clock-step .dot{fill:#fff;stroke:#9333ea;stroke-width:1.5}',
    '.k-clock-step text{fill:#9333ea}',
    '.k-duplicate .dot{fill:#7c3aed}',
    '.k-violation .dot{fill:#dc2626;stroke:#7f1d1d;stroke-width:1.5}',
    '.violation-rule{stroke:#dc2626;stroke-width:1;stroke-dasharray:6 3;pointer-events:none}',
    '.grid,.time,.node-name,.ev text{pointer-events:none}',
    '.violation-text{fill:#b91c1c;font-weight:600}',
    '.about-ring{fill:none;stroke:#dc2626;stroke-width:2;stroke-dasharray:3 2}',
    '.legend text{fill:#333}',
  ].join('');

  /** Text for XML content or a quoted attribute: characters XML forbids become U+FFFD. */
  function esc(value: unknown): string {
    return String(value)
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }
  function num(x: number): string {
    return String(Math.round(x * 100) / 100);
  }
  function ms(x: number | undefined): string {
    if (x === undefined) return '–';
    const a = Math.abs(x);
    if (a >= 10000) return `${Math.round(x / 10) / 100} s`;
    return `${Math.round(x * 1000) / 1000} ms`;
  }
  function json(v: unknown): string {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  }
  function short(s: string, n: number): string {
    return s.length > n ? s.slice(0, n - 1) + '…' : s;
  }
  function describe(e: TraceEvent): string {
    const lines = [`#${e.seq} ${e.kind} at ${e.node}`, `t = ${ms(e.t)}   local clock = ${ms(e.local)}`, `Lamport = ${e.lamport ?? '–'}   vc = ${e.vc === undefined ? '–' : json(e.vc)}`];
    if (e.msg !== undefined) lines.push(`message ${e.msg}${e.copy ? ` (copy ${e.copy})` : ''}: ${e.from ?? '?'} → ${e.to ?? '?'}${e.type !== undefined ? `, type ${e.type}` : ''}`);
    if (e.reason !== undefined) lines.push(`dropped: ${e.reason}`);
    if (e.timer !== undefined) lines.push(`timer ${e.timer}`);
    if (e.stepMs !== undefined) lines.push(`clock step ${e.stepMs >= 0 ? '+' : ''}${e.stepMs} ms`);
    if (e.op !== undefined) lines.push(`operation ${json(e.op)}`);
    if (e.text !== undefined) lines.push(e.text);
    if (e.body !== undefined) lines.push(`payload ${json(e.body)}`);
    return lines.join('\n');
  }

  const hiddenNodes = new Set(input.hiddenNodes ?? []);
  const hiddenTypes = new Set(input.hiddenTypes ?? []);
  const nodes = input.nodes.filter((n) => !hiddenNodes.has(n));
  const laneX = new Map<string, number>();
  nodes.forEach((n, i) => laneX.set(n, LEFT + LANE * i + LANE / 2));
  const isMessage = (e: TraceEvent) => MESSAGE_KINDS.includes(e.kind);
  const shown = input.events.filter(
    (e) => laneX.has(e.node) && (!isMessage(e) || (!hiddenTypes.has(e.type ?? '') && (e.from === undefined || laneX.has(e.from)) && (e.to === undefined || laneX.has(e.to)))),
  );

  // rows
  const rows: number[] = [];
  const lastRow = new Map<string, number>();
  const sendRow = new Map<number, number>();
  let maxRow = -1;
  let tCur = -Infinity;
  let base = 0;
  for (const e of shown) {
    if (e.t > tCur) {
      base = maxRow + 1;
      tCur = e.t;
    }
    let r = base;
    if (e.kind !== 'drop') r = Math.max(r, (lastRow.get(e.node) ?? -1) + 1);
    if ((e.kind === 'deliver' || e.kind === 'drop') && e.msg !== undefined && sendRow.has(e.msg)) r = Math.max(r, (sendRow.get(e.msg) as number) + 1);
    rows.push(r);
    if (e.kind !== 'drop') lastRow.set(e.node, r);
    if (e.kind === 'send' && e.msg !== undefined) sendRow.set(e.msg, r);
    if (r > maxRow) maxRow = r;
  }
  const rowCount = maxRow + 1;
  const y = (r: number) => TOP + r * ROW + ROW / 2;
  const bottom = TOP + Math.max(rowCount, 1) * ROW;
  const width = LEFT + LANE * Math.max(nodes.length, 1) + 24;
  const height = bottom + BOTTOM;
  const out: string[] = [];
  const push = (s: string) => out.push(s);

  // time margin and grid
  let lastLabel = -10;
  let lastT = NaN;
  shown.forEach((e, i) => {
    const r = rows[i];
    if (e.t === lastT || r - lastLabel < 2) return;
    lastT = e.t;
    lastLabel = r;
    push(`<line class="grid" x1="${LEFT}" x2="${width - 12}" y1="${y(r)}" y2="${y(r)}"/>`);
    push(`<text class="time" x="${LEFT - 8}" y="${y(r) + 4}">${esc(ms(e.t))}</text>`);
  });

  // lanes and names
  for (const n of nodes) {
    const x = laneX.get(n) as number;
    push(`<line class="lane" x1="${x}" x2="${x}" y1="${TOP - 8}" y2="${bottom}"/>`);
    push(`<text class="node-name" x="${x}" y="${TOP - 16}">${esc(short(n, 20))}<title>${esc(n)}</title></text>`);
  }
  push(`<text class="time" x="${LEFT - 8}" y="${TOP - 16}">time ↓</text>`);

  // crash and pause spans
  const spans: string[] = [];
  const openDown = new Map<string, number>();
  const openPause = new Map<string, number>();
  for (const n of input.before?.down ?? []) if (laneX.has(n)) openDown.set(n, -1);
  for (const n of input.before?.paused ?? []) if (laneX.has(n)) openPause.set(n, -1);
  const span = (cls: string, node: string, from: number, to: number | null, what: string) => {
    const x = (laneX.get(node) as number) - 6;
    const y1 = from < 0 ? TOP - 8 : y(from);
    const y2 = to === null ? bottom : y(to);
    spans.push(`<rect class="span ${cls}" data-node="${esc(node)}" x="${x}" y="${num(y1)}" width="12" height="${num(Math.max(y2 - y1, 2))}"><title>${esc(`${node} ${what}`)}</title></rect>`);
  };
  shown.forEach((e, i) => {
    const r = rows[i];
    if (e.kind === 'crash' && !openDown.has(e.node)) openDown.set(e.node, r);
    else if (e.kind === 'restart') {
      span('down', e.node, openDown.get(e.node) ?? -1, r, `down until ${ms(e.t)}`);
      openDown.delete(e.node);
    } else if (e.kind === 'pause' && !openPause.has(e.node)) openPause.set(e.node, r);
    else if (e.kind === 'resume') {
      span('paused', e.node, openPause.get(e.node) ?? -1, r, `paused until ${ms(e.t)}`);
      openPause.delete(e.node);
    }
  });
  for (const [n, r] of openDown) span('down', n, r, null, 'down to the end of the window');
  for (const [n, r] of openPause) span('paused', n, r, null, 'paused to the end of the window');
  out.push(...spans);

  // arrows
  const sendAt = new Map<number, { x: number; y: number; seq: number; e: TraceEvent }>();
  const ended = new Set<number>();
  let delivered = 0;
  let lost = 0;
  let pending = 0;
  const arrows: string[] = [];
  const dropX = (e: TraceEvent) => {
    const fx = laneX.get(e.from ?? e.node) as number;
    const tx = laneX.get(e.to ?? e.node) as number;
    return fx === tx ? fx + 24 : fx + (tx - fx) * 0.7;
  };
  shown.forEach((e, i) => {
    if (e.msg === undefined) return;
    if (e.kind === 'send') sendAt.set(e.msg, { x: laneX.get(e.node) as number, y: y(rows[i]), seq: e.seq, e });
    if (e.kind !== 'deliver' && e.kind !== 'drop') return;
    ended.add(e.msg);
    const s = sendAt.get(e.msg);
    const from = s ?? { x: laneX.get(e.from ?? e.node) as number, y: TOP - 8, seq: -1 };
    const tx = e.kind === 'drop' ? dropX(e) : (laneX.get(e.node) as number);
    const ty = y(rows[i]);
    // a message still on its way when the run ended (drop reason end) was not lost: drawn as pending
    const atEnd = e.kind === 'drop' && e.reason === 'end';
    const cls = atEnd ? 'pending' : e.kind === 'drop' ? 'lost' : e.copy ? 'delivered dup' : 'delivered';
    if (atEnd) pending++;
    else if (e.kind === 'drop') lost++;
    else delivered++;
    const fate = atEnd ? ', still on its way when the run ended' : e.kind === 'drop' ? `, lost (${e.reason ?? '?'})` : '';
    const what = `message ${e.msg}${e.copy ? ` (copy ${e.copy})` : ''} ${e.from ?? '?'} → ${e.to ?? '?'}${e.type !== undefined ? ` ${e.type}` : ''}${fate}${s === undefined ? ', sent before the window' : ''}`;
    arrows.push(
      `<line class="msg ${cls}" data-msg="${e.msg}" data-send="${from.seq}" data-seq="${e.seq}" x1="${num(from.x)}" y1="${num(from.y)}" x2="${num(tx)}" y2="${num(ty)}"${e.kind === 'drop' ? '' : ' marker-end="url(#lc-arrow)"'}><title>${esc(what)}${e.body !== undefined ? esc(`\npayload ${json(e.body)}`) : ''}</title></line>`,
    );
  });
  for (const [msg, s] of sendAt) {
    if (ended.has(msg)) continue;
    const e = s.e;
    const tx = laneX.get(e.to ?? e.node) as number;
    pending++;
    arrows.push(`<line class="msg pending" data-msg="${msg}" data-send="${s.seq}" x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(s.x + (tx - s.x) * 0.3)}" y2="${num(bottom)}"><title>${esc(`message ${msg} ${e.from ?? '?'} → ${e.to ?? '?'}, not delivered in this window`)}</title></line>`);
  }
  out.push(...arrows);

  // event marks
  const marked = new Set(input.marked ?? shown.flatMap((e) => (e.kind === 'violation' ? (e.about ?? []) : [])));
  let ringed = 0;
  let marks = 0;
  const rules: string[] = [];
  shown.forEach((e, i) => {
    const x = e.kind === 'drop' ? dropX(e) : (laneX.get(e.node) as number);
    const cy = y(rows[i]);
    let shape: string;
    let extra = '';
    switch (e.kind) {
      case 'send':
        shape = `<circle class="dot" cx="${num(x)}" cy="${cy}" r="3"/>`;
        break;
      case 'deliver':
        shape = `<circle class="dot" cx="${num(x)}" cy="${cy}" r="3.5"/>`;
        break;
      case 'drop':
        if (e.reason === 'end') {
          shape = `<circle class="open" cx="${num(x)}" cy="${cy}" r="3"/>`;
          break;
        }
        shape = `<path class="cross" d="M${num(x - 5)} ${cy - 5}L${num(x + 5)} ${cy + 5}M${num(x - 5)} ${cy + 5}L${num(x + 5)} ${cy - 5}"/>`;
        break;
      case 'duplicate':
        shape = `<rect class="dot" x="${num(x + 5)}" y="${cy - 3}" width="6" height="6"/>`;
        extra = `<text x="${num(x + 14)}" y="${cy + 4}">×2</text>`;
        break;
      case 'timer':
        shape = `<circle class="dot" cx="${num(x)}" cy="${cy}" r="4"/>`;
        break;
      case 'crash':
        shape = `<path class="dot" d="M${num(x - 6)} ${cy - 6}L${num(x + 6)} ${cy + 6}M${num(x - 6)} ${cy + 6}L${num(x + 6)} ${cy - 6}"/>`;
        break;
      case 'restart':
        shape = `<circle class="dot" cx="${num(x)}" cy="${cy}" r="5"/>`;
        break;
      case 'pause':
      case 'resume':
        shape = `<rect class="dot" x="${num(x - 8)}" y="${cy - 2}" width="16" height="4"/>`;
        break;
      case 'clock-step':
        shape = `<path class="dot" d="M${num(x)} ${cy - 5}L${num(x + 5)} ${cy}L${num(x)} ${cy + 5}L${num(x - 5)} ${cy}Z"/>`;
        extra = `<text x="${num(x + 9)}" y="${cy + 4}">${esc(`clock ${(e.stepMs ?? 0) >= 0 ? '+' : ''}${e.stepMs ?? 0} ms`)}</text>`;
        break;
      case 'log':
        shape = `<rect class="dot" x="${num(x - 3)}" y="${cy - 3}" width="6" height="6"/>`;
        break;
      case 'invoke':
        shape = `<path class="dot" d="M${num(x - 5)} ${cy - 5}L${num(x + 4)} ${cy}L${num(x - 5)} ${cy + 5}Z"/>`;
        break;
      case 'complete':
        shape = `<path class="dot" d="M${num(x + 5)} ${cy - 5}L${num(x - 4)} ${cy}L${num(x + 5)} ${cy + 5}Z"/>`;
        break;
      case 'violation':
        shape = `<circle class="dot" cx="${num(x)}" cy="${cy}" r="7"/>`;
        rules.push(`<line class="violation-rule" x1="${LEFT}" x2="${width - 12}" y1="${cy}" y2="${cy}"/>`);
        extra = `<text class="violation-text" x="${num(x + 11)}" y="${cy - 6}">${esc(short(`violation: ${e.text ?? ''}`, 80))}</text>`;
        break;
      default:
        shape = `<circle class="dot" cx="${num(x)}" cy="${cy}" r="3"/>`;
    }
    const outcome = e.kind === 'complete' && e.op?.type !== undefined ? ` ${e.op.type}` : '';
    // an event a violation is about (a history failure's operation): ringed
    const about = marked.has(e.seq);
    if (about) {
      ringed++;
      extra += `<circle class="about-ring" cx="${num(x)}" cy="${cy}" r="11"/>`;
    }
    marks++;
    out.push(`<g class="ev k-${e.kind}${outcome}${about ? ' about' : ''}" data-seq="${e.seq}"><circle class="hit" cx="${num(x)}" cy="${cy}" r="8"/>${shape}${extra}<title>${esc(describe(e) + (about ? '\nthe violation is about this event' : ''))}</title></g>`);
  });
  out.push(...rules);

  // legend
  const ly = bottom + 30;
  const legend: [string, string][] = [
    ['<line x1="0" y1="0" x2="22" y2="0" style="stroke:#2563eb;stroke-width:1.2" marker-end="url(#lc-arrow)"/>', 'message'],
    ['<line x1="0" y1="0" x2="22" y2="0" style="stroke:#7c3aed;stroke-width:1.2;stroke-dasharray:5 3"/>', 'duplicate copy'],
    ['<line x1="0" y1="0" x2="16" y2="0" style="stroke:#dc2626;stroke-width:1.2;stroke-dasharray:2 2"/><path d="M14 -4L22 4M14 4L22 -4" style="stroke:#dc2626;stroke-width:2"/>', 'lost'],
    ['<rect x="0" y="-6" width="12" height="12" style="fill:#6b7280;fill-opacity:.35"/>', 'down'],
    ['<rect x="0" y="-6" width="12" height="12" style="fill:#f59e0b;fill-opacity:.35"/>', 'paused'],
    ['<path d="M6 -5L11 0L6 5L1 0Z" style="fill:#fff;stroke:#9333ea;stroke-width:1.5"/>', 'clock step'],
    ['<circle cx="6" cy="0" r="4" style="fill:#fff;stroke:#0f766e;stroke-width:1.5"/>', 'timer'],
    ['<rect x="3" y="-3" width="6" height="6" style="fill:#6b7280"/>', 'log'],
    ['<path d="M1 -5L10 0L1 5Z" style="fill:#0f766e"/><path d="M22 -5L13 0L22 5Z" style="fill:#16a34a"/>', 'invoke, complete'],
    ['<circle cx="6" cy="0" r="6" style="fill:#dc2626"/>', 'violation'],
  ];
  if (ringed > 0) legend.push(['<circle cx="6" cy="0" r="6" style="fill:none;stroke:#dc2626;stroke-width:2;stroke-dasharray:3 2"/>', 'what it is about']);
  let lx = 8;
  const legendParts = legend.map(([sample, label]) => {
    const part = `<g transform="translate(${lx},${ly})">${sample}<text x="28" y="4">${label}</text></g>`;
    lx += 36 + label.length * 6.2;
    return part;
  });

  const title = input.title === undefined ? '' : `<text class="title" x="8" y="18">${esc(input.title)}</text>`;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="lightcone-diagram" width="${Math.max(width, lx)}" height="${height}" viewBox="0 0 ${Math.max(width, lx)} ${height}">`,
    `<style>${CSS}</style>`,
    '<defs><marker id="lc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#1e3a8a"/></marker></defs>',
    title,
    ...out,
    `<g class="legend">${legendParts.join('')}</g>`,
    '</svg>',
  ].join('\n');
  return { svg, width: Math.max(width, lx), height, delivered, lost, pending, marks };
}
