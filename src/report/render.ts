/**
 * Renders Vega-Lite specs headless: compiled by vega-lite, drawn by vega's SVG renderer (no DOM, no
 * canvas; text widths are estimated, so the same spec gives the same bytes on any machine), and
 * rasterized to PNG by resvg. vega, vega-lite and resvg are loaded on first use, so that commands
 * which draw nothing never parse them.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartSafe } from './charts/common.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let libs: Promise<{ vega: Vega; vegaLite: VegaLite }> | null = null;

function load(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  libs ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return libs;
}

/** A Vega-Lite spec compiled to Vega; warnings are returned, not printed. */
export async function compileSpec(spec: TopLevelSpec): Promise<{ vega: unknown; warnings: string[] }> {
  const { vegaLite } = await load();
  const warnings: string[] = [];
  const logger = {
    level(): number {
      return 2;
    },
    error(...args: unknown[]) {
      throw new Error(`vega-lite: ${args.map(String).join(' ')}`);
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  const compiled = vegaLite.compile(chartSafe(spec), { logger: logger as never });
  return { vega: compiled.spec, warnings };
}

/** The chart as an SVG document (a string starting with `<svg`). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega } = await load();
  const compiled = await compileSpec(spec);
  const view = new vega.View(vega.parse(compiled.vega as never), { renderer: 'none', logLevel: vega.Error });
  try {
    return compactNumbers(renumberIds(await view.toSVG()));
  } finally {
    view.finalize();
  }
}

/**
 * vega numbers gradients (and clip paths) with counters global to the process, so the second chart
 * drawn gets `gradient_1` where the first got `gradient_0`. Numbering them again in order of
 * appearance makes the bytes depend on the chart alone.
 */
export function renumberIds(svg: string): string {
  const renamed = new Map<string, string>();
  const next = new Map<string, number>();
  return svg.replace(/(id="|url\(#|href="#)([A-Za-z_-]+?)(\d+)(?=[")])/g, (_all, lead: string, prefix: string, n: string) => {
    const old = prefix + n;
    let name = renamed.get(old);
    if (name === undefined) {
      const i = next.get(prefix) ?? 0;
      next.set(prefix, i + 1);
      name = `${prefix}${i}`;
      renamed.set(old, name);
    }
    return lead + name;
  });
}

/**
 * Coordinates in path data and translations rounded to hundredths of a pixel: vega writes them
 * with every digit (`M304.15841584158414,10h19.009900990099027...`), which more than doubles the
 * size of a heatmap of thousands of cells for no visible difference.
 */
export function compactNumbers(svg: string): string {
  const round = (n: string) => {
    const x = Math.round(Number(n) * 100) / 100;
    return Object.is(x, -0) ? '0' : String(x);
  };
  return svg.replace(/( d="|transform="translate\()([^"]*)/g, (_all, lead: string, body: string) =>
    lead + body.replace(/-?\d*\.\d{3,}(?:e[+-]?\d+)?/gi, round),
  );
}

/** An SVG rasterized to PNG, `scale` times its size (2 by default, for sharp text on screens and slides). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
