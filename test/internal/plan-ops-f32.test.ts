/**
 * The float32 plan's products (src/internal/plan-ops-f32.ts): small ones (the loop: float64 sums rounded once)
 * equal the float64 product rounded to float32 exactly; large ones (the f32 WebAssembly kernels) are within
 * `(k + 2)·2⁻²³·Σ_p |a_ip b_pj|` of it.
 */
import { describe, expect, it } from 'vitest'

import { productNN, productNT, productTN, SMALL_WORK } from '../../src/internal/plan-ops-f32.js'

const operands = (len: number, seed: number): Float32Array => {
  let s = seed
  return Float32Array.from({ length: len }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return (4 * s) / 4294967296 - 2
  })
}

/** `op(a)·op(b)` in float64, and `Σ|a b|` per entry. */
const exact = (tA: boolean, tB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array) => {
  const c = new Float64Array(m * n)
  const abs = new Float64Array(m * n)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      let t = 0
      for (let p = 0; p < k; p++) {
        const x = (a[tA ? p * m + i : i * k + p] as number) * (b[tB ? j * k + p : p * n + j] as number)
        s += x
        t += Math.abs(x)
      }
      c[i * n + j] = s
      abs[i * n + j] = t
    }
  return { c, abs }
}

describe('plan-ops-f32 products', () => {
  const cases: ReadonlyArray<readonly [number, number, number]> = [
    [1, 7, 5],
    [5, 1, 7],
    [6, 7, 1],
    [3, 4, 5],
    [15, 16, 16],
    [64, 32, 33],
    [17, 40, 96],
  ]
  for (const [m, n, k] of cases)
    it(`${m}×${k}·${k}×${n} (NN, TN, NT)`, () => {
      const a = operands(m * k, m + 31 * k)
      const b = operands(k * n, n + 17 * k)
      const kinds = [
        [false, false, productNN],
        [true, false, productTN],
        [false, true, productNT],
      ] as const
      for (const [tA, tB, f] of kinds) {
        const out = new Float32Array(m * n).fill(NaN)
        f(m, n, k, a, b, out)
        const { c, abs } = exact(tA, tB, m, n, k, a, b)
        const small = m === 1 || n === 1 || k === 1 || m * n * k < SMALL_WORK
        for (let i = 0; i < m * n; i++) {
          if (small) expect(out[i]).toBe(Math.fround(c[i] as number))
          else
            expect(Math.abs((out[i] as number) - (c[i] as number))).toBeLessThanOrEqual(
              (k + 2) * 2 ** -23 * (abs[i] as number),
            )
        }
      }
    })
})
