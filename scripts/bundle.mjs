// Bundles the compiled CLI into one file, dist/lightcone.mjs: one module to load instead of a few
// hundred (commander, yaml, zod, ...) cuts about 0.1 s off every start of `lightcone` and of each
// worker thread. The library itself stays unbundled in dist/src/.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/lightcone.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Loaded from node_modules when needed (charts, PNG, worker threads), so a plain run does not
  // parse them: import them lazily (await import(...)) in the code that uses them.
  external: ['esbuild', 'vega', 'vega-lite', 'vega-embed', '@resvg/resvg-js', 'tinypool', 'cli-progress', 'playwright-core'],
  // CommonJS dependencies call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
