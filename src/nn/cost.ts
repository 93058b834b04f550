/**
 * Costs `C(a, y)` with their output error `δᴸ = ∂C/∂zᴸ`.
 *
 * Every cost here is **averaged over the batch** (the rows of `A` and `Y`): `C = (1/B) Σ_b c(a_b, y_b)`, so a
 * learning rate means the same for any batch size, and with `B = 1` each is exactly the per-example cost of
 * the lecture notes. Gradients are consistent with that: each carries the factor `1/B`.
 *
 * `delta(z, a, y, σ)` gives `δᴸ = σ'(zᴸ) ⊙ ∂C/∂aᴸ` in general (through `σ.backward`), and the simpler fused form
 * where the pair allows it: softmax with cross-entropy, and sigmoid with binary cross-entropy, give
 * `δᴸ = (a − y)/B`, and their values are computed from `z` by log-sum-exp, so they never take `log 0`.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'

import type { Activation } from './activation.js'
import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig } from '../core/errors.js'
import { isRecord, noUnknownKeys, oneOf } from '../internal/config.js'
import { make } from '../internal/make.js'
import type { SameShape, Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The serialisable description of a cost.
 *
 * @category model
 * @since 0.1.0
 */
export type CostSpec =
  | { readonly name: 'quadratic' }
  | { readonly name: 'mse' }
  | { readonly name: 'crossEntropy' }
  | { readonly name: 'binaryCrossEntropy' }

/**
 * A cost, averaged over the batch, with its output error.
 *
 * @category model
 * @since 0.1.0
 */
export interface Cost {
  readonly spec: CostSpec
  /**
   * `C`, given the output layer's `Z`, `A = σ(Z)` and the targets `Y`. `Z` fixes `B` and `N`; an `A` or `Y` of
   * another shape is reported against it: `cost.value: target shape [2, 4] != output shape [2, 3]`.
   */
  value<B extends number, N extends number, SA extends Shape, SY extends Shape>(
    z: Tensor<readonly [B, N]>,
    a: SameShape<'cost.value: activation != output', [B, N], [...SA], Tensor<SA>>,
    y: SameShape<'cost.value: target != output', [B, N], [...SY], Tensor<SY>>,
    activation: Activation,
  ): number
  /** `∂C/∂A` (`A` fixes `B` and `N`; a `Y` of another shape is reported against it). */
  gradient<B extends number, N extends number, SY extends Shape>(
    a: Tensor<readonly [B, N]>,
    y: SameShape<'cost.gradient: target != output', [B, N], [...SY], Tensor<SY>>,
  ): Tensor<readonly [B, N]>
  /** `δᴸ = ∂C/∂Z` (`Z` fixes `B` and `N`; an `A` or `Y` of another shape is reported against it). */
  delta<B extends number, N extends number, SA extends Shape, SY extends Shape>(
    z: Tensor<readonly [B, N]>,
    a: SameShape<'cost.delta: activation != output', [B, N], [...SA], Tensor<SA>>,
    y: SameShape<'cost.delta: target != output', [B, N], [...SY], Tensor<SY>>,
    activation: Activation,
  ): Tensor<readonly [B, N]>
}

/** A cost as the implementations below write it: `A` and `Y` already of `Z`'s shape. */
interface CostImpl {
  readonly spec: CostSpec
  value<B extends number, N extends number>(
    z: Tensor<readonly [B, N]>,
    a: Tensor<readonly [B, N]>,
    y: Tensor<readonly [B, N]>,
    activation: Activation,
  ): number
  gradient<B extends number, N extends number>(
    a: Tensor<readonly [B, N]>,
    y: Tensor<readonly [B, N]>,
  ): Tensor<readonly [B, N]>
  delta<B extends number, N extends number>(
    z: Tensor<readonly [B, N]>,
    a: Tensor<readonly [B, N]>,
    y: Tensor<readonly [B, N]>,
    activation: Activation,
  ): Tensor<readonly [B, N]>
}

/** The one cast: the checked signatures admit exactly the operands of `Z`'s shape the impl takes. */
const cost = (impl: CostImpl): Cost => impl as unknown as Cost

type Buf = Float64Array
const raw = (t: Tensor<ReadonlyArray<number>>): Buf => t.data as unknown as Buf

/** `(a − y)/B`: the fused output error of the matched pairs. */
const residual = <B extends number, N extends number>(
  a: Tensor<readonly [B, N]>,
  y: Tensor<readonly [B, N]>,
  k: number,
): Tensor<readonly [B, N]> => {
  const as = raw(a)
  const ys = raw(y)
  const r = new Float64Array(as.length)
  for (let i = 0; i < r.length; i++) r[i] = k * ((as[i] as number) - (ys[i] as number))
  return make(a.shape, r)
}

const rows = (t: Tensor<readonly [number, number]>): number => t.shape[0]

/** `Σ (a − y)²` over every entry. */
const squaredError = (a: Tensor<readonly [number, number]>, y: Tensor<readonly [number, number]>): number => {
  const as = raw(a)
  const ys = raw(y)
  let s = 0
  for (let i = 0; i < as.length; i++) {
    const d = (as[i] as number) - (ys[i] as number)
    s += d * d
  }
  return s
}

// -------------------------------------------------------------------------------------
// costs
// -------------------------------------------------------------------------------------

/**
 * The lecture notes' cost `C = ½ Σ_j (a_j − y_j)²`, averaged over the batch: `C = (1/2B) Σ_b Σ_j (a − y)²`.
 * `∂C/∂a = (a − y)/B`.
 *
 * @category costs
 * @since 0.1.0
 */
export const quadratic: Cost = cost({
  spec: { name: 'quadratic' },
  value: (_z, a, y) => (rows(a) === 0 ? 0 : squaredError(a, y) / (2 * rows(a))),
  gradient: (a, y) => residual(a, y, 1 / rows(a)),
  delta: (z, a, y, act) => act.backward(z, a, residual(a, y, 1 / rows(a))),
})

/**
 * Mean squared error over every entry, `C = (1/BN) Σ_b Σ_j (a − y)²`; `∂C/∂a = 2(a − y)/(BN)`.
 *
 * @category costs
 * @since 0.1.0
 */
export const mse: Cost = cost({
  spec: { name: 'mse' },
  value: (_z, a, y) => (a.data.length === 0 ? 0 : squaredError(a, y) / a.data.length),
  gradient: (a, y) => residual(a, y, a.data.length === 0 ? 0 : 2 / a.data.length),
  delta: (z, a, y, act) => act.backward(z, a, residual(a, y, a.data.length === 0 ? 0 : 2 / a.data.length)),
})

/**
 * Categorical cross-entropy `C = −(1/B) Σ_b Σ_j y_j log a_j`, for one-hot (or probability) targets.
 * `∂C/∂a_j = −y_j/(B a_j)`. With a softmax output it is fused: `C = (1/B) Σ_b (Σ_j y_j · lse(z) − Σ_j y_j z_j)`
 * with `lse(z) = m + log Σ_k e^{z_k − m}`, and `δ = (a Σ_j y_j − y)/B`, which is `(a − y)/B` for one-hot `y`.
 *
 * @category costs
 * @since 0.1.0
 */
export const crossEntropy: Cost = cost({
  spec: { name: 'crossEntropy' },
  value: (z, a, y, act) => {
    const b = a.shape[0]
    const n = a.shape[1]
    const ys = raw(y)
    let s = 0
    if (act.spec.name === 'softmax') {
      const zs = raw(z)
      for (let i = 0; i < b; i++) {
        const o = i * n
        let m = -Infinity
        for (let j = 0; j < n; j++) m = Math.max(m, zs[o + j] as number)
        let e = 0
        for (let j = 0; j < n; j++) e += Math.exp((zs[o + j] as number) - m)
        const lse = m + Math.log(e)
        for (let j = 0; j < n; j++) {
          const yj = ys[o + j] as number
          if (yj !== 0) s += yj * (lse - (zs[o + j] as number))
        }
      }
    } else {
      const as = raw(a)
      for (let i = 0; i < as.length; i++) {
        const yi = ys[i] as number
        if (yi !== 0) s -= yi * Math.log(as[i] as number)
      }
    }
    return b === 0 ? 0 : s / b
  },
  gradient: (a, y) => {
    const as = raw(a)
    const ys = raw(y)
    const k = 1 / rows(a)
    const r = new Float64Array(as.length)
    for (let i = 0; i < r.length; i++) {
      const yi = ys[i] as number
      r[i] = yi === 0 ? 0 : (-k * yi) / (as[i] as number)
    }
    return make(a.shape, r)
  },
  delta: (z, a, y, act) => {
    if (act.spec.name !== 'softmax') return act.backward(z, a, crossEntropy.gradient(a, y))
    const b = a.shape[0]
    const n = a.shape[1]
    const as = raw(a)
    const ys = raw(y)
    const r = new Float64Array(as.length)
    for (let i = 0; i < b; i++) {
      const o = i * n
      let t = 0
      for (let j = 0; j < n; j++) t += ys[o + j] as number
      for (let j = 0; j < n; j++) r[o + j] = ((as[o + j] as number) * t - (ys[o + j] as number)) / b
    }
    return make(a.shape, r)
  },
})

/**
 * Binary cross-entropy over independent outputs, `C = −(1/B) Σ_b Σ_j [y log a + (1 − y) log(1 − a)]`;
 * `∂C/∂a = (a − y)/(B a(1 − a))`. With a sigmoid output it is fused: per entry `max(z, 0) − zy + log(1 + e^{−|z|})`
 * and `δ = (a − y)/B`.
 *
 * @category costs
 * @since 0.1.0
 */
export const binaryCrossEntropy: Cost = cost({
  spec: { name: 'binaryCrossEntropy' },
  value: (z, a, y, act) => {
    const ys = raw(y)
    let s = 0
    if (act.spec.name === 'sigmoid') {
      const zs = raw(z)
      for (let i = 0; i < zs.length; i++) {
        const v = zs[i] as number
        s += Math.max(v, 0) - v * (ys[i] as number) + Math.log1p(Math.exp(-Math.abs(v)))
      }
    } else {
      const as = raw(a)
      for (let i = 0; i < as.length; i++) {
        const yi = ys[i] as number
        const ai = as[i] as number
        if (yi !== 0) s -= yi * Math.log(ai)
        if (yi !== 1) s -= (1 - yi) * Math.log(1 - ai)
      }
    }
    const b = rows(a)
    return b === 0 ? 0 : s / b
  },
  gradient: (a, y) => {
    const as = raw(a)
    const ys = raw(y)
    const k = 1 / rows(a)
    const r = new Float64Array(as.length)
    for (let i = 0; i < r.length; i++) {
      const ai = as[i] as number
      const yi = ys[i] as number
      // (a − y)/(a(1 − a)) written as (1 − y)/(1 − a) − y/a, each term only where its weight is non-zero, so
      // a = y ∈ {0, 1} gives the true limits ±1/B instead of 0/0.
      r[i] = k * ((yi !== 1 ? (1 - yi) / (1 - ai) : 0) - (yi !== 0 ? yi / ai : 0))
    }
    return make(a.shape, r)
  },
  delta: (z, a, y, act) =>
    act.spec.name === 'sigmoid' ? residual(a, y, 1 / rows(a)) : act.backward(z, a, binaryCrossEntropy.gradient(a, y)),
})

/**
 * The names of the costs, as specs spell them.
 *
 * @category model
 * @since 0.2.0
 */
export const costNames: ReadonlyArray<CostSpec['name']> = ['quadratic', 'mse', 'crossEntropy', 'binaryCrossEntropy']

const costs: Readonly<Record<CostSpec['name'], Cost>> = { quadratic, mse, crossEntropy, binaryCrossEntropy }

/**
 * The cost a spec describes (for model files and configs read at run time): a `Left` of kind `InvalidConfig`
 * when the spec is not an object, its name is not one of {@link costNames} (the message lists them) or it has a
 * key other than `name` (no cost takes options). Fields are named from `path` (default `cost`):
 * `cost.name: "hinge" is not allowed (expected one of quadratic, mse, crossEntropy, binaryCrossEntropy)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const costFromSpec = (spec: unknown, path = 'cost'): E.Either<InvalidConfig, Cost> =>
  !isRecord(spec)
    ? E.left(invalidConfig(path, spec, 'a cost spec object with a name'))
    : E.chain((name: CostSpec['name']) => E.map(() => costs[name])(noUnknownKeys(path, spec, [], `the ${name} cost`)))(
        oneOf(`${path}.name`, spec.name, costNames),
      )
