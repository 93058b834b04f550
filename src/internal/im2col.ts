/**
 * Kernels of 2-D convolution and pooling on channels-last `[B, H, W, C]` buffers: im2col / col2im around the
 * GEMM of kernels.ts, and direct loops for pooling. Raw `Float64Array` loops; everything here is internal.
 * @internal
 * @since 0.2.0
 */
import { gemm } from './kernels.js'

/**
 * The geometry of one conv or pool: input `[b, h, w, c]`, window `kh × kw`, strides, output `oh × ow` and the
 * zero padding before the first row (`pt`) and column (`pl`).
 * @internal
 */
export interface Geometry {
  readonly b: number
  readonly h: number
  readonly w: number
  readonly c: number
  readonly kh: number
  readonly kw: number
  readonly sh: number
  readonly sw: number
  readonly oh: number
  readonly ow: number
  readonly pt: number
  readonly pl: number
}

/**
 * The output length and padding before, for one axis, or the reason it does not fit. 'valid': `(h − k) / s + 1`,
 * which must be an integer; 'same': `⌈h / s⌉` with TensorFlow's padding `max((out − 1)·s + k − h, 0)`, of which
 * `⌊pad / 2⌋` goes before.
 * @internal
 */
export const axis = (
  h: number,
  k: number,
  s: number,
  padding: 'valid' | 'same',
  axisName: string,
  win: string,
): { readonly out: number; readonly before: number } | string => {
  if (!Number.isSafeInteger(s) || s < 1) return `the stride must be a positive integer, got ${s}`
  if (k < 1) return `the ${win} must be at least 1, got ${k}`
  if (padding === 'same') {
    const out = Math.ceil(h / s)
    const total = Math.max((out - 1) * s + k - h, 0)
    return { out, before: Math.floor(total / 2) }
  }
  if (k > h) return `${win} ${k} is larger than the input ${h} (the ${axisName})`
  if ((h - k) % s !== 0)
    return k === s
      ? `${h} is not divisible by ${s} (the ${axisName})`
      : `${h} − ${k} = ${h - k} is not divisible by the stride ${s} (the ${axisName})`
  return { out: (h - k) / s + 1, before: 0 }
}

/** How many examples go into one im2col buffer: about 2^20 entries, at least one example. */
const chunkOf = (g: Geometry): number => Math.max(1, Math.floor(2 ** 20 / Math.max(1, g.oh * g.ow * g.kh * g.kw * g.c)))

/** Whether the im2col matrix is the input itself (a 1×1 kernel, stride 1, no padding). */
const identityCols = (g: Geometry): boolean =>
  g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.oh === g.h && g.ow === g.w

/**
 * `cols[(e·oh + i)·ow + j, (p·kw + q)·c + ch] = x[b0 + e, i·sh + p − pt, j·sw + q − pl, ch]` (0 outside), for
 * the examples `b0 … b0 + nb − 1`.
 * @internal
 */
export const im2col = (g: Geometry, x: Float64Array, b0: number, nb: number, cols: Float64Array): void => {
  const { h, w, c, kh, kw, sh, sw, oh, ow, pt, pl } = g
  const kk = kh * kw * c
  let row = 0
  for (let e = 0; e < nb; e++) {
    const xb = (b0 + e) * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++, row++) {
        let o = row * kk
        for (let p = 0; p < kh; p++) {
          const y = i * sh + p - pt
          if (y < 0 || y >= h) {
            cols.fill(0, o, o + kw * c)
            o += kw * c
            continue
          }
          for (let q = 0; q < kw; q++, o += c) {
            const xx = j * sw + q - pl
            if (xx < 0 || xx >= w) cols.fill(0, o, o + c)
            else {
              const src = xb + (y * w + xx) * c
              for (let ch = 0; ch < c; ch++) cols[o + ch] = x[src + ch] as number
            }
          }
        }
      }
  }
}

/**
 * The adjoint of `im2col`: `dx[…] += cols[…]` over every window that reads that entry.
 * @internal
 */
export const col2imAdd = (g: Geometry, cols: Float64Array, b0: number, nb: number, dx: Float64Array): void => {
  const { h, w, c, kh, kw, sh, sw, oh, ow, pt, pl } = g
  const kk = kh * kw * c
  let row = 0
  for (let e = 0; e < nb; e++) {
    const xb = (b0 + e) * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++, row++) {
        let o = row * kk
        for (let p = 0; p < kh; p++) {
          const y = i * sh + p - pt
          if (y < 0 || y >= h) {
            o += kw * c
            continue
          }
          for (let q = 0; q < kw; q++, o += c) {
            const xx = j * sw + q - pl
            if (xx < 0 || xx >= w) continue
            const dst = xb + (y * w + xx) * c
            for (let ch = 0; ch < c; ch++) dx[dst + ch] = (dx[dst + ch] as number) + (cols[o + ch] as number)
          }
        }
      }
  }
}

/**
 * `out[b, i, j, f] = Σ_{p,q,ch} x[b, i·sh + p − pt, j·sw + q − pl, ch] · k[p, q, ch, f]`: im2col, then one GEMM
 * per chunk of examples, `[rows, kh·kw·c]·[kh·kw·c, f]`.
 * @internal
 */
export const convForward = (g: Geometry, f: number, x: Float64Array, k: Float64Array, out: Float64Array): void => {
  const kk = g.kh * g.kw * g.c
  const per = g.oh * g.ow
  if (identityCols(g)) {
    gemm(false, false, g.b * per, f, kk, x, k, out, false)
    return
  }
  const chunk = chunkOf(g)
  const cols = new Float64Array(Math.min(chunk, g.b) * per * kk)
  for (let b0 = 0; b0 < g.b; b0 += chunk) {
    const nb = Math.min(chunk, g.b - b0)
    im2col(g, x, b0, nb, cols)
    gemm(false, false, nb * per, f, kk, cols, k, out.subarray(b0 * per * f), false)
  }
}

/**
 * `dk[p, q, ch, f] = Σ_{b,i,j} x[b, i·sh + p − pt, j·sw + q − pl, ch] · dy[b, i, j, f]`: `colsᵀ · dY`, summed over
 * chunks.
 * @internal
 */
export const convBackwardKernel = (
  g: Geometry,
  f: number,
  x: Float64Array,
  dy: Float64Array,
  dk: Float64Array,
): void => {
  const kk = g.kh * g.kw * g.c
  const per = g.oh * g.ow
  if (g.b === 0) return
  if (identityCols(g)) {
    gemm(true, false, kk, f, g.b * per, x, dy, dk, false)
    return
  }
  const chunk = chunkOf(g)
  const cols = new Float64Array(Math.min(chunk, g.b) * per * kk)
  for (let b0 = 0; b0 < g.b; b0 += chunk) {
    const nb = Math.min(chunk, g.b - b0)
    im2col(g, x, b0, nb, cols)
    gemm(true, false, kk, f, nb * per, cols.subarray(0, nb * per * kk), dy.subarray(b0 * per * f), dk, b0 > 0)
  }
}

/**
 * `dx = col2im(dY · kᵀ)`: every input entry gets `Σ dy[b, i, j, f] · k[p, q, ch, f]` over the windows and
 * filters that read it.
 * @internal
 */
export const convBackwardInput = (
  g: Geometry,
  f: number,
  dy: Float64Array,
  k: Float64Array,
  dx: Float64Array,
): void => {
  const kk = g.kh * g.kw * g.c
  const per = g.oh * g.ow
  if (identityCols(g)) {
    gemm(false, true, g.b * per, kk, f, dy, k, dx, false)
    return
  }
  const chunk = chunkOf(g)
  const cols = new Float64Array(Math.min(chunk, g.b) * per * kk)
  for (let b0 = 0; b0 < g.b; b0 += chunk) {
    const nb = Math.min(chunk, g.b - b0)
    gemm(false, true, nb * per, kk, f, dy.subarray(b0 * per * f), k, cols, false)
    col2imAdd(g, cols, b0, nb, dx)
  }
}

/**
 * Max pooling, `out[b, i, j, ch] = max_{p,q} x[b, i·sh + p, j·sw + q, ch]` (no padding); with `dy` and `dx`
 * given, instead adds each `dy` entry to the input entry that was the maximum (the first one in window order
 * on ties).
 * @internal
 */
export const maxPool = (
  g: Geometry,
  x: Float64Array,
  out: Float64Array | undefined,
  dy?: Float64Array,
  dx?: Float64Array,
): void => {
  const { b, h, w, c, kh, kw, sh, sw, oh, ow } = g
  let o = 0
  for (let e = 0; e < b; e++) {
    const xb = e * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++, o++) {
          let best = -1
          let bestV = -Infinity
          for (let p = 0; p < kh; p++)
            for (let q = 0; q < kw; q++) {
              const at = xb + ((i * sh + p) * w + j * sw + q) * c + ch
              const v = x[at] as number
              if (best === -1 || v > bestV || (Number.isNaN(v) && !Number.isNaN(bestV))) {
                best = at
                bestV = v
              }
            }
          if (out !== undefined) out[o] = bestV
          if (dy !== undefined && dx !== undefined) dx[best] = (dx[best] as number) + (dy[o] as number)
        }
  }
}

/**
 * Average pooling, `out[b, i, j, ch] = (1 / (kh·kw)) Σ_{p,q} x[b, i·sh + p, j·sw + q, ch]`; with `dy` and `dx`
 * given, instead spreads each `dy` entry evenly over its window: `dx += dy / (kh·kw)`.
 * @internal
 */
export const avgPool = (
  g: Geometry,
  x: Float64Array | undefined,
  out: Float64Array | undefined,
  dy?: Float64Array,
  dx?: Float64Array,
): void => {
  const { b, h, w, c, kh, kw, sh, sw, oh, ow } = g
  const inv = 1 / (kh * kw)
  let o = 0
  for (let e = 0; e < b; e++) {
    const xb = e * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++, o++) {
          const share = dy === undefined ? 0 : (dy[o] as number) * inv
          let s = 0
          for (let p = 0; p < kh; p++)
            for (let q = 0; q < kw; q++) {
              const at = xb + ((i * sh + p) * w + j * sw + q) * c + ch
              if (x !== undefined) s += x[at] as number
              if (dx !== undefined) dx[at] = (dx[at] as number) + share
            }
          if (out !== undefined) out[o] = s * inv
        }
  }
}
