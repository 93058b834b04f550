import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'

import { FileError, readCsvFile } from '../../src/node/index.js'
import { Csv, toArray } from 'tensorial'

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

const irisSpec = {
  features: 4,
  label: 'species',
  target: Csv.classes(['setosa', 'versicolor', 'virginica']),
} as const

describe('readCsvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorial-csv-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads a file incrementally, with the same result as decodeCsv', async () => {
    const r = await readCsvFile(fixture('iris-sample.csv'), irisSpec)()
    if (E.isLeft(r)) return expect.fail(r.left.message)
    expect(r.right.x.shape).toEqual([15, 4])
    expect(toArray(r.right.y)[7]).toEqual([0, 1, 0])
  })

  it('reads a file larger than one read (1 MiB) with lines across the reads', async () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => `${i},${(i * 7) % 13},${i % 2}`)
    const path = join(dir, 'big.csv')
    const text = `a,b,y\n${rows.join('\n')}\n`
    writeFileSync(path, text)
    const spec = { features: 2, label: 'y', target: Csv.classes(2) } as const
    const r = await readCsvFile(path, spec)()
    const want = Csv.decodeCsv(text, spec)
    if (E.isLeft(r) || E.isLeft(want)) return expect.fail('expected two Rights')
    expect(r.right.x.shape).toEqual([120_000, 2])
    expect(r.right.x.data).toEqual(want.right.x.data)
    expect(r.right.y.data).toEqual(want.right.y.data)
  })

  it('names the row of a bad cell in a file (a DecodeError)', async () => {
    const r = await readCsvFile(fixture('bad-row.csv'), irisSpec)()
    expect(E.isLeft(r) && r.left._tag).toBe('DecodeError')
    expect(E.isLeft(r) && r.left.message).toBe('row 3, column "sepal_width": expected a number, got ""')
  })

  it('a missing file is a FileError naming it and its code', async () => {
    const path = fixture('nope.csv')
    const r = await readCsvFile(path, irisSpec)()
    if (E.isRight(r)) return expect.fail('expected a Left')
    expect(r.left).toBeInstanceOf(FileError)
    expect(r.left).toMatchObject({ _tag: 'FileError', path, operation: 'read', code: 'ENOENT' })
    expect(r.left.message).toMatch(/^cannot read ".*nope\.csv": ENOENT/)
  })

  it('a directory is a FileError too, never a rejection', async () => {
    const r = await readCsvFile(dir, irisSpec)()
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'FileError', code: 'EISDIR' })
  })
})
