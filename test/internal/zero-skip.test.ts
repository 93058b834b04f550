/**
 * The first layer's zero-column skip (src/internal/worker-step.ts `sliceGradients` with `skip`, and
 * columns.wat's `nzcols`, `gathercols`, `scatterrows`, `packrows`): the loops against JavaScript references,
 * bit for bit, and a slice's forward and backward pass with the skip against the same pass without it, bit for bit,
 * including a step whose `Δ¹` is not finite (the full product's NaNs).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { ModuleArena } from '../../src/internal/kernels.js'
import { arenaScratch } from '../../src/internal/kernels.js'
import type { PlanActivation, PlanCost } from '../../src/internal/plan-ops.js'
import type { SliceLayer, SliceViews } from '../../src/internal/worker-step.js'
import { SLICE_PRODUCTS, sliceGradients, zeroSkipBytes, zeroSkipsRun } from '../../src/internal/worker-step.js'
import { arena, random } from './arena-helpers.js'

type Buf = Float64Array | Float32Array

/** Views carved one after another (64-byte aligned) out of an arena. */
const carver = (x: ModuleArena, f32: boolean) => {
  let at = 0
  return (len: number): Buf => {
    const v = f32 ? new Float32Array(x.buffer(), x.offset + at, len) : new Float64Array(x.buffer(), x.offset + at, len)
    at += Math.ceil((len * (f32 ? 4 : 8)) / 64) * 64
    return v
  }
}

const bytesOf = (v: Buf): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice()

/** A rows × cols matrix with whole zero columns (+0), scattered zeros, −0 and the odd NaN. */
const sparse = (rows: number, cols: number, seed: number, zeroCols: number): Array<number> => {
  const u = random(rows * cols + cols, seed)
  const zero = Array.from({ length: cols }, (_, j) => (u[rows * cols + j] as number) * 0.5 + 0.5 < zeroCols)
  return Array.from({ length: rows * cols }, (_, i) => {
    const v = u[i] as number
    if (zero[i % cols] === true || Math.abs(v) < 0.4) return 0
    if (Math.abs(v) < 0.45) return -0
    if (Math.abs(v) > 0.999) return NaN
    return v
  })
}

describe('the zero-column loops (columns.wat)', () => {
  it('nzcols keeps every column with a set bit, ascending, padded with the first +0 columns to a multiple of 4', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 70 }),
        fc.constantFrom(0, 0.3, 0.7, 1),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (rows, cols, zeroCols, f32, seed) => {
          const x = arena(rows * cols * 8 + cols * 16 + 256)
          try {
            const take = carver(x, f32)
            const m = take(rows * cols)
            m.set(sparse(rows, cols, seed, zeroCols))
            const or = take(cols)
            const idx = new Int32Array(x.buffer(), x.offset + (m.byteLength + or.byteLength + 128), cols)
            const count = x.loops(f32).nzcols(m.byteOffset, rows, cols, or.byteOffset, idx.byteOffset)
            // the reference: a column is kept when some entry is not +0 (−0 and NaN are kept)
            const set = Array.from({ length: cols }, (_, j) =>
              Array.from({ length: rows }, (_, i) => m[i * cols + j] as number).some((v) => !Object.is(v, 0)),
            )
            const kept = set.filter(Boolean).length
            let pad = (4 - (kept % 4)) % 4
            const want: Array<number> = []
            for (let j = 0; j < cols; j++)
              if (set[j] === true) want.push(j)
              else if (pad > 0) {
                pad--
                want.push(j)
              }
            expect(count).toBe(want.length)
            expect(Array.from(idx.subarray(0, count))).toStrictEqual(want)
          } finally {
            x.release()
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('gathercols, scatterrows and packrows (through a product) move entries bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 4, max: 70 }),
        fc.integer({ min: 2, max: 21 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (rows, cols, n, f32, seed) => {
          const u = random(cols, seed + 5)
          const cols4 = cols - (cols % 4)
          // an ascending column list of a multiple of 4 (the kernels' row padding)
          let list = Array.from({ length: cols }, (_, j) => j).filter((j) => (u[j] as number) > -0.3)
          list = list.slice(0, list.length - (list.length % 4))
          fc.pre(list.length > 0 && cols4 > 0)
          const k = list.length
          const x = arena(
            8 * (rows * cols + 2 * (rows + 3) * k + 3 * cols * n + cols + 2 * rows * n + n) + 64 * 12,
            arenaScratch(f32, rows, n, k),
          )
          try {
            const take = carver(x, f32)
            const m = take(rows * cols)
            m.set(sparse(rows, cols, seed, 0.2))
            const idx = new Int32Array(x.buffer(), take(cols).byteOffset, cols)
            idx.set(list)
            const out = take((rows + 3) * k)
            x.loops(f32).gathercols(m.byteOffset, rows, cols, idx.byteOffset, k, out.byteOffset)
            const wantG = f32 ? new Float32Array(rows * k) : new Float64Array(rows * k)
            for (let i = 0; i < rows; i++)
              for (let p = 0; p < k; p++) wantG[i * k + p] = m[i * cols + (list[p] as number)] as number
            expect(bytesOf(out.subarray(0, rows * k))).toStrictEqual(bytesOf(wantG))
            // scatterrows: k rows of n at the start moved to rows list[p], the others +0
            const g = take(cols * n)
            const rowsIn = random(k * n, seed + 9)
            g.set(random(cols * n, seed + 11))
            g.set(rowsIn)
            x.loops(f32).scatterrows(g.byteOffset, idx.byteOffset, k, cols, n)
            const wantS = f32 ? new Float32Array(cols * n) : new Float64Array(cols * n)
            list.forEach((r, p) => wantS.set(Float64Array.from(rowsIn.slice(p * n, (p + 1) * n)), r * n))
            expect(bytesOf(g)).toStrictEqual(bytesOf(wantS))
            // packrows: the product with B's rows list[p] is the product with those rows gathered
            const B = take(cols * n)
            B.set(random(cols * n, seed + 13))
            const Bk = take(k * n)
            list.forEach((r, p) => Bk.set(B.subarray(r * n, (r + 1) * n), p * n))
            const A = take((rows + 3) * k)
            A.set(random(rows * k, seed + 17))
            const c1 = take(rows * n)
            const c2 = take(rows * n)
            const bias = take(n)
            bias.set(random(n, seed + 19))
            x.gemm(
              f32,
              false,
              false,
              rows,
              n,
              k,
              A.byteOffset,
              B.byteOffset,
              c1.byteOffset,
              bias.byteOffset,
              idx.byteOffset,
            )
            x.gemm(f32, false, false, rows, n, k, A.byteOffset, Bk.byteOffset, c2.byteOffset, bias.byteOffset)
            expect(bytesOf(c1)).toStrictEqual(bytesOf(c2))
          } finally {
            x.release()
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})

/**
 * A slice pass of a 2-layer network (`inputs`–`hidden` with `act`, then `outputs` softmax + cross-entropy) on `b`
 * rows of `x`, in a fresh module arena, with or without the skip: every buffer it writes, as bytes.
 */
const pass = (
  f32: boolean,
  skip: boolean,
  b: number,
  inputs: number,
  hidden: number,
  outputs: number,
  act: PlanActivation,
  x: ReadonlyArray<number>,
  w1: ReadonlyArray<number>,
  w2: ReadonlyArray<number>,
  y: Float64Array,
  sum = false,
  bias1: ReadonlyArray<number> = random(hidden, 3),
) => {
  const numbers = b * inputs + 2 * (inputs * hidden + hidden * outputs + hidden + outputs) + 3 * b * (hidden + outputs)
  let scratch = 0
  for (const [i, o] of [
    [inputs, hidden],
    [hidden, outputs],
  ] as const)
    for (const [m, n, k] of [
      [b, o, i],
      [i, o, b],
      [b, i, o],
    ] as const)
      scratch = Math.max(scratch, arenaScratch(f32, m, n, k))
  const ar = arena(numbers * 8 + 64 * 16, scratch + zeroSkipBytes(f32, b, inputs))
  try {
    const take = carver(ar, f32)
    const xv = take(b * inputs)
    xv.set(x)
    const W1 = take(inputs * hidden)
    W1.set(w1)
    const b1 = take(hidden)
    b1.set(bias1)
    const W2 = take(hidden * outputs)
    W2.set(w2)
    const b2 = take(outputs)
    b2.set(random(outputs, 4))
    const ls: ReadonlyArray<SliceLayer> = [
      { inputs, outputs: hidden, act, alpha: 0.1, W: W1, b: b1 },
      { inputs: hidden, outputs, act: 'softmax', alpha: 0, W: W2, b: b2 },
    ]
    const z = [take(b * hidden), take(b * outputs)]
    const v: SliceViews = {
      x: xv,
      z,
      a: [take(b * hidden), take(b * outputs)],
      d: [take(b * hidden), take(b * outputs)],
      gW: [take(inputs * hidden), take(hidden * outputs)],
      gb: [take(hidden), take(outputs)],
    }
    const cost: PlanCost = 'crossEntropy'
    const share = sliceGradients(ar, skip, SLICE_PRODUCTS[f32 ? 'f32' : 'f64'], ls, cost, sum, b, b, v, y, 0)
    return {
      share,
      out: [...v.z, ...v.a, ...v.d, ...v.gW, ...v.gb].map(bytesOf),
    }
  } finally {
    ar.release()
  }
}

const targets = (b: number, outputs: number, seed: number): Float64Array => {
  const y = new Float64Array(b * outputs)
  random(b, seed).forEach((u, i) => (y[i * outputs + (Math.floor((u * 0.5 + 0.5) * outputs) % outputs)] = 1))
  return y
}

describe("a slice's pass with the zero-column skip (worker-step.ts)", () => {
  it('writes the bits of the pass without it: Z, A, Δ, both gradients, the cost share; f64 and f32', () => {
    const before = zeroSkipsRun()
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 64, max: 130 }),
        fc.integer({ min: 17, max: 40 }),
        fc.constantFrom<PlanActivation>('relu', 'sigmoid', 'tanh', 'identity', 'leakyRelu'),
        fc.constantFrom(0.3, 0.6, 0.9),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (b, inputs, hidden, act, zeroCols, f32, seed) => {
          const outputs = 5
          const x = sparse(b, inputs, seed, zeroCols).map((v) => (Number.isNaN(v) ? 0.5 : v))
          const w1 = random(inputs * hidden, seed + 1).map((v) => v * 0.2)
          const w2 = random(hidden * outputs, seed + 2)
          const y = targets(b, outputs, seed + 3)
          const full = pass(f32, false, b, inputs, hidden, outputs, act, x, w1, w2, y)
          const skipped = pass(f32, true, b, inputs, hidden, outputs, act, x, w1, w2, y)
          expect(Object.is(skipped.share, full.share)).toBe(true)
          expect(skipped.out).toStrictEqual(full.out)
        },
      ),
      { numRuns: 150 },
    )
    expect(zeroSkipsRun()).toBeGreaterThan(before)
  })

  it('with a Δ¹ that is not finite: G(W¹) in full, so its rows for zero columns hold the NaNs of 0·∞', () => {
    // identity hidden layer with W¹ = 0 and b¹ = 0 (A¹ = 0, Z² = b²); every row of class 0, the cost summed (so
    // Δ² = P − Y), W² −big in column 0 and +big elsewhere: Δ² W²ᵀ = 2·big·(1 − p₀) overflows to ∞ in every row
    // while the cost stays finite
    const [b, inputs, hidden, outputs] = [8, 96, 20, 5]
    for (const f32 of [false, true]) {
      const big = f32 ? 3e38 : 1.7e308
      const x = sparse(b, inputs, 7, 0.6).map((v) => (Number.isNaN(v) ? 0.5 : v))
      const y = new Float64Array(b * outputs).map((_, i) => (i % outputs === 0 ? 1 : 0))
      const w2 = Array.from({ length: hidden * outputs }, (_, i) => (i % outputs === 0 ? -big : big))
      const w1 = new Array<number>(inputs * hidden).fill(0)
      const b1 = new Array<number>(hidden).fill(0)
      const ar = pass(f32, true, b, inputs, hidden, outputs, 'identity', x, w1, w2, y, true, b1)
      const full = pass(f32, false, b, inputs, hidden, outputs, 'identity', x, w1, w2, y, true, b1)
      expect(Number.isFinite(full.share)).toBe(true)
      expect(ar.out).toStrictEqual(full.out)
      // G(W¹) is the 7th buffer: NaN in a zero column's row
      const g = f32
        ? new Float32Array((full.out[6] as Uint8Array).buffer)
        : new Float64Array((full.out[6] as Uint8Array).buffer)
      const zeroCol = Array.from({ length: inputs }, (_, j) => j).find((j) =>
        Array.from({ length: b }, (_, i) => x[i * inputs + j]).every((v) => Object.is(v, 0)),
      ) as number
      expect(Number.isNaN(g[zeroCol * hidden] as number)).toBe(true)
    }
  })
})
