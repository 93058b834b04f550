/**
 * `npm run bench`: runs every benchmark section in turn and prints its table. A benchmark, never a test: it
 * asserts nothing and its numbers depend on the machine and its load.
 *
 * A section is a named function returning its report as text (or a promise of it); add one (for example a training benchmark against
 * tfjs and brain.js) by importing it and appending it to `sections`. `npm run bench -- matmul` runs only the
 * sections whose name contains one of the arguments.
 */
import { cpus, loadavg } from 'node:os'
import { pathToFileURL } from 'node:url'

import { benchCsv } from './bench-csv.js'
import { benchMatmul } from './bench-matmul.js'
import { benchTraining } from './bench-train.js'

/** A benchmark section: its title and the function that runs it and returns (or resolves to) its report. */
export interface Section {
  readonly name: string
  readonly run: () => string | Promise<string>
}

/** Every section, in the order they run. */
export const sections: ReadonlyArray<Section> = [
  { name: 'matmul', run: () => benchMatmul() },
  { name: 'training', run: () => benchTraining() },
  { name: 'csv', run: () => benchCsv() },
]

/** Runs the sections whose name contains one of `filters` (all of them when there are none) and prints them. */
export const main = async (filters: ReadonlyArray<string>): Promise<void> => {
  const chosen = sections.filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f)))
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
  console.log(`node ${process.version} ${process.arch}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`)
  console.log(`load average ${load}: other processes running make every number lower and noisier`)
  for (const s of chosen) {
    console.log(`\n## ${s.name}\n`)
    console.log(await s.run())
  }
}

// run only when executed (`npm run bench`), not when another script imports `sections` or `main`
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2))
