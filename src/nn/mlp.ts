/**
 * The multilayer perceptron in one call: `mlp(784, [128, 64, 10], relu, softmax)`.
 *
 * @since 0.2.0
 */
import { ShapeError } from '../core/errors.js'
import type { Activation } from './activation.js'
import type { Dense, DenseOptions, Width } from './layer.js'
import { denseLayer } from './layer.js'
import type { Network } from './network.js'
import type { DimOf } from '../core/shape.js'
import { dynamic } from '../core/shape.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type At<T, K> = K extends keyof T ? T[K] : never

/**
 * The dense layers of an MLP from `In` inputs through the widths `Ws`: layer `K` is
 * `Dense<previous width, Ws[K]>`, the previous width of layer 0 being `In`. One mapped type over the widths
 * (linear in their number), like `Chain`. `DenseChain<784, readonly [128, 10]>` is
 * `readonly [Dense<784, 128>, Dense<128, 10>]`; a `dynamic(n)` width stands for `number` (`DimOf`).
 *
 * @category model
 * @since 0.2.0
 */
export type DenseChain<In extends number, Ws extends ReadonlyArray<number>> = {
  readonly [K in keyof Ws]: Dense<DimOf<At<readonly [In, ...Ws], K> & number>, DimOf<Ws[K]>>
}

/**
 * The widths `Ws` when each is a usable width, else the offending element becomes the message
 * `mlp: width must be a positive integer, got 0`.
 *
 * @category model
 * @since 0.2.0
 */
export type Widths<Ws extends ReadonlyArray<number>> = { readonly [K in keyof Ws]: Width<Ws[K], 'mlp'> }

type LastOf<Ws> = Ws extends readonly [...ReadonlyArray<number>, infer O extends number] ? O : number

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A multilayer perceptron: dense layers from `inputs` features through `widths` (the last width is the number of
 * outputs), each hidden layer with the activation `hidden` and the last with `output`. It is the same network,
 * layer for layer (same initialisers, so the same Θ from the same seed), as the pipeline
 * `pipe(input(784), dense(128, relu), dense(64, relu), dense(10, softmax))`, and its type carries every width:
 * `mlp(784, [128, 64, 10], relu, softmax)` is a
 * `Network<readonly [Dense<784, 128>, Dense<128, 64>, Dense<64, 10>], 784, 10>`. `options` (initialisers)
 * apply to every layer. The widths are listed as in torchvision's `MLP(in_channels, hidden_channels)`. A width
 * that is not a positive integer is a compile error when it is a literal, and a thrown `ShapeError` when it is
 * read at run time (as for `input` and `dense`).
 *
 * @example
 * import { mlp, relu, softmax } from 'tensorial'
 * const net = mlp(4, [16, 3], relu, softmax)
 * assert.deepStrictEqual(net.layers.map((l) => [l.inputs, l.outputs]), [[4, 16], [16, 3]])
 *
 * @category network
 * @since 0.2.0
 */
export const mlp = <In extends number, const Ws extends readonly [number, ...ReadonlyArray<number>]>(
  inputs: Width<In, 'mlp'>,
  widths: Widths<Ws>,
  hidden: Activation,
  output: Activation,
  options?: DenseOptions,
): Network<DenseChain<In, Ws>, DimOf<In>, DimOf<LastOf<Ws>>> => {
  const ws = widths as unknown as Ws
  let prev = inputs as number
  const bad = (what: string, w: number): ShapeError =>
    new ShapeError('mlp', `${what} must be a positive integer, got ${w}`, [])
  if (!Number.isSafeInteger(prev) || prev < 1) throw bad('inputs', prev)
  ws.forEach((w, k) => {
    if (!Number.isSafeInteger(w) || w < 1) throw bad(`widths[${k}]`, w)
  })
  const layers = ws.map((w, k) => {
    const l = denseLayer(dynamic(prev), dynamic(w), k === ws.length - 1 ? output : hidden, options)
    prev = w
    return l
  })
  return {
    inputs: inputs as DimOf<In>,
    outputs: prev as DimOf<LastOf<Ws>>,
    layers: layers as unknown as DenseChain<In, Ws>,
  }
}
