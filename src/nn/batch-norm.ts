/**
 * Batch normalization over features (Ioffe & Szegedy), with PyTorch's conventions (`BatchNorm1d`).
 *
 * Per feature `j` of a batch `X: [B, N]`, in training:
 * `μ_j = (1/B) Σ_b x_bj`, `σ²_j = (1/B) Σ_b (x_bj − μ_j)²` (biased), `x̂ = (x − μ)/√(σ² + ε)`,
 * `Z = γ ⊙ x̂ + β`; the running statistics move by momentum `m`:
 * `running_mean ← (1 − m)·running_mean + m·μ`, `running_var ← (1 − m)·running_var + m·σ²·B/(B − 1)` (unbiased).
 * Backward, with `g = Δ ⊙ γ` and `s = 1/√(σ² + ε)`:
 * `∂C/∂γ = Σ_b Δ ⊙ x̂`, `∂C/∂β = Σ_b Δ`, `∂C/∂X = (s/B)·(B·g − Σ_b g − x̂ ⊙ Σ_b (g ⊙ x̂))`.
 *
 * In inference the running statistics stand in for the batch's: `Z = γ ⊙ (X − running_mean)/√(running_var + ε) + β`,
 * an affine map, whose backward is `∂C/∂γ = Σ_b Δ ⊙ x̂`, `∂C/∂β = Σ_b Δ`, `∂C/∂X = Δ ⊙ γ/√(running_var + ε)`.
 *
 * `γ` and `β` are trainable; `runningMean` and `runningVar` are state, listed in `nonTrainable`: their
 * gradients are zeros, optimizers leave them alone, and training writes their new values after each step.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'

import { identity } from './activation.js'
import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig, ShapeError } from '../core/errors.js'
import { isRecord, numberIn, positive } from '../internal/config.js'
import { make } from '../internal/make.js'
import type { AnyLayer, Layer, LayerGradients, TrainingForward, Width } from './layer.js'
import type { Network } from './network.js'
import { layer } from './network.js'
import type { Rng } from '../core/random.js'
import type { DimOf, Dynamic } from '../core/shape.js'
import type { Matrix, Vector } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The parameters of batch normalization over `N` features: trainable `gamma` (γ, initially 1) and `beta`
 * (β, initially 0), and the non-trainable state `runningMean` (initially 0) and `runningVar` (initially 1).
 *
 * @category model
 * @since 0.2.0
 */
export type BatchNormParams<N extends number> = {
  readonly gamma: Vector<N>
  readonly beta: Vector<N>
  readonly runningMean: Vector<N>
  readonly runningVar: Vector<N>
}

/**
 * The non-trainable state of batch normalization: the running mean and variance.
 *
 * @category model
 * @since 0.2.0
 */
export type BatchNormState<N extends number> = Pick<BatchNormParams<N>, 'runningMean' | 'runningVar'>

/**
 * A batch normalization layer `N → N`.
 *
 * @category model
 * @since 0.2.0
 */
export interface BatchNorm<N extends number> extends Layer<N, N, BatchNormParams<N>> {
  readonly kind: 'batchNorm'
  readonly momentum: number
  readonly epsilon: number
  readonly nonTrainable: readonly ['runningMean', 'runningVar']
  /** The training-mode forward on the batch's statistics (see the module doc); it draws nothing. */
  forwardTrain<B extends number>(
    params: BatchNormParams<N>,
    x: Matrix<B, N>,
    rng: Rng,
  ): TrainingForward<B, N, N, BatchNormParams<N>>
}

/**
 * Options of batch normalization: `momentum` `m` in `[0, 1]` (default 0.1, PyTorch's) and `epsilon` `ε`, a
 * finite number > 0 (default 1e-5).
 *
 * @category model
 * @since 0.2.0
 */
export interface BatchNormOptions {
  readonly momentum?: number
  readonly epsilon?: number
}

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * Checks batch-norm options read from a config: `momentum` in `[0, 1]`, `epsilon` a finite number > 0, no other
 * key. A `Left` names the field: `batchNorm.momentum: 2 is not allowed (expected a number in [0, 1])`.
 *
 * @category layers
 * @since 0.2.0
 */
export const validateBatchNormOptions = (
  options: unknown,
  path = 'batchNorm',
): E.Either<InvalidConfig, BatchNormOptions> => {
  if (options === undefined) return E.right({})
  if (!isRecord(options)) return E.left(invalidConfig(path, options, 'an object'))
  const extra = Object.keys(options).find((k) => k !== 'momentum' && k !== 'epsilon' && options[k] !== undefined)
  if (extra !== undefined) return E.left(invalidConfig(`${path}.${extra}`, options[extra], 'one of momentum, epsilon'))
  if (options.momentum !== undefined) {
    const m = numberIn(`${path}.momentum`, options.momentum, (x) => x >= 0 && x <= 1, 'a number in [0, 1]')
    if (E.isLeft(m)) return m
  }
  if (options.epsilon !== undefined) {
    const e = positive(`${path}.epsilon`, options.epsilon)
    if (E.isLeft(e)) return e
  }
  return E.right(options as BatchNormOptions)
}

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/** `Z = γ ⊙ (X − μ) ⊙ s + β` per feature with `s = 1/√(σ² + ε)`; also returns `x̂`. */
const normalise = (
  x: Float64Array | ArrayLike<number>,
  b: number,
  n: number,
  mean: ArrayLike<number>,
  inv: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
): { z: Float64Array; xhat: Float64Array } => {
  const z = new Float64Array(b * n)
  const xhat = new Float64Array(b * n)
  for (let r = 0; r < b; r++)
    for (let j = 0; j < n; j++) {
      const i = r * n + j
      const h = ((x[i] as number) - (mean[j] as number)) * (inv[j] as number)
      xhat[i] = h
      z[i] = (gamma[j] as number) * h + (beta[j] as number)
    }
  return { z, xhat }
}

/** `Σ_b Δ ⊙ x̂` and `Σ_b Δ`, per feature. */
const affineGrads = (
  d: ArrayLike<number>,
  xhat: ArrayLike<number>,
  b: number,
  n: number,
): { dgamma: Float64Array; dbeta: Float64Array } => {
  const dgamma = new Float64Array(n)
  const dbeta = new Float64Array(n)
  for (let r = 0; r < b; r++)
    for (let j = 0; j < n; j++) {
      const i = r * n + j
      dgamma[j] = (dgamma[j] as number) + (d[i] as number) * (xhat[i] as number)
      dbeta[j] = (dbeta[j] as number) + (d[i] as number)
    }
  return { dgamma, dbeta }
}

// -------------------------------------------------------------------------------------
// the layer
// -------------------------------------------------------------------------------------

/**
 * A batch normalization layer over `width` features, for `sequential`: `batchNormLayer(16)`,
 * `batchNormLayer(16, { momentum: 0.01 })`. Options out of range throw a `ShapeError` naming them (use
 * {@link validateBatchNormOptions} for an `Either`). See the module doc for the forward, backward and running
 * statistics. With a batch of one example the running variance is left as it is (its unbiased estimate
 * needs two); an empty batch changes nothing.
 *
 * @category layers
 * @since 0.2.0
 */
export const batchNormLayer = <N extends number>(
  width: Width<N, 'batchNormLayer'>,
  options: BatchNormOptions = {},
): BatchNorm<DimOf<N>> => {
  const n = width as DimOf<N>
  if (!Number.isSafeInteger(n) || n < 1)
    throw new ShapeError('batchNormLayer', `width must be a positive integer, got ${n}`, [])
  const ok = validateBatchNormOptions(options)
  if (E.isLeft(ok)) throw new ShapeError('batchNormLayer', ok.left.message, [])
  const momentum = options.momentum ?? 0.1
  const epsilon = options.epsilon ?? 1e-5
  const vec = (v: number): Vector<DimOf<N>> => make([n] as const, new Float64Array(n).fill(v))
  const zeros = (): Vector<DimOf<N>> => vec(0)
  type P = BatchNormParams<DimOf<N>>
  const invOf = (v: ArrayLike<number>): Float64Array => {
    const s = new Float64Array(n)
    for (let j = 0; j < n; j++) s[j] = 1 / Math.sqrt((v[j] as number) + epsilon)
    return s
  }
  const grads = (dgamma: Float64Array, dbeta: Float64Array): P => ({
    gamma: make([n] as const, dgamma),
    beta: make([n] as const, dbeta),
    runningMean: zeros(),
    runningVar: zeros(),
  })
  return {
    kind: 'batchNorm',
    momentum,
    epsilon,
    inputs: n,
    outputs: n,
    activation: identity,
    shapes: { gamma: [n] as const, beta: [n] as const, runningMean: [n] as const, runningVar: [n] as const },
    regularized: [],
    nonTrainable: ['runningMean', 'runningVar'] as const,
    spec: { kind: 'batchNorm', inputs: n, outputs: n, activation: identity.spec, momentum, epsilon },
    init: (rng) => [{ gamma: vec(1), beta: vec(0), runningMean: vec(0), runningVar: vec(1) }, rng],
    forward: <B extends number>(p: P, x: Matrix<B, DimOf<N>>): Matrix<B, DimOf<N>> => {
      const b = x.shape[0]
      const inv = invOf(p.runningVar.data)
      return make(x.shape, normalise(x.data, b, n, p.runningMean.data, inv, p.gamma.data, p.beta.data).z)
    },
    backward: <B extends number>(
      p: P,
      x: Matrix<B, DimOf<N>>,
      delta: Matrix<B, DimOf<N>>,
    ): LayerGradients<B, DimOf<N>, P> => {
      const b = x.shape[0]
      const inv = invOf(p.runningVar.data)
      const { xhat } = normalise(x.data, b, n, p.runningMean.data, inv, p.gamma.data, p.beta.data)
      const { dgamma, dbeta } = affineGrads(delta.data, xhat, b, n)
      return {
        grads: grads(dgamma, dbeta),
        dx: () => {
          const d = delta.data
          const out = new Float64Array(b * n)
          for (let r = 0; r < b; r++)
            for (let j = 0; j < n; j++) {
              const i = r * n + j
              out[i] = (d[i] as number) * (p.gamma.data[j] as number) * (inv[j] as number)
            }
          return make(x.shape, out)
        },
      }
    },
    forwardTrain: <B extends number>(
      p: P,
      x: Matrix<B, DimOf<N>>,
      rng: Rng,
    ): TrainingForward<B, DimOf<N>, DimOf<N>, P> => {
      const b = x.shape[0]
      const xs = x.data
      const mean = new Float64Array(n)
      const variance = new Float64Array(n)
      for (let r = 0; r < b; r++) for (let j = 0; j < n; j++) mean[j] = (mean[j] as number) + (xs[r * n + j] as number)
      for (let j = 0; j < n; j++) mean[j] = b === 0 ? 0 : (mean[j] as number) / b
      for (let r = 0; r < b; r++)
        for (let j = 0; j < n; j++) {
          const c = (xs[r * n + j] as number) - (mean[j] as number)
          variance[j] = (variance[j] as number) + c * c
        }
      for (let j = 0; j < n; j++) variance[j] = b === 0 ? 0 : (variance[j] as number) / b
      const inv = invOf(variance)
      const { z, xhat } = normalise(xs, b, n, mean, inv, p.gamma.data, p.beta.data)
      const rm = p.runningMean.data
      const rv = p.runningVar.data
      const newMean = new Float64Array(n)
      const newVar = new Float64Array(n)
      for (let j = 0; j < n; j++) {
        newMean[j] = b === 0 ? (rm[j] as number) : (1 - momentum) * (rm[j] as number) + momentum * (mean[j] as number)
        newVar[j] =
          b < 2
            ? (rv[j] as number)
            : (1 - momentum) * (rv[j] as number) + momentum * (((variance[j] as number) * b) / (b - 1))
      }
      return {
        z: make(x.shape, z),
        state: { runningMean: make([n] as const, newMean), runningVar: make([n] as const, newVar) },
        rng,
        backward: (delta) => {
          const d = delta.data
          const { dgamma, dbeta } = affineGrads(d, xhat, b, n)
          return {
            grads: grads(dgamma, dbeta),
            dx: () => {
              // g = Δ ⊙ γ; ∂C/∂X = (s/B)·(B·g − Σ_b g − x̂ ⊙ Σ_b g ⊙ x̂), and Σ_b g = γ ⊙ ∂C/∂β, Σ_b g ⊙ x̂ = γ ⊙ ∂C/∂γ
              const out = new Float64Array(b * n)
              for (let r = 0; r < b; r++)
                for (let j = 0; j < n; j++) {
                  const i = r * n + j
                  const gj = p.gamma.data[j] as number
                  const g = (d[i] as number) * gj
                  out[i] =
                    ((inv[j] as number) / b) *
                    (b * g - gj * (dbeta[j] as number) - (xhat[i] as number) * gj * (dgamma[j] as number))
                }
              return make(x.shape, out)
            },
          }
        },
      }
    },
  }
}

/**
 * A pipeline step appending batch normalization over the network's current output width:
 * `pipe(input(4), dense(16, relu), batchNorm(), dense(3, softmax))` (see {@link batchNormLayer}).
 *
 * @category network
 * @since 0.2.0
 */
export const batchNorm =
  (options: BatchNormOptions = {}) =>
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, PO extends number>(
    net: Network<Ls, In, PO>,
  ): Network<readonly [...Ls, BatchNorm<PO>], In, PO> => {
    const l = batchNormLayer(net.outputs as unknown as Dynamic, options) as unknown as BatchNorm<PO>
    return layer(l)(net as never) as unknown as Network<readonly [...Ls, BatchNorm<PO>], In, PO>
  }
