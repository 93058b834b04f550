/**
 * Dropout (inverted): in training each feature of each example is kept with probability `1 − p` and scaled by
 * `1/(1 − p)`, so the expected output equals the input and inference is the identity.
 *
 * Training, with a mask `m_bj ~ Bernoulli(1 − p)` drawn from the threaded generator:
 * `Z = X ⊙ M / (1 − p)`, and `∂C/∂X = Δ ⊙ M / (1 − p)`. Inference: `Z = X`, `∂C/∂X = Δ`. No parameters.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'

import { identity } from './activation.js'
import type { InvalidConfig } from '../core/errors.js'
import { ShapeError } from '../core/errors.js'
import { unitOpen } from '../internal/config.js'
import { make } from '../internal/make.js'
import type { AnyLayer, Layer, LayerGradients, TrainingForward, Width } from './layer.js'
import type { Network } from './network.js'
import { layer } from './network.js'
import type { Rng } from '../core/random.js'
import { uniforms } from '../core/random.js'
import type { DimOf, Dynamic } from '../core/shape.js'
import type { Matrix } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The parameter set of a layer without parameters (dropout): no entry at all.
 *
 * @category model
 * @since 0.2.0
 */
export type NoParams = { readonly [name: string]: never }

/**
 * A dropout layer `N → N` with rate `p` (the probability of dropping a feature in training).
 *
 * @category model
 * @since 0.2.0
 */
export interface Dropout<N extends number> extends Layer<N, N, NoParams> {
  readonly kind: 'dropout'
  readonly rate: number
  /** The training-mode forward: a fresh mask from the generator (see {@link dropoutLayer}). */
  forwardTrain<B extends number>(params: NoParams, x: Matrix<B, N>, rng: Rng): TrainingForward<B, N, N, NoParams>
}

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * Checks a dropout rate read from a config: a number in `[0, 1)` (a rate of 1 would drop everything and
 * divide by 0). A `Left` names the field: `rate: 1 is not allowed (expected a number in [0, 1))`.
 *
 * @category layers
 * @since 0.2.0
 */
export const validateDropoutRate = (rate: unknown, path = 'rate'): E.Either<InvalidConfig, number> =>
  unitOpen(path, rate)

const checkRate = (op: string, rate: number): void => {
  if (E.isLeft(validateDropoutRate(rate)))
    throw new ShapeError(op, `rate must be a number in [0, 1), got ${String(rate)}`, [])
}

// -------------------------------------------------------------------------------------
// the layer
// -------------------------------------------------------------------------------------

const inferenceBackward = <B extends number, N extends number>(
  _p: NoParams,
  _x: Matrix<B, N>,
  delta: Matrix<B, N>,
): LayerGradients<B, N, NoParams> => ({ grads: {}, dx: () => delta })

/**
 * A dropout layer of `width` features with rate `p = rate` in `[0, 1)`, for `sequential`:
 * `dropoutLayer(16, 0.2)`. A rate outside `[0, 1)` (or `NaN`) throws a `ShapeError` naming it; use
 * {@link validateDropoutRate} to check a rate from a config as an `Either`.
 *
 * Training: `Z = X ⊙ M / (1 − p)` with `m_bj = 1` when a uniform draw `u_bj ≥ p` (one draw per entry, row by
 * row), else 0; `∂C/∂X = Δ ⊙ M / (1 − p)`. Inference: `Z = X`, `∂C/∂X = Δ`. A rate of 0 draws nothing.
 *
 * @category layers
 * @since 0.2.0
 */
export const dropoutLayer = <N extends number>(width: Width<N, 'dropoutLayer'>, rate: number): Dropout<DimOf<N>> => {
  const n = width as DimOf<N>
  if (!Number.isSafeInteger(n) || n < 1)
    throw new ShapeError('dropoutLayer', `width must be a positive integer, got ${n}`, [])
  checkRate('dropoutLayer', rate)
  const scale = 1 / (1 - rate)
  return {
    kind: 'dropout',
    rate,
    inputs: n,
    outputs: n,
    activation: identity,
    shapes: {},
    regularized: [],
    spec: { kind: 'dropout', inputs: n, outputs: n, activation: identity.spec, rate },
    init: (rng) => [{}, rng],
    forward: (_p, x) => x,
    backward: inferenceBackward,
    forwardTrain: (_p, x, rng) => {
      if (rate === 0) return { z: x, state: {}, rng, backward: (delta) => ({ grads: {}, dx: () => delta }) }
      const [u, next] = uniforms(x.data.length)(rng)
      const mask = new Float64Array(u.length)
      const z = new Float64Array(u.length)
      const xs = x.data
      for (let i = 0; i < u.length; i++) {
        const m = (u[i] as number) >= rate ? scale : 0
        mask[i] = m
        z[i] = (xs[i] as number) * m
      }
      return {
        z: make(x.shape, z),
        state: {},
        rng: next,
        backward: (delta) => ({
          grads: {},
          dx: () => {
            const d = delta.data
            const out = new Float64Array(d.length)
            for (let i = 0; i < d.length; i++) out[i] = (d[i] as number) * (mask[i] as number)
            return make(delta.shape, out) as typeof x
          },
        }),
      }
    },
  }
}

/**
 * A pipeline step appending dropout with rate `p` in `[0, 1)` over the network's current output width:
 * `pipe(input(4), dense(16, relu), dropout(0.2), dense(3, softmax))`. Active in training only (see
 * {@link dropoutLayer}); a rate outside `[0, 1)` throws a `ShapeError`.
 *
 * @category network
 * @since 0.2.0
 */
export const dropout =
  (rate: number) =>
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, PO extends number>(
    net: Network<Ls, In, PO>,
  ): Network<readonly [...Ls, Dropout<PO>], In, PO> => {
    checkRate('dropout', rate)
    const l = dropoutLayer(net.outputs as unknown as Dynamic, rate) as unknown as Dropout<PO>
    return layer(l)(net as never) as unknown as Network<readonly [...Ls, Dropout<PO>], In, PO>
  }
