/**
 * diagram.html: the space-time diagram as one self-contained page. The trace sits in a JSON
 * <script> (escaped: no `</script`, no U+2028/2029 can end or break it), the drawing code is the
 * very functions that draw messages.svg (their source inlined), and a content security policy
 * forbids every request, so the page opens offline from a file:// URL and never calls home.
 *
 * The page draws one window of the trace at a time (2,000 events unless chosen otherwise, at most
 * 5,000), moved with a slider; it zooms (buttons, Ctrl+wheel) and pans (drag, scroll), hides
 * processes and message types, and when an event is clicked, lights up its light cone (cone.ts)
 * and shows the event's clocks and payload in a side panel. Every string from the trace reaches
 * the page as escaped SVG text or through textContent, never as markup.
 */
import type { TraceEvent, TraceHeader } from '../../trace/event.js';
import { escapeHtml, jsonForScript, pageHead, scriptSource } from '../escape.js';
import { lightCone } from './cone.js';
import { drawDiagram } from './draw.js';
import { MAX_WINDOW_EVENTS, stateBefore, type Window } from './window.js';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;background:#f6f7f9}
header{padding:10px 16px 6px;background:#fff;border-bottom:1px solid #dde1e6}
h1{font-size:18px;margin:0 0 2px}
.lead{margin:0;color:#555;font-size:13px}
.toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:6px 16px;background:#fff;border-bottom:1px solid #dde1e6;font-size:13px}
.toolbar input[type=range]{width:320px}
.toolbar button,.toolbar select{font:inherit;padding:2px 8px}
#window-label{color:#444;font-variant-numeric:tabular-nums}
.layout{display:grid;grid-template-columns:190px 1fr 340px;height:calc(100vh - 96px);min-height:300px}
aside{overflow:auto;padding:10px 12px;background:#fff;font-size:13px}
aside.filters{border-right:1px solid #dde1e6}
aside#details{border-left:1px solid #dde1e6}
aside h2{font-size:13px;margin:10px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:#555}
aside label{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#view{overflow:auto;cursor:grab;background:#fff}
#view.dragging{cursor:grabbing}
#view svg{display:block}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0}
dt{color:#666}dd{margin:0;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f7f9;padding:6px;margin:4px 0;font-size:12px}
.cone-past{color:#c2410c}.cone-future{color:#0e7490}
.has-selection .ev:not(.past):not(.future):not(.selected),.has-selection .msg:not(.past):not(.future){opacity:.18}
.ev.past .hit{fill:rgba(234,88,12,.45)}
.ev.future .hit{fill:rgba(8,145,178,.45)}
.ev.selected .hit{fill:rgba(17,24,39,.55)}
.msg.past{stroke:#ea580c;stroke-width:2}
.msg.future{stroke:#0891b2;stroke-width:2}
`;

/** The page's own script: state, controls and the light cone; drawing is drawDiagram's. */
const BOOT = String.raw`
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('lightcone-trace').textContent);
  var events = DATA.events;
  var nodes = DATA.header.nodes;
  // the events the violations are about (a history failure's operations), ringed in every window
  var marked = [];
  for (var m = 0; m < events.length; m++) if (events[m].kind === 'violation' && events[m].about) marked = marked.concat(events[m].about);
  var MAX = DATA.maxWindow;
  var state = { first: DATA.window.first, size: DATA.window.size, hiddenNodes: new Set(), hiddenTypes: new Set(), scale: 1, selected: null, past: new Set(), future: new Set() };
  var $ = function (id) { return document.getElementById(id); };
  var view = $('view');
  var MESSAGE = { send: 1, deliver: 1, drop: 1, duplicate: 1 };

  function checkbox(parent, text, onChange) {
    var label = document.createElement('label');
    var input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = true;
    input.addEventListener('change', function () { onChange(input.checked); render(); });
    label.appendChild(input);
    label.appendChild(document.createTextNode(' ' + text));
    label.title = text;
    parent.appendChild(label);
    return input;
  }
  nodes.forEach(function (n, i) {
    checkbox($('filter-nodes'), n, function (on) { if (on) state.hiddenNodes.delete(n); else state.hiddenNodes.add(n); }).dataset.node = String(i);
  });
  var types = [];
  var seenTypes = new Set();
  events.forEach(function (e) {
    if (!MESSAGE[e.kind]) return;
    var t = e.type === undefined ? '' : e.type;
    if (!seenTypes.has(t)) { seenTypes.add(t); types.push(t); }
  });
  types.sort();
  types.forEach(function (t, i) {
    checkbox($('filter-types'), t === '' ? '(no type)' : t, function (on) { if (on) state.hiddenTypes.delete(t); else state.hiddenTypes.add(t); }).dataset.type = String(i);
  });
  if (types.length === 0) $('filter-types').textContent = 'no messages';

  var slider = $('window');
  var sizeSelect = $('window-size');
  function clampFirst(f) { return Math.max(0, Math.min(Math.max(0, events.length - state.size), f)); }

  function render() {
    var end = Math.min(events.length, state.first + state.size);
    var drawn = drawDiagram({
      nodes: nodes,
      events: events.slice(state.first, end),
      before: stateBefore(events, state.first),
      hiddenNodes: Array.from(state.hiddenNodes),
      hiddenTypes: Array.from(state.hiddenTypes),
      marked: marked,
    });
    view.innerHTML = drawn.svg;
    var svg = view.querySelector('svg');
    svg.dataset.width = String(drawn.width);
    svg.dataset.height = String(drawn.height);
    applyScale();
    slider.max = String(Math.max(0, events.length - state.size));
    slider.value = String(state.first);
    var label = events.length === 0 ? 'no events' : 'events ' + events[state.first].seq + '–' + events[end - 1].seq + ' of ' + events.length +
      ' (t = ' + events[state.first].t + '–' + events[end - 1].t + ' ms)';
    $('window-label').textContent = label;
    applySelection();
    document.body.dataset.rendered = String(Number(document.body.dataset.rendered || '0') + 1);
  }

  function applyScale() {
    var svg = view.querySelector('svg');
    if (!svg) return;
    svg.setAttribute('width', String(Number(svg.dataset.width) * state.scale));
    svg.setAttribute('height', String(Number(svg.dataset.height) * state.scale));
    $('zoom-label').textContent = Math.round(state.scale * 100) + '%';
  }
  function zoom(factor, cx, cy) {
    var old = state.scale;
    state.scale = Math.max(0.1, Math.min(8, state.scale * factor));
    var k = state.scale / old;
    var x = cx === undefined ? view.clientWidth / 2 : cx;
    var y = cy === undefined ? view.clientHeight / 2 : cy;
    var sx = (view.scrollLeft + x) * k - x;
    var sy = (view.scrollTop + y) * k - y;
    applyScale();
    view.scrollLeft = sx;
    view.scrollTop = sy;
  }

  function indexOfSeq(seq) {
    var lo = 0, hi = events.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (events[mid].seq === seq) return mid;
      if (events[mid].seq < seq) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  function select(seq) {
    var i = indexOfSeq(seq);
    if (i < 0) return;
    var cone = lightCone(events, i);
    state.selected = seq;
    state.past = new Set(cone.past);
    state.future = new Set(cone.future);
    showDetails(events[i], cone);
    applySelection();
  }
  function clearSelection() {
    state.selected = null;
    state.past = new Set();
    state.future = new Set();
    $('details-body').textContent = 'Click an event (a dot on a process line) or an arrow to see its details and light up its light cone.';
    applySelection();
  }

  function applySelection() {
    var svg = view.querySelector('svg');
    if (!svg) return;
    var sel = state.selected;
    var has = sel !== null;
    svg.classList.toggle('has-selection', has);
    var inPast = function (s) { return s === sel || state.past.has(s); };
    var inFuture = function (s) { return s === sel || state.future.has(s); };
    var drawnPast = 0, drawnFuture = 0;
    svg.querySelectorAll('.ev').forEach(function (g) {
      var s = Number(g.getAttribute('data-seq'));
      var p = has && state.past.has(s), f = has && state.future.has(s);
      g.classList.toggle('selected', has && s === sel);
      g.classList.toggle('past', p);
      g.classList.toggle('future', f);
      if (p) drawnPast++;
      if (f) drawnFuture++;
    });
    svg.querySelectorAll('.msg').forEach(function (l) {
      var a = Number(l.getAttribute('data-send'));
      var b = l.hasAttribute('data-seq') ? Number(l.getAttribute('data-seq')) : null;
      l.classList.toggle('past', has && b !== null && inPast(b) && (a < 0 || inPast(a)));
      l.classList.toggle('future', has && inFuture(a) && (b === null || inFuture(b)));
    });
    var c = $('cone-drawn');
    if (c) c.textContent = has ? drawnPast + ' of the past and ' + drawnFuture + ' of the future are in the window drawn.' : '';
  }

  function row(dl, name, value) {
    if (value === undefined) return;
    var dt = document.createElement('dt');
    dt.textContent = name;
    var dd = document.createElement('dd');
    dd.textContent = typeof value === 'string' ? value : JSON.stringify(value);
    dl.appendChild(dt);
    dl.appendChild(dd);
  }
  function showDetails(e, cone) {
    var box = $('details-body');
    box.textContent = '';
    var h = document.createElement('h2');
    h.textContent = '#' + e.seq + ' ' + e.kind + ' at ' + e.node;
    box.appendChild(h);
    var dl = document.createElement('dl');
    row(dl, 'time', e.t + ' ms');
    row(dl, 'local clock', e.local === undefined ? undefined : e.local + ' ms');
    row(dl, 'Lamport', e.lamport);
    row(dl, 'vector clock', e.vc);
    if (e.msg !== undefined) row(dl, 'message', e.msg + (e.copy ? ' (copy ' + e.copy + ')' : ''));
    row(dl, 'from', e.from);
    row(dl, 'to', e.to);
    row(dl, 'type', e.type);
    row(dl, 'dropped', e.reason);
    row(dl, 'timer', e.timer);
    row(dl, 'clock step', e.stepMs === undefined ? undefined : e.stepMs + ' ms');
    row(dl, 'operation', e.op);
    box.appendChild(dl);
    if (e.text !== undefined) {
      var t = document.createElement('pre');
      t.textContent = e.text;
      box.appendChild(t);
    }
    if (e.body !== undefined) {
      var ph = document.createElement('h2');
      ph.textContent = 'payload';
      box.appendChild(ph);
      var pre = document.createElement('pre');
      pre.className = 'payload';
      pre.textContent = JSON.stringify(e.body, null, 2);
      box.appendChild(pre);
    }
    var ch = document.createElement('h2');
    ch.textContent = 'light cone';
    box.appendChild(ch);
    var p1 = document.createElement('p');
    p1.className = 'cone-past';
    p1.textContent = 'Past: ' + cone.past.length + ' events could have influenced it (their vector clocks are at most its own).';
    var p2 = document.createElement('p');
    p2.className = 'cone-future';
    p2.textContent = 'Future: ' + cone.future.length + ' events it could influence (their vector clocks are at least its own).';
    var p3 = document.createElement('p');
    p3.id = 'cone-drawn';
    box.appendChild(p1);
    box.appendChild(p2);
    box.appendChild(p3);
  }

  view.addEventListener('click', function (ev) {
    if (moved) return;
    var t = ev.target;
    var g = t && t.closest ? t.closest('.ev') : null;
    if (g) { select(Number(g.getAttribute('data-seq'))); return; }
    var m = t && t.closest ? t.closest('.msg') : null;
    if (m && m.hasAttribute('data-seq')) { select(Number(m.getAttribute('data-seq'))); return; }
    clearSelection();
  });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') clearSelection(); });

  var drag = null, moved = false;
  view.addEventListener('pointerdown', function (ev) {
    if (ev.button !== 0) return;
    drag = { x: ev.clientX, y: ev.clientY, left: view.scrollLeft, top: view.scrollTop };
    moved = false;
  });
  window.addEventListener('pointermove', function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    moved = true;
    view.classList.add('dragging');
    view.scrollLeft = drag.left - dx;
    view.scrollTop = drag.top - dy;
  });
  window.addEventListener('pointerup', function () {
    drag = null;
    view.classList.remove('dragging');
    setTimeout(function () { moved = false; }, 0);
  });
  view.addEventListener('wheel', function (ev) {
    if (!ev.ctrlKey && !ev.metaKey) return;
    ev.preventDefault();
    var r = view.getBoundingClientRect();
    zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  $('zoom-in').addEventListener('click', function () { zoom(1.25); });
  $('zoom-out').addEventListener('click', function () { zoom(1 / 1.25); });
  $('zoom-reset').addEventListener('click', function () { state.scale = 1; applyScale(); });

  var pending = false;
  slider.addEventListener('input', function () {
    state.first = clampFirst(Number(slider.value));
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  });
  $('earlier').addEventListener('click', function () { state.first = clampFirst(state.first - Math.floor(state.size / 2)); render(); });
  $('later').addEventListener('click', function () { state.first = clampFirst(state.first + Math.floor(state.size / 2)); render(); });
  [500, 1000, 2000, 5000].filter(function (n) { return n <= MAX; }).forEach(function (n) {
    var o = document.createElement('option');
    o.value = String(n);
    o.textContent = n + ' events';
    sizeSelect.appendChild(o);
  });
  if (!Array.prototype.some.call(sizeSelect.options, function (o) { return Number(o.value) === state.size; })) {
    var o = document.createElement('option');
    o.value = String(state.size);
    o.textContent = state.size + ' events';
    sizeSelect.appendChild(o);
  }
  sizeSelect.value = String(state.size);
  sizeSelect.addEventListener('change', function () { state.size = Number(sizeSelect.value); state.first = clampFirst(state.first); render(); });
  var violation = -1;
  for (var i = 0; i < events.length; i++) if (events[i].kind === 'violation') { violation = i; break; }
  // a violation about earlier events (a history failure's operations): go to the first of them
  var target = violation;
  if (violation >= 0 && events[violation].about && events[violation].about.length > 0) {
    for (var j = 0; j < events.length; j++) if (events[j].seq === events[violation].about[0]) { target = j; break; }
  }
  var vb = $('go-violation');
  if (violation < 0) vb.hidden = true;
  vb.addEventListener('click', function () {
    state.first = clampFirst(target - Math.floor(state.size / 2));
    render();
    select(events[target].seq);
  });

  render();
  clearSelection();
})();
`;

export interface PageInput {
  header: TraceHeader;
  events: readonly TraceEvent[];
  window: Window;
  /** The window size the page starts with. */
  size: number;
}

/** The whole page. Pure: the same trace and window give the same bytes. */
export function diagramPage(input: PageInput): string {
  const { header, events } = input;
  const data = jsonForScript({ header, events, window: { first: input.window.first, size: input.size }, maxWindow: MAX_WINDOW_EVENTS });
  const script = scriptSource(
    'the diagram script',
    [`var drawDiagram = (${drawDiagram.toString()});`, `var lightCone = (${lightCone.toString()});`, `var stateBefore = (${stateBefore.toString()});`, BOOT].join('\n'),
  );
  const violations = events.filter((e) => e.kind === 'violation').length;
  const title = `Messages: ${header.scenario.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')}, seed ${header.seed}`;
  return [
    ...pageHead({ csp: CSP, title, style: STYLE }),
    '<body>',
    `<header><h1>${escapeHtml(title)}</h1><p class="lead">${escapeHtml(
      `${events.length.toLocaleString('en-US')} events at ${header.nodes.length} nodes${violations > 0 ? `, ${violations} violation${violations > 1 ? 's' : ''}` : ''}. Time flows down; click an event to light up its light cone: in orange what could have influenced it, in teal what it could influence.`,
    )}</p></header>`,
    '<div class="toolbar">',
    '<button id="earlier" type="button" title="move the window back by half its size">earlier</button>',
    '<input id="window" type="range" min="0" max="0" step="1" value="0" aria-label="window position">',
    '<button id="later" type="button" title="move the window on by half its size">later</button>',
    '<select id="window-size" aria-label="events drawn at once"></select>',
    '<span id="window-label"></span>',
    '<button id="go-violation" type="button">go to the violation</button>',
    '<span style="margin-left:auto">zoom</span><button id="zoom-out" type="button" aria-label="zoom out">−</button><span id="zoom-label">100%</span><button id="zoom-in" type="button" aria-label="zoom in">+</button><button id="zoom-reset" type="button">reset</button>',
    '</div>',
    '<div class="layout">',
    '<aside class="filters"><h2>Processes</h2><div id="filter-nodes"></div><h2>Message types</h2><div id="filter-types"></div>',
    '<h2>Reading it</h2><p>One vertical line per node, in the trace header\'s order; time flows down in event order, with the virtual time in the left margin. Arrows run from a send to its delivery; a dashed violet arrow is a duplicate copy, a red dotted one ending in a cross a lost message, a grey dotted one ending in a hollow circle a message still on its way when the run ended (one that stops short of any lane: not delivered in this window). A dashed red ring circles each event a violation is about (for a history failure: the operations its checker could not explain). Grey shading: the node is down; amber: paused. Hover any mark for its clocks and payload. Drag to pan, Ctrl+wheel to zoom.</p></aside>',
    '<div id="view"></div>',
    '<aside id="details"><h2>Event</h2><div id="details-body"></div></aside>',
    '</div>',
    '<noscript><p>The page needs JavaScript; messages.svg next to it shows the same diagram (one window).</p></noscript>',
    `<script type="application/json" id="lightcone-trace">${data}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
