import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { Init, Random } from 'tensorial'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const N = 100_000

interface Stats {
  readonly mean: number
  readonly std: number
  readonly min: number
  readonly max: number
}

const stats = (xs: Float64Array): Stats => {
  let s = 0
  let min = Infinity
  let max = -Infinity
  for (const x of xs) {
    s += x
    if (x < min) min = x
    if (x > max) max = x
  }
  const mean = s / xs.length
  let v = 0
  for (const x of xs) v += (x - mean) ** 2
  return { mean, std: Math.sqrt(v / (xs.length - 1)), min, max }
}

/** The fraction of `xs` with `|x − mean| < k·std`. */
const within = (xs: Float64Array, mean: number, std: number, k: number): number => {
  let c = 0
  for (const x of xs) if (Math.abs(x - mean) < k * std) c++
  return c / xs.length
}

/** Bit-level equality of two float64 arrays (distinguishes −0 and 0, compares NaN payloads). */
const sameBits = (a: Float64Array, b: Float64Array): boolean => {
  if (a.length !== b.length) return false
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  return x.every((v, i) => v === y[i])
}

/** Sample mean within 5 standard errors of `mean`, sample std within 2 % of `std`. */
const expectMoments = (xs: Float64Array, mean: number, std: number): void => {
  const s = stats(xs)
  expect(Math.abs(s.mean - mean)).toBeLessThan((5 * std) / Math.sqrt(xs.length))
  expect(Math.abs(s.std / std - 1)).toBeLessThan(0.02)
}

/** Normal samples: about 68.27 % within 1σ and 95.45 % within 2σ (uniform ones give 57.7 % and 100 %). */
const expectNormalShape = (xs: Float64Array, std: number): void => {
  expect(Math.abs(within(xs, 0, std, 1) - 0.6827)).toBeLessThan(0.01)
  expect(Math.abs(within(xs, 0, std, 2) - 0.9545)).toBeLessThan(0.005)
}

const initializers: ReadonlyArray<readonly [string, Init.Initializer]> = [
  ['normal(0.5)', Init.normal(0.5)],
  ['uniform(-2, 3)', Init.uniform(-2, 3)],
  ['xavierNormal', Init.xavierNormal],
  ['xavierUniform', Init.xavierUniform],
  ['he', Init.he],
  ['constant(0.01)', Init.constant(0.01)],
]
const random = initializers.filter(([name]) => !name.startsWith('constant'))

// -------------------------------------------------------------------------------------
// determinism and purity
// -------------------------------------------------------------------------------------

describe('determinism', () => {
  it('the same seed gives bit-identical draws and the same next state', () => {
    for (const [name, init] of initializers) {
      const [a, ra] = init.draw(30, 20, 1000)(Random.seed(7))
      const [b, rb] = init.draw(30, 20, 1000)(Random.seed(7))
      expect(sameBits(a, b), name).toBe(true)
      expect(ra.state, name).toEqual(rb.state)
    }
  })

  it('drawing twice from one Rng value gives the same result (the state is not consumed)', () => {
    for (const [name, init] of initializers) {
      const r = Random.seed(123)
      const before = [...r.state]
      const [a] = init.draw(5, 5, 50)(r)
      const [b] = init.draw(5, 5, 50)(r)
      expect(sameBits(a, b), name).toBe(true)
      expect([...r.state], name).toEqual(before)
    }
  })

  it('different seeds give different draws; the next state gives fresh draws', () => {
    for (const [name, init] of random) {
      const [a, next] = init.draw(30, 20, 100)(Random.seed(1))
      const [b] = init.draw(30, 20, 100)(Random.seed(2))
      const [c] = init.draw(30, 20, 100)(next)
      expect(sameBits(a, b), name).toBe(false)
      expect(sameBits(a, c), name).toBe(false)
      expect(next.state, name).not.toEqual(Random.seed(1).state)
    }
  })

  it('same seed, same draws for any seed and size (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 64 }), fc.integer({ min: 1, max: 500 }), (s, n, fanIn) => {
        for (const [, init] of initializers) {
          const [a] = init.draw(fanIn, 10, n)(Random.seed(s))
          const [b] = init.draw(fanIn, 10, n)(Random.seed(s))
          expect(a.length).toBe(n)
          expect(sameBits(a, b)).toBe(true)
          expect(a.every(Number.isFinite)).toBe(true)
        }
      }),
      { numRuns: 50 },
    )
  })

  it('n = 0 gives an empty array', () => {
    for (const [name, init] of initializers) expect(init.draw(3, 4, 0)(Random.seed(0))[0].length, name).toBe(0)
  })

  it('a distribution draw is Random.normals / Random.uniforms with the documented parameters', () => {
    const r = Random.seed(99)
    expect(sameBits(Init.normal(0.5).draw(1, 1, 20)(r)[0], Random.normals(20, 0, 0.5)(r)[0])).toBe(true)
    expect(sameBits(Init.uniform(-2, 3).draw(1, 1, 20)(r)[0], Random.uniforms(20, -2, 3)(r)[0])).toBe(true)
    expect(sameBits(Init.he.draw(50, 7, 20)(r)[0], Random.normals(20, 0, Math.sqrt(2 / 50))(r)[0])).toBe(true)
    expect(sameBits(Init.xavierNormal.draw(30, 10, 20)(r)[0], Random.normals(20, 0, Math.sqrt(2 / 40))(r)[0])).toBe(
      true,
    )
    const x = Math.sqrt(6 / 40)
    expect(sameBits(Init.xavierUniform.draw(30, 10, 20)(r)[0], Random.uniforms(20, -x, x)(r)[0])).toBe(true)
  })
})

// -------------------------------------------------------------------------------------
// distributions (n = 100000)
// -------------------------------------------------------------------------------------

describe('distributions (n = 100 000)', () => {
  it('normal(std): mean 0, std as given, normal shape', () => {
    const [w] = Init.normal(0.5).draw(10, 10, N)(Random.seed(11))
    expectMoments(w, 0, 0.5)
    expectNormalShape(w, 0.5)
  })

  it('uniform(lo, hi): inside [lo, hi), mean (lo + hi)/2, std (hi − lo)/√12, reaches both ends', () => {
    const [w] = Init.uniform(-2, 3).draw(10, 10, N)(Random.seed(12))
    const s = stats(w)
    expect(s.min).toBeGreaterThanOrEqual(-2)
    expect(s.max).toBeLessThan(3)
    expect(s.min).toBeLessThan(-2 + 0.001)
    expect(s.max).toBeGreaterThan(3 - 0.001)
    expectMoments(w, 0.5, 5 / Math.sqrt(12))
  })

  it('uniform respects narrow and negative bounds (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-6, max: 50, noNaN: true }),
        fc.integer(),
        (lo, width, s) => {
          const hi = lo + width
          const [w] = Init.uniform(lo, hi).draw(1, 1, 200)(Random.seed(s))
          expect(w.every((x) => x >= lo && x <= hi)).toBe(true)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('xavierNormal: std √(2/(fanIn + fanOut))', () => {
    const [w] = Init.xavierNormal.draw(300, 100, N)(Random.seed(13))
    expectMoments(w, 0, Math.sqrt(2 / 400))
    expectNormalShape(w, Math.sqrt(2 / 400))
  })

  it('xavierUniform: inside [−r, r) with r = √(6/(fanIn + fanOut)), std r/√3', () => {
    const r = Math.sqrt(6 / 400)
    const [w] = Init.xavierUniform.draw(300, 100, N)(Random.seed(14))
    const s = stats(w)
    expect(s.min).toBeGreaterThanOrEqual(-r)
    expect(s.max).toBeLessThan(r)
    expect(s.min).toBeLessThan(-r * 0.999)
    expect(s.max).toBeGreaterThan(r * 0.999)
    expectMoments(w, 0, r / Math.sqrt(3))
    // same variance as xavierNormal: 2/(fanIn + fanOut)
    expect(Math.abs(s.std ** 2 / (2 / 400) - 1)).toBeLessThan(0.04)
  })

  it('he: std √(2/fanIn), independent of fanOut', () => {
    const [w] = Init.he.draw(50, 7, N)(Random.seed(15))
    expectMoments(w, 0, 0.2)
    expectNormalShape(w, 0.2)
    const [w2] = Init.he.draw(50, 7000, N)(Random.seed(15))
    expect(sameBits(w, w2)).toBe(true)
  })

  it('he with fanIn = 0 and Xavier with fanIn + fanOut = 0 stay finite', () => {
    for (const init of [Init.he, Init.xavierNormal, Init.xavierUniform]) {
      const [w] = init.draw(0, 0, 100)(Random.seed(3))
      expect(w.every(Number.isFinite)).toBe(true)
    }
  })

  it('constant(c): every value c, and the state is returned unchanged', () => {
    const r = Random.seed(5)
    const [w, next] = Init.constant(0.01).draw(10, 10, 1000)(r)
    expect(w.every((x) => x === 0.01)).toBe(true)
    expect(next.state).toEqual(r.state)
    const [z] = Init.constant(0).draw(1, 1, 10)(r)
    expect(Array.from(z)).toEqual(new Array(10).fill(0))
  })
})

// -------------------------------------------------------------------------------------
// specs
// -------------------------------------------------------------------------------------

describe('spec', () => {
  it('records the name and parameters', () => {
    expect(Init.normal(0.5).spec).toEqual({ name: 'normal', std: 0.5 })
    expect(Init.uniform(-2, 3).spec).toEqual({ name: 'uniform', low: -2, high: 3 })
    expect(Init.xavierNormal.spec).toEqual({ name: 'xavierNormal' })
    expect(Init.xavierUniform.spec).toEqual({ name: 'xavierUniform' })
    expect(Init.he.spec).toEqual({ name: 'he' })
    expect(Init.constant(0.01).spec).toEqual({ name: 'constant', value: 0.01 })
  })

  it('fromSpec round-trips every initializer (also through JSON): same spec, same draws', () => {
    for (const [name, init] of initializers) {
      const back = Init.fromSpec(JSON.parse(JSON.stringify(init.spec)) as Init.InitSpec)
      expect(back.spec, name).toEqual(init.spec)
      const [a] = init.draw(20, 10, 100)(Random.seed(8))
      const [b] = back.draw(20, 10, 100)(Random.seed(8))
      expect(sameBits(a, b), name).toBe(true)
    }
  })
})
