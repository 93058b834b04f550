/**
 * The products of a single-example step (batch `B = 1`), for the compiled training plan: with one row every
 * product the plan needs is a vector product, which `kernels.ts`'s `gemm` sends to its JavaScript vector loops
 * (`m = 1` or `k = 1`: outer products, dot products, sums of `axpy`s). These are those loops again, with the
 * same order of floating-point operations, called directly: for a tiny network the dispatch and the calls
 * cost more than the arithmetic.
 *
 * They hold only while `gemm` routes and sums vector products as it does today, so the plan does not take them
 * on trust: {@link smallProductsAgree} runs both on pseudo-random operands of a network's shapes when a plan
 * is compiled, and the plan uses these only when every result agrees bit for bit.
 *
 * @internal
 * @since 0.2.0
 */
import { gemmNN, gemmNT, gemmTN } from './kernels.js'

type Buf = Float64Array

/** `out[j] = Σ_p coef[p]·rows[p·len + j]`: `kernels.ts`'s `axpyRows` (not accumulating), four rows per pass. */
const axpyRows = (len: number, count: number, coef: Buf, rows: Buf, out: Buf): void => {
  for (let j = 0; j < len; j++) out[j] = 0
  let p = 0
  for (; p + 3 < count; p += 4) {
    const a0 = coef[p] as number
    const a1 = coef[p + 1] as number
    const a2 = coef[p + 2] as number
    const a3 = coef[p + 3] as number
    const r0 = p * len
    const r1 = r0 + len
    const r2 = r1 + len
    const r3 = r2 + len
    for (let j = 0; j < len; j++) {
      out[j] =
        (out[j] as number) +
        a0 * (rows[r0 + j] as number) +
        a1 * (rows[r1 + j] as number) +
        a2 * (rows[r2 + j] as number) +
        a3 * (rows[r3 + j] as number)
    }
  }
  for (; p < count; p++) {
    const ap = coef[p] as number
    const r = p * len
    for (let j = 0; j < len; j++) out[j] = (out[j] as number) + ap * (rows[r + j] as number)
  }
}

/** `out[i] = Σ_p rows[i·len + p]·vec[p]`: `kernels.ts`'s `dotRows` (not accumulating), four partial sums. */
const dotRows = (count: number, len: number, rows: Buf, vec: Buf, out: Buf): void => {
  const len4 = len - (len % 4)
  for (let i = 0; i < count; i++) {
    const r = i * len
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    let p = 0
    for (; p < len4; p += 4) {
      s0 += (rows[r + p] as number) * (vec[p] as number)
      s1 += (rows[r + p + 1] as number) * (vec[p + 1] as number)
      s2 += (rows[r + p + 2] as number) * (vec[p + 2] as number)
      s3 += (rows[r + p + 3] as number) * (vec[p + 3] as number)
    }
    for (; p < len; p++) s0 += (rows[r + p] as number) * (vec[p] as number)
    out[i] = s0 + s1 + (s2 + s3)
  }
}

/**
 * `out[i·n + j] = u[i]·v[j]`, the outer product `u ⊗ v`: `gemmTN(m, n, 1, u, v, out)`, the weight gradient
 * `∂C/∂W = a ⊗ δ` of one example (and every product with `k = 1`).
 * @internal
 */
export const outer1 = (m: number, n: number, u: Buf, v: Buf, out: Buf): void => {
  for (let i = 0; i < m; i++) {
    const ui = u[i] as number
    const o = i * n
    for (let j = 0; j < n; j++) out[o + j] = ui * (v[j] as number)
  }
}

/**
 * `z = x·W` for one row `x: [1, k]` and `W: [k, n]`: `gemmNN(1, n, k, x, W, z)`.
 * @internal
 */
export const rowTimes = (n: number, k: number, x: Buf, w: Buf, z: Buf): void => {
  if (k === 1) outer1(1, n, x, w, z)
  else if (n === 1) dotRows(1, k, x, w, z)
  else axpyRows(n, k, x, w, z)
}

/**
 * `g = δ·Wᵀ` for one row `δ: [1, k]` and `W: [n, k]` (stored `[n, k]`, read transposed): `gemmNT(1, n, k, δ, W, g)`,
 * the error passed down to the layer below.
 * @internal
 */
export const rowTimesT = (n: number, k: number, d: Buf, w: Buf, g: Buf): void => {
  if (k === 1) outer1(1, n, d, w, g)
  else if (n === 1) dotRows(1, k, d, w, g)
  else dotRows(n, k, w, d, g)
}

/** Whether two buffers hold the same bits (`Object.is` per entry: `-0` and `0` differ, `NaN` equals `NaN`). */
const same = (a: Buf, b: Buf): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

/**
 * Whether {@link rowTimes}, {@link rowTimesT} and {@link outer1} give `gemmNN`, `gemmNT` and `gemmTN`'s bits for a
 * layer of `k` inputs and `n` outputs, on a few pseudo-random operands (with exact zeros and negative zeros
 * among them, so a change in how sums start shows).
 * @internal
 */
export const smallProductsAgree = (k: number, n: number): boolean => {
  let s = 0x2545f491
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    const r = s / 4294967296
    return r < 0.05 ? -0 : r < 0.1 ? 0 : 4 * r - 2
  }
  const fill = (len: number): Buf => Float64Array.from({ length: len }, next)
  for (let trial = 0; trial < 3; trial++) {
    const x = fill(k)
    const w = fill(k * n)
    const d = fill(n)
    const ref = new Float64Array(Math.max(n, k, k * n))
    const mine = new Float64Array(ref.length)
    gemmNN(1, n, k, x, w, ref.subarray(0, n))
    rowTimes(n, k, x, w, mine.subarray(0, n))
    if (!same(ref.subarray(0, n), mine.subarray(0, n))) return false
    gemmNT(1, k, n, d, w, ref.subarray(0, k))
    rowTimesT(k, n, d, w, mine.subarray(0, k))
    if (!same(ref.subarray(0, k), mine.subarray(0, k))) return false
    gemmTN(k, n, 1, x, d, ref.subarray(0, k * n))
    outer1(k, n, x, d, mine.subarray(0, k * n))
    if (!same(ref.subarray(0, k * n), mine.subarray(0, k * n))) return false
  }
  return true
}
