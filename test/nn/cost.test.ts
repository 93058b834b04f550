import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  type Activation,
  binaryCrossEntropy,
  type Cost,
  costFromSpec,
  costNames,
  crossEntropy,
  elu,
  fromArray,
  identity,
  leakyRelu,
  mse,
  quadratic,
  relu,
  sigmoid,
  softmax,
  type Tensor,
  tanh,
  toFlat,
} from 'tensorial'

import { arbMatrix, expectClose, numericGrad, snapshot, unsafeLeft, unsafeRight } from '../util.js'

// -------------------------------------------------------------------------------------
// fixtures
// -------------------------------------------------------------------------------------

type M = Tensor<readonly [number, number]>

/** A `[B, N]` matrix of run-time size from rows. */
const mat = (rows: ReadonlyArray<ReadonlyArray<number>>): M =>
  unsafeRight(fromArray<readonly [number, number]>(rows.flat(), [rows.length, rows[0]?.length ?? 0]))

/** An empty-or-not matrix of a given shape from flat data. */
const shaped = (data: ArrayLike<number>, b: number, n: number): M =>
  unsafeRight(fromArray<readonly [number, number]>(data, [b, n]))

/** The batch stacked on itself: rows `[x; x]`. */
const twice = (x: M): M => shaped([...toFlat(x), ...toFlat(x)], 2 * x.shape[0], x.shape[1])

/** `C(z ↦ σ(z))`: the cost as a function of the output layer's `z`. */
const costOfZ =
  (cost: Cost, act: Activation, y: M) =>
  (z: M): number =>
    cost.value(z, act.apply(z), y, act)

/** `C(a)` with an identity output layer (`z = a`). */
const costOfA =
  (cost: Cost, y: M) =>
  (a: M): number =>
    cost.value(a, a, y, identity)

const costs: ReadonlyArray<readonly [string, Cost]> = [
  ['quadratic', quadratic],
  ['mse', mse],
  ['crossEntropy', crossEntropy],
  ['binaryCrossEntropy', binaryCrossEntropy],
]

/** Logits away from 0, so relu-family activations are smooth there. */
const Z = (): M =>
  mat([
    [-1.2, 0.4, 2.1],
    [0.7, -0.3, -2.4],
    [1.5, -0.8, 0.25],
  ])
/** One-hot targets for `Z`. */
const Y1 = (): M =>
  mat([
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ])
/** Soft targets in [0, 1] (rows sum to 1). */
const Ysoft = (): M =>
  mat([
    [0.2, 0.3, 0.5],
    [0.6, 0.1, 0.3],
    [0, 0.75, 0.25],
  ])
/** Real-valued targets for regression costs. */
const Yreal = (): M =>
  mat([
    [0.5, -1, 2],
    [0, 1.5, -0.5],
    [1, 0.25, -2],
  ])
/** Activations in (0, 1), so every cost is defined at `a`. */
const A = (): M =>
  mat([
    [0.2, 0.3, 0.5],
    [0.1, 0.6, 0.3],
    [0.7, 0.2, 0.1],
  ])

const FD = { rel: 1e-6, abs: 1e-9 } as const

// -------------------------------------------------------------------------------------
// values
// -------------------------------------------------------------------------------------

describe('value: hand-computed', () => {
  const a = () =>
    mat([
      [0.5, 1, -1],
      [2, 0, 1],
    ])
  const y = () =>
    mat([
      [0, 1, 0],
      [1, 1, 1],
    ])

  it('quadratic: (1/2B) Σ (a − y)² = 3.25 / 4', () => {
    expectClose(quadratic.value(a(), a(), y(), identity), 0.8125)
  })

  it('mse: (1/BN) Σ (a − y)² = 3.25 / 6', () => {
    expectClose(mse.value(a(), a(), y(), identity), 0.5416666666666666)
  })

  it('crossEntropy on probabilities: −(1/B) Σ y log a', () => {
    const y = mat([
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ])
    // −(ln 0.5 + ln 0.6 + ln 0.7) / 3
    expectClose(crossEntropy.value(A(), A(), y, identity), 0.5202159160882228)
  })

  it('crossEntropy fused with softmax: (1/B) Σ (lse(z) − z_target)', () => {
    const z = mat([
      [1, 2, 3],
      [0, 0, 0],
    ])
    const y = mat([
      [0, 0, 1],
      [1, 0, 0],
    ])
    // (−ln 0.6652409557748218 + ln 3) / 2
    expectClose(crossEntropy.value(z, softmax.apply(z), y, softmax), 0.7531091265562451)
  })

  it('binaryCrossEntropy on probabilities: −(1/B) Σ [y log a + (1 − y) log(1 − a)] (sum over outputs, mean over rows)', () => {
    const p = mat([
      [0.9, 0.2],
      [0.3, 0.6],
    ])
    const t = mat([
      [1, 0],
      [0, 1],
    ])
    // −(ln 0.9 + ln 0.8 + ln 0.7 + ln 0.6) / 2
    expectClose(binaryCrossEntropy.value(p, p, t, identity), 0.5980023173383796)
  })

  it('binaryCrossEntropy fused with sigmoid: (1/B) Σ softplus(±z)', () => {
    const z = mat([
      [2, -1],
      [0, 3],
    ])
    const t = mat([
      [1, 0],
      [0, 1],
    ])
    // (ln(1 + e^−2) + ln(1 + e^−1) + ln 2 + ln(1 + e^−3)) / 2
    expectClose(binaryCrossEntropy.value(z, sigmoid.apply(z), t, sigmoid), 0.5909621153474414)
  })

  it('the fused values agree with the naive formulas on moderate logits', () => {
    expectClose(
      crossEntropy.value(Z(), softmax.apply(Z()), Ysoft(), softmax),
      crossEntropy.value(Z(), softmax.apply(Z()), Ysoft(), identity),
    )
    const t = mat([
      [1, 0, 0.5],
      [0, 0.25, 1],
      [1, 1, 0],
    ])
    expectClose(
      binaryCrossEntropy.value(Z(), sigmoid.apply(Z()), t, sigmoid),
      binaryCrossEntropy.value(Z(), sigmoid.apply(Z()), t, identity),
    )
  })

  it('every cost is 0 when a = y (one-hot targets; binary cross-entropy at 0 and 1)', () => {
    for (const [name, cost] of costs) expect(cost.value(Y1(), Y1(), Y1(), identity), name).toBe(0)
  })

  it('quadratic with B = 1 is ½ Σ_j (a_j − y_j)² (fast-check)', () => {
    const pair = fc
      .integer({ min: 0, max: 6 })
      .chain((n) =>
        fc.tuple(
          arbMatrix(1, n, fc.double({ min: -1e3, max: 1e3, noNaN: true })),
          arbMatrix(1, n, fc.double({ min: -1e3, max: 1e3, noNaN: true })),
        ),
      )
    fc.assert(
      fc.property(pair, ([a, y]) => {
        const ya = toFlat(y)
        const terms = toFlat(a).map((v, i) => (v - (ya[i] as number)) ** 2)
        const half = 0.5 * terms.reduce((s, v) => s + v, 0)
        expectClose(quadratic.value(a, a, y, identity), half, { rel: 1e-13, abs: 0 })
      }),
    )
  })

  it('mse is quadratic · 2/N', () => {
    const n = Z().shape[1]
    expectClose(mse.value(Z(), Z(), Yreal(), identity), (2 / n) * quadratic.value(Z(), Z(), Yreal(), identity))
  })
})

// -------------------------------------------------------------------------------------
// batch averaging
// -------------------------------------------------------------------------------------

describe('batch averaging', () => {
  /** Pairs where the cost is defined: the activation's output domain suits the cost. */
  const cases: ReadonlyArray<readonly [string, Cost, Activation, M]> = [
    ['quadratic/identity', quadratic, identity, Yreal()],
    ['quadratic/sigmoid', quadratic, sigmoid, Ysoft()],
    ['mse/tanh', mse, tanh, Yreal()],
    ['mse/softmax', mse, softmax, Y1()],
    ['crossEntropy/softmax (fused)', crossEntropy, softmax, Y1()],
    ['crossEntropy/sigmoid', crossEntropy, sigmoid, Ysoft()],
    ['binaryCrossEntropy/sigmoid (fused)', binaryCrossEntropy, sigmoid, Ysoft()],
    ['binaryCrossEntropy/softmax', binaryCrossEntropy, softmax, Y1()],
  ]

  it('the value of a batch stacked on itself equals the value of the batch', () => {
    for (const [name, cost, act, y] of cases) {
      const z = Z()
      const z2 = twice(z)
      expectClose(cost.value(z2, act.apply(z2), twice(y), act), cost.value(z, act.apply(z), y, act), { rel: 1e-14 })
      expect(Number.isFinite(cost.value(z, act.apply(z), y, act)), name).toBe(true)
    }
  })

  it('δ of a batch stacked on itself is half of δ, per row', () => {
    for (const [, cost, act, y] of cases) {
      const z = Z()
      const z2 = twice(z)
      const d = toFlat(cost.delta(z, act.apply(z), y, act)).map((v) => v / 2)
      expectClose(cost.delta(z2, act.apply(z2), twice(y), act), twice(shaped(d, 3, 3)), { rel: 1e-14, abs: 1e-300 })
    }
  })

  it('the value is the mean of the per-row values', () => {
    for (const [, cost, act, y] of cases) {
      const z = Z()
      const [b, n] = z.shape
      let total = 0
      for (let i = 0; i < b; i++) {
        const zi = shaped(toFlat(z).slice(i * n, i * n + n), 1, n)
        const yi = shaped(toFlat(y).slice(i * n, i * n + n), 1, n)
        total += cost.value(zi, act.apply(zi), yi, act)
      }
      expectClose(cost.value(z, act.apply(z), y, act), total / b, { rel: 1e-14 })
    }
  })

  it('crossEntropy, binaryCrossEntropy and mse give 0 for an empty batch', () => {
    const e = shaped([], 0, 3)
    expect(crossEntropy.value(e, e, e, identity)).toBe(0)
    expect(crossEntropy.value(e, e, e, softmax)).toBe(0)
    expect(binaryCrossEntropy.value(e, e, e, identity)).toBe(0)
    expect(binaryCrossEntropy.value(e, e, e, sigmoid)).toBe(0)
    expect(mse.value(e, e, e, identity)).toBe(0)
  })

  // Regression: quadratic.value was 0/0 = NaN for an empty batch.
  it('quadratic gives 0 (not NaN) for an empty batch, like the other costs', () => {
    const e = shaped([], 0, 3)
    expect(quadratic.value(e, e, e, identity)).toBe(0)
  })
})

// -------------------------------------------------------------------------------------
// gradient ∂C/∂a
// -------------------------------------------------------------------------------------

describe('gradient = ∂C/∂a by central differences (identity output, z = a)', () => {
  it('quadratic: (a − y)/B', () => {
    const a = Z()
    expectClose(quadratic.gradient(a, Yreal()), numericGrad(costOfA(quadratic, Yreal()), a), FD)
    expectClose(
      quadratic.gradient(
        mat([
          [1, 2],
          [3, 5],
        ]),
        mat([
          [0, 2],
          [1, 1],
        ]),
      ),
      [
        [0.5, 0],
        [1, 2],
      ],
    )
  })

  it('mse: 2(a − y)/(BN)', () => {
    const a = Z()
    expectClose(mse.gradient(a, Yreal()), numericGrad(costOfA(mse, Yreal()), a), FD)
    expectClose(
      mse.gradient(
        mat([
          [1, 2],
          [3, 5],
        ]),
        mat([
          [0, 2],
          [1, 1],
        ]),
      ),
      [
        [0.5, 0],
        [1, 2],
      ],
    )
  })

  it('crossEntropy: −y/(B a), for one-hot and soft targets', () => {
    for (const y of [Y1(), Ysoft()]) {
      expectClose(crossEntropy.gradient(A(), y), numericGrad(costOfA(crossEntropy, y), A(), 1e-7), FD)
    }
    expectClose(crossEntropy.gradient(mat([[0.25, 0.75]]), mat([[0, 1]])), [[0, -4 / 3]])
  })

  it('binaryCrossEntropy: (a − y)/(B a(1 − a)), for hard and soft targets', () => {
    const yHard = mat([
      [1, 0, 0],
      [0, 1, 1],
      [1, 0, 1],
    ])
    for (const y of [yHard, Ysoft()]) {
      expectClose(binaryCrossEntropy.gradient(A(), y), numericGrad(costOfA(binaryCrossEntropy, y), A(), 1e-7), FD)
    }
    expectClose(binaryCrossEntropy.gradient(mat([[0.25, 0.75]]), mat([[0, 1]])), [[4 / 3, -4 / 3]])
  })

  it('every gradient matches central differences on random batches (fast-check)', () => {
    const prob = fc.double({ min: 0.05, max: 0.95, noNaN: true })
    const input = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }))
      .chain(([b, n]) => fc.tuple(arbMatrix(b, n, prob), arbMatrix(b, n, fc.double({ min: 0, max: 1, noNaN: true }))))
    for (const [name, cost] of costs) {
      fc.assert(
        fc.property(input, ([a, y]) => {
          expectClose(cost.gradient(a, y), numericGrad(costOfA(cost, y), a, 1e-7), { rel: 1e-5, abs: 1e-8 })
          expect(cost.gradient(a, y).shape, name).toEqual(a.shape)
        }),
        { numRuns: 50 },
      )
    }
  })

  // Regression: binaryCrossEntropy.gradient was 0/0 = NaN where a = y ∈ {0, 1}, although C is smooth there.
  it('binaryCrossEntropy.gradient is finite where a = y ∈ {0, 1} (the cost is smooth there)', () => {
    const a = mat([[0, 1, 0.5]])
    const y = mat([[0, 1, 1]])
    expectClose(binaryCrossEntropy.gradient(a, y), [[1, -1, -2]])
  })

  // The NaN reached δ through any non-fused activation: softmax saturated on the right class.
  it('binaryCrossEntropy.delta with softmax is finite (0) for a saturated, correct prediction', () => {
    const z = mat([[800, 0]])
    const a = softmax.apply(z)
    expect(toFlat(a)).toEqual([1, 0])
    const d = toFlat(binaryCrossEntropy.delta(z, a, mat([[1, 0]]), softmax))
    expect(d.every(Number.isFinite)).toBe(true)
  })
})

// -------------------------------------------------------------------------------------
// delta δ = ∂C/∂z
// -------------------------------------------------------------------------------------

describe('delta = ∂C/∂z by central differences of C(σ(z))', () => {
  const acts: ReadonlyArray<readonly [string, Activation]> = [
    ['identity', identity],
    ['sigmoid', sigmoid],
    ['tanh', tanh],
    ['relu', relu],
    ['leakyRelu(0.1)', leakyRelu(0.1)],
    ['elu()', elu()],
    ['elu(0.5)', elu(0.5)],
    ['softmax', softmax],
  ]

  it('quadratic and mse, with every activation', () => {
    for (const cost of [quadratic, mse]) {
      for (const [name, act] of acts) {
        const y = name === 'softmax' || name === 'sigmoid' ? Ysoft() : Yreal()
        const z = Z()
        const d = cost.delta(z, act.apply(z), y, act)
        expect(d.shape, name).toEqual([3, 3])
        expectClose(d, numericGrad(costOfZ(cost, act, y), z, 1e-6), FD)
      }
    }
  })

  it('crossEntropy with softmax (fused), one-hot, soft and unnormalised targets', () => {
    const unnormalised = mat([
      [0.5, 0.5, 1],
      [0, 0, 0.2],
      [2, 0, 0],
    ])
    for (const y of [Y1(), Ysoft(), unnormalised]) {
      const z = Z()
      expectClose(
        crossEntropy.delta(z, softmax.apply(z), y, softmax),
        numericGrad(costOfZ(crossEntropy, softmax, y), z),
        FD,
      )
    }
  })

  it('crossEntropy with sigmoid (through σ.backward)', () => {
    const z = Z()
    expectClose(
      crossEntropy.delta(z, sigmoid.apply(z), Ysoft(), sigmoid),
      numericGrad(costOfZ(crossEntropy, sigmoid, Ysoft()), z),
      FD,
    )
  })

  it('binaryCrossEntropy with sigmoid (fused) and with softmax (through σ.backward)', () => {
    const yBin = mat([
      [1, 0, 0.5],
      [0, 0.25, 1],
      [1, 1, 0],
    ])
    for (const [y, act] of [
      [yBin, sigmoid],
      [Y1(), softmax],
      [Ysoft(), softmax],
    ] as const) {
      const z = Z()
      expectClose(
        binaryCrossEntropy.delta(z, act.apply(z), y, act),
        numericGrad(costOfZ(binaryCrossEntropy, act, y), z),
        FD,
      )
    }
  })

  it('every matched pair matches central differences on random batches (fast-check)', () => {
    const logit = fc.double({ min: -6, max: 6, noNaN: true })
    const unit = fc.double({ min: 0, max: 1, noNaN: true })
    // N ≥ 2: a softmax row of one entry is the constant 1, where binary cross-entropy is log 0
    const input = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 }))
      .chain(([b, n]) => fc.tuple(arbMatrix(b, n, logit), arbMatrix(b, n, unit)))
    const pairs: ReadonlyArray<readonly [Cost, Activation]> = [
      [quadratic, sigmoid],
      [quadratic, tanh],
      [quadratic, softmax],
      [mse, identity],
      [mse, softmax],
      [crossEntropy, softmax],
      [crossEntropy, sigmoid],
      [binaryCrossEntropy, sigmoid],
      [binaryCrossEntropy, softmax],
    ]
    for (const [cost, act] of pairs) {
      fc.assert(
        fc.property(input, ([z, y]) => {
          // ε = 1e-5 balances truncation (ε²·C''') against cancellation (1e-16·C/ε) better than 1e-6 did: with
          // 1e-6 a saturated non-fused pair missed by 1.7e-5 relative on one random batch.
          expectClose(cost.delta(z, act.apply(z), y, act), numericGrad(costOfZ(cost, act, y), z, 1e-5), {
            rel: 1e-5,
            abs: 1e-7,
          })
        }),
        { numRuns: 40 },
      )
    }
  })

  it('fused pairs: δ = (a − y)/B exactly, for one-hot y', () => {
    const z = Z()
    const b = z.shape[0]
    for (const [cost, act] of [
      [crossEntropy, softmax],
      [binaryCrossEntropy, sigmoid],
    ] as const) {
      const a = act.apply(z)
      const y = Y1()
      const expected = toFlat(a).map((v, i) => (v - (toFlat(y)[i] as number)) / b)
      expectClose(toFlat(cost.delta(z, a, y, act)), expected, { rel: 1e-15, abs: 0 })
    }
  })

  it('quadratic with identity: δ = (a − y)/B; with sigmoid: δ = σ′(z) ⊙ (a − y)/B', () => {
    const z = Z()
    const y = Ysoft()
    const b = z.shape[0]
    const ys = toFlat(y)
    expectClose(
      toFlat(quadratic.delta(z, z, y, identity)),
      toFlat(z).map((v, i) => (v - (ys[i] as number)) / b),
    )
    const a = toFlat(sigmoid.apply(z))
    expectClose(
      toFlat(quadratic.delta(z, sigmoid.apply(z), y, sigmoid)),
      a.map((s, i) => (s * (1 - s) * (s - (ys[i] as number))) / b),
    )
  })
})

// -------------------------------------------------------------------------------------
// extreme logits
// -------------------------------------------------------------------------------------

describe('extreme logits (the naive formula would take log 0)', () => {
  it('crossEntropy + softmax: finite value and δ for logits ±1000', () => {
    const z = mat([
      [1000, -1000, 0],
      [-1000, 1000, 1000],
      [1000, 1000, 1000],
    ])
    const y = mat([
      [0, 1, 0],
      [0, 1, 0],
      [1, 0, 0],
    ])
    const a = softmax.apply(z)
    // the naive −log a would be −log 0 = ∞ on row 0
    expect(crossEntropy.value(z, a, y, identity)).toBe(Infinity)
    // rows: lse − z_target = 1000 − (−1000), (1000 + ln 2) − 1000, (1000 + ln 3) − 1000
    const c = crossEntropy.value(z, a, y, softmax)
    expect(Number.isFinite(c)).toBe(true)
    expectClose(c, (2000 + Math.LN2 + Math.log(3)) / 3)
    const d = crossEntropy.delta(z, a, y, softmax)
    expect(toFlat(d).every(Number.isFinite)).toBe(true)
    expectClose(d, [
      [1 / 3, -1 / 3, 0],
      [0, (0.5 - 1) / 3, 0.5 / 3],
      [(1 / 3 - 1) / 3, 1 / 9, 1 / 9],
    ])
  })

  it('binaryCrossEntropy + sigmoid: finite value and δ for logits ±1000', () => {
    const z = mat([
      [1000, -1000, 1000, -1000],
      [0, 40, -40, 800],
    ])
    const y = mat([
      [0, 1, 1, 0],
      [1, 1, 0, 1],
    ])
    const a = sigmoid.apply(z)
    // naive: y = 0 at a = 1 gives −log(1 − 1) = ∞
    expect(binaryCrossEntropy.value(z, a, y, identity)).toBe(Infinity)
    const c = binaryCrossEntropy.value(z, a, y, sigmoid)
    expect(Number.isFinite(c)).toBe(true)
    // row 0: 1000 + 1000 + 0 + 0; row 1: ln 2 + ln(1 + e^−40) + ln(1 + e^−40) + 0
    expectClose(c, (2000 + Math.LN2 + 2 * Math.log1p(Math.exp(-40))) / 2)
    const d = binaryCrossEntropy.delta(z, a, y, sigmoid)
    expect(toFlat(d).every(Number.isFinite)).toBe(true)
    expectClose(d, [
      [0.5, -0.5, 0, 0],
      [-0.25, ((toFlat(a)[5] as number) - 1) / 2, (toFlat(a)[6] as number) / 2, 0],
    ])
  })

  it('fused values stay finite and non-negative on random extreme logits (fast-check)', () => {
    const logit = fc.double({ min: -1e4, max: 1e4, noNaN: true })
    const input = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }))
      .chain(([b, n]) =>
        fc.tuple(arbMatrix(b, n, logit), arbMatrix(b, n, fc.constantFrom(0, 1)), fc.integer({ min: 0, max: n - 1 })),
      )
    fc.assert(
      fc.property(input, ([z, yb, hot]) => {
        const [b, n] = z.shape
        const y1 = shaped(
          Array.from({ length: b * n }, (_, i) => (i % n === hot ? 1 : 0)),
          b,
          n,
        )
        for (const [cost, act, y] of [
          [crossEntropy, softmax, y1],
          [binaryCrossEntropy, sigmoid, yb],
        ] as const) {
          const a = act.apply(z)
          const c = cost.value(z, a, y, act)
          expect(Number.isFinite(c)).toBe(true)
          expect(c).toBeGreaterThanOrEqual(0)
          expect(toFlat(cost.delta(z, a, y, act)).every(Number.isFinite)).toBe(true)
        }
      }),
      { numRuns: 200 },
    )
  })
})

// -------------------------------------------------------------------------------------
// specs and purity
// -------------------------------------------------------------------------------------

describe('spec', () => {
  it('names each cost', () => {
    expect(quadratic.spec).toEqual({ name: 'quadratic' })
    expect(mse.spec).toEqual({ name: 'mse' })
    expect(crossEntropy.spec).toEqual({ name: 'crossEntropy' })
    expect(binaryCrossEntropy.spec).toEqual({ name: 'binaryCrossEntropy' })
  })

  it('costFromSpec round-trips every cost (also through JSON)', () => {
    for (const [name, cost] of costs) {
      const back = unsafeRight(costFromSpec(JSON.parse(JSON.stringify(cost.spec))))
      expect(back, name).toBe(cost)
      expect(unsafeRight(costFromSpec(cost.spec)).spec).toEqual(cost.spec)
      expect(back.value(A(), A(), Ysoft(), identity)).toBe(cost.value(A(), A(), Ysoft(), identity))
    }
    expect(costNames).toEqual(costs.map(([, c]) => c.spec.name))
  })

  // Regression: costFromSpec({ name: 'hinge' }) returned undefined, which failed later with a TypeError.
  it.each([
    [
      { name: 'hinge' },
      'cost.name: "hinge" is not allowed (expected one of quadratic, mse, crossEntropy, binaryCrossEntropy)',
    ],
    [{}, 'cost.name: undefined is not allowed (expected one of quadratic, mse, crossEntropy, binaryCrossEntropy)'],
    [
      { name: 'mse', reduction: 'sum' },
      'cost.reduction: "sum" is not allowed (expected no key but name: the mse cost takes no options)',
    ],
    ['mse', 'cost: "mse" is not allowed (expected a cost spec object with a name)'],
    [null, 'cost: null is not allowed (expected a cost spec object with a name)'],
  ])('costFromSpec(%j) is a Left: %s', (spec, message) => {
    const e = unsafeLeft(costFromSpec(spec))
    expect(e._tag).toBe('InvalidConfig')
    expect(e.message).toBe(message)
  })

  it('costFromSpec names fields from the given path', () => {
    expect(unsafeLeft(costFromSpec({ name: 'hinge' }, 'config.cost')).field).toBe('config.cost.name')
  })
})

describe('purity', () => {
  it('value, gradient and delta never mutate z, a or y', () => {
    for (const [name, cost] of costs) {
      for (const act of [identity, sigmoid, softmax]) {
        const z = Z()
        const a = act.apply(z)
        const y = Ysoft()
        const before = [snapshot(z), snapshot(a), snapshot(y)]
        cost.value(z, a, y, act)
        cost.gradient(a, y)
        cost.delta(z, a, y, act)
        expect([snapshot(z), snapshot(a), snapshot(y)], name).toEqual(before)
      }
    }
  })
})
