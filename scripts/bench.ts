/**
 * `npm run bench`: runs every benchmark section in turn and prints its table. A benchmark, never a test: it
 * asserts nothing and its numbers depend on the machine and its load.
 *
 * A section is a named function returning its report as text (or a promise of it); add one (for example a training benchmark against
 * tfjs and brain.js) by importing it and appending it to `sections`. `npm run bench -- matmul` runs only the
 * sections whose name contains one of the arguments.
 */
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { pathToFileURL } from 'node:url'

import { kernels } from 'tensorial'

import { benchConv, benchConvPeers } from './bench-conv.js'
import { benchCsv } from './bench-csv.js'
import { benchGemm, benchMatmul, relaxedSimdSupported } from './bench-matmul.js'
import { benchPython } from './bench-python.js'
import { benchTraining } from './bench-train.js'

/** A benchmark section: its title and the function that runs it and returns (or resolves to) its report. */
export interface Section {
  readonly name: string
  readonly run: () => string | Promise<string>
}

/** Every section, in the order they run. */
export const sections: ReadonlyArray<Section> = [
  {
    name: 'matmul',
    run: () =>
      `kernel: ${kernels().matmul} (${kernels().reason})\n\n${benchMatmul()}\n\n### GEMM kernels against the SIMD ceiling\n\n${benchGemm()}`,
  },
  { name: 'training', run: () => benchTraining() },
  { name: 'python', run: () => benchPython() },
  { name: 'conv', run: async () => `${benchConv()}\n\n### conv layers against tfjs\n\n${await benchConvPeers()}` },
  { name: 'csv', run: () => benchCsv() },
]

/** The V8 flag that gives Node 20 WebAssembly relaxed SIMD, for the fused multiply-add rows of the matmul section. */
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd'

/**
 * Runs the sections whose name contains one of `filters` (all of them when there are none) and prints them. When
 * the matmul section is chosen and this runtime lacks relaxed SIMD, runs itself again in a node started with
 * {@link RELAXED_FLAG} (and the same loaders, such as tsx's), so the GEMM table has its fused multiply-add rows;
 * `TENSORIAL_BENCH_NO_RESPAWN=1` stays in this process.
 */
export const main = async (filters: ReadonlyArray<string>): Promise<void> => {
  const chosen = sections.filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f)))
  if (
    chosen.some((s) => s.name === 'matmul') &&
    !relaxedSimdSupported() &&
    !process.execArgv.includes(RELAXED_FLAG) &&
    process.env['TENSORIAL_BENCH_NO_RESPAWN'] === undefined &&
    process.argv[1] !== undefined
  ) {
    const r = spawnSync(process.execPath, [...process.execArgv, RELAXED_FLAG, process.argv[1], ...filters], {
      stdio: 'inherit',
      env: { ...process.env, TENSORIAL_BENCH_NO_RESPAWN: '1' },
    })
    if (r.error === undefined && r.status !== null) process.exit(r.status)
    console.log(`(could not restart with ${RELAXED_FLAG}: ${r.error?.message ?? r.signal}; no fma rows)`)
  }
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
  const flags = process.execArgv.includes(RELAXED_FLAG) ? ` ${RELAXED_FLAG}` : ''
  console.log(`node ${process.version}${flags} ${process.arch}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`)
  console.log(`load average ${load}: other processes running make every number lower and noisier`)
  for (const s of chosen) {
    console.log(`\n## ${s.name}\n`)
    console.log(await s.run())
  }
}

// run only when executed (`npm run bench`), not when another script imports `sections` or `main`
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2))
