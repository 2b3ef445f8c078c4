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
  // CommonJS dependencies call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
