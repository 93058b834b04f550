import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { gemmNN, gemmNT, gemmTN } from '../../src/internal/kernels.js'
import { outer1, rowTimes, rowTimesT, smallProductsAgree } from '../../src/internal/plan-small.js'

/** The numbers of a buffer as `Object.is` sees them (so `-0` and `0` differ under `toStrictEqual`). */
const bits = (a: Float64Array): ReadonlyArray<string> => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)))

const values = fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(0, -0, 1e300, -1e-300))

describe('the single-example products of the plan', () => {
  it('give the bits of gemmNN, gemmNT and gemmTN with one row, for every layer shape', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 11 }),
        fc.array(values, { minLength: 11 * 11 * 3, maxLength: 11 * 11 * 3 }),
        (k, n, vs) => {
          const take = (off: number, len: number) => Float64Array.from(vs.slice(off, off + len))
          const x = take(0, k)
          const w = take(k, k * n)
          const d = take(k + k * n, n)
          const ref = (len: number) => new Float64Array(len)
          const [z0, z1] = [ref(n), ref(n)]
          gemmNN(1, n, k, x, w, z0)
          rowTimes(n, k, x, w, z1)
          expect(bits(z1)).toStrictEqual(bits(z0))
          const [g0, g1] = [ref(k), ref(k)]
          gemmNT(1, k, n, d, w, g0)
          rowTimesT(k, n, d, w, g1)
          expect(bits(g1)).toStrictEqual(bits(g0))
          const [o0, o1] = [ref(k * n), ref(k * n)]
          gemmTN(k, n, 1, x, d, o0)
          outer1(k, n, x, d, o1)
          expect(bits(o1)).toStrictEqual(bits(o0))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('the probe the plan runs before using them agrees for the shapes of small and large layers', () => {
    for (const [k, n] of [
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 2],
      [3, 5],
      [4, 4],
      [9, 7],
      [784, 128],
      [64, 10],
    ] as const)
      expect(smallProductsAgree(k, n)).toBe(true)
  })
})
