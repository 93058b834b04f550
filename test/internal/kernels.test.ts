import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { gemm, gemmNN, gemmNT, gemmTN, transposeInto } from '../../src/internal/kernels.js'

// -------------------------------------------------------------------------------------
// references and helpers
// -------------------------------------------------------------------------------------

type Kernel = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array) => void

/** `len` numbers in `[-1, 1)` from a seeded LCG, so a failing case can be replayed. */
const random = (len: number, seed: number): Float64Array => {
  const out = new Float64Array(len)
  let s = (seed * 2654435761) >>> 0
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

/** `op(x)(r, c)` for `x` stored `[rows×cols]`, or stored transposed (`[cols×rows]`) when `t`. */
const at = (x: Float64Array, t: boolean, rows: number, cols: number, r: number, c: number): number =>
  t ? x[c * rows + r] : x[r * cols + c]

/**
 * The naive `ijk` product `C_ij = Σ_p op(A)_ip op(B)_pj` with `op(A)` `[m×k]` and `op(B)` `[k×n]`, plus the
 * magnitude `Σ_p |op(A)_ip op(B)_pj|` of each entry, which bounds the rounding error of any summation order.
 */
const reference = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
): { readonly value: Float64Array; readonly scale: Float64Array } => {
  const value = new Float64Array(m * n)
  const scale = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      let mag = 0
      for (let p = 0; p < k; p++) {
        const x = at(a, transA, m, k, i, p) * at(b, transB, k, n, p, j)
        s += x
        mag += Math.abs(x)
      }
      value[i * n + j] = s
      scale[i * n + j] = mag
    }
  }
  return { value, scale }
}

const REL = 1e-12

/** Index of the first entry of `got` that is not within `REL·scale` of `want` (exact for non-finite), or -1. */
const firstMismatch = (got: Float64Array, want: Float64Array, scale: Float64Array): number => {
  for (let i = 0; i < want.length; i++) {
    const g = got[i]
    const w = want[i]
    const ok = Number.isFinite(w) ? Math.abs(g - w) <= REL * scale[i] : Object.is(g, w)
    if (!ok) return i
  }
  return -1
}

/** Asserts `got` matches the reference entry by entry, with a message naming the first bad entry. */
const expectMatches = (got: Float64Array, want: Float64Array, scale: Float64Array, what: string): void => {
  const i = firstMismatch(got, want, scale)
  expect(i, i < 0 ? what : `${what}: entry ${i} is ${got[i]}, expected ${want[i]} (scale ${scale[i]})`).toBe(-1)
}

/** Asserts `got` equals `want` bit for bit up to NaN payloads (`-0` differs from `0`), naming the first difference. */
const expectSame = (got: Float64Array, want: Float64Array, what: string): void => {
  expect(got.length, `${what}: length`).toBe(want.length)
  let i = 0
  while (i < want.length && Object.is(got[i], want[i])) i++
  expect(i, i < want.length ? `${what}: entry ${i} is ${got[i]}, expected ${want[i]}` : what).toBe(want.length)
}

/** A NaN-filled `out` with a sentinel tail of `TAIL` entries past `m·n` that no kernel may touch. */
const TAIL = 3
const SENTINEL = 12345.5
const garbage = (len: number): Float64Array => {
  const out = new Float64Array(len + TAIL).fill(NaN)
  out.fill(SENTINEL, len)
  return out
}

const expectTail = (out: Float64Array, len: number, what: string): void => {
  for (let i = len; i < out.length; i++) expect(out[i], `${what}: wrote past m·n at ${i}`).toBe(SENTINEL)
}

const named: ReadonlyArray<readonly [string, Kernel, boolean, boolean]> = [
  ['gemmNN', gemmNN, false, false],
  ['gemmTN', gemmTN, true, false],
  ['gemmNT', gemmNT, false, true],
]

/** Runs kernel `f` (computing `op(A)·op(B)`) on fresh operands and checks it against the reference. */
const checkKernel = (
  name: string,
  f: Kernel,
  transA: boolean,
  transB: boolean,
  [m, n, k]: readonly [number, number, number],
  seed: number,
): void => {
  const what = `${name} m=${m} n=${n} k=${k} seed=${seed}`
  const a = random(m * k, seed)
  const b = random(k * n, seed + 1)
  const a0 = a.slice()
  const b0 = b.slice()
  const out = garbage(m * n)
  f(m, n, k, a, b, out)
  const { value, scale } = reference(transA, transB, m, n, k, a, b)
  expectMatches(out.subarray(0, m * n), value, scale, what)
  expectTail(out, m * n, what)
  expectSame(a, a0, `${what}: a`)
  expectSame(b, b0, `${what}: b`)
}

// -------------------------------------------------------------------------------------
// shapes
// -------------------------------------------------------------------------------------

/**
 * `[m, n, k]`: empty products, vectors (m, n or k = 1, which take the axpy/dot/outer paths), sizes that are not
 * multiples of the 4×4 register tile, and sizes on both sides of the block sizes (MC = 64 rows, KC = 256 depth,
 * NC = 128 columns) and of their multiples, where the blocks are split evenly.
 */
const shapes: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 0],
  [0, 3, 4],
  [3, 0, 4],
  [3, 4, 0],
  [1, 1, 0],
  [1, 1, 1],
  [1, 1, 7],
  [1, 6, 1],
  [6, 1, 1],
  [1, 9, 13],
  [9, 1, 13],
  [9, 13, 1],
  [1, 130, 300],
  [130, 1, 300],
  [2, 2, 2],
  [2, 3, 5],
  [3, 2, 4],
  [3, 5, 7],
  [4, 4, 4],
  [5, 5, 5],
  [4, 8, 3],
  [7, 6, 11],
  [8, 8, 8],
  [2, 17, 9],
  [17, 2, 9],
  [63, 64, 65],
  [64, 64, 64],
  [65, 63, 129],
  [129, 5, 3],
  [5, 129, 31],
  [6, 7, 255],
  [7, 6, 256],
  [5, 9, 257],
  [3, 5, 513],
  [66, 11, 300],
  [130, 9, 40],
  [5, 127, 9],
  [6, 128, 10],
  [7, 129, 11],
  [3, 255, 10],
  [5, 256, 9],
  [6, 257, 11],
  [4, 530, 7],
  [70, 260, 270],
  [129, 131, 520],
  // exactly full blocks: the packing buffers are filled to the last entry
  [64, 128, 256],
  [128, 256, 512],
]

// -------------------------------------------------------------------------------------
// tests
// -------------------------------------------------------------------------------------

describe('gemmNN, gemmTN, gemmNT', () => {
  for (const [name, f, transA, transB] of named) {
    it(`${name} matches the naive product on edge and block-boundary shapes`, () => {
      shapes.forEach((s, i) => checkKernel(name, f, transA, transB, s, i + 1))
    })

    it(`${name} matches the naive product on random shapes`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 280 }),
          fc.integer({ min: 1, max: 1e6 }),
          (m, n, k, seed) => checkKernel(name, f, transA, transB, [m, n, k], seed),
        ),
        { numRuns: 200 },
      )
    })
  }

  it('agree with each other on a known product', () => {
    // a = [[1, 2, 3], [4, 5, 6]], b = [[7, 8], [9, 10], [11, 12]]: a·b = [[58, 64], [139, 154]]
    const a = Float64Array.of(1, 2, 3, 4, 5, 6)
    const b = Float64Array.of(7, 8, 9, 10, 11, 12)
    const aT = Float64Array.of(1, 4, 2, 5, 3, 6)
    const bT = Float64Array.of(7, 9, 11, 8, 10, 12)
    const want = [58, 64, 139, 154]
    for (const [f, x, y] of [
      [gemmNN, a, b],
      [gemmTN, aT, b],
      [gemmNT, a, bT],
    ] as const) {
      const out = garbage(4)
      f(2, 2, 3, x, y, out)
      expect(Array.from(out.subarray(0, 4))).toEqual(want)
    }
  })

  it('overwrite out in full: the result does not depend on what out held', () => {
    for (const [name, f] of named) {
      for (const [m, n, k] of [
        [1, 1, 0],
        [3, 4, 0],
        [1, 5, 3],
        [5, 1, 3],
        [4, 5, 1],
        [9, 10, 11],
        [70, 70, 300],
      ] as const) {
        const a = random(m * k, 3)
        const b = random(k * n, 4)
        const fresh = new Float64Array(m * n)
        f(m, n, k, a, b, fresh)
        for (const fillWith of [NaN, Infinity, -1e300, 7]) {
          const out = new Float64Array(m * n).fill(fillWith)
          f(m, n, k, a, b, out)
          expectSame(out, fresh, `${name} m=${m} n=${n} k=${k} out filled with ${fillWith}`)
        }
      }
    }
  })

  it('propagate NaN and infinities like the naive loop: nothing is skipped, 0·∞ is NaN', () => {
    for (const [name, f, transA, transB] of named) {
      for (const [m, n, k] of [
        [1, 1, 1],
        [1, 1, 6],
        [1, 7, 1],
        [7, 1, 1],
        [1, 7, 9],
        [7, 1, 9],
        [6, 7, 1],
        [5, 6, 7],
        [9, 10, 11],
        [66, 67, 300],
      ] as const) {
        const what = `${name} m=${m} n=${n} k=${k}`
        const a = random(m * k, 5)
        const b = random(k * n, 6)
        // op(A) row 0 is all zeros and op(B) row 0 is all +∞: C_0j = 0·∞ + … = NaN, C_ij = ±∞ for i > 0
        for (let p = 0; p < k; p++) a[transA ? p * m : p] = 0
        for (let j = 0; j < n; j++) b[transB ? j * k : j] = Infinity
        // a NaN in op(A)(m-1, k-1) makes the whole last row NaN
        if (m > 1 && k > 1) a[transA ? (k - 1) * m + m - 1 : (m - 1) * k + k - 1] = NaN
        const out = garbage(m * n)
        f(m, n, k, a, b, out)
        const { value, scale } = reference(transA, transB, m, n, k, a, b)
        for (let j = 0; j < n; j++) expect(out[j], `${what}: 0·∞ at (0, ${j})`).toBeNaN()
        expectMatches(out.subarray(0, m * n), value, scale, what)
      }
    }
  })

  it('sum exactly when every partial sum is exact', () => {
    // small integers: every order of summation gives the same exact result
    const m = 37
    const n = 41
    const k = 300
    const a = new Float64Array(m * k).map((_, i) => ((i * 7) % 11) - 5)
    const b = new Float64Array(k * n).map((_, i) => ((i * 5) % 13) - 6)
    const out = garbage(m * n)
    gemmNN(m, n, k, a, b, out)
    const { value } = reference(false, false, m, n, k, a, b)
    expectSame(out.subarray(0, m * n), value, 'exact integer product')
  })
})

describe('gemm', () => {
  it('computes op(a)·op(b) for all four transpositions, and accumulates into out', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 270 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (m, n, k, transA, transB, accumulate, seed) => {
          const what = `gemm(${transA}, ${transB}) m=${m} n=${n} k=${k} accumulate=${accumulate} seed=${seed}`
          const a = random(m * k, seed)
          const b = random(k * n, seed + 1)
          const before = accumulate ? random(m * n, seed + 2) : new Float64Array(m * n).fill(NaN)
          const out = new Float64Array(m * n + TAIL).fill(SENTINEL)
          out.set(before)
          gemm(transA, transB, m, n, k, a, b, out, accumulate)
          const { value, scale } = reference(transA, transB, m, n, k, a, b)
          if (accumulate) for (let i = 0; i < m * n; i++) value[i] += before[i]
          const slack = scale.map((s, i) => s + Math.abs(value[i]))
          expectMatches(out.subarray(0, m * n), value, slack, what)
          expectTail(out, m * n, what)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('accumulates across block boundaries for all four transpositions', () => {
    const [m, n, k] = [70, 131, 260]
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const what = `gemm(${transA}, ${transB}) m=${m} n=${n} k=${k} accumulate`
        const a = random(m * k, 11)
        const b = random(k * n, 12)
        const before = random(m * n, 13)
        const out = before.slice()
        gemm(transA, transB, m, n, k, a, b, out, true)
        const { value, scale } = reference(transA, transB, m, n, k, a, b)
        for (let i = 0; i < m * n; i++) value[i] += before[i]
        expectMatches(
          out,
          value,
          scale.map((x, i) => x + Math.abs(value[i])),
          what,
        )
      }
    }
  })

  it('leaves out as it is when accumulating an empty sum (k = 0)', () => {
    const out = Float64Array.of(1, 2, 3, 4, 5, 6)
    gemm(false, false, 2, 3, 0, new Float64Array(0), new Float64Array(0), out, true)
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6])
  })
})

describe('transposeInto', () => {
  const check = (r: number, c: number, seed: number): void => {
    const a = random(r * c, seed)
    const a0 = a.slice()
    const out = garbage(r * c)
    transposeInto(r, c, a, out)
    const want = new Float64Array(r * c)
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) want[j * r + i] = a[i * c + j]
    expectSame(out.subarray(0, r * c), want, `transposeInto ${r}×${c}`)
    expectTail(out, r * c, `transposeInto ${r}×${c}`)
    expectSame(a, a0, `transposeInto ${r}×${c}: a`)
  }

  it('transposes edge and block-boundary shapes', () => {
    for (const [r, c] of [
      [0, 0],
      [0, 5],
      [5, 0],
      [1, 1],
      [1, 7],
      [7, 1],
      [2, 3],
      [31, 33],
      [32, 32],
      [33, 31],
      [65, 3],
      [3, 65],
      [100, 70],
    ] as const)
      check(r, c, r * 100 + c + 1)
  })

  it('transposes random shapes, and transposing twice is the identity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 1, max: 1e6 }),
        (r, c, seed) => {
          check(r, c, seed)
          const a = random(r * c, seed)
          const t = new Float64Array(r * c)
          const back = new Float64Array(r * c)
          transposeInto(r, c, a, t)
          transposeInto(c, r, t, back)
          expectSame(back, a, `transposeInto ${r}×${c} twice`)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('copies NaN, infinities and signed zeros bit for bit', () => {
    const a = Float64Array.of(NaN, Infinity, -Infinity, -0, 0, 1)
    const out = new Float64Array(6)
    transposeInto(2, 3, a, out)
    expect(Array.from(out)).toEqual([NaN, -0, Infinity, 0, -Infinity, 1])
    expect(Object.is(out[1], -0)).toBe(true)
  })
})
