/**
 * Activations `a = σ(z)`, each with its derivative. They are typed values, never strings: `dense(3, sigmoid)`.
 *
 * An activation acts on a batch `Z: [B, N]` (one example per row). `apply` gives `A = σ(Z)`; `backward` turns
 * the upstream gradient `G = ∂C/∂A` into `Δ = ∂C/∂Z`: `Δ = G ⊙ σ'(Z)` for the elementwise ones, the row-wise
 * Jacobian-vector product for softmax. Each one's loop is written out, so every call site stays monomorphic.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'

import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig } from '../core/errors.js'
import { finite, isRecord, noUnknownKeys, oneOf } from '../internal/config.js'
import { make } from '../internal/make.js'
import type { Tensor } from '../core/tensor.js'
import type { SameShape, Shape } from '../core/shape.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The serialisable description of an activation, as stored in model files.
 *
 * @category model
 * @since 0.1.0
 */
export type ActivationSpec =
  | { readonly name: 'identity' }
  | { readonly name: 'sigmoid' }
  | { readonly name: 'tanh' }
  | { readonly name: 'relu' }
  | { readonly name: 'leakyRelu'; readonly alpha: number }
  | { readonly name: 'elu'; readonly alpha: number }
  | { readonly name: 'softmax' }

/**
 * An activation function with its derivative.
 *
 * @category model
 * @since 0.1.0
 */
export interface Activation {
  readonly spec: ActivationSpec
  /** `A = σ(Z)`, row by row. */
  apply<B extends number, N extends number>(z: Tensor<readonly [B, N]>): Tensor<readonly [B, N]>
  /**
   * `Δ = ∂C/∂Z` from `G = ∂C/∂A`, given `Z` and `A = σ(Z)`. `Z` fixes `B` and `N`; an `A` or `G` of another
   * shape is reported against it: `activation.backward: gradient shape [3, 3] != input shape [2, 3]`.
   */
  backward<B extends number, N extends number, SA extends Shape, SG extends Shape>(
    z: Tensor<readonly [B, N]>,
    a: SameShape<'activation.backward: output != input', [B, N], [...SA], Tensor<SA>>,
    g: SameShape<'activation.backward: gradient != input', [B, N], [...SG], Tensor<SG>>,
  ): Tensor<readonly [B, N]>
  /** The scalar function, for elementwise activations (`undefined` for softmax). */
  readonly f?: (z: number) => number
  /** Its derivative `σ'(z)`, for elementwise activations (`undefined` for softmax). */
  readonly df?: (z: number) => number
}

/** An activation as the implementations below write it: `A` and `G` already of `Z`'s shape. */
interface ActivationImpl {
  readonly spec: ActivationSpec
  apply<B extends number, N extends number>(z: Tensor<readonly [B, N]>): Tensor<readonly [B, N]>
  backward<B extends number, N extends number>(
    z: Tensor<readonly [B, N]>,
    a: Tensor<readonly [B, N]>,
    g: Tensor<readonly [B, N]>,
  ): Tensor<readonly [B, N]>
  readonly f?: (z: number) => number
  readonly df?: (z: number) => number
}

/** The one cast: the checked `backward` signature admits exactly the operands of `Z`'s shape the impl takes. */
const activation = (impl: ActivationImpl): Activation => impl as unknown as Activation

type Buf = Float64Array
const raw = (t: Tensor<ReadonlyArray<number>>): Buf => t.data as unknown as Buf
const out = <B extends number, N extends number>(like: Tensor<readonly [B, N]>, data: Buf): Tensor<readonly [B, N]> =>
  make(like.shape, data)

// -------------------------------------------------------------------------------------
// activations
// -------------------------------------------------------------------------------------

/**
 * Identity `σ(z) = z`, `σ'(z) = 1`: linear output layers for regression.
 *
 * @category activations
 * @since 0.1.0
 */
export const identity: Activation = activation({
  spec: { name: 'identity' },
  f: (z) => z,
  df: () => 1,
  apply: (z) => z,
  backward: (_z, _a, g) => g,
})

/**
 * Logistic sigmoid `σ(z) = 1 / (1 + e^{−z})`, `σ'(z) = σ(z)(1 − σ(z))`. Computed as `e^{z} / (1 + e^{z})` for
 * `z < 0`, so no `exp` overflows for large `|z|`.
 *
 * @category activations
 * @since 0.1.0
 */
export const sigmoid: Activation = activation({
  spec: { name: 'sigmoid' },
  f: (z) => sigm(z),
  df: (z) => {
    const s = sigm(z)
    return s * (1 - s)
  },
  apply: (z) => {
    const x = raw(z)
    const r = new Float64Array(x.length)
    for (let i = 0; i < x.length; i++) r[i] = sigm(x[i] as number)
    return out(z, r)
  },
  backward: (z, a, g) => {
    const s = raw(a)
    const gs = raw(g)
    const r = new Float64Array(s.length)
    for (let i = 0; i < s.length; i++) {
      const si = s[i] as number
      r[i] = (gs[i] as number) * si * (1 - si)
    }
    return out(z, r)
  },
})

const sigm = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/**
 * Hyperbolic tangent `σ(z) = tanh z`, `σ'(z) = 1 − tanh² z`.
 *
 * @category activations
 * @since 0.1.0
 */
export const tanh: Activation = activation({
  spec: { name: 'tanh' },
  f: Math.tanh,
  df: (z) => {
    const t = Math.tanh(z)
    return 1 - t * t
  },
  apply: (z) => {
    const x = raw(z)
    const r = new Float64Array(x.length)
    for (let i = 0; i < x.length; i++) r[i] = Math.tanh(x[i] as number)
    return out(z, r)
  },
  backward: (z, a, g) => {
    const t = raw(a)
    const gs = raw(g)
    const r = new Float64Array(t.length)
    for (let i = 0; i < t.length; i++) {
      const ti = t[i] as number
      r[i] = (gs[i] as number) * (1 - ti * ti)
    }
    return out(z, r)
  },
})

/**
 * Rectified linear unit `σ(z) = max(0, z)`, `σ'(z) = 1` for `z > 0`, else 0 (0 at `z = 0`).
 *
 * @category activations
 * @since 0.1.0
 */
export const relu: Activation = activation({
  spec: { name: 'relu' },
  f: (z) => (z > 0 ? z : 0),
  df: (z) => (z > 0 ? 1 : 0),
  apply: (z) => {
    const x = raw(z)
    const r = new Float64Array(x.length)
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number
      r[i] = v > 0 ? v : 0
    }
    return out(z, r)
  },
  backward: (z, _a, g) => {
    const x = raw(z)
    const gs = raw(g)
    const r = new Float64Array(x.length)
    for (let i = 0; i < x.length; i++) r[i] = (x[i] as number) > 0 ? (gs[i] as number) : 0
    return out(z, r)
  },
})

/**
 * Leaky ReLU `σ(z) = z` for `z > 0`, else `αz`; `σ'(z) = 1` for `z > 0`, else `α` (default α = 0.01).
 *
 * @category activations
 * @since 0.1.0
 */
export const leakyRelu = (alpha = 0.01): Activation =>
  activation({
    spec: { name: 'leakyRelu', alpha },
    f: (z) => (z > 0 ? z : alpha * z),
    df: (z) => (z > 0 ? 1 : alpha),
    apply: (z) => {
      const x = raw(z)
      const r = new Float64Array(x.length)
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number
        r[i] = v > 0 ? v : alpha * v
      }
      return out(z, r)
    },
    backward: (z, _a, g) => {
      const x = raw(z)
      const gs = raw(g)
      const r = new Float64Array(x.length)
      for (let i = 0; i < x.length; i++) {
        const gi = gs[i] as number
        r[i] = (x[i] as number) > 0 ? gi : alpha * gi
      }
      return out(z, r)
    },
  })

/**
 * Exponential linear unit `σ(z) = z` for `z > 0`, else `α(e^z − 1)`; `σ'(z) = 1` for `z > 0`, else `αe^z`
 * (default α = 1).
 *
 * @category activations
 * @since 0.1.0
 */
export const elu = (alpha = 1): Activation =>
  activation({
    spec: { name: 'elu', alpha },
    f: (z) => (z > 0 ? z : alpha * Math.expm1(z)),
    df: (z) => (z > 0 ? 1 : alpha * Math.exp(z)),
    apply: (z) => {
      const x = raw(z)
      const r = new Float64Array(x.length)
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number
        r[i] = v > 0 ? v : alpha * Math.expm1(v)
      }
      return out(z, r)
    },
    backward: (z, _a, g) => {
      const x = raw(z)
      const gs = raw(g)
      const r = new Float64Array(x.length)
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number
        r[i] = v > 0 ? (gs[i] as number) : (gs[i] as number) * alpha * Math.exp(v)
      }
      return out(z, r)
    },
  })

/**
 * Softmax over each row, for classification output layers: `σ(z)_j = e^{z_j − m} / Σ_k e^{z_k − m}` with
 * `m = max_k z_k` (stable for any finite z). Its Jacobian is `∂σ_i/∂z_j = σ_i(δ_ij − σ_j)`, so
 * `Δ_i = σ_i (G_i − Σ_j σ_j G_j)`. Paired with `crossEntropy` the cost fuses it and `Δ = A − Y`.
 *
 * @category activations
 * @since 0.1.0
 */
export const softmax: Activation = activation({
  spec: { name: 'softmax' },
  apply: (z) => {
    const rows = z.shape[0]
    const n = z.shape[1]
    const x = raw(z)
    const r = new Float64Array(x.length)
    for (let i = 0; i < rows; i++) {
      const o = i * n
      let m = -Infinity
      for (let j = 0; j < n; j++) m = Math.max(m, x[o + j] as number)
      let s = 0
      for (let j = 0; j < n; j++) {
        const e = Math.exp((x[o + j] as number) - m)
        r[o + j] = e
        s += e
      }
      for (let j = 0; j < n; j++) r[o + j] = (r[o + j] as number) / s
    }
    return out(z, r)
  },
  backward: (z, a, g) => {
    const rows = z.shape[0]
    const n = z.shape[1]
    const s = raw(a)
    const gs = raw(g)
    const r = new Float64Array(s.length)
    for (let i = 0; i < rows; i++) {
      const o = i * n
      let dot = 0
      for (let j = 0; j < n; j++) dot += (s[o + j] as number) * (gs[o + j] as number)
      for (let j = 0; j < n; j++) r[o + j] = (s[o + j] as number) * ((gs[o + j] as number) - dot)
    }
    return out(z, r)
  },
})

/**
 * The names of the activations, as specs spell them.
 *
 * @category model
 * @since 0.2.0
 */
export const activationNames: ReadonlyArray<ActivationSpec['name']> = [
  'identity',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'softmax',
]

const plain: Readonly<Record<Exclude<ActivationSpec['name'], 'leakyRelu' | 'elu'>, Activation>> = {
  identity,
  sigmoid,
  tanh,
  relu,
  softmax,
}

/**
 * The activation a spec describes (for model files and configs read at run time): a `Left` of kind
 * `InvalidConfig` when the spec is not an object, its name is not one of {@link activationNames} (the message
 * lists them), `leakyRelu` or `elu` lacks a finite `alpha`, or it has another key. Fields are named from `path`
 * (default `activation`): `activation.alpha: NaN is not allowed (expected a finite number)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const activationFromSpec = (spec: unknown, path = 'activation'): E.Either<InvalidConfig, Activation> =>
  !isRecord(spec)
    ? E.left(invalidConfig(path, spec, 'an activation spec object with a name'))
    : E.chain((name: ActivationSpec['name']): E.Either<InvalidConfig, Activation> => {
        const what = `the ${name} activation`
        if (name !== 'leakyRelu' && name !== 'elu') return E.map(() => plain[name])(noUnknownKeys(path, spec, [], what))
        const keys = noUnknownKeys(path, spec, ['alpha'], what)
        if (E.isLeft(keys)) return keys
        return E.map((alpha: number) => (name === 'elu' ? elu(alpha) : leakyRelu(alpha)))(
          finite(`${path}.alpha`, spec.alpha),
        )
      })(oneOf(`${path}.name`, spec.name, activationNames))
