// Bundles src/internal/worker-entry.ts (the code of a data-parallel training worker) with esbuild into one
// minified script and writes it as a string into src/internal/worker-code.ts, which is committed: the library
// starts its workers from that string (Node: `new Worker(code, { eval: true })`; browsers: a Blob URL), so it
// needs no separate file, no bundler support for workers and no fetch. `gemm-wasm.ts` is replaced by a stub of
// one-byte "binaries" (the worker is sent the WebAssembly.Module its caller compiled, see worker-entry.ts), so
// the base64 kernels are not carried twice. `--check` only verifies that the committed file is the bundle of
// the committed sources (the worker-code test runs that check too).
import { readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'
import { format } from 'prettier'

const OUT = 'src/internal/worker-code.ts'

const stub = {
  name: 'gemm-wasm-stub',
  setup(b) {
    b.onResolve({ filter: /\/gemm-wasm\.js$/ }, () => ({ path: 'gemm-wasm-stub', namespace: 'stub' }))
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        "export const gemmWasmBase64 = 'AA=='\nexport const relaxedProbeBase64 = 'AQ=='\nexport const gemmRelaxedWasmBase64 = 'Ag=='\n",
      loader: 'js',
    }))
  },
}

/** The worker's bundle: one minified script, no imports. */
export const bundle = async () => {
  const r = await build({
    entryPoints: ['src/internal/worker-entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    plugins: [stub],
  })
  return r.outputFiles[0].text.trim()
}

/** The text of src/internal/worker-code.ts for a bundle, formatted as the repository's prettier does. */
export const moduleText = async (code) => {
  const raw = `/**
 * The code of a data-parallel training worker: \`worker-entry.ts\` and what it imports, bundled and minified by
 * \`scripts/build-worker.mjs\` (${code.length} characters). Generated: edit the sources and run
 * \`node scripts/build-worker.mjs\`.
 * @internal
 * @since 0.2.0
 */
export const workerCode = ${JSON.stringify(code)}
`
  const options = JSON.parse(readFileSync('.prettierrc.json', 'utf8'))
  return format(raw, { ...options, filepath: OUT })
}

if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) {
  const text = await moduleText(await bundle())
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      console.error(`${OUT} is not the bundle of src/internal/worker-entry.ts: run node scripts/build-worker.mjs`)
      process.exit(1)
    }
  } else writeFileSync(OUT, text)
}
