/**
 * CSV data sets from a file path, on Node (the format, the spec and the in-memory and stream readers are in
 * the root's `Csv` module, which runs in browsers too).
 *
 * @since 0.2.0
 */
import { open } from 'node:fs/promises'

import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'

import type { DecodeError } from '../io/codec.js'
import type { Column, CsvSpec } from '../io/csv.js'
import { readCsvStream } from '../io/csv.js'
import type { Dataset } from '../io/dataset.js'
import type { Dim } from '../core/shape.js'
import type { FileError } from './file.js'
import { fileError } from './file.js'

/**
 * Reads a CSV file incrementally, line by line in 1 MiB reads (see `Csv.readCsvStream` for the reading and
 * `Csv.decodeCsv` for the format), in time linear in the file's size. A file that cannot be opened or read is
 * a `FileError` naming it; a fault in its content is a `DecodeError` naming the row and column. The task can be
 * run again: each run reopens the file.
 *
 * @example
 * import { Csv } from 'tensorial'
 * import { readCsvFile } from 'tensorial/node'
 * const r = await readCsvFile('iris.csv', {
 *   features: 4, label: 'species', target: Csv.classes(['setosa', 'versicolor', 'virginica']),
 * })()
 *
 * @category decoding
 * @since 0.1.0
 */
export const readCsvFile =
  <F extends number, T extends number, const C extends ReadonlyArray<Column>, const R extends string = never>(
    path: string,
    spec: CsvSpec<F, T, C, R>,
  ): TaskEither<FileError | DecodeError, Dataset<F, T, Dim<R>>> =>
  async () => {
    let handle: Awaited<ReturnType<typeof open>>
    try {
      handle = await open(path, 'r')
    } catch (e) {
      return E.left(fileError(String(path), 'read', e))
    }
    const stream = handle.createReadStream({ highWaterMark: 1 << 20 })
    // a read that fails part-way is the file's fault, not the content's: keep it, end the input, and report it
    let failure: { readonly error: unknown } | undefined
    async function* guarded(): AsyncGenerator<unknown, void, undefined> {
      try {
        yield* stream
      } catch (error) {
        failure = { error }
      }
    }
    try {
      const r = await readCsvStream(guarded(), spec)()
      return failure === undefined ? r : E.left(fileError(String(path), 'read', failure.error))
    } finally {
      stream.destroy()
      await handle.close().then(undefined, () => undefined)
    }
  }
