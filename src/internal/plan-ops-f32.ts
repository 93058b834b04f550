/**
 * The products of a float32 training plan (`src/train/plan.ts` with `precision: 'f32'`): `kernels.ts`'s
 * `gemmNNf32`, `gemmTNf32` and `gemmNTf32` (the f32x4 WebAssembly kernel) for products of at least
 * {@link SMALL_WORK} multiply-adds with every dimension above 1, and for smaller ones (a tiny network, a batch of
 * one) a plain loop on the `Float32Array`s that sums each entry `Σ_p a_ip b_pj` in float64 and rounds it once to
 * float32 as it is stored, which is what `gemmF32` does for those products too, without its float64 copies of
 * the operands (allocated on every call).
 *
 * @internal
 * @since 0.2.0
 */
import { gemmNNf32, gemmNTf32, gemmTNf32 } from './kernels.js'

type F32 = Float32Array

/**
 * Products with fewer multiply-adds than this (or a dimension of 1) take the loop (`kernels.ts` keeps them out
 * of WebAssembly below the same size).
 * @internal
 */
export const SMALL_WORK = 16 * 16 * 16

/**
 * `out[i·n + j] = Σ_p a[i·ai + p·ap] · b[p·bp + j·bj]`, each sum in float64 and rounded once as stored.
 */
const loop = (
  m: number,
  n: number,
  k: number,
  a: F32,
  ai: number,
  ap: number,
  b: F32,
  bp: number,
  bj: number,
  out: F32,
): void => {
  for (let i = 0; i < m; i++) {
    const ao = i * ai
    const o = i * n
    for (let j = 0; j < n; j++) {
      const bo = j * bj
      let s = 0
      for (let p = 0; p < k; p++) s += (a[ao + p * ap] as number) * (b[p * bp + bo] as number)
      out[o + j] = s
    }
  }
}

const small = (m: number, n: number, k: number): boolean => m === 1 || n === 1 || k === 1 || m * n * k < SMALL_WORK

/**
 * `out[m×n] = a[m×k] · b[k×n]` in float32 (row-major).
 * @internal
 */
export const productNN = (m: number, n: number, k: number, a: F32, b: F32, out: F32): void => {
  if (small(m, n, k)) loop(m, n, k, a, k, 1, b, n, 1, out)
  else gemmNNf32(m, n, k, a, b, out)
}

/**
 * `out[m×n] = aᵀ · b` in float32, `a` stored `[k×m]`, `b` `[k×n]`: the weight gradient `(Aˡ⁻¹)ᵀΔˡ`.
 * @internal
 */
export const productTN = (m: number, n: number, k: number, a: F32, b: F32, out: F32): void => {
  if (small(m, n, k)) loop(m, n, k, a, 1, m, b, n, 1, out)
  else gemmTNf32(m, n, k, a, b, out)
}

/**
 * `out[m×n] = a · bᵀ` in float32, `a` `[m×k]`, `b` stored `[n×k]`: the error `ΔˡWˡᵀ` passed down.
 * @internal
 */
export const productNT = (m: number, n: number, k: number, a: F32, b: F32, out: F32): void => {
  if (small(m, n, k)) loop(m, n, k, a, k, 1, b, 1, k, out)
  else gemmNTf32(m, n, k, a, b, out)
}
