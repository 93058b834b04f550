import fc from 'fast-check'
import type { State } from 'fp-ts/lib/State.js'
import { describe, expect, it } from 'vitest'

import { Random } from 'tensorial'

const { int, normal, normals, permutation, seed, split, uniform, uniforms } = Random
type Rng = Random.Rng

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** Runs a draw `n` times, threading the state. */
const repeat = <A>(draw: State<Rng, A>, n: number, r: Rng): [Array<A>, Rng] => {
  const out: Array<A> = []
  let s = r
  for (let i = 0; i < n; i++) {
    const [a, next] = draw(s)
    out.push(a)
    s = next
  }
  return [out, s]
}

/** A generator in a given raw xoshiro128** state (only for known-answer tests; real code uses `seed`). */
const fromState = (s: readonly [number, number, number, number]): Rng => ({ state: s }) as unknown as Rng

const mean = (xs: ArrayLike<number>): number => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i] as number
  return s / xs.length
}
const variance = (xs: ArrayLike<number>): number => {
  const m = mean(xs)
  let s = 0
  for (let i = 0; i < xs.length; i++) s += ((xs[i] as number) - m) ** 2
  return s / (xs.length - 1)
}
const correlation = (xs: ArrayLike<number>, ys: ArrayLike<number>): number => {
  const mx = mean(xs)
  const my = mean(ys)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - mx
    const dy = (ys[i] as number) - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxy / Math.sqrt(sxx * syy)
}

/** Pearson's χ² of observed counts against equal expected counts. */
const chiSquare = (counts: ReadonlyArray<number>): number => {
  const total = counts.reduce((s, c) => s + c, 0)
  const e = total / counts.length
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0)
}

const N = 100_000
const TWO_32 = 4294967296

// -------------------------------------------------------------------------------------
// the generator
// -------------------------------------------------------------------------------------

describe('xoshiro128** (known answers)', () => {
  // Blackman and Vigna's xoshiro128starstar.c from state {1, 2, 3, 4} (the rand_xoshiro test vector)
  const expected = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]

  it('int(2³²) yields the raw 32-bit outputs of the reference implementation', () => {
    const [xs] = repeat(int(TWO_32), expected.length, fromState([1, 2, 3, 4]))
    expect(xs).toEqual(expected)
  })

  it('uniform takes 27 + 26 bits of two consecutive outputs: (x₁ >>> 5) · 2²⁶ + (x₂ >>> 6), over 2⁵³', () => {
    const [us] = repeat(uniform, 5, fromState([1, 2, 3, 4]))
    const want = [0, 2, 4, 6, 8].map(
      (i) => (((expected[i] as number) >>> 5) * 67108864 + ((expected[i + 1] as number) >>> 6)) / 2 ** 53,
    )
    expect(us).toEqual(want)
  })
})

// -------------------------------------------------------------------------------------
// seeds and determinism
// -------------------------------------------------------------------------------------

describe('seed', () => {
  it('the same seed gives the same state and the same sequence', () => {
    expect(seed(42).state).toEqual(seed(42).state)
    expect(repeat(uniform, 50, seed(42))[0]).toEqual(repeat(uniform, 50, seed(42))[0])
    expect(repeat(normal, 50, seed(-7))[0]).toEqual(repeat(normal, 50, seed(-7))[0])
  })

  it('the state is four uint32 words, not all zero', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constant(0)), (n) => {
        const s = seed(n).state
        expect(s).toHaveLength(4)
        expect(s.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_32)).toBe(true)
        expect(s.some((w) => w !== 0)).toBe(true)
      }),
    )
  })

  it('different seeds give different sequences (seeds 0 … 999 and a few far apart)', () => {
    const seeds = [...Array.from({ length: 1000 }, (_, i) => i), -1, -2, 2 ** 31, 2 ** 31 - 1, 1e9 + 7]
    const firsts = new Set(seeds.map((s) => repeat(uniform, 3, seed(s))[0].join(',')))
    expect(firsts.size).toBe(seeds.length)
  })

  it('nearby seeds give unrelated streams: first draws of seeds 0 … 9999 are uniform and uncorrelated', () => {
    const us = Array.from({ length: 10_000 }, (_, i) => uniform(seed(i))[0])
    expect(Math.abs(mean(us) - 0.5)).toBeLessThan(0.015)
    expect(Math.abs(correlation(us.slice(0, -1), us.slice(1)))).toBeLessThan(0.05)
    const counts = new Array<number>(10).fill(0)
    for (const u of us) counts[Math.floor(u * 10)] = (counts[Math.floor(u * 10)] ?? 0) + 1
    expect(chiSquare(counts)).toBeLessThan(30)
  })
})

describe('immutability', () => {
  it('a draw does not consume its Rng: drawing twice from one value gives the same value and next state', () => {
    for (const draw of [uniform, normal, int(10), permutation(6), uniforms(5), normals(5), split] as const) {
      const r = seed(2024)
      const before = [...r.state]
      const [a, ra] = (draw as State<Rng, unknown>)(r)
      const [b, rb] = (draw as State<Rng, unknown>)(r)
      expect(a).toEqual(b)
      expect(ra.state).toEqual(rb.state)
      expect([...r.state]).toEqual(before)
      expect(ra.state).not.toEqual(r.state)
    }
  })

  it('states are frozen', () => {
    const r = seed(1)
    expect(Object.isFrozen(r)).toBe(true)
    expect(Object.isFrozen(r.state)).toBe(true)
    expect(() => {
      ;(r.state as unknown as Array<number>)[0] = 5
    }).toThrow(TypeError)
    const [, next] = uniform(r)
    expect(Object.isFrozen(next)).toBe(true)
    expect(Object.isFrozen(next.state)).toBe(true)
  })

  it('the draws are fp-ts State values: successive draws thread the state', () => {
    const r = seed(9)
    const [u1, r1] = uniform(r)
    const [u2, r2] = uniform(r1)
    expect(u1).not.toBe(u2)
    expect(uniform(r1)[0]).toBe(u2)
    expect(r2.state).toEqual(uniform(r1)[1].state)
  })
})

// -------------------------------------------------------------------------------------
// uniform and normal
// -------------------------------------------------------------------------------------

describe('uniform', () => {
  it('uniforms(n) is n chained uniform draws, ending in the same state', () => {
    const r = seed(77)
    const [chained, rc] = repeat(uniform, 100, r)
    const [batch, rb] = uniforms(100)(r)
    expect(Array.from(batch)).toEqual(chained)
    expect(rb.state).toEqual(rc.state)
  })

  it('lies in [0, 1), with mean ½ and variance 1/12 (n = 100 000)', () => {
    const [u] = uniforms(N)(seed(3))
    expect(u.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N))
    expect(Math.abs(variance(u) * 12 - 1)).toBeLessThan(0.02)
    // deciles
    const counts = new Array<number>(10).fill(0)
    for (const x of u) counts[Math.floor(x * 10)] = (counts[Math.floor(x * 10)] ?? 0) + 1
    expect(chiSquare(counts)).toBeLessThan(30)
    // consecutive draws are uncorrelated
    expect(Math.abs(correlation(u.subarray(0, -1), u.subarray(1)))).toBeLessThan(0.02)
  })

  it('uses the low bits too: the draws are not multiples of 2⁻³²', () => {
    const [u] = uniforms(100)(seed(4))
    expect(u.some((x) => (x * TWO_32) % 1 !== 0)).toBe(true)
  })

  it('uniforms(n, lo, hi) lies in [lo, hi) and is lo + (hi − lo) · uniform', () => {
    const r = seed(5)
    const [u] = uniforms(1000)(r)
    const [w] = uniforms(1000, -3, 7)(r)
    expect(w.every((x) => x >= -3 && x < 7)).toBe(true)
    expect(Array.from(w)).toEqual(Array.from(u, (x) => -3 + 10 * x))
    expect(uniforms(0)(r)[0].length).toBe(0)
  })
})

describe('normal', () => {
  it('normals(n) is n chained normal draws, ending in the same state', () => {
    const r = seed(78)
    const [chained, rc] = repeat(normal, 100, r)
    const [batch, rb] = normals(100)(r)
    expect(Array.from(batch)).toEqual(chained)
    expect(rb.state).toEqual(rc.state)
  })

  it('has mean 0, variance 1, the normal 1σ/2σ/3σ masses and kurtosis 3 (n = 100 000)', () => {
    const [z] = normals(N)(seed(6))
    expect(z.every(Number.isFinite)).toBe(true)
    expect(Math.abs(mean(z))).toBeLessThan(5 / Math.sqrt(N))
    expect(Math.abs(variance(z) - 1)).toBeLessThan(0.03)
    const frac = (k: number): number => z.filter((x) => Math.abs(x) < k).length / N
    expect(Math.abs(frac(1) - 0.6827)).toBeLessThan(0.01)
    expect(Math.abs(frac(2) - 0.9545)).toBeLessThan(0.005)
    expect(Math.abs(frac(3) - 0.9973)).toBeLessThan(0.002)
    let m4 = 0
    for (const x of z) m4 += x ** 4
    expect(Math.abs(m4 / N - 3)).toBeLessThan(0.15)
    // symmetric
    expect(Math.abs(z.filter((x) => x > 0).length / N - 0.5)).toBeLessThan(0.01)
  })

  it('normals(n, mean, std) is mean + std · normal', () => {
    const r = seed(8)
    const [z] = normals(1000)(r)
    const [w] = normals(1000, 10, 0.5)(r)
    expect(Array.from(w)).toEqual(Array.from(z, (x) => 10 + 0.5 * x))
  })
})

// -------------------------------------------------------------------------------------
// int and permutation
// -------------------------------------------------------------------------------------

describe('int', () => {
  it('int(10) gives integers in [0, 10), roughly uniformly (χ², 9 dof, n = 100 000)', () => {
    const [xs] = repeat(int(10), N, seed(10))
    const counts = new Array<number>(10).fill(0)
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 10)).toBe(true)
    for (const x of xs) counts[x] = (counts[x] ?? 0) + 1
    // p = 0.001 critical value for 9 degrees of freedom is 27.9
    expect(chiSquare(counts)).toBeLessThan(27.9)
    expect(Math.min(...counts)).toBeGreaterThan(9500)
  })

  it('int(1) is always 0', () => {
    expect(repeat(int(1), 20, seed(1))[0]).toEqual(new Array(20).fill(0))
  })

  it('int(n) is an integer in [0, n) for any n up to 2⁵³ (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer(), (n, s) => {
        const [xs] = repeat(int(n), 20, seed(s))
        expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < n)).toBe(true)
      }),
    )
  })

  it('int(n) for n just above 2³¹ covers both halves (no sign bug)', () => {
    const n = 2 ** 31 + 3
    const [xs] = repeat(int(n), 2000, seed(12))
    // each quarter of [0, n) is hit
    for (let q = 0; q < 4; q++) expect(xs.some((x) => x >= (q * n) / 4 && x < ((q + 1) * n) / 4)).toBe(true)
  })
})

describe('permutation', () => {
  it('is a permutation of 0 … n−1 for any n and seed (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer(), (n, s) => {
        const [p] = permutation(n)(seed(s))
        expect(p).toHaveLength(n)
        expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
      }),
      { numRuns: 200 },
    )
  })

  it('is deterministic and edge cases n = 0, 1 are trivial', () => {
    expect(permutation(20)(seed(3))[0]).toEqual(permutation(20)(seed(3))[0])
    expect(permutation(0)(seed(3))[0]).toEqual([])
    expect(permutation(1)(seed(3))[0]).toEqual([0])
  })

  it('all 6 orders of n = 3 are about equally likely over 6000 seeds (χ², 5 dof)', () => {
    const counts = new Map<string, number>()
    for (let s = 0; s < 6000; s++) {
      const key = permutation(3)(seed(s))[0].join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect([...counts.keys()].sort()).toEqual(['012', '021', '102', '120', '201', '210'])
    // p = 0.001 critical value for 5 degrees of freedom is 20.5
    expect(chiSquare([...counts.values()])).toBeLessThan(20.5)
  })

  it('each element lands in each position of n = 5 about equally often (one stream, 20 000 draws)', () => {
    const [ps] = repeat(permutation(5), 20_000, seed(21))
    for (let e = 0; e < 5; e++) {
      const counts = new Array<number>(5).fill(0)
      for (const p of ps) counts[p.indexOf(e)] = (counts[p.indexOf(e)] ?? 0) + 1
      // p = 0.001 critical value for 4 degrees of freedom is 18.5
      expect(chiSquare(counts)).toBeLessThan(18.5)
    }
  })
})

// -------------------------------------------------------------------------------------
// split
// -------------------------------------------------------------------------------------

describe('split', () => {
  it('gives a child whose stream differs from the parent’s, before and after', () => {
    const r = seed(31)
    const [child, parent] = split(r)
    const a = repeat(uniform, 20, child)[0]
    const b = repeat(uniform, 20, parent)[0]
    const c = repeat(uniform, 20, r)[0]
    // the parent simply moves on along its own stream (split took four 32-bit outputs, i.e. two uniforms)
    expect(b).toEqual(repeat(uniform, 22, r)[0].slice(2))
    // the child shares no values with the parent's stream
    expect(new Set([...a, ...c]).size).toBe(40)
    expect(new Set([...a, ...b]).size).toBe(40)
  })

  it('is deterministic', () => {
    const [c1, p1] = split(seed(32))
    const [c2, p2] = split(seed(32))
    expect(c1.state).toEqual(c2.state)
    expect(p1.state).toEqual(p2.state)
  })

  it('repeated splits give distinct children', () => {
    const [children] = repeat(split, 1000, seed(33))
    expect(new Set(children.map((c) => c.state.join(','))).size).toBe(1000)
  })

  it('the child and parent streams are uncorrelated', () => {
    const [child, parent] = split(seed(34))
    const [x] = uniforms(20_000)(child)
    const [y] = uniforms(20_000)(parent)
    expect(Math.abs(correlation(x, y))).toBeLessThan(0.03)
    expect(Math.abs(mean(x) - 0.5)).toBeLessThan(0.01)
  })
})

describe('seed regressions', () => {
  it('seeds that differ only above bit 32 give different streams', () => {
    expect(seed(1).state).not.toEqual(seed(2 ** 32).state)
    expect(seed(0).state).not.toEqual(seed(2 ** 32 + 1).state)
  })
})
