/**
 * Writing a trace's diagram into an output folder: `messages.svg` (one window of the trace, drawn
 * by drawDiagram) and `diagram.html` (the whole trace, drawn a window at a time in the browser).
 * The library entry point of the diagram: `lightcone diagram` calls it on a trace file, and a hunt
 * can call it on the failing run's events. Files go through the caller's OutputSet, which the
 * caller commits.
 */
import { join } from 'node:path';
import type { TraceEvent, TraceHeader } from '../../trace/event.js';
import type { OutputSet } from '../output.js';
import { drawDiagram } from './draw.js';
import { diagramPage } from './page.js';
import { chooseWindow, stateBefore, WINDOW_EVENTS, MAX_WINDOW_EVENTS, type Window, type WindowChoice } from './window.js';

export interface DiagramOptions extends WindowChoice {
  /** Write messages.svg only, not diagram.html. */
  svgOnly?: boolean;
  /** A folder inside the output to write to (default: its root). */
  dir?: string;
}

export interface DiagramWritten {
  /** The relative paths written, in order. */
  files: string[];
  /** The window messages.svg draws (and the page opens on). */
  window: Window;
  /** Arrows in messages.svg: delivered copies, lost messages, and messages still in flight at the window's end. */
  delivered: number;
  lost: number;
  pending: number;
}

export function writeDiagram(output: OutputSet, header: TraceHeader, events: readonly TraceEvent[], options: DiagramOptions = {}): DiagramWritten {
  const size = Math.min(options.size ?? WINDOW_EVENTS, MAX_WINDOW_EVENTS);
  const window = chooseWindow(events, { ...options, size });
  const slice = events.slice(window.first, window.first + window.count);
  const title = `${header.scenario}, seed ${header.seed}: ${window.count === events.length ? `${events.length} events` : `events ${slice[0]?.seq ?? '-'}..${slice[slice.length - 1]?.seq ?? '-'} of ${events.length}`}`;
  const marked = events.flatMap((e) => (e.kind === 'violation' ? (e.about ?? []) : []));
  const drawn = drawDiagram({ nodes: header.nodes, events: slice, before: stateBefore(events, window.first), title, marked });
  const at = (name: string) => (options.dir === undefined ? name : join(options.dir, name));
  const files = [at('messages.svg')];
  output.write(files[0], `<?xml version="1.0" encoding="UTF-8"?>\n${drawn.svg}\n`);
  if (!options.svgOnly) {
    files.push(at('diagram.html'));
    output.write(files[1], diagramPage({ header, events, window, size }));
  }
  return { files, window, delivered: drawn.delivered, lost: drawn.lost, pending: drawn.pending };
}
