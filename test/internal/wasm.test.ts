import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { assembleAll } from '../../scripts/build-wasm.mjs'
import { gemmRelaxedWasmBase64, gemmWasmBase64, relaxedProbeBase64 } from '../../src/internal/gemm-wasm.js'
import {
  backend,
  gemm,
  gemmF32,
  gemmNNf32,
  gemmNTf32,
  gemmTNf32,
  restartKernels,
  wasmActive,
} from '../../src/internal/kernels.js'

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
  it('is the assembly of the committed gemm.wat, with its relaxed-SIMD twin and the probe', async () => {
    const { plain, relaxed, probe } = await assembleAll()
    expect(plain).toBe(gemmWasmBase64)
    expect(relaxed).toBe(gemmRelaxedWasmBase64)
    expect(probe).toBe(relaxedProbeBase64)
    expect(relaxed).not.toBe(plain)
  })

  it('is active on this Node, so the other kernel tests exercise it (the plain kernel: no relaxed SIMD here)', () => {
    expect(wasmActive()).toBe(true)
    // Node 20 without --experimental-wasm-relaxed-simd; relaxed-simd.test.ts runs the other one
    expect(backend()).toEqual({ matmul: 'wasm-simd', reason: 'WebAssembly SIMD available' })
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

/** `len` numbers in `[-1, 1)` from a seeded LCG. */
const random = (len: number, seed: number): Float64Array => {
  const out = new Float64Array(len)
  let s = (seed * 2654435761) >>> 0
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

/** The naive loop summing each entry over p in order, `s = round(s + round(a·b))`, with `round` float64 or float32. */
const inOrder = (
  tA: boolean,
  tB: boolean,
  m: number,
  n: number,
  k: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  round: (x: number) => number = (x) => x,
): Float64Array => {
  const out = new Float64Array(m * n)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) {
        const x = (tA ? a[p * m + i] : a[i * k + p]) as number
        const y = (tB ? b[j * k + p] : b[p * n + j]) as number
        s = round(s + round(x * y))
      }
      out[i * n + j] = s
    }
  return out
}

/** Index of the first entry where `got` and `want` differ as bits (up to NaN payloads), or -1. */
const firstDifference = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) return i
  return -1
}

/**
 * Shapes across the kernel's blocks (k blocks of 256, column blocks of 32 panels: 128 float64 or 256 float32
 * columns), with ragged edges, and the MNIST batch-64 shapes.
 */
const blockShapes: ReadonlyArray<readonly [number, number, number]> = [
  [17, 19, 23],
  [5, 129, 257],
  [66, 131, 600],
  [33, 260, 513],
  [64, 128, 784],
  [784, 128, 64],
  [9, 257, 16],
]

describe('the cache-blocked WebAssembly kernel', () => {
  it('gives the bits of the naive in-order loop for every transposition, across k and column blocks', () => {
    for (const [m, n, k] of blockShapes)
      for (const tA of [false, true])
        for (const tB of [false, true]) {
          const a = random(m * k, m + k)
          const b = random(k * n, n + k)
          const out = new Float64Array(m * n).fill(NaN)
          gemm(tA, tB, m, n, k, a, b, out, false)
          const i = firstDifference(out, inOrder(tA, tB, m, n, k, a, b))
          expect(i, `gemm(${tA}, ${tB}) m=${m} n=${n} k=${k}: first difference at ${i}`).toBe(-1)
        }
  })

  it('accumulates the in-order sum into out, out + Σ', () => {
    const [m, n, k] = [37, 140, 300]
    const a = random(m * k, 1)
    const b = random(k * n, 2)
    const before = random(m * n, 3)
    const out = before.slice()
    gemm(false, false, m, n, k, a, b, out, true)
    const want = inOrder(false, false, m, n, k, a, b).map((x, i) => (before[i] as number) + x)
    expect(firstDifference(out, want)).toBe(-1)
  })
})

describe('the float32 kernels gemmNNf32, gemmTNf32, gemmNTf32', () => {
  const named = [
    ['gemmNNf32', gemmNNf32, false, false],
    ['gemmTNf32', gemmTNf32, true, false],
    ['gemmNTf32', gemmNTf32, false, true],
  ] as const

  /**
   * Float32 tolerance: every float32 product and partial sum rounds by at most 2⁻²⁴ relative, so the error of the
   * sum is at most about `k·2⁻²⁴·Σ|a·b|` (the classical bound); the test allows `(k + 2)·2⁻²³·Σ|a·b|`, with the
   * operands taken as the float32 numbers they are.
   */
  const check = (f: (typeof named)[number][1], tA: boolean, tB: boolean, m: number, n: number, k: number) => {
    const a = Float32Array.from(random(m * k, 7 + m))
    const b = Float32Array.from(random(k * n, 9 + n))
    const a0 = a.slice()
    const b0 = b.slice()
    const out = new Float32Array(m * n + 2).fill(NaN)
    out[m * n] = 5
    out[m * n + 1] = 5
    f(m, n, k, a, b, out)
    const want = inOrder(tA, tB, m, n, k, a, b)
    const scale = inOrder(tA, tB, m, n, k, a.map(Math.abs), b.map(Math.abs))
    for (let i = 0; i < m * n; i++) {
      const tol = (k + 2) * 2 ** -23 * (scale[i] as number)
      const err = Math.abs((out[i] as number) - (want[i] as number))
      expect(err, `m=${m} n=${n} k=${k}: entry ${i} is ${out[i]}, want ${want[i]}`).toBeLessThanOrEqual(tol)
    }
    expect([out[m * n], out[m * n + 1]], 'wrote past m·n').toEqual([5, 5])
    expect(firstDifference(a, a0)).toBe(-1)
    expect(firstDifference(b, b0)).toBe(-1)
    return { a, b, out }
  }

  for (const [name, f, tA, tB] of named) {
    it(`${name} matches the float64 naive product within float32 rounding`, () => {
      for (const [m, n, k] of [...blockShapes, [1, 9, 13], [9, 1, 13], [4, 5, 1], [3, 3, 3], [0, 4, 5], [3, 4, 0]])
        check(f, tA, tB, m, n, k)
    })
  }

  it('through WebAssembly, give the bits of the naive loop rounded to float32 at each step', () => {
    for (const [name, f, tA, tB] of named)
      for (const [m, n, k] of blockShapes) {
        const { a, b, out } = check(f, tA, tB, m, n, k)
        const want = inOrder(tA, tB, m, n, k, a, b, Math.fround)
        expect(firstDifference(out.subarray(0, m * n), want), `${name} m=${m} n=${n} k=${k}`).toBe(-1)
      }
  })

  it('fall back to JavaScript without WebAssembly: the float64 product rounded once', () => {
    restartKernels(undefined)
    try {
      expect(backend().matmul).toBe('js')
      for (const [name, f, tA, tB] of named)
        for (const [m, n, k] of [
          [66, 131, 600],
          [17, 19, 23],
        ] as const) {
          const { a, b, out } = check(f, tA, tB, m, n, k)
          const wide = new Float64Array(m * n)
          gemm(tA, tB, m, n, k, Float64Array.from(a), Float64Array.from(b), wide, false)
          expect(firstDifference(out.subarray(0, m * n), Float32Array.from(wide)), name).toBe(-1)
        }
    } finally {
      restartKernels()
    }
    expect(backend().matmul).toBe('wasm-simd')
  })

  it('gemmF32 computes all four transpositions', () => {
    const [m, n, k] = [20, 24, 30]
    for (const tA of [false, true])
      for (const tB of [false, true]) {
        const a = Float32Array.from(random(m * k, 1))
        const b = Float32Array.from(random(k * n, 2))
        const out = new Float32Array(m * n)
        gemmF32(tA, tB, m, n, k, a, b, out)
        const want = inOrder(tA, tB, m, n, k, a, b, Math.fround)
        expect(firstDifference(out, want), `gemmF32(${tA}, ${tB})`).toBe(-1)
      }
  })
})
