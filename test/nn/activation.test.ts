import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  type Activation,
  activationFromSpec,
  activationNames,
  elu,
  fromArray,
  hadamard,
  identity,
  leakyRelu,
  relu,
  sigmoid,
  softmax,
  sum,
  type Tensor,
  tanh,
  tensor,
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

/** The scalar `f` of an elementwise activation (fails the test for softmax). */
const fOf = (act: Activation): ((z: number) => number) => {
  if (act.f === undefined) throw new Error(`${act.spec.name} has no scalar f`)
  return act.f
}
const dfOf = (act: Activation): ((z: number) => number) => {
  if (act.df === undefined) throw new Error(`${act.spec.name} has no scalar df`)
  return act.df
}

/** `(f(z + h) − f(z − h)) / 2h`, dividing by the step actually taken. */
const diff1 = (f: (z: number) => number, z: number, h = 1e-6): number => (f(z + h) - f(z - h)) / (z + h - (z - h))

const elementwise: ReadonlyArray<readonly [string, Activation]> = [
  ['identity', identity],
  ['sigmoid', sigmoid],
  ['tanh', tanh],
  ['relu', relu],
  ['leakyRelu()', leakyRelu()],
  ['leakyRelu(0.2)', leakyRelu(0.2)],
  ['elu()', elu()],
  ['elu(0.5)', elu(0.5)],
]
const all: ReadonlyArray<readonly [string, Activation]> = [...elementwise, ['softmax', softmax]]

/** A batch away from the kinks at 0 (|z| ≥ 0.1), so finite differences are valid for relu, leakyRelu and elu. */
const Z = (): M =>
  mat([
    [-2.5, -0.7, 0.3, 1.9],
    [0.45, -1.3, 2.2, -0.15],
    [-0.9, 0.8, -3.1, 0.6],
  ])
const G = (): M =>
  mat([
    [0.3, -1.2, 0.7, 2],
    [-0.5, 0.25, 1.5, -0.8],
    [1.1, -0.6, 0.4, -1.7],
  ])

/** Points at which every elementwise activation is smooth. */
const smoothPoints = [-4, -2.5, -1.3, -0.4, -0.1, 0.1, 0.7, 1, 2.5, 5]

// -------------------------------------------------------------------------------------
// forward values
// -------------------------------------------------------------------------------------

describe('apply: hand-computed values', () => {
  const z = () => mat([[-2, -1, 0, 1, 2]])

  it('identity', () => {
    expect(toFlat(identity.apply(z()))).toEqual([-2, -1, 0, 1, 2])
  })

  it('sigmoid', () => {
    expectClose(sigmoid.apply(z()), [
      [1 - 0.8807970779778823, 0.2689414213699951, 0.5, 0.7310585786300049, 0.8807970779778823],
    ])
  })

  it('tanh', () => {
    expectClose(tanh.apply(z()), [
      [-0.9640275800758169, -0.7615941559557649, 0, 0.7615941559557649, 0.9640275800758169],
    ])
  })

  it('relu', () => {
    expect(toFlat(relu.apply(z()))).toEqual([0, 0, 0, 1, 2])
  })

  it('leakyRelu with the default α = 0.01 and with α = 0.2', () => {
    expectClose(leakyRelu().apply(z()), [[-0.02, -0.01, 0, 1, 2]])
    expectClose(leakyRelu(0.2).apply(z()), [[-0.4, -0.2, 0, 1, 2]])
  })

  it('elu with the default α = 1 and with α = 0.5', () => {
    expectClose(elu().apply(z()), [[-0.8646647167633873, -0.6321205588285577, 0, 1, 2]])
    expectClose(elu(0.5).apply(z()), [[-0.43233235838169365, -0.31606027941427883, 0, 1, 2]])
  })

  it('softmax, row by row', () => {
    const a = softmax.apply(
      mat([
        [1, 2, 3],
        [0, 0, 0],
        [-1, 0, 1],
      ]),
    )
    expectClose(a, [
      [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
      [1 / 3, 1 / 3, 1 / 3],
      [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
    ])
  })

  it('softmax of a row of two equal logits is ½, ½; of one logit is 1', () => {
    expect(toFlat(softmax.apply(tensor([[0, 0]])))).toEqual([0.5, 0.5])
    expect(toFlat(softmax.apply(tensor([[-7.5], [123]])))).toEqual([1, 1])
  })

  it('keeps the shape, including empty batches and empty rows', () => {
    for (const [, act] of all) {
      expect(act.apply(Z()).shape).toEqual([3, 4])
      expect(act.apply(mat([])).shape).toEqual([0, 0])
      const empty = unsafeRight(fromArray<readonly [number, number]>([], [2, 0]))
      expect(act.apply(empty).shape).toEqual([2, 0])
    }
  })

  it('apply agrees with the scalar f entry by entry', () => {
    for (const [name, act] of elementwise) {
      const f = fOf(act)
      expect(toFlat(act.apply(Z())), name).toEqual(toFlat(Z()).map(f))
    }
  })
})

// -------------------------------------------------------------------------------------
// scalar f and df
// -------------------------------------------------------------------------------------

describe('scalar f and df', () => {
  it('softmax has neither (it is not elementwise)', () => {
    expect(softmax.f).toBeUndefined()
    expect(softmax.df).toBeUndefined()
  })

  it('identity: f(z) = z, df = 1', () => {
    expect(fOf(identity)(-3.5)).toBe(-3.5)
    expect(dfOf(identity)(-3.5)).toBe(1)
    expect(dfOf(identity)(0)).toBe(1)
  })

  it('sigmoid: hand values', () => {
    expect(fOf(sigmoid)(0)).toBe(0.5)
    expectClose(fOf(sigmoid)(1), 0.7310585786300049)
    expectClose(fOf(sigmoid)(-1), 0.2689414213699951)
    expectClose(fOf(sigmoid)(-3), 0.04742587317756678)
    expect(dfOf(sigmoid)(0)).toBe(0.25)
    expectClose(dfOf(sigmoid)(1), 0.19661193324148185)
    expectClose(dfOf(sigmoid)(-1), 0.19661193324148185)
  })

  it('tanh: hand values', () => {
    expect(fOf(tanh)(0)).toBe(0)
    expectClose(fOf(tanh)(0.5), 0.46211715726000974)
    expectClose(fOf(tanh)(1), 0.7615941559557649)
    expect(dfOf(tanh)(0)).toBe(1)
    expectClose(dfOf(tanh)(1), 0.41997434161402614)
    expectClose(dfOf(tanh)(-1), 0.41997434161402614)
  })

  it('relu: hand values; df(0) = 0 as documented', () => {
    const f = fOf(relu)
    const df = dfOf(relu)
    expect([f(-2), f(0), f(3)]).toEqual([0, 0, 3])
    expect([df(-2), df(0), df(3)]).toEqual([0, 0, 1])
  })

  it('leakyRelu: hand values; df(0) = α', () => {
    const f = fOf(leakyRelu())
    const df = dfOf(leakyRelu())
    expectClose([f(-2), f(0), f(3)], [-0.02, 0, 3])
    expect([df(-2), df(0), df(3)]).toEqual([0.01, 0.01, 1])
    expectClose(fOf(leakyRelu(0.3))(-2), -0.6)
    expect(dfOf(leakyRelu(0.3))(-2)).toBe(0.3)
  })

  it('elu: hand values; df(0) = α', () => {
    const f = fOf(elu())
    const df = dfOf(elu())
    expectClose([f(-1), f(0), f(2)], [-0.6321205588285577, 0, 2])
    expectClose([df(-1), df(0), df(2)], [0.36787944117144233, 1, 1])
    expectClose(fOf(elu(0.5))(-1), -0.31606027941427883)
    expectClose(dfOf(elu(0.5))(-1), 0.18393972058572117)
    expect(dfOf(elu(0.5))(0)).toBe(0.5)
  })

  it('elu saturates at −α for very negative z', () => {
    expect(fOf(elu(2))(-1000)).toBe(-2)
    expect(dfOf(elu(2))(-1000)).toBe(0)
  })

  it('df matches central differences of f away from the kinks', () => {
    for (const [name, act] of elementwise) {
      const f = fOf(act)
      const df = dfOf(act)
      for (const z of smoothPoints) {
        expectClose(df(z), diff1(f, z), { rel: 1e-7, abs: 1e-9 })
        if (!Number.isFinite(df(z))) throw new Error(`${name}: df(${z}) is not finite`)
      }
    }
  })

  it('df matches central differences of f at random smooth points (fast-check)', () => {
    const smooth = fc.double({ min: -20, max: 20, noNaN: true }).filter((z) => Math.abs(z) > 1e-3)
    for (const [, act] of elementwise) {
      const f = fOf(act)
      const df = dfOf(act)
      fc.assert(
        fc.property(smooth, (z) => {
          expectClose(df(z), diff1(f, z, 1e-6), { rel: 1e-6, abs: 1e-8 })
        }),
        { numRuns: 100 },
      )
    }
  })
})

// -------------------------------------------------------------------------------------
// backward
// -------------------------------------------------------------------------------------

describe('backward', () => {
  it('elementwise: Δ = G ⊙ σ′(Z)', () => {
    for (const [name, act] of elementwise) {
      const z = Z()
      const g = G()
      const df = dfOf(act)
      const expected = toFlat(g).map((gi, i) => gi * df(toFlat(z)[i] as number))
      const d = act.backward(z, act.apply(z), g)
      expect(d.shape, name).toEqual([3, 4])
      expectClose(d, mat([0, 1, 2].map((r) => expected.slice(4 * r, 4 * r + 4))))
    }
  })

  it('elementwise: Δ = G ⊙ σ′(Z) on random batches (fast-check)', () => {
    const batch = fc
      .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 5 }))
      .chain(([b, n]) =>
        fc.tuple(
          arbMatrix(b, n, fc.double({ min: -30, max: 30, noNaN: true })),
          arbMatrix(b, n, fc.double({ min: -10, max: 10, noNaN: true })),
        ),
      )
    for (const [, act] of elementwise) {
      const df = dfOf(act)
      fc.assert(
        fc.property(batch, ([z, g]) => {
          const expected = toFlat(g).map((gi, i) => gi * df(toFlat(z)[i] as number))
          const d = act.backward(z, act.apply(z), g)
          expect(d.shape).toEqual(z.shape)
          expectClose(toFlat(d), expected, { rel: 1e-14, abs: 1e-300 })
        }),
        { numRuns: 60 },
      )
    }
  })

  it('elementwise: Δ is the gradient of Σ G ⊙ σ(Z) by central differences', () => {
    for (const [, act] of elementwise) {
      const g = G()
      const numeric = numericGrad((t: M) => sum(hadamard(g, act.apply(t))), Z(), 1e-6)
      expectClose(act.backward(Z(), act.apply(Z()), g), numeric, { rel: 1e-7, abs: 1e-9 })
    }
  })

  it('softmax: Δ is the vector-Jacobian product Δ_i = Σ_j G_j ∂A_j/∂Z_i, by central differences', () => {
    const z = Z()
    const g = G()
    const numeric = numericGrad((t: M) => sum(hadamard(g, softmax.apply(t))), z, 1e-6)
    expectClose(softmax.backward(z, softmax.apply(z), g), numeric, { rel: 1e-7, abs: 1e-9 })
  })

  it('softmax: the VJP matches central differences on random batches (fast-check)', () => {
    const batch = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }))
      .chain(([b, n]) =>
        fc.tuple(
          arbMatrix(b, n, fc.double({ min: -5, max: 5, noNaN: true })),
          arbMatrix(b, n, fc.double({ min: -2, max: 2, noNaN: true })),
        ),
      )
    fc.assert(
      fc.property(batch, ([z, g]) => {
        const numeric = numericGrad((t: M) => sum(hadamard(g, softmax.apply(t))), z, 1e-6)
        expectClose(softmax.backward(z, softmax.apply(z), g), numeric, { rel: 1e-6, abs: 1e-8 })
      }),
      { numRuns: 100 },
    )
  })

  it('softmax: a constant upstream gradient gives Δ = 0 (rows of the Jacobian sum to 0)', () => {
    const z = Z()
    const g = mat([
      [2, 2, 2, 2],
      [-1, -1, -1, -1],
      [0.5, 0.5, 0.5, 0.5],
    ])
    expectClose(softmax.backward(z, softmax.apply(z), g), mat([0, 1, 2].map(() => [0, 0, 0, 0])), { abs: 1e-15 })
  })

  it('softmax: hand-computed Δ for one row', () => {
    // a = softmax([0, ln 3]) = [¼, ¾], g = [1, 0]: Δ = a ⊙ (g − a·g) = [¼ · ¾, ¾ · (−¼)]
    const z = mat([[0, Math.log(3)]])
    const d = softmax.backward(z, softmax.apply(z), mat([[1, 0]]))
    expectClose(d, [[3 / 16, -3 / 16]])
  })
})

// -------------------------------------------------------------------------------------
// numerical stability
// -------------------------------------------------------------------------------------

describe('numerical stability', () => {
  const huge = [-Number.MAX_VALUE, -1e308, -1000, -745, -710, -40, 40, 710, 745, 1000, 1e308, Number.MAX_VALUE]

  it('sigmoid: f and df are finite, in range and never NaN for huge |z|, and f = 0.5 exactly at ±0', () => {
    const f = fOf(sigmoid)
    const df = dfOf(sigmoid)
    for (const z of [...huge, Infinity, -Infinity]) {
      const s = f(z)
      expect(Number.isFinite(s), `f(${z})`).toBe(true)
      expect(s).toBeGreaterThanOrEqual(0)
      expect(s).toBeLessThanOrEqual(1)
      expect(Number.isFinite(df(z)), `df(${z})`).toBe(true)
      expect(df(z)).toBeGreaterThanOrEqual(0)
    }
    expect(f(1000)).toBe(1)
    expect(f(-1000)).toBe(0)
    expect(f(Infinity)).toBe(1)
    expect(f(-Infinity)).toBe(0)
    expect(f(Number.MAX_VALUE)).toBe(1)
    expect(f(-Number.MAX_VALUE)).toBe(0)
    expect(df(1000)).toBe(0)
    expect(df(-1000)).toBe(0)
    expect(f(0)).toBe(0.5)
    expect(f(-0)).toBe(0.5)
  })

  it('sigmoid: keeps precision in the left tail (e^z / (1 + e^z), not 1 − 1/(1 + e^{−z}))', () => {
    expectClose(fOf(sigmoid)(-40), Math.exp(-40) / (1 + Math.exp(-40)), { rel: 1e-15 })
    expectClose(fOf(sigmoid)(-700), Math.exp(-700), { rel: 1e-15 })
  })

  it('sigmoid: apply and backward are finite on a batch of huge logits', () => {
    const z = mat([huge])
    const a = sigmoid.apply(z)
    expect(toFlat(a).every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true)
    expect(toFlat(a)[0]).toBe(0)
    expect(toFlat(a)[huge.length - 1]).toBe(1)
    const d = sigmoid.backward(z, a, mat([huge.map(() => 1)]))
    expect(toFlat(d).every(Number.isFinite)).toBe(true)
    expect(toFlat(sigmoid.apply(mat([[0, -0]])))).toEqual([0.5, 0.5])
  })

  it('tanh, relu, leakyRelu and elu are finite for huge |z|', () => {
    for (const [name, act] of elementwise.filter(([n]) => n !== 'sigmoid' && n !== 'identity')) {
      const a = act.apply(mat([huge]))
      expect(toFlat(a).every(Number.isFinite), name).toBe(true)
      const d = act.backward(mat([huge]), a, mat([huge.map(() => 1)]))
      expect(toFlat(d).every(Number.isFinite), name).toBe(true)
    }
  })

  it('softmax: stable for huge logits (1000, 1001, 1002 gives softmax(0, 1, 2))', () => {
    const a = softmax.apply(
      mat([
        [1000, 1001, 1002],
        [-1000, -1001, -1002],
        [1e308, -1e308, 0],
        [Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE],
      ]),
    )
    expectClose(a, [
      [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
      [0.6652409557748218, 0.24472847105479764, 0.09003057317038046],
      [1, 0, 0],
      [0.5, 0.5, 0],
    ])
  })

  it('softmax: every row sums to 1 and lies in [0, 1] (fast-check)', () => {
    const batch = fc
      .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 8 }))
      .chain(([b, n]) => arbMatrix(b, n, fc.double({ min: -1e300, max: 1e300, noNaN: true })))
    fc.assert(
      fc.property(batch, (z) => {
        const [b, n] = z.shape
        const a = toFlat(softmax.apply(z))
        expect(a.every((v) => v >= 0 && v <= 1)).toBe(true)
        for (let i = 0; i < b; i++) {
          const row = a.slice(i * n, i * n + n)
          expectClose(
            row.reduce((s, v) => s + v, 0),
            1,
            { abs: 4 * n * Number.EPSILON },
          )
        }
      }),
      { numRuns: 200 },
    )
  })
})

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

describe('properties (fast-check)', () => {
  it('sigmoid(−z) = 1 − sigmoid(z)', () => {
    const f = fOf(sigmoid)
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), (z) => {
        expectClose(f(-z), 1 - f(z), { rel: 0, abs: Number.EPSILON })
      }),
    )
  })

  it('sigmoid(−Z) = 1 − sigmoid(Z) for apply on batches', () => {
    fc.assert(
      fc.property(arbMatrix(3, 4, fc.double({ min: -50, max: 50, noNaN: true })), (z) => {
        const neg = unsafeRight(
          fromArray<readonly [number, number]>(
            toFlat(z).map((v) => -v),
            [3, 4],
          ),
        )
        const lhs = toFlat(sigmoid.apply(neg))
        const rhs = toFlat(sigmoid.apply(z)).map((v) => 1 - v)
        expectClose(lhs, rhs, { rel: 0, abs: Number.EPSILON })
      }),
      { numRuns: 100 },
    )
  })

  it('tanh is odd: tanh(−z) = −tanh(z), and its derivative is even', () => {
    const f = fOf(tanh)
    const df = dfOf(tanh)
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (z) => {
        expect(f(-z)).toBe(-f(z))
        expect(df(-z)).toBe(df(z))
      }),
    )
  })

  it('softmax is invariant to adding a constant to each row', () => {
    const input = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }))
      .chain(([b, n]) =>
        fc.tuple(
          arbMatrix(b, n, fc.double({ min: -100, max: 100, noNaN: true })),
          fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: b, maxLength: b }),
        ),
      )
    fc.assert(
      fc.property(input, ([z, c]) => {
        const [, n] = z.shape
        const shifted = unsafeRight(
          fromArray<readonly [number, number]>(
            toFlat(z).map((v, i) => v + (c[Math.floor(i / n)] as number)),
            z.shape,
          ),
        )
        expectClose(softmax.apply(shifted), softmax.apply(z), { rel: 1e-10, abs: 1e-15 })
      }),
      { numRuns: 200 },
    )
  })

  it('relu, leakyRelu and elu are the identity on positive inputs', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: 1e300, noNaN: true }), (z) => {
        for (const act of [relu, leakyRelu(), leakyRelu(0.3), elu(), elu(2)]) {
          expect(fOf(act)(z)).toBe(z)
          expect(dfOf(act)(z)).toBe(1)
        }
      }),
    )
  })
})

// -------------------------------------------------------------------------------------
// specs
// -------------------------------------------------------------------------------------

describe('spec', () => {
  it('names each activation', () => {
    expect(identity.spec).toEqual({ name: 'identity' })
    expect(sigmoid.spec).toEqual({ name: 'sigmoid' })
    expect(tanh.spec).toEqual({ name: 'tanh' })
    expect(relu.spec).toEqual({ name: 'relu' })
    expect(softmax.spec).toEqual({ name: 'softmax' })
  })

  it('leakyRelu and elu record α, including the defaults', () => {
    expect(leakyRelu().spec).toEqual({ name: 'leakyRelu', alpha: 0.01 })
    expect(leakyRelu(0.2).spec).toEqual({ name: 'leakyRelu', alpha: 0.2 })
    expect(elu().spec).toEqual({ name: 'elu', alpha: 1 })
    expect(elu(0.5).spec).toEqual({ name: 'elu', alpha: 0.5 })
  })

  it('activationFromSpec round-trips every activation: same spec, same values, same Δ', () => {
    for (const [name, act] of all) {
      for (const spec of [act.spec, JSON.parse(JSON.stringify(act.spec)) as typeof act.spec]) {
        const back = unsafeRight(activationFromSpec(spec))
        expect(back.spec, name).toEqual(act.spec)
        const z = Z()
        const g = G()
        expect(toFlat(back.apply(z)), name).toEqual(toFlat(act.apply(z)))
        expect(toFlat(back.backward(z, back.apply(z), g)), name).toEqual(toFlat(act.backward(z, act.apply(z), g)))
        if (act.f !== undefined) expect(smoothPoints.map(fOf(back)), name).toEqual(smoothPoints.map(act.f))
        if (act.df !== undefined) expect(smoothPoints.map(dfOf(back)), name).toEqual(smoothPoints.map(act.df))
      }
    }
  })

  it('activationFromSpec returns the shared instances for parameterless activations', () => {
    expect(unsafeRight(activationFromSpec({ name: 'identity' }))).toBe(identity)
    expect(unsafeRight(activationFromSpec({ name: 'sigmoid' }))).toBe(sigmoid)
    expect(unsafeRight(activationFromSpec({ name: 'tanh' }))).toBe(tanh)
    expect(unsafeRight(activationFromSpec({ name: 'relu' }))).toBe(relu)
    expect(unsafeRight(activationFromSpec({ name: 'softmax' }))).toBe(softmax)
    expect(activationNames).toEqual([...new Set(all.map(([, a]) => a.spec.name))])
  })

  const known = 'identity, sigmoid, tanh, relu, leakyRelu, elu, softmax'
  it.each([
    [{ name: 'gelu' }, `activation.name: "gelu" is not allowed (expected one of ${known})`],
    [{ name: 'Sigmoid' }, `activation.name: "Sigmoid" is not allowed (expected one of ${known})`],
    [{ name: 'leakyRelu' }, 'activation.alpha: undefined is not allowed (expected a finite number)'],
    [{ name: 'elu', alpha: NaN }, 'activation.alpha: NaN is not allowed (expected a finite number)'],
    [{ name: 'elu', alpha: '1' }, 'activation.alpha: "1" is not allowed (expected a finite number)'],
    [
      { name: 'elu', alpha: 1, beta: 2 },
      'activation.beta: 2 is not allowed (expected one of the options of the elu activation: alpha)',
    ],
    [
      { name: 'relu', alpha: 0.1 },
      'activation.alpha: 0.1 is not allowed (expected no key but name: the relu activation takes no options)',
    ],
    [[], 'activation: an array of length 0 is not allowed (expected an activation spec object with a name)'],
  ])('activationFromSpec(%j) is a Left: %s', (spec, message) => {
    const e = unsafeLeft(activationFromSpec(spec))
    expect(e._tag).toBe('InvalidConfig')
    expect(e.message).toBe(message)
  })

  it('activationFromSpec names fields from the given path', () => {
    expect(unsafeLeft(activationFromSpec({ name: 'elu' }, 'layers[2].activation')).field).toBe(
      'layers[2].activation.alpha',
    )
  })
})

// -------------------------------------------------------------------------------------
// purity
// -------------------------------------------------------------------------------------

describe('purity', () => {
  it('apply and backward never mutate z, a or g', () => {
    for (const [name, act] of all) {
      const z = Z()
      const g = G()
      const a = act.apply(z)
      const [sz, sa, sg] = [snapshot(z), snapshot(a), snapshot(g)]
      act.apply(z)
      act.backward(z, a, g)
      expect(snapshot(z), name).toEqual(sz)
      expect(snapshot(a), name).toEqual(sa)
      expect(snapshot(g), name).toEqual(sg)
    }
  })

  it('apply and backward return new tensors (except identity, which may share)', () => {
    for (const [name, act] of all.filter(([n]) => n !== 'identity')) {
      const z = Z()
      const g = G()
      const a = act.apply(z)
      expect(a.data, name).not.toBe(z.data)
      expect(act.backward(z, a, g).data, name).not.toBe(g.data)
    }
  })
})
