/**
 * Benchmark section `csv`: the incremental readers against `decodeCsv` on the same text, as ratios. Two inputs
 * of about 16 MB: one line of 16 M characters (a padded cell, the worst case for a reader that re-scans the
 * unfinished line: it was quadratic, 6 s for 8 MB in 4 KiB chunks) and 800 k ordinary rows; each in 1 KiB and
 * 64 KiB chunks, through `readCsvStream` (async iterable of strings, a Node `Readable` of bytes, a WHATWG
 * `ReadableStream` of bytes) and `readCsvFile`. Each time is the best of a few runs (wall clock and CPU time).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'

import { Csv } from 'tensorial'
import { readCsvFile } from '../src/node/index.js'

const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e3
}

/** The best wall-clock and CPU milliseconds of `reps` runs of `f`, which must resolve to a Right. */
const best = async (f: () => Promise<{ readonly _tag: string }>, reps = 3): Promise<[number, number]> => {
  let wall = Infinity
  let cpu = Infinity
  for (let r = 0; r < reps; r++) {
    const c0 = cpuMs()
    const t0 = performance.now()
    const out = await f()
    wall = Math.min(wall, performance.now() - t0)
    cpu = Math.min(cpu, cpuMs() - c0)
    if (out._tag !== 'Right') throw new Error(`bench-csv: a reader failed: ${JSON.stringify(out)}`)
  }
  return [wall, cpu]
}

const pieces = <A>(text: string, size: number, f: (s: string) => A): Array<A> => {
  const out: Array<A> = []
  for (let i = 0; i < text.length; i += size) out.push(f(text.slice(i, i + size)))
  return out
}

async function* strings(parts: ReadonlyArray<string>): AsyncGenerator<string> {
  yield* parts
}

const webStream = (parts: ReadonlyArray<Uint8Array>): ReadableStream<Uint8Array> => {
  let i = 0
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const p = parts[i++]
      if (p === undefined) c.close()
      else c.enqueue(p)
    },
  })
}

export const benchCsv = async (): Promise<string> => {
  const spec = { features: 1, label: 'y', target: Csv.classes(2) } as const
  const wide = { features: 6, label: 'y', target: Csv.classes(3) } as const
  const rows = Array.from({ length: 800_000 }, (_, i) => `${i % 97},0.${i % 1000},-1.5,2e-3,${i % 7},3.25,${i % 3}`)
  const inputs = [
    { name: 'one 16 MB line', text: `x,y\n1,${' '.repeat(16_000_000)}0\n`, spec },
    { name: '800 k rows (16 MB)', text: `a,b,c,d,e,f,y\n${rows.join('\n')}\n`, spec: wide },
  ]
  const dir = mkdtempSync(join(tmpdir(), 'tensorial-bench-csv-'))
  const lines: Array<string> = []
  const row = (cells: ReadonlyArray<string>) => lines.push(`| ${cells.join(' | ')} |`)
  row(['input', 'reader', 'chunks', 'ms (cpu ms)', '× decodeCsv'])
  row(['---', '---', '---', '---:', '---:'])
  try {
    for (const { name, text, spec: s } of inputs) {
      const [base, baseCpu] = await best(async () => Csv.decodeCsv(text, s))
      row([name, 'decodeCsv', 'one string', `${base.toFixed(0)} (${baseCpu.toFixed(0)})`, '1'])
      const file = join(dir, 'input.csv')
      writeFileSync(file, text)
      const readers: ReadonlyArray<[string, number, () => Promise<{ readonly _tag: string }>]> = [1024, 65536].flatMap(
        (size): ReadonlyArray<[string, number, () => Promise<{ readonly _tag: string }>]> => {
          const str = pieces(text, size, (p) => p)
          const bytes = pieces(text, size, (p) => Buffer.from(p))
          return [
            ['readCsvStream, strings', size, () => Csv.readCsvStream(strings(str), s)()],
            ['readCsvStream, Node Readable', size, () => Csv.readCsvStream(Readable.from(bytes), s)()],
            ['readCsvStream, WHATWG stream', size, () => Csv.readCsvStream(webStream(bytes), s)()],
          ]
        },
      )
      for (const [reader, size, run] of readers) {
        const [ms, cpu] = await best(run)
        row([name, reader, `${size / 1024} KiB`, `${ms.toFixed(0)} (${cpu.toFixed(0)})`, (ms / base).toFixed(1)])
      }
      const [ms, cpu] = await best(() => readCsvFile(file, s)())
      row([name, 'readCsvFile', '1 MiB reads', `${ms.toFixed(0)} (${cpu.toFixed(0)})`, (ms / base).toFixed(1)])
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return lines.join('\n')
}
