/**
 * Optimizers: pure `(state, Θ, G) → (state, Θ)` steps whose state mirrors the parameter set, and
 * learning-rate schedules.
 *
 * All of them are one parametric update (tinygrad's habit: generalise, then specialise). For each parameter
 * entry with gradient `g` (plus `λθ` when `weightDecay = λ`) at step `t = 1, 2, …` with rate `η_t`:
 *
 * | optimizer | slots | rule |
 * | --- | --- | --- |
 * | `sgd` | – | `θ ← θ − η g` |
 * | `momentum(γ)` | `v` | `v ← γv + g`, `θ ← θ − η v` |
 * | `momentum(γ, { nesterov: true })` | `v` | `v ← γv + g`, `θ ← θ − η (g + γv)` |
 * | `adagrad(ε)` | `r` | `r ← r + g²`, `θ ← θ − η g / (√r + ε)` |
 * | `rmsprop(ρ, ε)` | `r` | `r ← ρr + (1 − ρ)g²`, `θ ← θ − η g / (√r + ε)` |
 * | `adam(β₁, β₂, ε)` | `m, v` | `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, `θ ← θ − η m̂ / (√v̂ + ε)` with `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)` |
 *
 * `t` counts steps (minibatches), not epochs, so Adam's bias correction is right from the first step.
 *
 * @since 0.1.0
 */
import type { GradientsFor } from '../nn/backprop.js'
import { ShapeError } from '../core/errors.js'
import { make } from '../internal/make.js'
import type { ParamSet } from '../nn/layer.js'
import type { Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// schedules
// -------------------------------------------------------------------------------------

/**
 * The serialisable description of a learning-rate schedule.
 *
 * @category model
 * @since 0.1.0
 */
export type ScheduleSpec =
  | { readonly name: 'constant'; readonly eta: number }
  | { readonly name: 'inverseTime'; readonly t0: number; readonly t1: number }
  | { readonly name: 'step'; readonly eta: number; readonly factor: number; readonly every: number }
  | { readonly name: 'exponential'; readonly eta: number; readonly rate: number }

/**
 * A learning rate `η_t` for each step `t = 1, 2, …`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Schedule {
  readonly spec: ScheduleSpec
  readonly rate: (t: number) => number
}

/**
 * `η_t = η`.
 *
 * @category schedules
 * @since 0.1.0
 */
export const constant = (eta: number): Schedule => ({ spec: { name: 'constant', eta }, rate: () => eta })

/**
 * The course's decaying rate `η_t = t0 / (t + t1)`.
 *
 * @category schedules
 * @since 0.1.0
 */
export const inverseTime = (t0: number, t1: number): Schedule => ({
  spec: { name: 'inverseTime', t0, t1 },
  rate: (t) => t0 / (t + t1),
})

/**
 * Step decay `η_t = η · factor^⌊(t − 1)/every⌋`: the rate drops by `factor` every `every` steps.
 *
 * @category schedules
 * @since 0.1.0
 */
export const stepDecay = (eta: number, factor: number, every: number): Schedule => ({
  spec: { name: 'step', eta, factor, every },
  rate: (t) => eta * factor ** Math.floor((t - 1) / every),
})

/**
 * Exponential decay `η_t = η · rate^{t − 1}`.
 *
 * @category schedules
 * @since 0.1.0
 */
export const exponential = (eta: number, rate: number): Schedule => ({
  spec: { name: 'exponential', eta, rate },
  rate: (t) => eta * rate ** (t - 1),
})

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The serialisable description of an optimizer.
 *
 * @category model
 * @since 0.1.0
 */
export type OptimizerSpec =
  | { readonly name: 'sgd' }
  | { readonly name: 'momentum'; readonly gamma: number; readonly nesterov: boolean }
  | { readonly name: 'adagrad'; readonly epsilon: number }
  | { readonly name: 'rmsprop'; readonly rho: number; readonly epsilon: number }
  | { readonly name: 'adam'; readonly beta1: number; readonly beta2: number; readonly epsilon: number }

/**
 * The state of an optimizer for parameter set type `Ps`: the step count `t` and its slots (velocities, squared
 * gradient averages, …), each a full parameter set of type `Ps`.
 *
 * @category model
 * @since 0.1.0
 */
export interface OptimizerState<Ps extends ReadonlyArray<ParamSet>> {
  readonly t: number
  readonly slots: ReadonlyArray<Ps>
}

/**
 * An optimizer: a rule, a schedule and an optional weight decay.
 *
 * @category model
 * @since 0.1.0
 */
export interface Optimizer {
  readonly spec: OptimizerSpec
  readonly schedule: Schedule
  /** `λ`: adds `λθ` to every gradient (L2 on every parameter, biases included). */
  readonly weightDecay: number
}

/**
 * Options shared by all optimizers: the learning rate (a number or a schedule) and weight decay.
 *
 * @category model
 * @since 0.1.0
 */
export interface OptimizerOptions {
  readonly eta?: number | Schedule
  readonly weightDecay?: number
}

const make$ = (spec: OptimizerSpec, o: OptimizerOptions, defaultEta: number): Optimizer => ({
  spec,
  schedule: typeof o.eta === 'object' ? o.eta : constant(o.eta ?? defaultEta),
  weightDecay: o.weightDecay ?? 0,
})

// -------------------------------------------------------------------------------------
// optimizers
// -------------------------------------------------------------------------------------

/**
 * Plain (stochastic) gradient descent `θ ← θ − η g` (default η = 0.01).
 *
 * @category optimizers
 * @since 0.1.0
 */
export const sgd = (options: OptimizerOptions = {}): Optimizer => make$({ name: 'sgd' }, options, 0.01)

/**
 * Momentum `v ← γv + g`, `θ ← θ − ηv` (default γ = 0.9, η = 0.01); Nesterov's variant steps with `g + γv`.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const momentum = (gamma = 0.9, options: OptimizerOptions & { readonly nesterov?: boolean } = {}): Optimizer =>
  make$({ name: 'momentum', gamma, nesterov: options.nesterov ?? false }, options, 0.01)

/**
 * AdaGrad `r ← r + g²`, `θ ← θ − η g/(√r + ε)` (default η = 0.01, ε = 1e-8).
 *
 * @category optimizers
 * @since 0.1.0
 */
export const adagrad = (epsilon = 1e-8, options: OptimizerOptions = {}): Optimizer =>
  make$({ name: 'adagrad', epsilon }, options, 0.01)

/**
 * RMSprop `r ← ρr + (1 − ρ)g²`, `θ ← θ − η g/(√r + ε)` (default ρ = 0.9, ε = 1e-8, η = 0.001).
 *
 * @category optimizers
 * @since 0.1.0
 */
export const rmsprop = (rho = 0.9, epsilon = 1e-8, options: OptimizerOptions = {}): Optimizer =>
  make$({ name: 'rmsprop', rho, epsilon }, options, 0.001)

/**
 * Adam with bias correction (default β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = 0.001).
 *
 * @category optimizers
 * @since 0.1.0
 */
export const adam = (beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, options: OptimizerOptions = {}): Optimizer =>
  make$({ name: 'adam', beta1, beta2, epsilon }, options, 0.001)

const slotCount = (spec: OptimizerSpec): number => (spec.name === 'sgd' ? 0 : spec.name === 'adam' ? 2 : 1)

/**
 * The initial state for parameters `theta`: `t = 0` and zero slots with the shapes of Θ.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const initState = <Ps extends ReadonlyArray<ParamSet>>(optimizer: Optimizer, theta: Ps): OptimizerState<Ps> => ({
  t: 0,
  slots: Array.from(
    { length: slotCount(optimizer.spec) },
    () =>
      theta.map((p) =>
        Object.fromEntries(Object.entries(p).map(([k, v]) => [k, make(v.shape, new Float64Array(v.data.length))])),
      ) as unknown as Ps,
  ),
})

type Buf = Float64Array
const raw = (t: Tensor<Shape>): Buf => t.data as unknown as Buf

/**
 * One optimizer step: a new state and a new Θ from the gradients `G` of the same network (another
 * network's gradient set is a compile error). Pure: neither the state, Θ nor `G` is modified.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const step = <Ps extends ReadonlyArray<ParamSet>, G>(
  optimizer: Optimizer,
  state: OptimizerState<Ps>,
  theta: Ps,
  grads: GradientsFor<Ps, G>,
): readonly [OptimizerState<Ps>, Ps] => {
  const gs = grads as unknown as Ps
  if (gs.length !== theta.length || state.slots.some((s) => s.length !== theta.length))
    throw new ShapeError('step', 'parameters, gradients and optimizer state belong to different networks', [])
  if (state.slots.length !== slotCount(optimizer.spec))
    throw new ShapeError(
      'step',
      `the state has ${state.slots.length} slots but ${optimizer.spec.name} keeps ${slotCount(optimizer.spec)}: it was made by another optimizer`,
      [],
    )
  const t = state.t + 1
  const eta = optimizer.schedule.rate(t)
  const spec = optimizer.spec
  const wd = optimizer.weightDecay
  const newSlots: Array<Array<Record<string, Tensor<Shape>>>> = state.slots.map(() => [])
  const newTheta = theta.map((p, l) => {
    const out: Record<string, Tensor<Shape>> = {}
    newSlots.forEach((s) => s.push({}))
    for (const [k, w] of Object.entries(p)) {
      const g = (gs[l] as ParamSet)[k]
      if (g === undefined || g.data.length !== w.data.length)
        throw new ShapeError('step', `layer ${l}, ${k}: gradient does not fit the parameter`, [w.shape])
      const slotIn = state.slots.map((s) => raw((s[l] as ParamSet)[k] as Tensor<Shape>))
      const slotOut = slotIn.map((x) => new Float64Array(x.length))
      const th = new Float64Array(w.data.length)
      rule(spec, t, eta, wd, raw(w), raw(g), slotIn, slotOut, th)
      out[k] = make(w.shape, th)
      slotOut.forEach((x, i) => ((newSlots[i] as Array<Record<string, Tensor<Shape>>>)[l]![k] = make(w.shape, x)))
    }
    return out
  })
  return [{ t, slots: newSlots as unknown as ReadonlyArray<Ps> }, newTheta as unknown as Ps]
}

/** The parametric update of one tensor: reads `w`, `g`, `sIn`; writes `th` and `sOut`. */
const rule = (
  spec: OptimizerSpec,
  t: number,
  eta: number,
  wd: number,
  w: Buf,
  g: Buf,
  sIn: ReadonlyArray<Buf>,
  sOut: ReadonlyArray<Buf>,
  th: Buf,
): void => {
  const n = w.length
  switch (spec.name) {
    case 'sgd':
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number
        th[i] = wi - eta * ((g[i] as number) + wd * wi)
      }
      return
    case 'momentum': {
      const v0 = sIn[0] as Buf
      const v1 = sOut[0] as Buf
      const gamma = spec.gamma
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number
        const gi = (g[i] as number) + wd * wi
        const v = gamma * (v0[i] as number) + gi
        v1[i] = v
        th[i] = wi - eta * (spec.nesterov ? gi + gamma * v : v)
      }
      return
    }
    case 'adagrad': {
      const r0 = sIn[0] as Buf
      const r1 = sOut[0] as Buf
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number
        const gi = (g[i] as number) + wd * wi
        const r = (r0[i] as number) + gi * gi
        r1[i] = r
        th[i] = wi - (eta * gi) / (Math.sqrt(r) + spec.epsilon)
      }
      return
    }
    case 'rmsprop': {
      const r0 = sIn[0] as Buf
      const r1 = sOut[0] as Buf
      const rho = spec.rho
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number
        const gi = (g[i] as number) + wd * wi
        const r = rho * (r0[i] as number) + (1 - rho) * gi * gi
        r1[i] = r
        th[i] = wi - (eta * gi) / (Math.sqrt(r) + spec.epsilon)
      }
      return
    }
    case 'adam': {
      const m0 = sIn[0] as Buf
      const v0 = sIn[1] as Buf
      const m1 = sOut[0] as Buf
      const v1 = sOut[1] as Buf
      const { beta1, beta2, epsilon } = spec
      const c1 = 1 - beta1 ** t
      const c2 = 1 - beta2 ** t
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number
        const gi = (g[i] as number) + wd * wi
        const m = beta1 * (m0[i] as number) + (1 - beta1) * gi
        const v = beta2 * (v0[i] as number) + (1 - beta2) * gi * gi
        m1[i] = m
        v1[i] = v
        th[i] = wi - (eta * (m / c1)) / (Math.sqrt(v / c2) + epsilon)
      }
      return
    }
  }
}

/**
 * The optimizer described by a spec, with a schedule and weight decay.
 *
 * @category constructors
 * @since 0.1.0
 */
export const optimizerFromSpec = (spec: OptimizerSpec, options: OptimizerOptions = {}): Optimizer =>
  make$(spec, options, spec.name === 'adam' || spec.name === 'rmsprop' ? 0.001 : 0.01)
