/**
 * Backpropagation as a fold over the reversed layers, the gradient set `G`, and the update step.
 *
 * From the lecture notes, batched (one example per row):
 * - output error `Δᴸ = σ'(Zᴸ) ⊙ ∂C/∂Aᴸ` (from the cost; `A − Y` for the fused pairs),
 * - recursion `Δˡ = (Δˡ⁺¹ (Wˡ⁺¹)ᵀ) ⊙ σ'(Zˡ)`,
 * - gradients `∂C/∂Wˡ = (Aˡ⁻¹)ᵀ Δˡ` (per example `aˡ⁻¹ ⊗ δˡ`) and `∂C/∂bˡ = Σ_batch Δˡ`,
 * - update `Wˡ ← Wˡ − η ∂C/∂Wˡ`, `bˡ ← bˡ − η ∂C/∂bˡ`.
 *
 * The per-layer step `backStep` is generic in the batch and both widths and fully dimension-checked. The fold
 * (`reduceRight`) crosses layers of different widths, which no tuple type can follow element by element at
 * run time, so it runs on `Matrix<B, number>` and casts once, at the end, to `Gradients<Ls>`.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import type { State } from 'fp-ts/lib/State.js'

import type { Activation } from './activation.js'
import type { Cost } from './cost.js'
import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig, ShapeError } from '../core/errors.js'
import { isRecord, nonNegative, oneOf } from '../internal/config.js'
import { make } from '../internal/make.js'
import type { AnyLayer, Layer, LayerGradients, ParamSet } from './layer.js'
import type { AnyNetwork, Gradients, InputBatch, Network, Theta, ThetaFor, Trace, TrainingTrace } from './network.js'
import { forward, forwardTraining } from './network.js'
import type { Rng } from '../core/random.js'
import type { Shape } from '../core/shape.js'
import { showShape } from '../core/shape.js'
import type { Matrix, Tensor } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// the step and the fold
// -------------------------------------------------------------------------------------

/**
 * One step of the recursion for layer `l`, generic and dimension-checked: the layer's parameter gradients from
 * `Δˡ: [B, Out]` and its input `Aˡ⁻¹: [B, In]`, and, when layer `l − 1` exists (its `Zˡ⁻¹`, `Aˡ⁻¹` and `σ`
 * given), `Δˡ⁻¹ = (Δˡ (Wˡ)ᵀ) ⊙ σ'(Zˡ⁻¹): [B, In]`.
 *
 * @category backprop
 * @since 0.1.0
 */
export const backStep = <B extends number, In extends number, Out extends number, P extends ParamSet>(
  layer: Layer<In, Out, P>,
  params: NoInfer<P>,
  aPrev: Matrix<B, NoInfer<In>>,
  delta: Matrix<NoInfer<B>, NoInfer<Out>>,
  prev?: { readonly z: Matrix<B, In>; readonly activation: Activation },
): { readonly grads: P; readonly deltaPrev: Matrix<B, In> | undefined } => {
  const { grads, dx } = layer.backward(params, aPrev, delta)
  return { grads, deltaPrev: prev === undefined ? undefined : prev.activation.backward(prev.z, aPrev, dx()) }
}

/** One step of the recursion through the backward of a training-mode pass (it closes over the pass). */
const passStep = <B extends number>(
  back: (delta: Matrix<B, number>) => LayerGradients<B, number, ParamSet>,
  aPrev: Matrix<B, number>,
  delta: Matrix<B, number>,
  prev: { readonly z: Matrix<B, number>; readonly activation: Activation } | undefined,
): { readonly grads: ParamSet; readonly deltaPrev: Matrix<B, number> | undefined } => {
  const { grads, dx } = back(delta)
  return { grads, deltaPrev: prev === undefined ? undefined : prev.activation.backward(prev.z, aPrev, dx()) }
}

/**
 * The gradient set from a forward trace and the output error `Δᴸ = ∂C/∂Zᴸ`: a fold over the reversed layers.
 * The result is index-aligned with the layers (`G[l]` belongs to layer `l`), mirroring Θ. From a
 * {@link TrainingTrace} (of `forwardTraining`) the layers that ran a training-mode forward take the backward of
 * that pass; from a plain trace, every layer's (inference-mode) `backward`. Non-trainable entries get zeros.
 *
 * @category backprop
 * @since 0.1.0
 */
export const backward = <
  Ls extends ReadonlyArray<AnyLayer>,
  In extends number,
  Out extends number,
  B extends number,
  const T = Theta<Ls>,
>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'backward', Ls, T>,
  trace: Trace<NoInfer<Ls>, B, NoInfer<In>, NoInfer<Out>>,
  deltaL: Matrix<NoInfer<B>, NoInfer<Out>>,
): Gradients<Ls> => {
  const ps = theta as ReadonlyArray<ParamSet>
  const steps = trace.layers as ReadonlyArray<{ readonly z: Matrix<B, number>; readonly a: Matrix<B, number> }>
  const layers: ReadonlyArray<AnyLayer> = net.layers
  // A training-mode trace brings the backward of each layer's training-mode pass (dropout, batch norm).
  const backs = (trace as Partial<TrainingTrace<Ls, B, In, Out>>).backs as
    ReadonlyArray<((delta: Matrix<B, number>) => LayerGradients<B, number, ParamSet>) | undefined> | undefined
  const folded = layers.reduceRight<{ readonly delta: Matrix<B, number>; readonly grads: ReadonlyArray<ParamSet> }>(
    (acc, layer, l) => {
      const below = l > 0 ? (steps[l - 1] as { z: Matrix<B, number>; a: Matrix<B, number> }) : undefined
      const aPrev = below === undefined ? trace.input : below.a
      const prevLayer = layers[l - 1]
      const prev =
        below === undefined || prevLayer === undefined ? undefined : { z: below.z, activation: prevLayer.activation }
      const back = backs?.[l]
      const step =
        back === undefined
          ? backStep(layer, ps[l] as ParamSet, aPrev, acc.delta, prev)
          : passStep(back, aPrev, acc.delta, prev)
      return { delta: step.deltaPrev ?? acc.delta, grads: [step.grads, ...acc.grads] }
    },
    { delta: deltaL, grads: [] },
  )
  // The one cast: the fold has produced one ParamSet per layer, in layer order.
  return folded.grads as unknown as Gradients<Ls>
}

type Dyn<X extends number> = number extends X ? 'number' : `${X}`

type TargetRows<Op extends string, B extends number, YB extends number, YC extends number> = [YB] extends [B]
  ? Matrix<YB, YC>
  : number extends B
    ? Matrix<YB, YC>
    : number extends YB
      ? Matrix<YB, YC>
      : `${Op}: the targets have ${Dyn<YB>} rows but the input batch has ${Dyn<B>}`

/**
 * The targets `Y: [B, Out]` of a batch: as many rows as the input batch and one column per network output (a
 * one-hot of as many classes as the network has outputs), else the message
 * `gradients: target width 3 != network output 1` (or `gradients: the targets have 5 rows but the input batch
 * has 4`). In generic code it is printed as itself.
 *
 * @category model
 * @since 0.2.0
 */
export type TargetBatch<
  Op extends string,
  Out extends number,
  B extends number,
  YB extends number,
  YC extends number,
> = [YC] extends [Out]
  ? TargetRows<Op, B, YB, YC>
  : number extends Out
    ? TargetRows<Op, B, YB, YC>
    : number extends YC
      ? TargetRows<Op, B, YB, YC>
      : `${Op}: target width ${Dyn<YC>} != network output ${Dyn<Out>}`

/**
 * How a batch's per-example costs are combined: `'mean'` (the default) averages them, so a learning rate means
 * the same for every batch size; `'sum'` adds them (the cost and every gradient are `B` times the mean's).
 *
 * @category model
 * @since 0.2.0
 */
export type Reduction = 'mean' | 'sum'

/**
 * Options of `gradients`: the L2 strength `l2 = α` and the batch `reduction`. With the per-example costs `c_b`
 * of a batch of `B` examples and `R = 1/B` (`'mean'`) or `R = 1` (`'sum'`):
 *
 * - `C = R · (Σ_b c_b + (α/2) Σ_l ‖Wˡ‖²)`,
 * - `∂C/∂Wˡ = R · (Σ_b ∂c_b/∂Wˡ + α Wˡ)` and `∂C/∂bˡ = R · Σ_b ∂c_b/∂bˡ`:
 *
 * the penalty is added once per batch with the batch's own weight, so under `'mean'` it is scikit-learn's MLP
 * `alpha` (`loss + ½α Σ‖W‖²/B`, gradient `(AᵀΔ + αW)/B`). Only the parameters a layer lists as `regularized`
 * (a dense layer's `W`, never its `b`) are penalised. An empty batch (`B = 0`) has `C = 0` and zero gradients
 * under `'mean'`.
 *
 * @category model
 * @since 0.1.0
 */
export interface GradientOptions {
  /** `α`: a finite number ≥ 0 (default 0, no penalty). */
  readonly l2?: number
  /** `'mean'` (default) or `'sum'`. */
  readonly reduction?: Reduction
}

/**
 * Checks gradient options read from a config: `l2` a finite number ≥ 0, `reduction` `'mean'` or `'sum'`, no
 * other key; absent (or `undefined`) options are fine. A `Left` names the field from `prefix` (default none:
 * `l2: -1 is not allowed (expected a finite number ≥ 0)`). The training loop calls it with its config's `l2` and
 * `reduction`.
 *
 * @category backprop
 * @since 0.2.0
 */
export const validateGradientOptions = (options: unknown, prefix = ''): E.Either<InvalidConfig, GradientOptions> => {
  if (!isRecord(options)) return E.left(invalidConfig(prefix === '' ? 'options' : prefix, options, 'an object'))
  const at = (k: string) => (prefix === '' ? k : `${prefix}.${k}`)
  const o = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  const extra = Object.keys(o).find((k) => k !== 'l2' && k !== 'reduction')
  if (extra !== undefined)
    return E.left(invalidConfig(at(extra), o[extra], 'one of the gradient options l2, reduction'))
  if (o.l2 !== undefined) {
    const l2 = nonNegative(at('l2'), o.l2)
    if (E.isLeft(l2)) return l2
  }
  if (o.reduction !== undefined) {
    const r = oneOf(at('reduction'), o.reduction, reductions)
    if (E.isLeft(r)) return r
  }
  return E.right(o as GradientOptions)
}

const reductions: ReadonlyArray<Reduction> = ['mean', 'sum']

/**
 * The cost of a batch and its gradient set: forward, `Δᴸ` from the cost, backward; with `options`, the L2
 * penalty and the batch reduction as {@link GradientOptions} states them.
 *
 * @category backprop
 * @since 0.1.0
 */
export const gradients = <
  Ls extends ReadonlyArray<AnyLayer>,
  In extends number,
  Out extends number,
  B extends number,
  F extends number,
  YB extends number,
  YC extends number,
  const T = Theta<Ls>,
>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'gradients', Ls, T>,
  x: InputBatch<'gradients', In, B, F>,
  y: TargetBatch<'gradients', Out, B, YB, YC>,
  cost: Cost,
  options: GradientOptions = {},
): { readonly cost: number; readonly grads: Gradients<Ls>; readonly trace: Trace<Ls, B, In, Out> } =>
  gradientsOf(net, theta as Theta<Ls>, x as unknown as Matrix<B, In>, y, cost, options, (X) =>
    forward(net, theta as Theta<Ls>, X),
  )

/**
 * {@link gradients} in training mode, as a `State<Rng, …>`: the forward pass is {@link forwardTraining} (dropout
 * active with masks drawn from the generator, batch norm on the batch's statistics), backward goes through the
 * same passes, and `theta` is Θ with the new running statistics (the trainable entries unchanged: the optimizer
 * step is the caller's). For a network of dense layers it equals `gradients` bit for bit and leaves the
 * generator as it is.
 *
 * @category backprop
 * @since 0.2.0
 */
export const trainingGradients =
  <
    Ls extends ReadonlyArray<AnyLayer>,
    In extends number,
    Out extends number,
    B extends number,
    F extends number,
    YB extends number,
    YC extends number,
    const T = Theta<Ls>,
  >(
    net: Network<Ls, In, Out>,
    theta: ThetaFor<'trainingGradients', Ls, T>,
    x: InputBatch<'trainingGradients', In, B, F>,
    y: TargetBatch<'trainingGradients', Out, B, YB, YC>,
    cost: Cost,
    options: GradientOptions = {},
  ): State<
    Rng,
    {
      readonly cost: number
      readonly grads: Gradients<Ls>
      readonly trace: TrainingTrace<Ls, B, In, Out>
      readonly theta: Theta<Ls>
    }
  > =>
  (rng) => {
    let next = rng
    const r = gradientsOf(net, theta as Theta<Ls>, x as unknown as Matrix<B, In>, y, cost, options, (X) => {
      const [tr, r1] = forwardTraining(net, theta as Theta<Ls>, X)(rng)
      next = r1
      return tr
    })
    return [{ ...r, theta: r.trace.theta }, next]
  }

const gradientsOf = <
  Ls extends ReadonlyArray<AnyLayer>,
  In extends number,
  Out extends number,
  B extends number,
  Tr extends Trace<Ls, B, In, Out>,
>(
  net: Network<Ls, In, Out>,
  theta: Theta<Ls>,
  x: Matrix<B, In>,
  y: unknown,
  cost: Cost,
  options: GradientOptions,
  run: (x: Matrix<B, In>) => Tr,
): { readonly cost: number; readonly grads: Gradients<Ls>; readonly trace: Tr } => {
  const trace = run(x)
  const X = x
  const Y = y as Matrix<B, Out>
  if (Y.shape[0] !== X.shape[0] || Y.shape[1] !== net.outputs)
    throw new ShapeError(
      'gradients',
      `targets ${showShape(Y.shape)} do not fit outputs [${X.shape[0]}, ${net.outputs}]`,
      [X.shape, Y.shape],
    )
  const last = net.layers.length - 1
  const top = (trace.layers as ReadonlyArray<{ z: Matrix<B, Out>; a: Matrix<B, Out> }>)[last]
  const outAct = (net.layers[last] as AnyLayer).activation
  if (top === undefined) {
    return { cost: 0, grads: [] as unknown as Gradients<Ls>, trace }
  }
  // The costs average over the batch; the sum is B times that.
  const b = X.shape[0]
  const sum = options.reduction === 'sum'
  const mean = cost.value(top.z, top.a, Y, outAct)
  const value = sum ? mean * b : mean
  const deltaMean = cost.delta(top.z, top.a, Y, outAct)
  const deltaL = sum ? (axpy(b, deltaMean, 0) as Matrix<B, Out>) : deltaMean
  const grads = backward(net, theta, trace, deltaL)
  const alpha = options.l2 ?? 0
  if (alpha === 0 || (!sum && b === 0)) return { cost: value, grads, trace }
  const r = sum ? 1 : 1 / b
  return {
    cost: value + r * l2Penalty(net, theta, alpha),
    grads: addL2(net, theta, grads, r * alpha),
    trace,
  }
}

/**
 * The L2 penalty `(α/2) Σ_l ‖Wˡ‖²` over every layer's regularised parameters, unscaled: `gradients` adds it
 * times `R` (`1/B` under the default `'mean'` reduction, see {@link GradientOptions}).
 *
 * @category backprop
 * @since 0.1.0
 */
export const l2Penalty = <Ls extends ReadonlyArray<AnyLayer>>(
  net: Network<Ls, number, number>,
  theta: Theta<Ls>,
  lambda: number,
): number => {
  let s = 0
  net.layers.forEach((l, i) => {
    for (const name of l.regularized) {
      const w = ((theta as ReadonlyArray<ParamSet>)[i] as ParamSet)[name] as Tensor<Shape>
      for (let k = 0; k < w.data.length; k++) s += (w.data[k] as number) ** 2
    }
  })
  return (lambda / 2) * s
}

const addL2 = <Ls extends ReadonlyArray<AnyLayer>>(
  net: Network<Ls, number, number>,
  theta: Theta<Ls>,
  grads: Gradients<Ls>,
  lambda: number,
): Gradients<Ls> =>
  (grads as ReadonlyArray<ParamSet>).map((g, i) => {
    const layer = net.layers[i] as AnyLayer
    const p = (theta as ReadonlyArray<ParamSet>)[i] as ParamSet
    return Object.fromEntries(
      Object.entries(g).map(([k, t]) => [
        k,
        layer.regularized.includes(k) ? axpy(1, t, lambda, p[k] as Tensor<Shape>) : t,
      ]),
    )
  }) as unknown as Gradients<Ls>

/** `αx + βy`, fresh; `αx` when `y` is absent (not `αx + 0·x`, which would turn ±∞ into NaN). */
const axpy = (alpha: number, x: Tensor<Shape>, beta: number, y?: Tensor<Shape>): Tensor<Shape> => {
  const xs = x.data as unknown as Float64Array
  const r = new Float64Array(xs.length)
  if (y === undefined) for (let i = 0; i < r.length; i++) r[i] = alpha * (xs[i] as number)
  else {
    const ys = y.data as unknown as Float64Array
    for (let i = 0; i < r.length; i++) r[i] = alpha * (xs[i] as number) + beta * (ys[i] as number)
  }
  return make(x.shape, r)
}

// -------------------------------------------------------------------------------------
// the gradient set and the update
// -------------------------------------------------------------------------------------

/**
 * A gradient set `G` that belongs to the network whose parameter set has type `Ps` (the same layers with the
 * same shapes), else a message. Gradient sets and parameter sets share one type, `Theta<Ls>`, so the check is
 * on the tuples themselves and needs no network argument.
 *
 * @category model
 * @since 0.1.0
 */
export type GradientsFor<Ps extends ReadonlyArray<ParamSet>, G> = [G] extends [Ps]
  ? G
  : 'update: the gradient set belongs to another network (its layer shapes differ)'

/** `αA + βB` entry by entry over two aligned parameter sets (`B` absent: `αA`), fresh. One tight loop per tensor. */
const combine = <Ps extends ReadonlyArray<ParamSet>>(
  alpha: number,
  a: ReadonlyArray<ParamSet>,
  beta: number,
  b?: ReadonlyArray<ParamSet>,
): Ps =>
  a.map((p, l) => {
    const out: Record<string, Tensor<Shape>> = {}
    for (const k of Object.keys(p)) {
      const t = p[k] as Tensor<Shape>
      out[k] = axpy(alpha, t, beta, b === undefined ? undefined : ((b[l] as ParamSet)[k] as Tensor<Shape>))
    }
    return out
  }) as unknown as Ps

/**
 * The plain gradient-descent update `θ ← θ − η g`, pure: a new Θ. Only a gradient set of the same network
 * applies; one of another architecture is a compile error.
 *
 * @category backprop
 * @since 0.1.0
 */
export const update = <const Ps extends ReadonlyArray<ParamSet>, const G>(
  theta: Ps,
  grads: GradientsFor<Ps, G>,
  eta: number,
): Ps => {
  checkAligned('update', theta, grads as ReadonlyArray<ParamSet>)
  return combine<Ps>(1, theta, -eta, grads as ReadonlyArray<ParamSet>)
}

const checkAligned = (op: string, a: ReadonlyArray<ParamSet>, b: ReadonlyArray<ParamSet>): void => {
  const bad =
    a.length !== b.length ||
    a.some((p, l) => {
      const q = b[l] as ParamSet
      const ks = Object.keys(p)
      return (
        ks.length !== Object.keys(q).length ||
        ks.some((k) => {
          const x = p[k] as Tensor<Shape>
          const y = q[k]
          return y === undefined || x.data.length !== y.data.length || x.shape.some((d, i) => d !== y.shape[i])
        })
      )
    })
  if (bad) throw new ShapeError(op, 'the two parameter sets belong to different networks', [])
}

/**
 * The all-zero gradient set of a network.
 *
 * @category backprop
 * @since 0.1.0
 */
export const zeroGradients = <Ls extends ReadonlyArray<AnyLayer>>(net: Network<Ls, number, number>): Gradients<Ls> =>
  net.layers.map((l) =>
    Object.fromEntries(
      Object.entries(l.shapes as Record<string, Shape>).map(([k, s]) => [
        k,
        make(s, new Float64Array(s.reduce((n, d) => n * d, 1))),
      ]),
    ),
  ) as unknown as Gradients<Ls>

/**
 * The sum of two gradient sets of one network, entry by entry.
 *
 * @category backprop
 * @since 0.1.0
 */
export const addGradients = <const Ps extends ReadonlyArray<ParamSet>, const G>(
  a: Ps,
  b: SameNetwork<'addGradients: the two gradient sets belong to different networks (their layer shapes differ)', Ps, G>,
): Ps => {
  checkAligned('addGradients', a, b as ReadonlyArray<ParamSet>)
  return combine<Ps>(1, a, 1, b as ReadonlyArray<ParamSet>)
}

/**
 * `G` when it is a parameter (or gradient) set of the network whose sets have type `Ps`, else the message `Msg`.
 *
 * @category model
 * @since 0.2.0
 */
export type SameNetwork<Msg extends string, Ps extends ReadonlyArray<ParamSet>, G> = [G] extends [Ps] ? G : Msg

/**
 * A gradient set times a scalar `k`.
 *
 * @category backprop
 * @since 0.1.0
 */
export const scaleGradients = <Ps extends ReadonlyArray<ParamSet>>(g: Ps, k: number): Ps => combine<Ps>(k, g, 0)

/**
 * The monoid of a network's gradient sets: `empty` is all zeros, `concat` adds entry by entry. Minibatch
 * accumulation is `concatAll`, and averaging is `scaleGradients(sum, 1/n)`.
 *
 * @category backprop
 * @since 0.1.0
 */
export const gradientMonoid = <Ls extends ReadonlyArray<AnyLayer>>(
  net: Network<Ls, number, number>,
): Monoid<Gradients<Ls>> => ({
  concat: (a, b) =>
    addGradients<ReadonlyArray<ParamSet>, ReadonlyArray<ParamSet>>(
      a as ReadonlyArray<ParamSet>,
      b as ReadonlyArray<ParamSet>,
    ) as Gradients<Ls>,
  empty: zeroGradients(net),
})

// -------------------------------------------------------------------------------------
// gradient check
// -------------------------------------------------------------------------------------

/**
 * The worst disagreement between analytic and numeric gradients of one parameter.
 *
 * @category model
 * @since 0.1.0
 */
export interface GradientCheckEntry {
  /** The layer, numbered from 1 as in the notes (`W¹` is layer 1). */
  readonly layer: number
  readonly param: string
  /** `max_i |a_i − n_i| / max(|a_i|, |n_i|, eps · scale)` (see {@link gradientCheck}). */
  readonly maxRelativeError: number
  readonly maxAbsoluteError: number
}

/**
 * Options of {@link gradientCheck}: the gradient options of the cost under test, the finite-difference step
 * `eps` (default 5e-5) and the `scale` of the error floor `eps · scale` (default `max(1, |C(Θ)|)`).
 *
 * @category model
 * @since 0.2.0
 */
export interface GradientCheckOptions extends GradientOptions {
  readonly eps?: number
  readonly scale?: number
  /**
   * Check the training-mode gradient ({@link trainingGradients}) with this generator, the same for every
   * evaluation (so dropout keeps one mask and batch norm uses the batch statistics); absent: inference mode.
   */
  readonly training?: Rng
}

/**
 * Compares the analytic gradients `a` of `cost` (with the given L2 and reduction) with finite differences `n`
 * for every trainable parameter entry (non-trainable state is skipped), and reports the worst error per layer
 * and parameter. With `training: rng`, the training-mode gradient is checked.
 *
 * `n_i = (−C(θ + 2heᵢ) + 8C(θ + heᵢ) − 8C(θ − heᵢ) + C(θ − 2heᵢ)) / 12h`, the fourth-order central difference
 * with step `h = eps` (default 5e-5): its truncation error is `O(h⁴)` and its round-off about `ε_mach |C| / h`, so
 * for `|C| ≈ 1` it is accurate to a few 1e-12. The error measure is
 * `|a_i − n_i| / max(|a_i|, |n_i|, scale · eps)` with `scale = max(1, |C(Θ)|)` (the size that sets the round-off):
 * entries above the floor `scale · eps` are judged relatively, and tiny ones (the early layers of a deep net)
 * by their absolute error over the floor, so difference noise on a 1e-9 entry is no false alarm, while an
 * absolute error above `1e-6 · scale · eps` (5e-11 by default) still reports more than 1e-6. Near a kink of a
 * relu-like activation (within `2h` of `z = 0`) a difference is not a derivative: check away from kinks.
 *
 * @category backprop
 * @since 0.1.0
 */
export const gradientCheck = <
  Ls extends ReadonlyArray<AnyLayer>,
  In extends number,
  Out extends number,
  B extends number,
  T = Theta<Ls>,
>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'gradientCheck', Ls, T>,
  x: Matrix<B, NoInfer<In>>,
  y: Matrix<NoInfer<B>, NoInfer<Out>>,
  cost: Cost,
  options: GradientCheckOptions = {},
): ReadonlyArray<GradientCheckEntry> => {
  const h = options.eps ?? 5e-5
  const gopts: GradientOptions = {
    ...(options.l2 === undefined ? {} : { l2: options.l2 }),
    ...(options.reduction === undefined ? {} : { reduction: options.reduction }),
  }
  const rng = options.training
  const grad = (th: Theta<Ls>): { readonly cost: number; readonly grads: Gradients<Ls> } =>
    rng === undefined
      ? gradients(net, th, x, y, cost, gopts)
      : (trainingGradients(net, th, x as never, y as never, cost, gopts)(rng)[0] as {
          readonly cost: number
          readonly grads: Gradients<Ls>
        })
  const at = grad(theta as Theta<Ls>)
  const analytic = at.grads as ReadonlyArray<ParamSet>
  const floor = h * (options.scale ?? Math.max(1, Math.abs(at.cost)))
  const ps = theta as ReadonlyArray<ParamSet>
  const costAt = (l: number, k: string, i: number, v: number): number => {
    const changed = ps.map((p, j) => {
      if (j !== l) return p
      const t = p[k] as Tensor<Shape>
      const d = Float64Array.from(t.data)
      d[i] = v
      return { ...p, [k]: make(t.shape, d) }
    }) as unknown as Theta<Ls>
    return grad(changed).cost
  }
  const out: Array<GradientCheckEntry> = []
  ps.forEach((p, l) => {
    const frozen = (net.layers[l] as AnyLayer).nonTrainable ?? []
    for (const [k, t] of Object.entries(p)) {
      // state (running statistics) is not differentiated: its gradient is zero by definition
      if (frozen.includes(k)) continue
      const g = (analytic[l] as ParamSet)[k] as Tensor<Shape>
      let rel = 0
      let abs = 0
      for (let i = 0; i < t.data.length; i++) {
        const v = t.data[i] as number
        const c = (d: number) => costAt(l, k, i, v + d)
        const n = (c(-2 * h) - c(2 * h) + 8 * (c(h) - c(-h))) / (12 * h)
        const a = g.data[i] as number
        const e = Math.abs(a - n)
        abs = Math.max(abs, e)
        rel = Math.max(rel, e / Math.max(Math.abs(a), Math.abs(n), floor))
      }
      out.push({ layer: l + 1, param: k, maxRelativeError: rel, maxAbsoluteError: abs })
    }
  })
  return out
}

/**
 * The number of layers of a network (its depth `L`).
 *
 * @category backprop
 * @since 0.1.0
 */
export const depth = (net: AnyNetwork): number => net.layers.length
