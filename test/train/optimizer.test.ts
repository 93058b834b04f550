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

import { expectClose, unsafeRight } from '../util.js'

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
    const { t1, t2, s1, s2 } = twoSteps(Optim.momentum(0.9, { eta: 0.1 }))
    // v1 = g1; θ1 = θ0 − 0.1 g1. v2 = 0.9·[0.2, −0.4, 1.5] + [−0.1, 0.6, 0.5] = [0.08, 0.24, 1.85]
    expectClose(t1, [0.48, -0.26, -0.05], tol)
    expectClose(flat(s1.slots[0]!), [0.2, -0.4, 1.5], tol)
    expectClose(flat(s2.slots[0]!), [0.08, 0.24, 1.85], tol)
    expectClose(t2, [0.472, -0.284, -0.235], tol)
  })

  it('Nesterov momentum: v ← γv + g, θ ← θ − η(g + γv) (γ = 0.9, η = 0.1)', () => {
    const { t1, t2, s2 } = twoSteps(Optim.momentum(0.9, { eta: 0.1, nesterov: true }))
    // θ1 = θ0 − 0.1·(g1 + 0.9 g1) = θ0 − 0.19 g1
    expectClose(t1, [0.462, -0.224, -0.185], tol)
    // g2 + 0.9 v2 = [−0.1 + 0.072, 0.6 + 0.216, 0.5 + 1.665] = [−0.028, 0.816, 2.165]
    expectClose(flat(s2.slots[0]!), [0.08, 0.24, 1.85], tol)
    expectClose(t2, [0.4648, -0.3056, -0.4015], tol)
  })

  it('adagrad: r ← r + g², θ ← θ − ηg/(√r + ε) (η = 0.1, ε = 1e-8)', () => {
    const { t1, t2, s2 } = twoSteps(Optim.adagrad(1e-8, { eta: 0.1 }))
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

  it('adagrad with ε = 0: the first step is exactly η·sign(g)', () => {
    const { t1 } = twoSteps(Optim.adagrad(0, { eta: 0.1 }))
    expectClose(t1, [0.4, -0.2, 0], tol)
  })

  it('rmsprop: r ← ρr + (1 − ρ)g², θ ← θ − ηg/(√r + ε) (ρ = 0.9, η = 0.01, ε = 1e-8)', () => {
    const { t1, t2, s1, s2 } = twoSteps(Optim.rmsprop(0.9, 1e-8, { eta: 0.01 }))
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

  it('rmsprop with ε = 0: the first step is η·sign(g)/√(1 − ρ)', () => {
    const { t1 } = twoSteps(Optim.rmsprop(0.75, 0, { eta: 0.1 }))
    // √(1 − 0.75) = 0.5, so each entry moves by 0.2 against its gradient's sign
    expectClose(t1, [0.3, -0.1, -0.1], tol)
  })

  it('adam: bias-corrected m̂, v̂ (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = 0.1)', () => {
    const { t1, t2, s1, s2 } = twoSteps(Optim.adam(0.9, 0.999, 1e-8, { eta: 0.1 }))
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

  it('adam with ε = 0: bias correction makes step 1 exactly η·sign(g); a constant gradient keeps it so', () => {
    // Without bias correction the first step would be η·0.1/√0.001 ≈ 3.16 η.
    const opt = Optim.adam(0.9, 0.999, 0, { eta: 0.1 })
    const s0 = Optim.initState(opt, theta)
    const [s1, t1] = Optim.step(opt, s0, theta, g1)
    expectClose(flat(t1), [0.4, -0.2, 0], tol)
    const [, t2] = Optim.step(opt, s1, t1, g1)
    expectClose(flat(t2), [0.3, -0.1, -0.1], tol)
  })

  it('adam reads the step count t from its state: the same slots at t = 5 give another step', () => {
    const opt = Optim.adam(0.9, 0.999, 1e-8, { eta: 0.1 })
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

describe('weight decay adds λθ to every gradient, biases included', () => {
  it('sgd: θ ← θ − η(g + λθ)', () => {
    const { t1, t2 } = twoSteps(Optim.sgd({ eta: 0.1, weightDecay: 0.5 }))
    const want = byHand((th, ga, gb) => {
      const th1 = th - 0.1 * (ga + 0.5 * th)
      return [th1, th1 - 0.1 * (gb + 0.5 * th1)]
    })
    expectClose(t1, want.t1, tol)
    expectClose(t2, want.t2, tol)
    // w1: 0.5 − 0.1·(0.2 + 0.25) = 0.455; b: 0.1 − 0.1·(1.5 + 0.05) = −0.055
    expectClose(t1, [0.455, -0.245, -0.055], tol)
  })

  it('momentum and adam see g + λθ in their slots', () => {
    const lam = 0.01
    const mom = twoSteps(Optim.momentum(0.9, { eta: 0.1, weightDecay: lam }))
    const wantMom = byHand((th, ga, gb) => {
      const v1 = ga + lam * th
      const th1 = th - 0.1 * v1
      const v2 = 0.9 * v1 + gb + lam * th1
      return [th1, th1 - 0.1 * v2]
    })
    expectClose(mom.t1, wantMom.t1, tol)
    expectClose(mom.t2, wantMom.t2, tol)

    const ad = twoSteps(Optim.adam(0.9, 0.999, 1e-8, { eta: 0.1, weightDecay: lam }))
    const wantAdam = byHand((th, ga, gb) => {
      const d1 = ga + lam * th
      const m1 = 0.1 * d1
      const v1 = 0.001 * d1 * d1
      const th1 = th - (0.1 * (m1 / 0.1)) / (Math.sqrt(v1 / 0.001) + 1e-8)
      const d2 = gb + lam * th1
      const m2 = 0.9 * m1 + 0.1 * d2
      const v2 = 0.999 * v1 + 0.001 * d2 * d2
      return [th1, th1 - (0.1 * (m2 / 0.19)) / (Math.sqrt(v2 / 0.001999) + 1e-8)]
    })
    expectClose(ad.t1, wantAdam.t1, tol)
    expectClose(ad.t2, wantAdam.t2, tol)
  })

  it('weightDecay 0 (the default) changes nothing', () => {
    expect(Optim.sgd().weightDecay).toBe(0)
    expect(twoSteps(Optim.adam(0.9, 0.999, 1e-8, { eta: 0.1, weightDecay: 0 }))).toEqual(
      twoSteps(Optim.adam(0.9, 0.999, 1e-8, { eta: 0.1 })),
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
    const { t2 } = twoSteps(Optim.adam(0.9, 0.999, 0, { eta: Optim.exponential(0.1, 0.5) }))
    // first entry, ε = 0: θ1 = 0.5 − η1·sign(0.2) = 0.4; step 2 with η2 = 0.05
    const m2 = 0.9 * 0.02 + 0.1 * -0.1
    const v2 = 0.999 * 0.00004 + 0.001 * 0.01
    expectClose(t2[0]!, 0.4 - (0.05 * (m2 / 0.19)) / Math.sqrt(v2 / 0.001999), tol)
  })

  it('defaults: sgd, momentum, adagrad η = 0.01; rmsprop, adam η = 0.001', () => {
    expect(Optim.sgd().schedule.rate(1)).toBe(0.01)
    expect(Optim.momentum().schedule.rate(1)).toBe(0.01)
    expect(Optim.momentum().spec).toEqual({ name: 'momentum', gamma: 0.9, nesterov: false })
    expect(Optim.adagrad().schedule.rate(1)).toBe(0.01)
    expect(Optim.rmsprop().schedule.rate(1)).toBe(0.001)
    expect(Optim.rmsprop().spec).toEqual({ name: 'rmsprop', rho: 0.9, epsilon: 1e-8 })
    expect(Optim.adam().schedule.rate(1)).toBe(0.001)
    expect(Optim.adam().spec).toEqual({ name: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 })
  })

  // Regression: optimizerFromSpec used 0.01 for every optimizer, 10× the default of adam and rmsprop.
  it('optimizerFromSpec without options keeps each optimizer’s default rate', () => {
    for (const opt of [Optim.sgd(), Optim.momentum(), Optim.adagrad(), Optim.rmsprop(), Optim.adam()])
      expect(Optim.optimizerFromSpec(opt.spec).schedule.rate(1)).toBe(opt.schedule.rate(1))
  })

  it('optimizerFromSpec rebuilds an optimizer that steps like the original', () => {
    const opt = Optim.adam(0.8, 0.99, 1e-6, { eta: 0.05 })
    const again = Optim.optimizerFromSpec(opt.spec, { eta: 0.05 })
    expect(twoSteps(again)).toEqual(twoSteps(opt))
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
    ['momentum', Optim.momentum(0.9, { eta: 0.1, nesterov: true })],
    ['adagrad', Optim.adagrad(1e-8, { eta: 0.1 })],
    ['rmsprop', Optim.rmsprop(0.9, 1e-8, { eta: 0.1 })],
    ['adam', Optim.adam(0.9, 0.999, 1e-8, { eta: 0.1 })],
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
