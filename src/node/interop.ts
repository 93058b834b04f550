/**
 * Node helpers for the interchange formats: write a network and its Θ as an ONNX model, a safetensors file
 * or a TensorFlow.js layers model (model.json and its weights file), and read ONNX / safetensors files into a
 * typed network. Each is a `TaskEither`: nothing happens until it is run, and a file-system failure is a
 * `Left` naming the path.
 *
 * @since 0.2.0
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'

import type { InvalidConfig } from '../core/errors.js'
import { DecodeError } from '../io/codec.js'
import * as Onnx from '../io/onnx.js'
import * as Safetensors from '../io/safetensors.js'
import * as Tfjs from '../io/tfjs.js'
import type { AnyLayer } from '../nn/layer.js'
import type { Network, Theta, ThetaFor } from '../nn/network.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A file that could not be written: its path and the system's reason.
 *
 * @category errors
 * @since 0.2.0
 */
export interface WriteError {
  readonly _tag: 'WriteError'
  readonly path: string
  readonly message: string
}

const writeError = (path: string, e: unknown): WriteError => ({
  _tag: 'WriteError',
  path,
  message: `cannot write ${JSON.stringify(path)}: ${e instanceof Error ? e.message : String(e)}`,
})

const save =
  <L>(encoded: E.Either<L, ReadonlyArray<readonly [string, Uint8Array | string]>>): TaskEither<L | WriteError, void> =>
  async () => {
    if (E.isLeft(encoded)) return encoded
    for (const [path, data] of encoded.right) {
      try {
        await writeFile(path, data)
      } catch (e) {
        return E.left(writeError(path, e))
      }
    }
    return E.right(undefined)
  }

const load =
  <A>(path: string, decode: (bytes: Uint8Array) => E.Either<DecodeError, A>): TaskEither<DecodeError, A> =>
  async () => {
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await readFile(path))
    } catch (e) {
      return E.left(new DecodeError([`cannot read ${JSON.stringify(path)}: ${(e as Error).message}`]))
    }
    return E.mapLeft((d: DecodeError) => new DecodeError(d.messages.map((m) => `${path}: ${m}`)))(decode(bytes))
  }

// -------------------------------------------------------------------------------------
// ONNX
// -------------------------------------------------------------------------------------

/**
 * Writes the ONNX model of a network and its Θ to `path` (see `Onnx.encode`).
 *
 * @example
 * await writeOnnx(net, theta, 'mnist.onnx')()            // Right(undefined)
 * @category ONNX
 * @since 0.2.0
 */
export const writeOnnx = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'writeOnnx', Ls, T>,
  path: string,
  options?: Onnx.EncodeOptions,
): TaskEither<Onnx.UnsupportedLayer | InvalidConfig | WriteError, void> =>
  save(E.map((b: Uint8Array) => [[path, b] as const])(Onnx.encode(net, theta as Theta<Ls>, options)))

/**
 * Θ from the ONNX model at `path`, checked against the typed network (see `Onnx.decode`); messages start with
 * the path.
 *
 * @category ONNX
 * @since 0.2.0
 */
export const readOnnx = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  path: string,
): TaskEither<DecodeError, Theta<Ls>> => load(path, (b) => Onnx.decode(net, b))

// -------------------------------------------------------------------------------------
// safetensors
// -------------------------------------------------------------------------------------

/**
 * Writes Θ as a safetensors file to `path` (see `Safetensors.encode`; `naming: 'torch'` for PyTorch).
 *
 * @category safetensors
 * @since 0.2.0
 */
export const writeSafetensors = <
  Ls extends ReadonlyArray<AnyLayer>,
  In extends number,
  Out extends number,
  T = Theta<Ls>,
>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'writeSafetensors', Ls, T>,
  path: string,
  options?: Safetensors.EncodeOptions,
): TaskEither<Onnx.UnsupportedLayer | InvalidConfig | WriteError, void> =>
  save(E.map((b: Uint8Array) => [[path, b] as const])(Safetensors.encode(net, theta as Theta<Ls>, options)))

/**
 * Θ from the safetensors file at `path`, checked against the typed network (see `Safetensors.decode`).
 *
 * @category safetensors
 * @since 0.2.0
 */
export const readSafetensors = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  path: string,
): TaskEither<DecodeError, Theta<Ls>> => load(path, (b) => Safetensors.decode(net, b))

// -------------------------------------------------------------------------------------
// TensorFlow.js
// -------------------------------------------------------------------------------------

/**
 * Writes a TensorFlow.js layers model into the directory `dir` (created if needed): `model.json` and the
 * weights file it names (`weights.bin` by default), which `tf.loadLayersModel('file://dir/model.json')`
 * (tfjs-node) or an http server reads.
 *
 * @category TensorFlow.js
 * @since 0.2.0
 */
export const writeTfjs = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'writeTfjs', Ls, T>,
  dir: string,
  options?: Tfjs.EncodeOptions,
): TaskEither<Onnx.UnsupportedLayer | InvalidConfig | WriteError, void> => {
  const encoded = Tfjs.encode(net, theta as Theta<Ls>, options)
  return async () => {
    try {
      await mkdir(dir, { recursive: true })
    } catch (e) {
      return E.left(writeError(dir, e))
    }
    return save(
      E.map((m: Tfjs.LayersModel) => [
        [join(dir, 'model.json'), `${JSON.stringify(m.modelJson)}\n`] as const,
        [join(dir, m.modelJson.weightsManifest[0]?.paths[0] ?? 'weights.bin'), m.weightData] as const,
      ])(encoded),
    )()
  }
}
