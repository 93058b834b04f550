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

/** One scratch buffer for the im2col matrices, grown as needed and reused by every call (never returned). */
let scratch = new Float64Array(0)

const scratchOf = (n: number): Float64Array => {
  if (scratch.length < n) scratch = new Float64Array(n)
  return scratch
}

/**
 * `cols[(e·oh + i)·ow + j, (p·kw + q)·c + ch] = x[b0 + e, i·sh + p − pt, j·sw + q − pl, ch]` (0 outside), for
 * the examples `b0 … b0 + nb − 1`. For each window row `p`, the columns `q` inside the input read one
 * contiguous run of `x`, copied in one loop; the padding around it is zeroed.
 * @internal
 */
export const im2col = (g: Geometry, x: Float64Array, b0: number, nb: number, cols: Float64Array): void => {
  const { h, w, c, kh, kw, sh, sw, oh, ow, pt, pl } = g
  const span = kw * c
  let o = 0
  for (let e = 0; e < nb; e++) {
    const xb = (b0 + e) * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const x0 = j * sw - pl
        const lo = (x0 < 0 ? -x0 : 0) * c
        const hi = (x0 + kw > w ? w - x0 : kw) * c
        for (let p = 0; p < kh; p++, o += span) {
          const y = i * sh + p - pt
          if (y < 0 || y >= h || hi <= lo) {
            for (let t = 0; t < span; t++) cols[o + t] = 0
            continue
          }
          for (let t = 0; t < lo; t++) cols[o + t] = 0
          const src = xb + (y * w + x0) * c
          for (let t = lo; t < hi; t++) cols[o + t] = x[src + t] as number
          for (let t = hi; t < span; t++) cols[o + t] = 0
        }
      }
  }
}

/**
 * The adjoint of `im2col`: `dx[…] += cols[…]` over every window that reads that entry, one contiguous run per
 * window row.
 * @internal
 */
export const col2imAdd = (g: Geometry, cols: Float64Array, b0: number, nb: number, dx: Float64Array): void => {
  const { h, w, c, kh, kw, sh, sw, oh, ow, pt, pl } = g
  const span = kw * c
  let o = 0
  for (let e = 0; e < nb; e++) {
    const xb = (b0 + e) * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const x0 = j * sw - pl
        const lo = (x0 < 0 ? -x0 : 0) * c
        const hi = (x0 + kw > w ? w - x0 : kw) * c
        for (let p = 0; p < kh; p++, o += span) {
          const y = i * sh + p - pt
          if (y < 0 || y >= h) continue
          const dst = xb + (y * w + x0) * c
          for (let t = lo; t < hi; t++) dx[dst + t] = (dx[dst + t] as number) + (cols[o + t] as number)
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
  const cols = scratchOf(Math.min(chunk, g.b) * per * kk)
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
  const cols = scratchOf(Math.min(chunk, g.b) * per * kk)
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
  const cols = scratchOf(Math.min(chunk, g.b) * per * kk)
  for (let b0 = 0; b0 < g.b; b0 += chunk) {
    const nb = Math.min(chunk, g.b - b0)
    gemm(false, true, nb * per, kk, f, dy.subarray(b0 * per * f), k, cols, false)
    col2imAdd(g, cols, b0, nb, dx)
  }
}

/**
 * Max pooling, `out[b, i, j, ch] = max_{p,q} x[b, i·sh + p, j·sw + q, ch]` (no padding), NaN winning over
 * numbers. Channels innermost: each window entry is compared for all channels in one contiguous run.
 * @internal
 */
export const maxPoolForward = (g: Geometry, x: Float64Array, out: Float64Array): void => {
  const { b, h, w, c, kh, kw, sh, sw, oh, ow } = g
  let o = 0
  for (let e = 0; e < b; e++) {
    const xb = e * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++, o += c) {
        const at0 = xb + (i * sh * w + j * sw) * c
        for (let ch = 0; ch < c; ch++) out[o + ch] = x[at0 + ch] as number
        for (let p = 0; p < kh; p++)
          for (let q = p === 0 ? 1 : 0; q < kw; q++) {
            const at = at0 + (p * w + q) * c
            for (let ch = 0; ch < c; ch++) {
              const v = x[at + ch] as number
              const best = out[o + ch] as number
              if (v > best || (v !== v && best === best)) out[o + ch] = v
            }
          }
      }
  }
}

/** The window entry of each channel that is the maximum so far, and its value, for `maxPoolBackward`; reused. */
let argScratch = new Int32Array(0)
let bestScratch = new Float64Array(0)

/**
 * The gradient of max pooling: adds each `dy[b, i, j, ch]` to the input entry that is its window's maximum
 * (the first in row-major window order on ties; a NaN wins over numbers, the first NaN over later ones), as
 * `maxPoolForward` chooses it.
 * @internal
 */
export const maxPoolBackward = (g: Geometry, x: Float64Array, dy: Float64Array, dx: Float64Array): void => {
  const { b, h, w, c, kh, kw, sh, sw, oh, ow } = g
  if (argScratch.length < c) {
    argScratch = new Int32Array(c)
    bestScratch = new Float64Array(c)
  }
  const arg = argScratch
  const bestV = bestScratch
  let o = 0
  for (let e = 0; e < b; e++) {
    const xb = e * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++, o += c) {
        const at0 = xb + (i * sh * w + j * sw) * c
        for (let ch = 0; ch < c; ch++) {
          arg[ch] = at0 + ch
          bestV[ch] = x[at0 + ch] as number
        }
        for (let p = 0; p < kh; p++)
          for (let q = p === 0 ? 1 : 0; q < kw; q++) {
            const at = at0 + (p * w + q) * c
            for (let ch = 0; ch < c; ch++) {
              const v = x[at + ch] as number
              const best = bestV[ch] as number
              if (v > best || (v !== v && best === best)) {
                arg[ch] = at + ch
                bestV[ch] = v
              }
            }
          }
        for (let ch = 0; ch < c; ch++) {
          const a = arg[ch] as number
          dx[a] = (dx[a] as number) + (dy[o + ch] as number)
        }
      }
  }
}

/**
 * Average pooling, `out[b, i, j, ch] = (1 / (kh·kw)) Σ_{p,q} x[b, i·sh + p, j·sw + q, ch]`, summed in row-major
 * window order, channels innermost.
 * @internal
 */
export const avgPoolForward = (g: Geometry, x: Float64Array, out: Float64Array): void => {
  const { b, h, w, c, kh, kw, sh, sw, oh, ow } = g
  const inv = 1 / (kh * kw)
  let o = 0
  for (let e = 0; e < b; e++) {
    const xb = e * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++, o += c) {
        const at0 = xb + (i * sh * w + j * sw) * c
        for (let ch = 0; ch < c; ch++) out[o + ch] = 0
        for (let p = 0; p < kh; p++)
          for (let q = 0; q < kw; q++) {
            const at = at0 + (p * w + q) * c
            for (let ch = 0; ch < c; ch++) out[o + ch] = (out[o + ch] as number) + (x[at + ch] as number)
          }
        for (let ch = 0; ch < c; ch++) out[o + ch] = (out[o + ch] as number) * inv
      }
  }
}

/**
 * The gradient of average pooling: spreads each `dy` entry evenly over its window, `dx += dy / (kh·kw)`.
 * @internal
 */
export const avgPoolBackward = (g: Geometry, dy: Float64Array, dx: Float64Array): void => {
  const { b, h, w, c, kh, kw, sh, sw, oh, ow } = g
  const inv = 1 / (kh * kw)
  let o = 0
  for (let e = 0; e < b; e++) {
    const xb = e * h * w * c
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++, o += c) {
        const at0 = xb + (i * sh * w + j * sw) * c
        for (let p = 0; p < kh; p++)
          for (let q = 0; q < kw; q++) {
            const at = at0 + (p * w + q) * c
            for (let ch = 0; ch < c; ch++) dx[at + ch] = (dx[at + ch] as number) + (dy[o + ch] as number) * inv
          }
      }
  }
}

/**
 * `out[pixel, ch] = x[pixel, ch] + bias[ch]` on a channels-last buffer; `out` may be `x` (in place).
 * @internal
 */
export const addBias = (x: Float64Array, bias: Float64Array, c: number, out: Float64Array): void => {
  const n = x.length
  for (let o = 0; o < n; o += c)
    for (let ch = 0; ch < c; ch++) out[o + ch] = (x[o + ch] as number) + (bias[ch] as number)
}

/**
 * `out[ch] = Σ_pixel x[pixel, ch]`, summed in pixel order, on a channels-last buffer.
 * @internal
 */
export const sumChannels = (x: Float64Array, c: number, out: Float64Array): void => {
  const n = x.length
  for (let o = 0; o < n; o += c) for (let ch = 0; ch < c; ch++) out[ch] = (out[ch] as number) + (x[o + ch] as number)
}
