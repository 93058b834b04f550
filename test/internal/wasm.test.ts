import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { assemble } from '../../scripts/build-wasm.mjs'
import { gemmWasmBase64 } from '../../src/internal/gemm-wasm.js'
import { gemm, wasmActive } from '../../src/internal/kernels.js'

const naive = (
  m: number,
  n: number,
  k: number,
  A: (i: number, p: number) => number,
  B: (p: number, j: number) => number,
) => {
  const out = new Float64Array(m * n)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += A(i, p) * B(p, j)
      out[i * n + j] = s
    }
  return out
}

describe('the WebAssembly SIMD kernel', () => {
  it('is the assembly of the committed gemm.wat', async () => {
    expect(await assemble()).toBe(gemmWasmBase64)
  })

  it('is active on this Node, so the other kernel tests exercise it', () => {
    expect(wasmActive()).toBe(true)
  })

  it('agrees with a naive product for every transposition, padding and accumulation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 37 }),
        fc.integer({ min: 2, max: 37 }),
        fc.integer({ min: 16, max: 70 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (m, n, k, tA, tB, acc) => {
          const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(i + 1))
          const b = Float64Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.7))
          const A = (i: number, p: number) => (tA ? a[p * m + i] : a[i * k + p]) as number
          const B = (p: number, j: number) => (tB ? b[j * k + p] : b[p * n + j]) as number
          const want = naive(m, n, k, A, B)
          const out = new Float64Array(m * n).fill(acc ? 1 : NaN)
          gemm(tA, tB, m, n, k, a, b, out, acc)
          out.forEach((v, i) => {
            const w = (want[i] as number) + (acc ? 1 : 0)
            expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-12 * (k + Math.abs(w)))
          })
        },
      ),
      { numRuns: 150 },
    )
  })

  it('propagates NaN and keeps 0·∞ = NaN (no skipped products)', () => {
    const m = 20
    const k = 20
    const n = 20
    const a = new Float64Array(m * k)
    const b = new Float64Array(k * n).fill(1)
    b[0] = Infinity
    const out = new Float64Array(m * n)
    gemm(false, false, m, n, k, a, b, out, false)
    expect(Number.isNaN(out[0])).toBe(true)
    expect(out[1]).toBe(0)
  })
})
