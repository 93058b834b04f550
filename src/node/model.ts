/**
 * Model files by path, on Node: `saveModelFile` writes `Model.save`'s text, `loadModelFile` reads a file and
 * checks it with `Model.load` against the typed network definition.
 *
 * @since 0.2.0
 */
import { readFile, rename, unlink, writeFile } from 'node:fs/promises'

import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'

import type { EncodeError } from '../core/errors.js'
import type { DecodeError } from '../io/codec.js'
import type { Loaded } from '../io/model.js'
import { load, save } from '../io/model.js'
import type { Cost } from '../nn/cost.js'
import type { AnyLayer } from '../nn/layer.js'
import type { Network, Theta, ThetaFor } from '../nn/network.js'
import type { FileError } from './file.js'
import { fileError } from './file.js'

/**
 * Writes a model file (`Model.save`: the architecture, Θ and optionally the cost) to `path`, as UTF-8 JSON. It
 * writes a temporary file beside it and renames it into place, so a reader never sees half a file and a failed
 * write leaves an existing file as it was. A Θ with a non-finite entry is an `EncodeError` (nothing is written);
 * a path that cannot be written is a `FileError`; the task never rejects.
 *
 * @example
 * import { saveModelFile } from 'tensorial/node'
 * // const r = await saveModelFile(net, theta, 'xor.model.json', quadratic)()  // Right(undefined)
 *
 * @category encoding
 * @since 0.2.0
 */
export const saveModelFile =
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
    net: Network<Ls, In, Out>,
    theta: ThetaFor<'saveModelFile', Ls, T>,
    path: string,
    cost?: Cost,
  ): TaskEither<FileError | EncodeError, void> =>
  async () => {
    const saved = save(net, theta as Theta<Ls>, cost)
    if (E.isLeft(saved)) return saved
    const text = saved.right
    const temp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`
    try {
      await writeFile(temp, text, 'utf8')
      await rename(temp, path)
      return E.right(undefined)
    } catch (e) {
      await unlink(temp).then(undefined, () => undefined)
      return E.left(fileError(String(path), 'write', e))
    }
  }

/**
 * Reads the model file at `path` and checks it against the typed network definition (`Model.load`): the
 * result's Θ has the static type of `init(net)`. A file that cannot be read is a `FileError`; one that holds
 * another architecture, bad JSON or bad numbers is a `DecodeError` naming the place.
 *
 * @example
 * import { loadModelFile } from 'tensorial/node'
 * // const r = await loadModelFile(net, 'xor.model.json')()  // Right({ theta, cost })
 *
 * @category decoding
 * @since 0.2.0
 */
export const loadModelFile =
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
    net: Network<Ls, In, Out>,
    path: string,
  ): TaskEither<FileError | DecodeError, Loaded<Ls>> =>
  async () => {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (e) {
      return E.left(fileError(String(path), 'read', e))
    }
    return load(net, text)
  }
