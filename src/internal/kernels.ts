/**
 * Raw loops over `Float64Array`s: the only code that writes buffers. Every kernel writes `out` in full
 * (it never reads what `out` held before), so callers may pass fresh or reused scratch buffers.
 * @internal
 * @since 0.1.0
 */

/**
 * `out[m×n] = a[m×k] · b[k×n]`, all row-major.
 * @internal
 */
export const gemmNN = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array): void => {
  out.fill(0, 0, m * n)
  for (let i = 0; i < m; i++) {
    const ci = i * n
    const ai = i * k
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p] as number
      const bp = p * n
      for (let j = 0; j < n; j++) out[ci + j] += aip * (b[bp + j] as number)
    }
  }
}

/**
 * `out[m×n] = aᵀ · b` where `a` is stored `[k×m]` and `b` is `[k×n]`.
 * @internal
 */
export const gemmTN = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array): void => {
  out.fill(0, 0, m * n)
  for (let p = 0; p < k; p++) {
    const ap = p * m
    const bp = p * n
    for (let i = 0; i < m; i++) {
      const api = a[ap + i] as number
      const ci = i * n
      for (let j = 0; j < n; j++) out[ci + j] += api * (b[bp + j] as number)
    }
  }
}

/**
 * `out[m×n] = a · bᵀ` where `a` is `[m×k]` and `b` is stored `[n×k]`.
 * @internal
 */
export const gemmNT = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array): void => {
  for (let i = 0; i < m; i++) {
    const ai = i * k
    for (let j = 0; j < n; j++) {
      const bj = j * k
      let s = 0
      for (let p = 0; p < k; p++) s += (a[ai + p] as number) * (b[bj + p] as number)
      out[i * n + j] = s
    }
  }
}

/**
 * `out[c×r] = aᵀ` for `a` stored `[r×c]`.
 * @internal
 */
export const transposeInto = (r: number, c: number, a: Float64Array, out: Float64Array): void => {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j] as number
}
