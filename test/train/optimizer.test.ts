import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  dense,
  fromArrays,
  identity,
  init,
  input,
  Optim,
  type ParamSet,
  Random,
  type Shape,
  ShapeError,
  sigmoid,
  type Tensor,
  toArrays,
  toFlat,
} from 'tensorial'

import { expectClose, unsafeLeft, unsafeRight } from '../util.js'

// A 2-1 dense network: Θ = [{ W: [[w1], [w2]], b: [b] }], three scalars. Every set below is flattened as
// [w1, w2, b] (W row-major, then b).
const net = pipe(input(2), dense(1, identity))
const setOf = (w1: number, w2: number, b: number) => unsafeRight(fromArrays(net, [{ W: [[w1], [w2]], b: [b] }]))

const theta = setOf(0.5, -0.3, 0.1)
const g1 = setOf(0.2, -0.4, 1.5)
const g2 = setOf(-0.1, 0.6, 0.5)
const TH = [0.5, -0.3, 0.1]
const G1 = [0.2, -0.4, 1.5]
const G2 = [-0.1, 0.6, 0.5]

/** [w1, w2, b] of a parameter (or gradient, or slot) set of `net`. */
const flat = (p: ReadonlyArray<ParamSet>): Array<number> => {
  const l = p[0] as ParamSet
  return [...toFlat(l['W'] as Tensor<Shape>), ...toFlat(l['b'] as Tensor<Shape>)]
}

/** Two optimizer steps from a fresh state, with G1 then G2. */
const twoSteps = (opt: Optim.Optimizer) => {
  const s0 = Optim.initState(opt, theta)
  const [s1, t1] = Optim.step(opt, s0, theta, g1)
  const [s2, t2] = Optim.step(opt, s1, t1, g2)
  return { s0, s1, s2, t1: flat(t1), t2: flat(t2) }
}

/** Applies a scalar two-step rule (written out by hand below) to each of the three entries. */
const byHand = (rule: (th: number, ga: number, gb: number) => readonly [number, number]) => {
  const r = TH.map((th, i) => rule(th, G1[i] as number, G2[i] as number))
  return { t1: r.map((x) => x[0]), t2: r.map((x) => x[1]) }
}

const tol = { rel: 1e-12, abs: 1e-12 }

describe('update rules against two steps by hand', () => {
  it('sgd: θ ← θ − ηg (η = 0.1)', () => {
    const { t1, t2, s2 } = twoSteps(Optim.sgd({ eta: 0.1 }))
    // θ1 = [0.5 − 0.02, −0.3 + 0.04, 0.1 − 0.15]; θ2 = θ1 − 0.1·[−0.1, 0.6, 0.5]
    expectClose(t1, [0.48, -0.26, -0.05], tol)
    expectClose(t2, [0.49, -0.32, -0.1], tol)
    expect(s2.t).toBe(2)
    expect(s2.slots).toHaveLength(0)
  })

  it('momentum: v ← γv + g, θ ← θ − ηv (γ = 0.9, η = 0.1)', () => {
    const { t1, t2, s1, s2 } = twoSteps(Optim.momentum({ eta: 0.1, gamma: 0.9 }))
    // v1 = g1; θ1 = θ0 − 0.1 g1. v2 = 0.9·[0.2, −0.4, 1.5] + [−0.1, 0.6, 0.5] = [0.08, 0.24, 1.85]
    expectClose(t1, [0.48, -0.26, -0.05], tol)
    expectClose(flat(s1.slots[0]!), [0.2, -0.4, 1.5], tol)
    expectClose(flat(s2.slots[0]!), [0.08, 0.24, 1.85], tol)
    expectClose(t2, [0.472, -0.284, -0.235], tol)
  })

  it('Nesterov momentum: v ← γv + g, θ ← θ − η(g + γv) (γ = 0.9, η = 0.1)', () => {
    const { t1, t2, s2 } = twoSteps(Optim.momentum({ eta: 0.1, gamma: 0.9, nesterov: true }))
    // θ1 = θ0 − 0.1·(g1 + 0.9 g1) = θ0 − 0.19 g1
    expectClose(t1, [0.462, -0.224, -0.185], tol)
    // g2 + 0.9 v2 = [−0.1 + 0.072, 0.6 + 0.216, 0.5 + 1.665] = [−0.028, 0.816, 2.165]
    expectClose(flat(s2.slots[0]!), [0.08, 0.24, 1.85], tol)
    expectClose(t2, [0.4648, -0.3056, -0.4015], tol)
  })

  it('adagrad: r ← r + g², θ ← θ − ηg/(√r + ε) (η = 0.1, ε = 1e-8)', () => {
    const { t1, t2, s2 } = twoSteps(Optim.adagrad({ eta: 0.1, epsilon: 1e-8 }))
    const want = byHand((th, ga, gb) => {
      const r1 = ga * ga
      const th1 = th - (0.1 * ga) / (Math.sqrt(r1) + 1e-8)
      const r2 = r1 + gb * gb
      return [th1, th1 - (0.1 * gb) / (Math.sqrt(r2) + 1e-8)]
    })
    expectClose(t1, want.t1, tol)
    expectClose(t2, want.t2, tol)
    // r2 = g1² + g2²
    expectClose(flat(s2.slots[0]!), [0.04 + 0.01, 0.16 + 0.36, 2.25 + 0.25], tol)
  })

  it('adagrad with ε = 0 (a rule check: validation requires ε > 0): the first step is exactly η·sign(g)', () => {
    const { t1 } = twoSteps(Optim.adagrad({ eta: 0.1, epsilon: 0 }))
    expectClose(t1, [0.4, -0.2, 0], tol)
  })

  it('rmsprop: r ← ρr + (1 − ρ)g², θ ← θ − ηg/(√r + ε) (ρ = 0.9, η = 0.01, ε = 1e-8)', () => {
    const { t1, t2, s1, s2 } = twoSteps(Optim.rmsprop({ eta: 0.01, rho: 0.9, epsilon: 1e-8 }))
    const want = byHand((th, ga, gb) => {
      const r1 = 0.1 * ga * ga
      const th1 = th - (0.01 * ga) / (Math.sqrt(r1) + 1e-8)
      const r2 = 0.9 * r1 + 0.1 * gb * gb
      return [th1, th1 - (0.01 * gb) / (Math.sqrt(r2) + 1e-8)]
    })
    expectClose(t1, want.t1, tol)
    expectClose(t2, want.t2, tol)
    expectClose(flat(s1.slots[0]!), [0.004, 0.016, 0.225], tol)
    expectClose(flat(s2.slots[0]!), [0.0036 + 0.001, 0.0144 + 0.036, 0.2025 + 0.025], tol)
  })

  it('rmsprop with ε = 0 (a rule check: validation requires ε > 0): the first step is η·sign(g)/√(1 − ρ)', () => {
    const { t1 } = twoSteps(Optim.rmsprop({ eta: 0.1, rho: 0.75, epsilon: 0 }))
    // √(1 − 0.75) = 0.5, so each entry moves by 0.2 against its gradient's sign
    expectClose(t1, [0.3, -0.1, -0.1], tol)
  })

  it('adam: bias-corrected m̂, v̂ (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = 0.1)', () => {
    const { t1, t2, s1, s2 } = twoSteps(Optim.adam({ eta: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }))
    const want = byHand((th, ga, gb) => {
      const m1 = 0.1 * ga
      const v1 = 0.001 * ga * ga
      const th1 = th - (0.1 * (m1 / 0.1)) / (Math.sqrt(v1 / 0.001) + 1e-8)
      const m2 = 0.9 * m1 + 0.1 * gb
      const v2 = 0.999 * v1 + 0.001 * gb * gb
      // 1 − β₁² = 0.19, 1 − β₂² = 0.001999
      return [th1, th1 - (0.1 * (m2 / 0.19)) / (Math.sqrt(v2 / 0.001999) + 1e-8)]
    })
    expectClose(t1, want.t1, tol)
    expectClose(t2, want.t2, tol)
    expect([s1.t, s2.t]).toEqual([1, 2])
    expectClose(flat(s1.slots[0]!), [0.02, -0.04, 0.15], tol)
    expectClose(flat(s1.slots[1]!), [0.00004, 0.00016, 0.00225], tol)
    expectClose(flat(s2.slots[0]!), [0.018 - 0.01, -0.036 + 0.06, 0.135 + 0.05], tol)
    expectClose(
      flat(s2.slots[1]!),
      [0.999 * 0.00004 + 0.00001, 0.999 * 0.00016 + 0.00036, 0.999 * 0.00225 + 0.00025],
      tol,
    )
  })

  it('adam with ε = 0 (a rule check: validation requires ε > 0): bias correction makes step 1 exactly η·sign(g); a constant gradient keeps it so', () => {
    // Without bias correction the first step would be η·0.1/√0.001 ≈ 3.16 η.
    const opt = Optim.adam({ eta: 0.1, epsilon: 0 })
    const s0 = Optim.initState(opt, theta)
    const [s1, t1] = Optim.step(opt, s0, theta, g1)
    expectClose(flat(t1), [0.4, -0.2, 0], tol)
    const [, t2] = Optim.step(opt, s1, t1, g1)
    expectClose(flat(t2), [0.3, -0.1, -0.1], tol)
  })

  it('adam reads the step count t from its state: the same slots at t = 5 give another step', () => {
    const opt = Optim.adam({ eta: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 })
    const [s1] = Optim.step(opt, Optim.initState(opt, theta), theta, g1)
    const [, a] = Optim.step(opt, s1, theta, g2)
    const [, b] = Optim.step(opt, { ...s1, t: 5 }, theta, g2)
    // at t = 6: m̂ = m/(1 − 0.9⁶), v̂ = v/(1 − 0.999⁶)
    const want = TH.map((th, i) => {
      const ga = G1[i] as number
      const gb = G2[i] as number
      const m = 0.9 * 0.1 * ga + 0.1 * gb
      const v = 0.999 * 0.001 * ga * ga + 0.001 * gb * gb
      return th - (0.1 * (m / (1 - 0.9 ** 6))) / (Math.sqrt(v / (1 - 0.999 ** 6)) + 1e-8)
    })
    expectClose(flat(b), want, tol)
    expect(flat(a)).not.toEqual(flat(b))
  })
})

describe('decoupled weight decay θ ← (1 − ηλ)θ, then the rule on the unchanged g; biases skipped by default', () => {
  // In [w1, w2, b], w1 and w2 belong to W (rank 2, decayed) and b to the bias (rank 1, kept unless decayBiases).
  const decayedByHand = (
    lam: number,
    eta: number,
    biases: boolean,
    rule: (th: number, ga: number, gb: number, keep: number) => readonly [number, number],
  ) => {
    const r = TH.map((th, i) => rule(th, G1[i] as number, G2[i] as number, i < 2 || biases ? 1 - eta * lam : 1))
    return { t1: r.map((x) => x[0]), t2: r.map((x) => x[1]) }
  }

  it('sgd: W ← (1 − ηλ)W − ηg, b ← b − ηg; with decayBiases, b decays too', () => {
    const sgdRule = (th: number, ga: number, gb: number, keep: number) => {
      const th1 = keep * th - 0.1 * ga
      return [th1, keep * th1 - 0.1 * gb] as const
    }
    const { t1, t2 } = twoSteps(Optim.sgd({ eta: 0.1, weightDecay: 0.5 }))
    const want = decayedByHand(0.5, 0.1, false, sgdRule)
    expectClose(t1, want.t1, tol)
    expectClose(t2, want.t2, tol)
    // w1: 0.95·0.5 − 0.02 = 0.455; w2: 0.95·(−0.3) + 0.04 = −0.245; b: 0.1 − 0.15 = −0.05 (not decayed)
    expectClose(t1, [0.455, -0.245, -0.05], tol)
    const all = twoSteps(Optim.sgd({ eta: 0.1, weightDecay: 0.5, decayBiases: true }))
    expectClose(all.t1, [0.455, -0.245, -0.055], tol)
    expectClose(all.t2, decayedByHand(0.5, 0.1, true, sgdRule).t2, tol)
  })

  it('momentum and adam: the slots hold the plain gradients, and the decay multiplies θ', () => {
    const lam = 0.01
    const mom = twoSteps(Optim.momentum({ eta: 0.1, gamma: 0.9, weightDecay: lam }))
    const wantMom = decayedByHand(lam, 0.1, false, (th, ga, gb, keep) => {
      const th1 = keep * th - 0.1 * ga
      return [th1, keep * th1 - 0.1 * (0.9 * ga + gb)]
    })
    expectClose(mom.t1, wantMom.t1, tol)
    expectClose(mom.t2, wantMom.t2, tol)
    expectClose(flat(mom.s2.slots[0]!), [0.08, 0.24, 1.85], tol) // γ g1 + g2, no λθ

    const ad = twoSteps(Optim.adam({ eta: 0.1, weightDecay: lam }))
    const wantAdam = decayedByHand(lam, 0.1, false, (th, ga, gb, keep) => {
      const m1 = 0.1 * ga
      const v1 = 0.001 * ga * ga
      const th1 = keep * th - (0.1 * (m1 / 0.1)) / (Math.sqrt(v1 / 0.001) + 1e-8)
      const m2 = 0.9 * m1 + 0.1 * gb
      const v2 = 0.999 * v1 + 0.001 * gb * gb
      return [th1, keep * th1 - (0.1 * (m2 / 0.19)) / (Math.sqrt(v2 / 0.001999) + 1e-8)]
    })
    expectClose(ad.t1, wantAdam.t1, tol)
    expectClose(ad.t2, wantAdam.t2, tol)
    // AdamW's slots are Adam's: the same as without decay
    expect(ad.s2.slots.map((sl) => flat(sl))).toEqual(twoSteps(Optim.adam({ eta: 0.1 })).s2.slots.map((sl) => flat(sl)))
  })

  it('weightDecay 0 (the default) changes nothing, bit for bit', () => {
    expect(Optim.sgd().spec.weightDecay).toBe(0)
    expect(Optim.sgd().spec.decayBiases).toBe(false)
    expect(twoSteps(Optim.adam({ eta: 0.1, weightDecay: 0, decayBiases: true }))).toEqual(
      twoSteps(Optim.adam({ eta: 0.1 })),
    )
  })
})

describe('schedules', () => {
  const rates = (s: Optim.Schedule, ts: ReadonlyArray<number>) => ts.map((t) => s.rate(t))

  it('constant: η_t = η', () => {
    expect(rates(Optim.constant(0.3), [1, 2, 100])).toEqual([0.3, 0.3, 0.3])
    expect(Optim.constant(0.3).spec).toEqual({ name: 'constant', eta: 0.3 })
  })

  it('inverseTime: η_t = t0/(t + t1)', () => {
    expectClose(rates(Optim.inverseTime(5, 50), [1, 2, 10, 950]), [5 / 51, 5 / 52, 5 / 60, 5 / 1000], tol)
    expect(Optim.inverseTime(5, 50).spec).toEqual({ name: 'inverseTime', t0: 5, t1: 50 })
  })

  it('stepDecay: η drops by factor every `every` steps', () => {
    expectClose(
      rates(Optim.stepDecay(0.1, 0.5, 3), [1, 2, 3, 4, 6, 7, 10]),
      [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.0125],
      tol,
    )
    expect(Optim.stepDecay(0.1, 0.5, 3).spec).toEqual({ name: 'step', eta: 0.1, factor: 0.5, every: 3 })
  })

  it('exponential: η_t = η·rate^(t − 1)', () => {
    expectClose(rates(Optim.exponential(0.1, 0.9), [1, 2, 3, 11]), [0.1, 0.09, 0.081, 0.1 * 0.9 ** 10], tol)
    expect(Optim.exponential(0.1, 0.9).spec).toEqual({ name: 'exponential', eta: 0.1, rate: 0.9 })
  })

  it('a step uses the rate of its own step number t = 1, 2', () => {
    // inverseTime(1, 1): η1 = 1/2, η2 = 1/3
    const { t1, t2 } = twoSteps(Optim.sgd({ eta: Optim.inverseTime(1, 1) }))
    const want = byHand((th, ga, gb) => {
      const th1 = th - ga / 2
      return [th1, th1 - gb / 3]
    })
    expectClose(t1, want.t1, tol)
    expectClose(t2, want.t2, tol)
  })

  it('adam with a schedule: η_t at step t, bias correction unchanged', () => {
    const { t2 } = twoSteps(Optim.adam({ eta: Optim.exponential(0.1, 0.5), epsilon: 0 }))
    // first entry, ε = 0: θ1 = 0.5 − η1·sign(0.2) = 0.4; step 2 with η2 = 0.05
    const m2 = 0.9 * 0.02 + 0.1 * -0.1
    const v2 = 0.999 * 0.00004 + 0.001 * 0.01
    expectClose(t2[0]!, 0.4 - (0.05 * (m2 / 0.19)) / Math.sqrt(v2 / 0.001999), tol)
  })

  it('defaults (PyTorch, and Keras for the SGD rate): every hyper-parameter in the spec', () => {
    const common = { weightDecay: 0, decayBiases: false }
    expect(Optim.sgd().spec).toEqual({ name: 'sgd', eta: 0.01, ...common })
    expect(Optim.momentum().spec).toEqual({ name: 'momentum', eta: 0.01, gamma: 0.9, nesterov: false, ...common })
    expect(Optim.adagrad().spec).toEqual({ name: 'adagrad', eta: 0.01, epsilon: 1e-10, ...common })
    expect(Optim.rmsprop().spec).toEqual({ name: 'rmsprop', eta: 0.01, rho: 0.99, epsilon: 1e-8, ...common })
    expect(Optim.adam().spec).toEqual({ name: 'adam', eta: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...common })
    for (const o of [Optim.sgd(), Optim.momentum(), Optim.adagrad(), Optim.rmsprop(), Optim.adam()])
      expect(o.schedule.rate(1)).toBe(o.spec.eta)
  })

  it('a schedule is recorded by its spec', () => {
    const o = Optim.sgd({ eta: Optim.stepDecay(0.1, 0.5, 3) })
    expect(o.spec.eta).toEqual({ name: 'step', eta: 0.1, factor: 0.5, every: 3 })
    expect(o.schedule.rate(4)).toBe(0.05)
  })
})

describe('the short form: a number (or a schedule) alone is η', () => {
  it.each([
    ['sgd', Optim.sgd(0.3), Optim.sgd({ eta: 0.3 })],
    ['momentum', Optim.momentum(0.3), Optim.momentum({ eta: 0.3 })],
    ['adagrad', Optim.adagrad(0.3), Optim.adagrad({ eta: 0.3 })],
    ['rmsprop', Optim.rmsprop(0.3), Optim.rmsprop({ eta: 0.3 })],
    ['adam', Optim.adam(0.3), Optim.adam({ eta: 0.3 })],
  ] as const)('%s(0.3) is %s({ eta: 0.3 }), every other option at its default', (_, short, long) => {
    expect(short.spec).toEqual(long.spec)
    expect(short.schedule.rate(1)).toBe(0.3)
    expect(twoSteps(short)).toEqual(twoSteps(long))
  })

  // Regression: adam(0.01) used to set β₁ = 0.01 and keep η = 0.001.
  it('adam(0.01) sets η = 0.01 and keeps β₁ = 0.9', () => {
    expect(Optim.adam(0.01).spec).toMatchObject({ eta: 0.01, beta1: 0.9 })
  })

  it('a schedule alone is the rate', () => {
    expect(Optim.sgd(Optim.inverseTime(1, 1)).spec).toEqual(Optim.sgd({ eta: Optim.inverseTime(1, 1) }).spec)
  })
})

describe('validateOptimizer: every hyper-parameter in its range, no unknown option', () => {
  it('accepts every default and every constructor with valid options, rebuilt from its spec', () => {
    for (const o of [
      Optim.sgd(),
      Optim.momentum({ eta: 0.1, gamma: 0, nesterov: true }),
      Optim.adagrad({ epsilon: 1e-3 }),
      Optim.rmsprop({ rho: 0 }),
      Optim.adam({ beta1: 0, beta2: 0.5, weightDecay: 1e-2, decayBiases: true }),
      Optim.sgd({ eta: Optim.inverseTime(5, 0) }),
      Optim.sgd({ eta: Optim.stepDecay(0.1, 1, 1) }),
      Optim.sgd({ eta: Optim.exponential(0.1, 1) }),
      Optim.sgd({ eta: Optim.constant(0.1) }),
    ]) {
      const v = unsafeRight(Optim.validateOptimizer(o))
      expect(v.spec).toEqual(o.spec)
      expect(twoSteps(v)).toEqual(twoSteps(o))
    }
  })

  const bad = (o: unknown): never => o as never
  it.each([
    // field, the optimizer, the message
    ['eta', Optim.sgd({ eta: -1 }), 'optimizer.eta: -1 is not allowed (expected a finite number ≥ 0)'],
    ['eta', Optim.adam({ eta: -1e-9 }), 'optimizer.eta: -1e-9 is not allowed (expected a finite number ≥ 0)'],
    ['eta', Optim.adam({ eta: NaN }), 'optimizer.eta: NaN is not allowed (expected a finite number ≥ 0)'],
    ['eta', Optim.sgd({ eta: Infinity }), 'optimizer.eta: Infinity is not allowed (expected a finite number ≥ 0)'],
    ['eta', Optim.sgd(bad('0.1')), 'optimizer.eta: "0.1" is not allowed (expected a finite number ≥ 0 or a schedule)'],
    [
      'eta (schedule)',
      Optim.sgd({ eta: Optim.constant(-0.1) }),
      'optimizer.eta.eta: -0.1 is not allowed (expected a finite number ≥ 0)',
    ],
    [
      't0',
      Optim.sgd({ eta: Optim.inverseTime(0, 1) }),
      'optimizer.eta.t0: 0 is not allowed (expected a finite number > 0)',
    ],
    [
      't1',
      Optim.sgd({ eta: Optim.inverseTime(1, -1) }),
      'optimizer.eta.t1: -1 is not allowed (expected a finite number ≥ 0)',
    ],
    [
      'every',
      Optim.sgd({ eta: Optim.stepDecay(0.1, 0.5, 0) }),
      'optimizer.eta.every: 0 is not allowed (expected a positive integer)',
    ],
    [
      'every',
      Optim.sgd({ eta: Optim.stepDecay(0.1, 0.5, 2.5) }),
      'optimizer.eta.every: 2.5 is not allowed (expected a positive integer)',
    ],
    [
      'factor',
      Optim.sgd({ eta: Optim.stepDecay(0.1, 0, 3) }),
      'optimizer.eta.factor: 0 is not allowed (expected a number in (0, 1])',
    ],
    [
      'factor',
      Optim.sgd({ eta: Optim.stepDecay(0.1, 2, 3) }),
      'optimizer.eta.factor: 2 is not allowed (expected a number in (0, 1])',
    ],
    [
      'rate',
      Optim.sgd({ eta: Optim.exponential(0.1, 1.01) }),
      'optimizer.eta.rate: 1.01 is not allowed (expected a number in (0, 1])',
    ],
    [
      'schedule name',
      Optim.sgd({ eta: bad({ spec: { name: 'cosine' }, rate: () => 1 }) }),
      'optimizer.eta.name: "cosine" is not allowed (expected one of constant, inverseTime, step, exponential)',
    ],
    ['gamma', Optim.momentum({ gamma: 1 }), 'optimizer.gamma: 1 is not allowed (expected a number in [0, 1))'],
    ['gamma', Optim.momentum({ gamma: -0.1 }), 'optimizer.gamma: -0.1 is not allowed (expected a number in [0, 1))'],
    [
      'nesterov',
      Optim.momentum({ nesterov: bad('yes') }),
      'optimizer.nesterov: "yes" is not allowed (expected true or false)',
    ],
    ['rho', Optim.rmsprop({ rho: 1 }), 'optimizer.rho: 1 is not allowed (expected a number in [0, 1))'],
    ['beta1', Optim.adam({ beta1: 1 }), 'optimizer.beta1: 1 is not allowed (expected a number in [0, 1))'],
    ['beta1', Optim.adam({ beta1: NaN }), 'optimizer.beta1: NaN is not allowed (expected a number in [0, 1))'],
    ['beta2', Optim.adam({ beta2: -0.5 }), 'optimizer.beta2: -0.5 is not allowed (expected a number in [0, 1))'],
    ['epsilon', Optim.adam({ epsilon: 0 }), 'optimizer.epsilon: 0 is not allowed (expected a finite number > 0)'],
    [
      'epsilon',
      Optim.adagrad({ epsilon: -1e-8 }),
      'optimizer.epsilon: -1e-8 is not allowed (expected a finite number > 0)',
    ],
    [
      'epsilon',
      Optim.rmsprop({ epsilon: Infinity }),
      'optimizer.epsilon: Infinity is not allowed (expected a finite number > 0)',
    ],
    [
      'weightDecay',
      Optim.sgd({ weightDecay: -0.1 }),
      'optimizer.weightDecay: -0.1 is not allowed (expected a finite number ≥ 0)',
    ],
    [
      'weightDecay',
      Optim.adam({ weightDecay: NaN }),
      'optimizer.weightDecay: NaN is not allowed (expected a finite number ≥ 0)',
    ],
    [
      'weightDecay',
      Optim.sgd({ eta: 0.5, weightDecay: 3 }),
      'optimizer.weightDecay: 3 is not allowed (expected a number with η·weightDecay ≤ 1 (η = 0.5), so that the decay factor 1 − η·weightDecay stays ≥ 0)',
    ],
    [
      'decayBiases',
      Optim.sgd({ decayBiases: bad(1) }),
      'optimizer.decayBiases: 1 is not allowed (expected true or false)',
    ],
    [
      'lr (unknown)',
      Optim.adam(bad({ lr: 0.01 })),
      'optimizer.lr: 0.01 is not allowed (expected one of the options of adam: eta, beta1, beta2, epsilon, weightDecay, decayBiases; for lr write eta)',
    ],
    [
      'learningRate (unknown)',
      Optim.sgd(bad({ learningRate: 0.01 })),
      'optimizer.learningRate: 0.01 is not allowed (expected one of the options of sgd: eta, weightDecay, decayBiases; for learningRate write eta)',
    ],
    [
      'beta1 on sgd (unknown)',
      Optim.sgd(bad({ beta1: 0.5 })),
      'optimizer.beta1: 0.5 is not allowed (expected one of the options of sgd: eta, weightDecay, decayBiases)',
    ],
    [
      'not an optimizer',
      bad(42),
      'optimizer: 42 is not allowed (expected an optimizer made by Optim.sgd, momentum, adagrad, rmsprop or adam)',
    ],
  ] as const)('%s: %#', (_, opt, message) => {
    const e = unsafeLeft(Optim.validateOptimizer(opt))
    expect(e._tag).toBe('InvalidConfig')
    expect(e.message).toBe(message)
    expect(message.startsWith(`${e.field}: `)).toBe(true)
  })

  it('a Right never holds a non-finite hyper-parameter (every number field of every spec)', () => {
    for (const name of Optim.optimizerNames)
      for (const field of ['eta', 'gamma', 'rho', 'beta1', 'beta2', 'epsilon', 'weightDecay'])
        for (const v of [NaN, Infinity, -Infinity]) {
          const spec = { name, [field]: v }
          expect(E.isLeft(Optim.optimizerFromSpec(spec))).toBe(true)
        }
  })
})

describe('optimizerFromSpec', () => {
  it('round-trips every optimizer through JSON and steps like the original', () => {
    for (const opt of [
      Optim.sgd({ eta: Optim.inverseTime(5, 50), weightDecay: 0.1 }),
      Optim.momentum({ eta: 0.05, gamma: 0.8, nesterov: true }),
      Optim.adagrad({ epsilon: 1e-6 }),
      Optim.rmsprop({ eta: Optim.exponential(0.1, 0.9), rho: 0.5 }),
      Optim.adam({ eta: Optim.stepDecay(0.05, 0.5, 1), beta1: 0.8, beta2: 0.99, epsilon: 1e-6, decayBiases: true }),
    ]) {
      const again = unsafeRight(Optim.optimizerFromSpec(JSON.parse(JSON.stringify(opt.spec))))
      expect(again.spec).toEqual(opt.spec)
      expect(twoSteps(again)).toEqual(twoSteps(opt))
    }
  })

  it('fills absent options with the defaults', () => {
    for (const opt of [Optim.sgd(), Optim.momentum(), Optim.adagrad(), Optim.rmsprop(), Optim.adam()])
      expect(unsafeRight(Optim.optimizerFromSpec({ name: opt.spec.name })).spec).toEqual(opt.spec)
  })

  // Regression: { name: 'adamw' } trained with every parameter set to 0.
  it('rejects an unknown name with the list of the known ones, and a spec that is not an object', () => {
    expect(unsafeLeft(Optim.optimizerFromSpec({ name: 'adamw' })).message).toBe(
      'optimizer.name: "adamw" is not allowed (expected one of sgd, momentum, adagrad, rmsprop, adam)',
    )
    expect(unsafeLeft(Optim.optimizerFromSpec({})).field).toBe('optimizer.name')
    expect(unsafeLeft(Optim.optimizerFromSpec('adam')).message).toBe(
      'optimizer: "adam" is not allowed (expected an optimizer spec object with a name)',
    )
  })

  it('names fields from the given path', () => {
    expect(unsafeLeft(Optim.optimizerFromSpec({ name: 'adam', beta2: 1 }, 'config.optimizer')).field).toBe(
      'config.optimizer.beta2',
    )
  })
})

describe('optimizer state mirrors the parameter set', () => {
  const net231 = pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))
  const [th] = init(net231)(Random.seed(7))
  const shapes = (p: ReadonlyArray<ParamSet>) =>
    p.map((l) => Object.fromEntries(Object.entries(l).map(([k, t]) => [k, [...t.shape]])))
  const want = [
    { W: [2, 3], b: [3] },
    { W: [3, 1], b: [1] },
  ]

  it.each([
    ['sgd', Optim.sgd(), 0],
    ['momentum', Optim.momentum(), 1],
    ['adagrad', Optim.adagrad(), 1],
    ['rmsprop', Optim.rmsprop(), 1],
    ['adam', Optim.adam(), 2],
  ] as const)(
    '%s: t = 0 and zero slots (as many as the rule needs) with the shapes of Θ, kept by a step',
    (_, opt, count) => {
      const s0 = Optim.initState(opt, th)
      expect(s0.t).toBe(0)
      expect(s0.slots).toHaveLength(count)
      for (const slot of s0.slots) {
        expect(shapes(slot)).toEqual(want)
        expect(slot.flatMap((p) => Object.values(p).flatMap((t) => toFlat(t))).every((v) => v === 0)).toBe(true)
      }
      const [s1, th1] = Optim.step(opt, s0, th, th)
      expect(s1.t).toBe(1)
      expect(s1.slots).toHaveLength(count)
      for (const slot of s1.slots) expect(shapes(slot)).toEqual(want)
      expect(shapes(th1)).toEqual(want)
    },
  )
})

describe('purity', () => {
  it.each([
    ['sgd', Optim.sgd({ eta: 0.1, weightDecay: 0.1 })],
    ['momentum', Optim.momentum({ eta: 0.1, gamma: 0.9, nesterov: true })],
    ['adagrad', Optim.adagrad({ eta: 0.1, epsilon: 1e-8 })],
    ['rmsprop', Optim.rmsprop({ eta: 0.1, rho: 0.9, epsilon: 1e-8 })],
    ['adam', Optim.adam({ eta: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 })],
  ] as const)('%s: Θ, G and the state are not modified; the results are fresh', (_, opt) => {
    const [s1, t1] = Optim.step(opt, Optim.initState(opt, theta), theta, g1)
    const before = JSON.stringify({ th: toArrays(t1), g: toArrays(g2), s: s1.slots.map((s) => toArrays(s)), t: s1.t })
    const [s2, t2] = Optim.step(opt, s1, t1, g2)
    const after = JSON.stringify({ th: toArrays(t1), g: toArrays(g2), s: s1.slots.map((s) => toArrays(s)), t: s1.t })
    expect(after).toBe(before)
    expect(t2).not.toBe(t1)
    expect(t2[0].W).not.toBe(t1[0].W)
    s2.slots.forEach((s, i) => expect(s[0].W).not.toBe(s1.slots[i]![0].W))
    // the same inputs give the same outputs
    expect(toArrays(Optim.step(opt, s1, t1, g2)[1])).toEqual(toArrays(t2))
  })
})

describe('a gradient set of another network', () => {
  it('is rejected at run time when it gets past the types (a cast)', () => {
    const other = pipe(input(2), dense(3, identity))
    const [gOther] = init(other)(Random.seed(1))
    const opt = Optim.sgd()
    expect(() => Optim.step(opt, Optim.initState(opt, theta), theta, gOther as never)).toThrow(ShapeError)
    const deeper = pipe(input(2), dense(1, identity), dense(1, identity))
    const [gDeeper] = init(deeper)(Random.seed(1))
    expect(() => Optim.step(opt, Optim.initState(opt, theta), theta, gDeeper as never)).toThrow(ShapeError)
  })

  it('names the layer that does not fit, numbered from 1 as in the notes', () => {
    const net2 = pipe(input(2), dense(3, identity), dense(1, identity))
    const other2 = pipe(input(2), dense(3, identity), dense(2, identity))
    const [th2] = init(net2)(Random.seed(1))
    const [gOther2] = init(other2)(Random.seed(1))
    const opt = Optim.sgd()
    expect(() => Optim.step(opt, Optim.initState(opt, th2), th2, gOther2 as never)).toThrow(
      'layer 2, W: gradient does not fit the parameter',
    )
  })

  it('a state for a network of another depth is rejected', () => {
    const deeper = pipe(input(2), dense(1, identity), dense(1, identity))
    const [thDeeper] = init(deeper)(Random.seed(1))
    const opt = Optim.adam()
    expect(() => Optim.step(opt, Optim.initState(opt, thDeeper) as never, theta, g1)).toThrow(ShapeError)
  })

  // Regression: a momentum state given to adam crashed with a TypeError; an adam state given to sgd was dropped.
  it('a state made by another optimizer is rejected with a ShapeError', () => {
    const adam = Optim.adam()
    expect(() => Optim.step(adam, Optim.initState(Optim.momentum(), theta), theta, g1)).toThrow(ShapeError)
    expect(() => Optim.step(adam, Optim.initState(Optim.sgd(), theta), theta, g1)).toThrow(ShapeError)
  })
})
