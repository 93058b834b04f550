/**
 * Optimizers: pure `(state, Θ, G) → (state, Θ)` steps whose state mirrors the parameter set, and
 * learning-rate schedules.
 *
 * Every optimizer takes one options object, learning rate first: `Optim.adam({ eta: 0.01, beta1: 0.8 })`, or
 * the short form `Optim.adam(0.01)` for η alone (as in tfjs); `eta` is a number or a schedule. The options are
 * checked by {@link validateOptimizer} (the training loop calls it before the first step) and by
 * {@link optimizerFromSpec}: a value out of range or an unknown option (`lr`, `learningRate`) is a `Left` of
 * kind `InvalidConfig` naming the field (`optimizer.beta1`), never a silent default.
 *
 * All of them are one parametric update (tinygrad's habit: generalise, then specialise). For each parameter
 * entry with gradient `g` at step `t = 1, 2, …` with rate `η_t`:
 *
 * | optimizer | slots | rule | defaults (source) |
 * | --- | --- | --- | --- |
 * | `sgd` | – | `θ ← θ − η g` | η = 0.01 (Keras `SGD`) |
 * | `momentum` | `v` | `v ← γv + g`, `θ ← θ − η v` | η = 0.01, γ = 0.9 (Keras `SGD` rate; γ as scikit-learn's MLP, since PyTorch and Keras default to γ = 0, plain SGD) |
 * | `momentum` with `nesterov: true` | `v` | `v ← γv + g`, `θ ← θ − η (g + γv)` | as above (PyTorch's form) |
 * | `adagrad` | `r` | `r ← r + g²`, `θ ← θ − η g / (√r + ε)` | η = 0.01, ε = 1e-10 (PyTorch `Adagrad`) |
 * | `rmsprop` | `r` | `r ← ρr + (1 − ρ)g²`, `θ ← θ − η g / (√r + ε)` | η = 0.01, ρ = 0.99, ε = 1e-8 (PyTorch `RMSprop`, whose `alpha` is ρ) |
 * | `adam` | `m, v` | `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, `θ ← θ − η m̂ / (√v̂ + ε)` with `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)` | η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (PyTorch `Adam`) |
 *
 * `t` counts steps (minibatches), not epochs, so Adam's bias correction is right from the first step.
 *
 * **Weight decay** is decoupled (Loshchilov & Hutter's AdamW, PyTorch's `AdamW`): with `weightDecay = λ`, each
 * decayed parameter first shrinks, `θ ← (1 − η_t λ) θ`, then takes the rule's step from the unchanged `g`; the
 * slots never see `λθ`. For `sgd` this equals L2 with `λ/2 ‖θ‖²`; for the adaptive rules it does not (use
 * `gradients(…, { l2 })` for L2). Biases — parameters of rank ≤ 1, such as a dense layer's `b` — are not decayed
 * unless `decayBiases: true` (PyTorch practice: only parameters with two or more dims are decayed).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'

import type { GradientsFor } from '../nn/backprop.js'
import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig, ShapeError } from '../core/errors.js'
import type { Checked } from '../internal/config.js'
import {
  bool,
  isRecord,
  noUnknownKeys,
  nonNegative,
  numberIn,
  oneOf,
  positive,
  unitHalfOpen,
  unitOpen,
} from '../internal/config.js'
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
 * A learning rate `η_t` for each step `t = 1, 2, …`. A schedule is described by its `spec`: an optimizer
 * records the spec, and {@link validateOptimizer} rebuilds `rate` from it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Schedule {
  readonly spec: ScheduleSpec
  /** `η_t`, the learning rate of step `t = 1, 2, …`. */
  readonly rate: (t: number) => number
}

/**
 * `η_t = η` (valid for a finite `η > 0`).
 *
 * @category schedules
 * @since 0.1.0
 */
export const constant = (eta: number): Schedule => ({ spec: { name: 'constant', eta }, rate: () => eta })

/**
 * The course's decaying rate `η_t = t0 / (t + t1)` (valid for a finite `t0 > 0` and a finite `t1 ≥ 0`).
 *
 * @category schedules
 * @since 0.1.0
 */
export const inverseTime = (t0: number, t1: number): Schedule => ({
  spec: { name: 'inverseTime', t0, t1 },
  rate: (t) => t0 / (t + t1),
})

/**
 * Step decay `η_t = η · factor^⌊(t − 1)/every⌋`: the rate drops by `factor` every `every` steps (valid for a
 * finite `η ≥ 0`, `factor` in (0, 1] and a positive integer `every`).
 *
 * @category schedules
 * @since 0.1.0
 */
export const stepDecay = (eta: number, factor: number, every: number): Schedule => ({
  spec: { name: 'step', eta, factor, every },
  rate: (t) => eta * factor ** Math.floor((t - 1) / every),
})

/**
 * Exponential decay `η_t = η · rate^{t − 1}` (valid for a finite `η > 0` and `rate` in (0, 1]).
 *
 * @category schedules
 * @since 0.1.0
 */
export const exponential = (eta: number, rate: number): Schedule => ({
  spec: { name: 'exponential', eta, rate },
  rate: (t) => eta * rate ** (t - 1),
})

/** The schedule a (valid) spec describes. */
const scheduleOf = (s: ScheduleSpec): Schedule => {
  switch (s.name) {
    case 'constant':
      return constant(s.eta)
    case 'inverseTime':
      return inverseTime(s.t0, s.t1)
    case 'step':
      return stepDecay(s.eta, s.factor, s.every)
    case 'exponential':
      return exponential(s.eta, s.rate)
  }
}

const isSchedule = (u: unknown): u is Schedule => isRecord(u) && typeof u.rate === 'function' && isRecord(u.spec)

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The options every optimizer takes.
 *
 * @category model
 * @since 0.2.0
 */
export interface CommonOptions {
  /** The learning rate: a finite number > 0 or a schedule. */
  readonly eta?: number | Schedule
  /** `λ` of decoupled weight decay `θ ← (1 − η_t λ) θ` before each step: a finite number ≥ 0 (default 0). */
  readonly weightDecay?: number
  /** Decay biases (parameters of rank ≤ 1) too (default false). */
  readonly decayBiases?: boolean
}

/**
 * Options of {@link sgd}.
 *
 * @category model
 * @since 0.2.0
 */
export type SgdOptions = CommonOptions

/**
 * Options of {@link momentum}: `gamma` (γ in [0, 1)) and `nesterov`.
 *
 * @category model
 * @since 0.2.0
 */
export interface MomentumOptions extends CommonOptions {
  readonly gamma?: number
  readonly nesterov?: boolean
}

/**
 * Options of {@link adagrad}: `epsilon` (ε, a finite number > 0).
 *
 * @category model
 * @since 0.2.0
 */
export interface AdagradOptions extends CommonOptions {
  readonly epsilon?: number
}

/**
 * Options of {@link rmsprop}: `rho` (ρ in [0, 1)) and `epsilon` (ε, a finite number > 0).
 *
 * @category model
 * @since 0.2.0
 */
export interface RmspropOptions extends CommonOptions {
  readonly rho?: number
  readonly epsilon?: number
}

/**
 * Options of {@link adam}: `beta1`, `beta2` (β₁, β₂ in [0, 1)) and `epsilon` (ε, a finite number > 0).
 *
 * @category model
 * @since 0.2.0
 */
export interface AdamOptions extends CommonOptions {
  readonly beta1?: number
  readonly beta2?: number
  readonly epsilon?: number
}

/**
 * The part of every optimizer spec that is not the rule: the rate (a number or a schedule spec) and weight decay.
 *
 * @category model
 * @since 0.2.0
 */
export interface CommonSpec {
  readonly eta: number | ScheduleSpec
  readonly weightDecay: number
  readonly decayBiases: boolean
}

/**
 * The serialisable description of an optimizer: its rule with every hyper-parameter, the rate and weight decay.
 *
 * @category model
 * @since 0.1.0
 */
export type OptimizerSpec =
  | ({ readonly name: 'sgd' } & CommonSpec)
  | ({ readonly name: 'momentum'; readonly gamma: number; readonly nesterov: boolean } & CommonSpec)
  | ({ readonly name: 'adagrad'; readonly epsilon: number } & CommonSpec)
  | ({ readonly name: 'rmsprop'; readonly rho: number; readonly epsilon: number } & CommonSpec)
  | ({ readonly name: 'adam'; readonly beta1: number; readonly beta2: number; readonly epsilon: number } & CommonSpec)

/**
 * The name of an optimizer.
 *
 * @category model
 * @since 0.2.0
 */
export type OptimizerName = OptimizerSpec['name']

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
 * An optimizer: its spec (rule, hyper-parameters, rate, weight decay) and the schedule the spec describes.
 * The constructors do not check their options; {@link validateOptimizer} does.
 *
 * @category model
 * @since 0.1.0
 */
export interface Optimizer {
  readonly spec: OptimizerSpec
  readonly schedule: Schedule
}

const common = ['eta', 'weightDecay', 'decayBiases'] as const

/** Each rule's own options with their defaults, in spec order. */
const rules = {
  sgd: { eta: 0.01 },
  momentum: { eta: 0.01, gamma: 0.9, nesterov: false },
  adagrad: { eta: 0.01, epsilon: 1e-10 },
  rmsprop: { eta: 0.01, rho: 0.99, epsilon: 1e-8 },
  adam: { eta: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
} as const

/**
 * The names of the optimizers, as specs spell them.
 *
 * @category model
 * @since 0.2.0
 */
export const optimizerNames: ReadonlyArray<OptimizerName> = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']

const knownKeys = (name: OptimizerName): ReadonlyArray<string> => [...Object.keys(rules[name]), ...common.slice(1)]

/** Option names of PyTorch, Keras, tfjs and scikit-learn, and what tensorial calls them. */
const aliases: Readonly<Record<string, string>> = {
  lr: 'eta',
  learningRate: 'eta',
  learning_rate: 'eta',
  learning_rate_init: 'eta',
  beta_1: 'beta1',
  beta_2: 'beta2',
  eps: 'epsilon',
  momentum: 'gamma',
  alpha: 'rho',
  weight_decay: 'weightDecay',
  decay: 'weightDecay',
  nesterovs_momentum: 'nesterov',
  useNesterov: 'nesterov',
}

/**
 * The spec of an optimizer named `name` from what the user passed: defaults for absent (or `undefined`)
 * options, a schedule replaced by its spec; anything else, unknown keys included, is kept as it was given so
 * that validation can name it.
 */
const specOf = (name: OptimizerName, arg: unknown): OptimizerSpec => {
  const o: Record<string, unknown> = arg === undefined ? {} : isRecord(arg) && !isSchedule(arg) ? arg : { eta: arg }
  const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
  const eta = isSchedule(given.eta) ? given.eta.spec : given.eta
  return {
    name,
    ...rules[name],
    weightDecay: 0,
    decayBiases: false,
    ...given,
    ...(eta === undefined ? {} : { eta }),
  } as OptimizerSpec
}

/** The schedule of a spec's `eta`; a `NaN` rate for a value validation will reject. */
const scheduleOfEta = (eta: unknown): Schedule =>
  typeof eta === 'number'
    ? constant(eta)
    : isRecord(eta) && E.isRight(scheduleSpec('eta', eta))
      ? scheduleOf(eta as ScheduleSpec)
      : { spec: eta as ScheduleSpec, rate: () => NaN }

const build = (name: OptimizerName, arg: unknown): Optimizer => {
  const spec = specOf(name, arg)
  return { spec, schedule: scheduleOfEta(spec.eta) }
}

// -------------------------------------------------------------------------------------
// optimizers
// -------------------------------------------------------------------------------------

/**
 * Plain (stochastic) gradient descent `θ ← θ − η g` (default η = 0.01, as Keras). `sgd(0.1)` is
 * `sgd({ eta: 0.1 })`.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const sgd = (options: number | Schedule | SgdOptions = {}): Optimizer => build('sgd', options)

/**
 * Momentum `v ← γv + g`, `θ ← θ − ηv` (default η = 0.01, γ = 0.9); with `nesterov: true`, PyTorch's Nesterov
 * form `θ ← θ − η(g + γv)`. `momentum(0.1)` is `momentum({ eta: 0.1 })`.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const momentum = (options: number | Schedule | MomentumOptions = {}): Optimizer => build('momentum', options)

/**
 * AdaGrad `r ← r + g²`, `θ ← θ − η g/(√r + ε)` (default η = 0.01, ε = 1e-10, as PyTorch).
 *
 * @category optimizers
 * @since 0.1.0
 */
export const adagrad = (options: number | Schedule | AdagradOptions = {}): Optimizer => build('adagrad', options)

/**
 * RMSprop `r ← ρr + (1 − ρ)g²`, `θ ← θ − η g/(√r + ε)` (default η = 0.01, ρ = 0.99, ε = 1e-8, as PyTorch).
 *
 * @category optimizers
 * @since 0.1.0
 */
export const rmsprop = (options: number | Schedule | RmspropOptions = {}): Optimizer => build('rmsprop', options)

/**
 * Adam with bias correction (default η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, as PyTorch). `adam(0.01)`
 * sets η, as tfjs's `adam(learningRate)` does; with `weightDecay` it is AdamW.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const adam = (options: number | Schedule | AdamOptions = {}): Optimizer => build('adam', options)

// -------------------------------------------------------------------------------------
// validation and specs
// -------------------------------------------------------------------------------------

const scheduleNames = ['constant', 'inverseTime', 'step', 'exponential'] as const
const scheduleKeys: Readonly<Record<ScheduleSpec['name'], ReadonlyArray<string>>> = {
  constant: ['eta'],
  inverseTime: ['t0', 't1'],
  step: ['eta', 'factor', 'every'],
  exponential: ['eta', 'rate'],
}

const all = (checks: ReadonlyArray<Checked<unknown>>): Checked<void> => {
  for (const c of checks) if (E.isLeft(c)) return c
  return E.right(undefined)
}

/** A schedule spec at `path` (the whole spec must be valid: every field present and in range). */
const scheduleSpec = (path: string, u: Record<string, unknown>): Checked<ScheduleSpec> =>
  E.chain((name: ScheduleSpec['name']): Checked<ScheduleSpec> => {
    const keys = noUnknownKeys(path, u, scheduleKeys[name], `the ${name} schedule`)
    if (E.isLeft(keys)) return keys
    const at = (k: string) => `${path}.${k}`
    const checks =
      name === 'inverseTime'
        ? [positive(at('t0'), u.t0), nonNegative(at('t1'), u.t1)]
        : name === 'constant'
          ? [nonNegative(at('eta'), u.eta)]
          : name === 'step'
            ? [
                nonNegative(at('eta'), u.eta),
                unitHalfOpen(at('factor'), u.factor),
                numberIn(at('every'), u.every, (x) => Number.isSafeInteger(x) && x > 0, 'a positive integer'),
              ]
            : [nonNegative(at('eta'), u.eta), unitHalfOpen(at('rate'), u.rate)]
    return E.map(() => u as unknown as ScheduleSpec)(all(checks))
  })(oneOf(`${path}.name`, u.name, scheduleNames))

/** `eta`: a finite number ≥ 0 (0 freezes Θ, as PyTorch and Keras allow), a schedule spec or a schedule. */
const etaSpec = (path: string, u: unknown): Checked<number | ScheduleSpec> =>
  typeof u === 'number'
    ? nonNegative(path, u)
    : isSchedule(u)
      ? scheduleSpec(path, u.spec)
      : isRecord(u)
        ? scheduleSpec(path, u)
        : E.left(invalidConfig(path, u, 'a finite number ≥ 0 or a schedule'))

/**
 * The optimizer a spec describes, every hyper-parameter checked: the name one of `sgd`, `momentum`, `adagrad`,
 * `rmsprop`, `adam`; `eta` a finite number ≥ 0 or a valid schedule spec (`t0` finite > 0, `t1` finite ≥ 0;
 * `factor` and `rate` in (0, 1]; `every` a positive integer); `gamma`, `rho`, `beta1`, `beta2` in [0, 1);
 * `epsilon` finite > 0; `weightDecay` finite ≥ 0 with `η_1 · weightDecay ≤ 1` (the decay factor `1 − ηλ` may not
 * turn negative); `nesterov`, `decayBiases` booleans; no other key. An absent option takes its default. A
 * `Left` names the field from `path` (default `optimizer`): `optimizer.beta1: 1 is not allowed (expected a number
 * in [0, 1))`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const optimizerFromSpec = (u: unknown, path = 'optimizer'): E.Either<InvalidConfig, Optimizer> => {
  if (!isRecord(u)) return E.left(invalidConfig(path, u, 'an optimizer spec object with a name'))
  return E.chain((name: OptimizerName): E.Either<InvalidConfig, Optimizer> => {
    const at = (k: string) => `${path}.${k}`
    const keys = noUnknownKeys(path, u, knownKeys(name), name, aliases)
    if (E.isLeft(keys)) return keys
    const spec = specOf(name, Object.fromEntries(Object.entries(u).filter(([k]) => k !== 'name')))
    const o = spec as unknown as Record<string, unknown>
    const eta = etaSpec(at('eta'), o.eta)
    if (E.isLeft(eta)) return eta
    const schedule = scheduleOfEta(eta.right)
    const checks: Array<Checked<unknown>> = [nonNegative(at('weightDecay'), o.weightDecay)]
    if (name === 'momentum') checks.push(unitOpen(at('gamma'), o.gamma), bool(at('nesterov'), o.nesterov))
    if (name === 'rmsprop') checks.push(unitOpen(at('rho'), o.rho))
    if (name === 'adam') checks.push(unitOpen(at('beta1'), o.beta1), unitOpen(at('beta2'), o.beta2))
    if (name === 'adagrad' || name === 'rmsprop' || name === 'adam') checks.push(positive(at('epsilon'), o.epsilon))
    checks.push(bool(at('decayBiases'), o.decayBiases))
    const ok = all(checks)
    if (E.isLeft(ok)) return ok
    // Every schedule is non-increasing, so η_1 is the largest rate.
    const lambda = o.weightDecay as number
    if (lambda * schedule.rate(1) > 1)
      return E.left(
        invalidConfig(
          at('weightDecay'),
          lambda,
          `a number with η·weightDecay ≤ 1 (η = ${schedule.rate(1)}), so that the decay factor 1 − η·weightDecay stays ≥ 0`,
        ),
      )
    return E.right({ spec: { ...spec, eta: eta.right }, schedule })
  })(oneOf(`${path}.name`, u.name, optimizerNames))
}

/**
 * Checks every hyper-parameter of an optimizer (as {@link optimizerFromSpec} does with its spec) and returns
 * it rebuilt from its spec, so the `Right` steps exactly as its spec says: the training loop calls this before
 * the first step. `Optim.adam({ lr: 0.01 })` from JavaScript is a `Left`: `optimizer.lr: 0.01 is not allowed
 * (expected one of the options of adam: eta, beta1, beta2, epsilon, weightDecay, decayBiases; for lr write eta)`.
 *
 * @category constructors
 * @since 0.2.0
 */
export const validateOptimizer = (optimizer: Optimizer, path = 'optimizer'): E.Either<InvalidConfig, Optimizer> =>
  isRecord(optimizer) && isRecord(optimizer.spec)
    ? optimizerFromSpec(optimizer.spec, path)
    : E.left(invalidConfig(path, optimizer, 'an optimizer made by Optim.sgd, momentum, adagrad, rmsprop or adam'))

// -------------------------------------------------------------------------------------
// the step
// -------------------------------------------------------------------------------------

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
 * The checked optimizer state argument of {@link step}: the state `S` when it is one for parameter sets `Ps`, else
 * the message `step: the optimizer state belongs to another network (its layer shapes differ)`, which is then
 * reported against the state.
 *
 * @category model
 * @since 0.2.0
 */
export type StateFor<Ps extends ReadonlyArray<ParamSet>, S> = [S] extends [OptimizerState<Ps>]
  ? S
  : 'step: the optimizer state belongs to another network (its layer shapes differ)'

/**
 * One optimizer step: a new state and a new Θ from the gradients `G` of the same network. Θ fixes the
 * parameter set type; a state or a gradient set of another network is a compile error reported against that
 * argument. `frozen` names, per layer, the non-trainable entries (`nonTrainable(net)`: batch norm's running
 * statistics), which are returned as they are, with their slots, untouched by the rule and by weight decay
 * (default: none, every entry is trained). Pure: neither the state, Θ nor `G` is modified. The optimizer is used as given (a step does not
 * validate; {@link validateOptimizer} does).
 *
 * @category optimizers
 * @since 0.1.0
 */
export const step = <Ps extends ReadonlyArray<ParamSet>, S, G>(
  optimizer: Optimizer,
  state: StateFor<NoInfer<Ps>, S>,
  theta: Ps,
  grads: GradientsFor<NoInfer<Ps>, G>,
  frozen: ReadonlyArray<ReadonlyArray<string>> = [],
): readonly [OptimizerState<Ps>, Ps] => {
  return stepChecked(optimizer, state as unknown as OptimizerState<Ps>, theta, grads as unknown as Ps, frozen)
}

const stepChecked = <Ps extends ReadonlyArray<ParamSet>>(
  optimizer: Optimizer,
  state: OptimizerState<Ps>,
  theta: Ps,
  gs: Ps,
  frozen: ReadonlyArray<ReadonlyArray<string>>,
): readonly [OptimizerState<Ps>, Ps] => {
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
  const lambda = spec.weightDecay
  const newSlots: Array<Array<Record<string, Tensor<Shape>>>> = state.slots.map(() => [])
  const newTheta = theta.map((p, l) => {
    const out: Record<string, Tensor<Shape>> = {}
    newSlots.forEach((s) => s.push({}))
    for (const [k, w] of Object.entries(p)) {
      const g = (gs[l] as ParamSet)[k]
      if (g === undefined || g.data.length !== w.data.length)
        throw new ShapeError('step', `layer ${l + 1}, ${k}: gradient does not fit the parameter`, [w.shape])
      if (frozen[l]?.includes(k) === true) {
        // non-trainable state: neither the rule nor weight decay touches it, and its slots stay as they are
        out[k] = w
        state.slots.forEach(
          (s, i) =>
            ((newSlots[i] as Array<Record<string, Tensor<Shape>>>)[l]![k] = (s[l] as ParamSet)[k] as Tensor<Shape>),
        )
        continue
      }
      const slotIn = state.slots.map((s) => raw((s[l] as ParamSet)[k] as Tensor<Shape>))
      const slotOut = slotIn.map((x) => new Float64Array(x.length))
      const th = new Float64Array(w.data.length)
      const decayed = lambda !== 0 && (spec.decayBiases || w.shape.length >= 2)
      rule(spec, t, eta, decayed ? 1 - eta * lambda : 1, raw(w), raw(g), slotIn, slotOut, th)
      out[k] = make(w.shape, th)
      slotOut.forEach((x, i) => ((newSlots[i] as Array<Record<string, Tensor<Shape>>>)[l]![k] = make(w.shape, x)))
    }
    return out
  })
  return [{ t, slots: newSlots as unknown as ReadonlyArray<Ps> }, newTheta as unknown as Ps]
}

/**
 * The parametric update of one tensor: reads `w`, `g`, `sIn`; writes `th` and `sOut`. `keep = 1 − ηλ` is the
 * decoupled weight decay factor (1 when the tensor is not decayed, which leaves `w` exactly as it is).
 */
const rule = (
  spec: OptimizerSpec,
  t: number,
  eta: number,
  keep: number,
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
        th[i] = keep * wi - eta * (g[i] as number)
      }
      return
    case 'momentum': {
      const v0 = sIn[0] as Buf
      const v1 = sOut[0] as Buf
      const gamma = spec.gamma
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number
        const gi = g[i] as number
        const v = gamma * (v0[i] as number) + gi
        v1[i] = v
        th[i] = keep * wi - eta * (spec.nesterov ? gi + gamma * v : v)
      }
      return
    }
    case 'adagrad': {
      const r0 = sIn[0] as Buf
      const r1 = sOut[0] as Buf
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number
        const gi = g[i] as number
        const r = (r0[i] as number) + gi * gi
        r1[i] = r
        th[i] = keep * wi - (eta * gi) / (Math.sqrt(r) + spec.epsilon)
      }
      return
    }
    case 'rmsprop': {
      const r0 = sIn[0] as Buf
      const r1 = sOut[0] as Buf
      const rho = spec.rho
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number
        const gi = g[i] as number
        const r = rho * (r0[i] as number) + (1 - rho) * gi * gi
        r1[i] = r
        th[i] = keep * wi - (eta * gi) / (Math.sqrt(r) + spec.epsilon)
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
        const gi = g[i] as number
        const m = beta1 * (m0[i] as number) + (1 - beta1) * gi
        const v = beta2 * (v0[i] as number) + (1 - beta2) * gi * gi
        m1[i] = m
        v1[i] = v
        th[i] = keep * wi - (eta * (m / c1)) / (Math.sqrt(v / c2) + epsilon)
      }
      return
    }
  }
}
