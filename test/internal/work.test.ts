import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { work } from '../../src/internal/work.js'
import { Csv } from 'tensorial'

/** Characters scanned plus characters copied per character of input, while `run` reads `text`. */
const workPerChar = async (text: string, run: () => Promise<E.Either<unknown, unknown>>): Promise<number> => {
  work.scanned = 0
  work.copied = 0
  const r = await run()
  expect(E.isRight(r), JSON.stringify(E.isLeft(r) ? String(r.left) : '')).toBe(true)
  return (work.scanned + work.copied) / text.length
}

/** `text` as an async iterable of `size`-character strings. */
async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
}

const spec = { features: 1, label: 'y', target: Csv.classes(2) } as const

describe('the CSV readers do work linear in the input', () => {
  // One 16 MB line (a padded cell) in 1 KiB chunks: before the fix, each chunk re-scanned the whole unfinished
  // line, about 8000 characters of work per character of input here (6 s for 8 MB in 4 KiB chunks).
  const long = `x,y\n1,${' '.repeat(16_000_000)}0\n`

  it('a 16 MB single line in 1 KiB chunks, from a stream', async () => {
    const ratio = await workPerChar(long, () => Csv.readCsvStream(chunks(long, 1024), spec)())
    expect(ratio).toBeLessThan(8)
  })

  it('the same line in 1 KiB byte chunks of a WHATWG stream', async () => {
    const bytes = new TextEncoder().encode(long)
    let at = 0
    const web = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= bytes.length) c.close()
        else c.enqueue(bytes.subarray(at, (at += 1024)))
      },
    })
    expect(await workPerChar(long, () => Csv.readCsvStream(web, spec)())).toBeLessThan(8)
  })

  it('the same line in one piece (decodeCsv)', async () => {
    expect(await workPerChar(long, async () => Csv.decodeCsv(long, spec))).toBeLessThan(8)
  })

  it('a 4 MB quoted cell in 1 KiB chunks (the path that splits a line into cells)', async () => {
    const quoted = `x,y\n1,"${' '.repeat(4_000_000)}1"\n`
    expect(await workPerChar(quoted, () => Csv.readCsvStream(chunks(quoted, 1024), spec)())).toBeLessThan(8)
  })

  it('a one-column file: the last cell is not searched for a delimiter past its line', async () => {
    // before the fix each row searched the rest of the text for a comma: quadratic in the row count
    const text = `y\n${'0\n1\n'.repeat(50_000)}`
    const one = { features: 0, label: 'y', target: Csv.classes(2) } as const
    expect(await workPerChar(text, async () => Csv.decodeCsv(text, one))).toBeLessThan(8)
    expect(await workPerChar(text, () => Csv.readCsvStream(chunks(text, 7), one)())).toBeLessThan(8)
  })

  it('any line lengths and any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        async (pads, size) => {
          const text = `x,y\n${pads.map((p, i) => `${i}${' '.repeat(p)},${i % 2}\n`).join('')}`
          expect(await workPerChar(text, () => Csv.readCsvStream(chunks(text, size), spec)())).toBeLessThan(8)
        },
      ),
      { numRuns: 40 },
    )
  })
})
