/**
 * Raw loops over `Float64Array`s: the only code that writes buffers. Every kernel writes `out` in full and never
 * reads what `out` held before (unless it is asked to accumulate into it), so callers may pass fresh or reused
 * scratch buffers. `out` must not alias an input. All arithmetic is plain IEEE double: nothing is skipped, so
 * `0·∞` and `NaN` propagate exactly as in the naive triple loop; only the summation order differs.
 *
 * The matrix products share one packed, register-blocked GEMM in the GotoBLAS/BLIS layout:
 *
 * - `op(A)` is cut into blocks of `MC×KC` and `op(B)` into blocks of `KC×NC`; each block is copied ("packed") into a
 *   module-level scratch buffer as contiguous micro-panels of `MR` rows (A) or `NR` columns (B), zero-padded at
 *   the edges. Packing reads A or B with any strides, so `aᵀ` and `bᵀ` cost nothing extra. Packing costs
 *   `O(mk + kn)` against the `O(mnk)` of the product.
 * - The micro-kernel computes one `MR×NR` tile of C in local variables (registers), streaming one `MR`-panel of A
 *   and one `NR`-panel of B contiguously: per step `p` it loads `MR + NR` numbers and does `MR·NR` multiply-adds.
 * - Vector shapes (`m = 1`, `n = 1`, `k = 1`: vector–matrix, matrix–vector, outer product) skip packing and use
 *   `axpy`/dot loops, so tiny ops have low overhead.
 *
 * The scratch buffers are allocated once and reused by every call: JS is single-threaded and no kernel calls
 * back into user code, so kernels are never re-entered. Measured on V8 (Node 20), the packed kernel runs at
 * about 5–6 GFLOP/s against about 1 for the naive triple loop: see `npm run bench`.
 *
 * Products of at least 16³ multiply-adds go to the WebAssembly SIMD kernels of `gemm.wat` instead: B packed into
 * panels of 4 (float64) or 8 (float32) columns, the loops blocked over k (256) and over the panels (32) for the
 * caches, each entry summed over `p` in order with a multiply then an add, so the float64 results are those of
 * the naive loop `s += a·b` bit for bit. Where the runtime has relaxed SIMD (and `TENSORIAL_RELAXED_SIMD` is not
 * `off`) the twin with `relaxed_madd` runs instead: fused where the hardware fuses, so its results differ from
 * the plain kernel's by rounding only, and are deterministic for that backend. Measured on a shared 2-core Xeon
 * (Node 20): about 13 GFLOP/s plain, 19 fused, at 64×784·784×128 and at 1024³ alike (`npm run bench -- matmul`).
 *
 * @internal
 * @since 0.1.0
 */

import { gemmRelaxedWasmBase64, gemmWasmBase64, relaxedProbeBase64 } from './gemm-wasm.js'

// -------------------------------------------------------------------------------------
// tuning and scratch
// -------------------------------------------------------------------------------------

/**
 * Rows of the register tile. Of the tiles from 2×4 to 8×8, 4×4 (and 3×4) measured fastest on V8: larger tiles
 * spill accumulators to the stack, smaller ones load more numbers per multiply-add.
 */
const MR = 4
/** Columns of the register tile. The micro-kernel and the packing loops are written out for `MR = NR = 4`. */
const NR = 4
/** Depth of a packed block: an `MR×KC` panel of A and a `KC×NR` panel of B (2 × 8 KiB) stay in L1. */
const KC = 256
/** Rows of A packed per block: `MC×KC` (128 KiB) stays in L2. A multiple of `MR`. */
const MC = 64
/** Columns of B packed per block: `KC×NC` (256 KiB) stays in L2. A multiple of `NR`. */
const NC = 128

/** Side of the square blocks `transposeInto` copies, so that both the rows read and the rows written stay cached. */
const TB = 32

/*
 * The packing buffers are fixed-size module constants (384 KiB in all) rather than arguments or buffers grown on
 * demand: V8 then compiles each access to a bounds check against a constant and a load from a constant address,
 * with no map check and no reload of the length and data pointer on every step, which made the whole product
 * about 10% faster. Keep them `const` and never reassign them.
 */
/** Packed `MC×KC` block of `op(A)`: `⌈mc/MR⌉` panels of `kc×MR`. */
const packedA = new Float64Array(MC * KC)
/** Packed `KC×NC` block of `op(B)`: `⌈nc/NR⌉` panels of `kc×NR`. */
const packedB = new Float64Array(KC * NC)
/** One `MR×NR` tile, row-major, for edge tiles that only partly fit in `out`. */
const tile = new Float64Array(MR * NR)

/** The block size `≤ max`, rounded up to a multiple of `unit`, that splits `total` into equal-ish blocks. */
const blockSize = (total: number, max: number, unit: number): number => {
  const blocks = Math.ceil(total / max)
  return Math.ceil(Math.ceil(total / blocks) / unit) * unit
}

// -------------------------------------------------------------------------------------
// packing
// -------------------------------------------------------------------------------------

/**
 * Packs the `rows×depth` block of `op(A)` whose element `(i, p)` is `a[off + i·rs + p·cs]` into `packedA` as
 * `⌈rows/MR⌉` panels: `packedA[r·depth + p·MR + ii] = op(A)(r + ii, p)` for `r` a multiple of `MR`, zero past `rows`.
 */
const packPanelsA = (rows: number, depth: number, a: Float64Array, off: number, rs: number, cs: number): void => {
  let d = 0
  for (let r = 0; r < rows; r += MR) {
    const h = Math.min(MR, rows - r)
    let s = off + r * rs
    if (h === MR) {
      const s1 = rs
      const s2 = 2 * rs
      const s3 = 3 * rs
      for (let p = 0; p < depth; p++) {
        packedA[d] = a[s]
        packedA[d + 1] = a[s + s1]
        packedA[d + 2] = a[s + s2]
        packedA[d + 3] = a[s + s3]
        s += cs
        d += MR
      }
    } else {
      for (let p = 0; p < depth; p++) {
        for (let ii = 0; ii < MR; ii++) packedA[d + ii] = ii < h ? a[s + ii * rs] : 0
        s += cs
        d += MR
      }
    }
  }
}

/**
 * Packs the `depth×cols` block of `op(B)` whose element `(p, j)` is `b[off + p·rs + j·cs]` into `packedB` as
 * `⌈cols/NR⌉` panels: `packedB[c·depth + p·NR + jj] = op(B)(p, c + jj)` for `c` a multiple of `NR`, zero past `cols`.
 */
const packPanelsB = (depth: number, cols: number, b: Float64Array, off: number, rs: number, cs: number): void => {
  let d = 0
  for (let c = 0; c < cols; c += NR) {
    const w = Math.min(NR, cols - c)
    let s = off + c * cs
    if (w === NR) {
      const s1 = cs
      const s2 = 2 * cs
      const s3 = 3 * cs
      for (let p = 0; p < depth; p++) {
        packedB[d] = b[s]
        packedB[d + 1] = b[s + s1]
        packedB[d + 2] = b[s + s2]
        packedB[d + 3] = b[s + s3]
        s += rs
        d += NR
      }
    } else {
      for (let p = 0; p < depth; p++) {
        for (let jj = 0; jj < NR; jj++) packedB[d + jj] = jj < w ? b[s + jj * cs] : 0
        s += rs
        d += NR
      }
    }
  }
}

// -------------------------------------------------------------------------------------
// micro-kernel
// -------------------------------------------------------------------------------------

/** Writes the top-left `h×w` corner of `tile` to `out` at `o` (row stride `n`): `out = T` or `out += T`. */
const storeEdge = (out: Float64Array, o: number, n: number, h: number, w: number, add: boolean): void => {
  for (let ii = 0; ii < h; ii++) {
    const oi = o + ii * n
    const ti = ii * NR
    if (add) for (let jj = 0; jj < w; jj++) out[oi + jj] += tile[ti + jj]
    else for (let jj = 0; jj < w; jj++) out[oi + jj] = tile[ti + jj]
  }
}

/**
 * One register tile `C[h×w] (+)= Ã·B̃` over depth `kc`, where `Ã = packedA[ap…]` is an `MR`-row panel and
 * `B̃ = packedB[bp…]` an `NR`-column panel; `C` goes to `out` at `o` with row stride `n`, `=` or (`add`) `+=`.
 * Only the top-left `h×w` corner is written: the zero padding of the panels fills the rest.
 */
const microKernel = (
  kc: number,
  ap: number,
  bp: number,
  out: Float64Array,
  o: number,
  n: number,
  h: number,
  w: number,
  add: boolean,
): void => {
  let c00 = 0
  let c01 = 0
  let c02 = 0
  let c03 = 0
  let c10 = 0
  let c11 = 0
  let c12 = 0
  let c13 = 0
  let c20 = 0
  let c21 = 0
  let c22 = 0
  let c23 = 0
  let c30 = 0
  let c31 = 0
  let c32 = 0
  let c33 = 0
  for (let p = 0; p < kc; p++) {
    const b0 = packedB[bp]
    const b1 = packedB[bp + 1]
    const b2 = packedB[bp + 2]
    const b3 = packedB[bp + 3]
    let x = packedA[ap]
    c00 += x * b0
    c01 += x * b1
    c02 += x * b2
    c03 += x * b3
    x = packedA[ap + 1]
    c10 += x * b0
    c11 += x * b1
    c12 += x * b2
    c13 += x * b3
    x = packedA[ap + 2]
    c20 += x * b0
    c21 += x * b1
    c22 += x * b2
    c23 += x * b3
    x = packedA[ap + 3]
    c30 += x * b0
    c31 += x * b1
    c32 += x * b2
    c33 += x * b3
    ap += MR
    bp += NR
  }
  if (h === MR && w === NR) {
    const o1 = o + n
    const o2 = o1 + n
    const o3 = o2 + n
    if (add) {
      out[o] += c00
      out[o + 1] += c01
      out[o + 2] += c02
      out[o + 3] += c03
      out[o1] += c10
      out[o1 + 1] += c11
      out[o1 + 2] += c12
      out[o1 + 3] += c13
      out[o2] += c20
      out[o2 + 1] += c21
      out[o2 + 2] += c22
      out[o2 + 3] += c23
      out[o3] += c30
      out[o3 + 1] += c31
      out[o3 + 2] += c32
      out[o3 + 3] += c33
    } else {
      out[o] = c00
      out[o + 1] = c01
      out[o + 2] = c02
      out[o + 3] = c03
      out[o1] = c10
      out[o1 + 1] = c11
      out[o1 + 2] = c12
      out[o1 + 3] = c13
      out[o2] = c20
      out[o2 + 1] = c21
      out[o2 + 2] = c22
      out[o2 + 3] = c23
      out[o3] = c30
      out[o3 + 1] = c31
      out[o3 + 2] = c32
      out[o3 + 3] = c33
    }
  } else {
    tile[0] = c00
    tile[1] = c01
    tile[2] = c02
    tile[3] = c03
    tile[4] = c10
    tile[5] = c11
    tile[6] = c12
    tile[7] = c13
    tile[8] = c20
    tile[9] = c21
    tile[10] = c22
    tile[11] = c23
    tile[12] = c30
    tile[13] = c31
    tile[14] = c32
    tile[15] = c33
    storeEdge(out, o, n, h, w, add)
  }
}

// -------------------------------------------------------------------------------------
// drivers
// -------------------------------------------------------------------------------------

/**
 * `out[m×n] (+)= op(A)·op(B)` by blocks, where `op(A)(i, p) = a[i·ars + p·acs]` and `op(B)(p, j) = b[p·brs + j·bcs]`.
 * Loop order jc → pc (pack B) → ic (pack A) → jr → ir (micro-kernel), as in GotoBLAS.
 */
const gemmPacked = (
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  ars: number,
  acs: number,
  b: Float64Array,
  brs: number,
  bcs: number,
  out: Float64Array,
  accumulate: boolean,
): void => {
  const kc0 = blockSize(k, KC, 1)
  const mc0 = blockSize(m, MC, MR)
  const nc0 = blockSize(n, NC, NR)
  for (let jc = 0; jc < n; jc += nc0) {
    const nc = Math.min(nc0, n - jc)
    for (let pc = 0; pc < k; pc += kc0) {
      const kc = Math.min(kc0, k - pc)
      const add = accumulate || pc > 0
      packPanelsB(kc, nc, b, pc * brs + jc * bcs, brs, bcs)
      for (let ic = 0; ic < m; ic += mc0) {
        const mc = Math.min(mc0, m - ic)
        packPanelsA(mc, kc, a, ic * ars + pc * acs, ars, acs)
        for (let jr = 0; jr < nc; jr += NR) {
          const w = Math.min(NR, nc - jr)
          const bp = jr * kc
          const col = jc + jr
          for (let ir = 0; ir < mc; ir += MR) {
            microKernel(kc, ir * kc, bp, out, (ic + ir) * n + col, n, Math.min(MR, mc - ir), w, add)
          }
        }
      }
    }
  }
}

/**
 * `out[j] (+)= Σ_p coef[p]·rows[p·len + j]` for `j < len`, `p < count`: a sum of `axpy`s over contiguous rows,
 * four rows per pass so each `out[j]` is loaded and stored once per four rows. Sums in the naive order.
 */
const axpyRows = (
  len: number,
  count: number,
  coef: Float64Array,
  rows: Float64Array,
  out: Float64Array,
  accumulate: boolean,
): void => {
  if (!accumulate) out.fill(0, 0, len)
  let p = 0
  for (; p + 3 < count; p += 4) {
    const a0 = coef[p]
    const a1 = coef[p + 1]
    const a2 = coef[p + 2]
    const a3 = coef[p + 3]
    const r0 = p * len
    const r1 = r0 + len
    const r2 = r1 + len
    const r3 = r2 + len
    for (let j = 0; j < len; j++) {
      out[j] = out[j] + a0 * rows[r0 + j] + a1 * rows[r1 + j] + a2 * rows[r2 + j] + a3 * rows[r3 + j]
    }
  }
  for (; p < count; p++) {
    const ap = coef[p]
    const r = p * len
    for (let j = 0; j < len; j++) out[j] += ap * rows[r + j]
  }
}

/** `out[i] (+)= Σ_p rows[i·len + p]·vec[p]` for `i < count`: dot products with four partial sums. */
const dotRows = (
  count: number,
  len: number,
  rows: Float64Array,
  vec: Float64Array,
  out: Float64Array,
  accumulate: boolean,
): void => {
  const len4 = len - (len % 4)
  for (let i = 0; i < count; i++) {
    const r = i * len
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    let p = 0
    for (; p < len4; p += 4) {
      s0 += rows[r + p] * vec[p]
      s1 += rows[r + p + 1] * vec[p + 1]
      s2 += rows[r + p + 2] * vec[p + 2]
      s3 += rows[r + p + 3] * vec[p + 3]
    }
    for (; p < len; p++) s0 += rows[r + p] * vec[p]
    const s = s0 + s1 + (s2 + s3)
    out[i] = accumulate ? out[i] + s : s
  }
}

/** `out[i·n + j] (+)= u[i]·v[j]`: the outer product `u ⊗ v`, which is every product with `k = 1`. */
const outerRows = (
  m: number,
  n: number,
  u: Float64Array,
  v: Float64Array,
  out: Float64Array,
  accumulate: boolean,
): void => {
  for (let i = 0; i < m; i++) {
    const ui = u[i]
    const o = i * n
    if (accumulate) for (let j = 0; j < n; j++) out[o + j] += ui * v[j]
    else for (let j = 0; j < n; j++) out[o + j] = ui * v[j]
  }
}

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

// -------------------------------------------------------------------------------------
// WebAssembly SIMD path
// -------------------------------------------------------------------------------------

// The part of the WebAssembly API used here (lib ES2022 has no WebAssembly types; the global exists in Node and
// every browser).
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array)
  }
  class Instance {
    constructor(module: Module)
    readonly exports: unknown
  }
  interface Memory {
    readonly buffer: ArrayBuffer
    grow(pages: number): number
  }
}

/** The constructors a shared arena needs (`WebAssembly.Memory` with `shared`, `Instance` with imports). */
interface SharedWebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => WebAssembly.Module
  readonly Instance: new (module: WebAssembly.Module, imports: object) => WebAssembly.Instance
  readonly Memory: new (d: {
    readonly initial: number
    readonly maximum: number
    readonly shared: boolean
  }) => WebAssembly.Memory
}

/** The WebAssembly namespace as far as it is used here: a global, or a test's stand-in. */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => WebAssembly.Module
  readonly Instance: new (module: WebAssembly.Module) => WebAssembly.Instance
  readonly validate?: (bytes: Uint8Array) => boolean
}

/** A function of the module: numbers (i32 addresses and counts, f64 scalars) in, a number or nothing out. */
type WasmFn = (...args: ReadonlyArray<number>) => number

/**
 * The elementwise loops of `elementwise.wat` for one precision (addresses in bytes, counts in entries).
 * @internal
 */
export interface WasmElementwise {
  readonly biasadd: WasmFn
  readonly colsum: WasmFn
  readonly copyrows: WasmFn
  readonly l2: WasmFn
  readonly sgd: WasmFn
  readonly momentum: WasmFn
  readonly rms: WasmFn
  readonly adam: WasmFn
  readonly relu: WasmFn
  readonly actbwd: WasmFn
  readonly widen: WasmFn
  readonly accum: WasmFn
  /** `nzcols(x, rows, cols, any, idx)`, columns.wat's, for this storage. */
  readonly nzcols: WasmFn
  /** `gathercols(x, rows, cols, idx, count, out)`, columns.wat's, for this storage. */
  readonly gathercols: WasmFn
  /** `scatterrows(g, idx, count, rows, n)` (rows of `n` entries), columns.wat's, for this storage. */
  readonly scatterrows: WasmFn
}

/** The exports of the module (gemm.wat and elementwise.wat): the kernels, the loops and their memory. */
interface WasmKernel {
  readonly gemm: WasmFn
  readonly gemmf32: WasmFn
  readonly packb: WasmFn
  readonly packbf32: WasmFn
  readonly packrows: WasmFn
  readonly f64: WasmElementwise
  readonly f32: WasmElementwise
  readonly memory: WebAssembly.Memory
}

/** The kernel functions and memory of an instance of the module. */
const kernelOf = (instance: WebAssembly.Instance): WasmKernel => {
  const e = instance.exports as Readonly<Record<string, WasmFn>> & { readonly memory: WebAssembly.Memory }
  return {
    gemm: e['gemm'] as WasmFn,
    gemmf32: e['gemmf32'] as WasmFn,
    packb: e['packb'] as WasmFn,
    packbf32: e['packbf32'] as WasmFn,
    packrows: e['packrows'] as WasmFn,
    f64: elementwise(e, 'f64'),
    f32: elementwise(e, 'f32'),
    memory: e.memory,
  }
}

const elementwise = (e: Readonly<Record<string, WasmFn>>, p: 'f64' | 'f32'): WasmElementwise => {
  // columns.wat's loops, one copy for both storages, given the entry's bytes
  const E = p === 'f64' ? 8 : 4
  const nzcols = e['nzcols'] as WasmFn
  const gathercols = e['gathercols'] as WasmFn
  const scatterrows = e['scatterrows'] as WasmFn
  return {
    biasadd: e[`biasadd_${p}`] as WasmFn,
    colsum: e[`colsum_${p}`] as WasmFn,
    copyrows: e[`copyrows_${p}`] as WasmFn,
    l2: e[`l2_${p}`] as WasmFn,
    sgd: e[`sgd_${p}`] as WasmFn,
    momentum: e[`momentum_${p}`] as WasmFn,
    rms: e[`rms_${p}`] as WasmFn,
    adam: e[`adam_${p}`] as WasmFn,
    relu: e[`relu_${p}`] as WasmFn,
    actbwd: e[`actbwd_${p}`] as WasmFn,
    widen: e[`widen_${p}`] as WasmFn,
    accum: e[`accum_${p}`] as WasmFn,
    nzcols: (x, rows, cols, any, idx) => nzcols(x, rows, cols, E, any, idx),
    gathercols: (x, rows, cols, idx, count, out) => gathercols(x, rows, cols, E, idx, count, out),
    scatterrows: (g, idx, count, rows, n) => scatterrows(g, idx, count, rows, n * E),
  }
}

/**
 * Where module memory is taken: the byte ranges `[start, end)` of the live arenas (sorted by start), and the
 * largest scratch any of them asked for. Scratch (the packed operands and padded product of a call) starts at
 * `base`, past every arena, so it never overwrites one.
 */
interface MemoryMap {
  readonly arenas: Array<{ readonly start: number; readonly end: number }>
  base: number
  scratch: number
}

/**
 * Which kernel computes matrix products, and why.
 * @internal
 */
export interface Backend {
  readonly matmul: 'wasm-relaxed-simd' | 'wasm-simd' | 'js'
  readonly reason: string
}

/** Whether a compilation error is a Content Security Policy refusing WebAssembly, in the wording of V8,
 * SpiderMonkey and JavaScriptCore (the last throws an `EvalError`, as `eval` does under the same policy). */
const blockedByCsp = (e: unknown): boolean =>
  (e instanceof Error && e.name === 'EvalError') ||
  /content security policy|unsafe-eval|\bCSP\b/i.test(e instanceof Error ? e.message : String(e))

const decode = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))

/**
 * Whether the relaxed-SIMD kernel is turned off: `TENSORIAL_RELAXED_SIMD=off` in the environment (Node) or
 * `globalThis.TENSORIAL_RELAXED_SIMD = 'off'` (any runtime). Read defensively: a browser has no `process`.
 */
const relaxedOff = (): boolean => {
  const g = globalThis as {
    readonly TENSORIAL_RELAXED_SIMD?: unknown
    readonly process?: { readonly env?: Readonly<Record<string, string | undefined>> }
  }
  let v: unknown = g.TENSORIAL_RELAXED_SIMD
  try {
    if (v === undefined) v = g.process?.env?.['TENSORIAL_RELAXED_SIMD']
  } catch {
    // an environment that refuses to be read leaves the kernel on
  }
  return typeof v === 'string' && v.trim().toLowerCase() === 'off'
}

const RELAXED_REASON = 'WebAssembly relaxed SIMD available (fused multiply-add)'
const SIMD_REASON = 'WebAssembly SIMD available'
const OFF_REASON = 'WebAssembly SIMD available (relaxed SIMD turned off by TENSORIAL_RELAXED_SIMD=off)'

/**
 * Compiles and instantiates the kernels with `api`, or says why it cannot: the relaxed-SIMD twin where the runtime
 * validates the relaxed-SIMD probe (and it is not turned off), else the plain SIMD module.
 */
const start = (
  api: unknown,
): {
  readonly kernel: WasmKernel | undefined
  readonly backend: Backend
  readonly map: MemoryMap
  /** The binary the kernel was compiled from (for {@link sharedArenas}'s variant of it). */
  readonly bytes?: Uint8Array
} => {
  const map: MemoryMap = { arenas: [], base: 0, scratch: 0 }
  const js = (reason: string) => ({ kernel: undefined, backend: { matmul: 'js', reason } as const, map })
  if (typeof api !== 'object' || api === null || typeof (api as WebAssemblyApi).Module !== 'function')
    return js('WebAssembly is not available in this runtime')
  const wa = api as WebAssemblyApi
  const plain = decode(gemmWasmBase64)
  try {
    // validate compiles nothing, so a policy against compilation does not stop it
    if (typeof wa.validate === 'function' && !wa.validate(plain))
      return js('WebAssembly SIMD is not supported by this runtime')
    const relaxedSupported = typeof wa.validate === 'function' && wa.validate(decode(relaxedProbeBase64))
    const relaxed = relaxedSupported && !relaxedOff()
    const bytes = relaxed ? decode(gemmRelaxedWasmBase64) : plain
    const instance = new wa.Instance(new wa.Module(bytes))
    const reason = relaxed ? RELAXED_REASON : relaxedSupported ? OFF_REASON : SIMD_REASON
    return {
      kernel: kernelOf(instance),
      backend: { matmul: relaxed ? 'wasm-relaxed-simd' : 'wasm-simd', reason },
      map,
      bytes,
    }
  } catch (e) {
    if (blockedByCsp(e))
      return js("WebAssembly blocked by the Content Security Policy (script-src needs 'wasm-unsafe-eval')")
    return js(`WebAssembly compilation failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`)
  }
}

/**
 * The kernels and the report, made on first use (not at import: importing the library compiles nothing, so it
 * has no side effect, and a page whose policy refuses WebAssembly reports no violation until a product large
 * enough for the kernel runs or `kernels()` is called).
 */
let state: ReturnType<typeof start> | undefined

/** Float64 and float32 views of the module's memory, renewed whenever it grows. */
let heap = new Float64Array(0)
let heap32 = new Float32Array(0)

const viewMemory = (): void => {
  const buffer = state?.kernel?.memory.buffer
  heap = buffer === undefined ? new Float64Array(0) : new Float64Array(buffer)
  heap32 = buffer === undefined ? new Float32Array(0) : new Float32Array(buffer)
}

/** The kernel, compiled on the first call; `undefined` where WebAssembly SIMD is unavailable. */
const wasmKernel = (): WasmKernel | undefined => {
  if (state === undefined) {
    state = start((globalThis as { readonly WebAssembly?: unknown }).WebAssembly)
    viewMemory()
  }
  return state.kernel
}

/**
 * Whether products go through a WebAssembly SIMD kernel here (else the JavaScript one).
 * @internal
 */
export const wasmActive = (): boolean => wasmKernel() !== undefined

/**
 * Which kernel computes matrix products and why (compiling the WebAssembly one if no product has yet).
 * @internal
 */
export const backend = (): Backend => {
  wasmKernel()
  return (state as NonNullable<typeof state>).backend
}

/**
 * For tests and benchmarks only: starts over with `api` in place of the global `WebAssembly` (a stand-in whose
 * compilation throws, say), or, without an argument, with the global again. Reads `TENSORIAL_RELAXED_SIMD` anew.
 * @internal
 */
export const restartKernels = (...api: ReadonlyArray<unknown>): void => {
  state = start(api.length === 0 ? (globalThis as { readonly WebAssembly?: unknown }).WebAssembly : api[0])
  viewMemory()
}

/** Depth of a k block of the WebAssembly kernels: a 4×KC strip of A and a KC×4 panel of B (8 KiB each) fit L1. */
const WASM_KC = 256
/** Panels of B per column block: a KC×(4·WASM_NCP) block of float64 (256 KiB) fits L2. */
const WASM_NCP = 32

/**
 * The layout of one product in module memory, in elements of the type: A as given with slack after it for the
 * padded rows, B packed in panels of `w` columns (`np` panels), C padded to `mp × np·w`, and B as given (`rawB`),
 * which the module packs.
 */
const wasmLayout = (m: number, n: number, k: number, w: number, base = 0) => {
  const mp = (m + 3) & ~3
  const np = Math.ceil(n / w)
  const slack = 4 * Math.max(k, m) + 8
  const bOff = base + m * k + slack
  const cOff = bOff + np * w * k
  const rawB = cOff + mp * np * w
  return { mp, np, bOff, cOff, rawB, end: rawB + k * n }
}

/** The bytes of module memory a float64 product needs (past the arenas). */
const wasmBytes = (m: number, n: number, k: number): number => wasmLayout(m, n, k, 4).end * 8 + (state?.map.base ?? 0)

/** Larger products stay in JavaScript: the module's 32-bit addresses, and memory that is never given back. */
const WASM_MAX_BYTES = 2 ** 30

/** Products with fewer multiply-adds than this stay in JavaScript (packing and the call cost more). */
const WASM_MIN = 16 * 16 * 16

/** Grows the module memory to at least `bytes`. */
const ensureMemory = (w: WasmKernel, bytes: number): void => {
  if (bytes > w.memory.buffer.byteLength) {
    w.memory.grow(Math.ceil((bytes - w.memory.buffer.byteLength) / 65536))
    viewMemory()
  }
}

/**
 * `out (+)= A·B` through the WebAssembly kernel, with `A[i][p] = a[i·ars + p·acs]` and `B[p][j] = b[p·brs + j·bcs]`.
 * `a` and `b` are copied into the module's memory as they are (one `set` each), and the module packs `b` into
 * panels of 4 columns (`packb`: 32-byte copies for a row-major `b`, where a JavaScript loop took 15 % of a batch-64
 * product). The
 * kernel reads them in place and writes the product padded to multiples of 4 (rows past `m` come from the slack
 * after A and are never read), and the valid part is copied (or added) into `out`, one row at a time.
 */
const gemmWasm = (
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  ars: number,
  acs: number,
  b: Float64Array,
  brs: number,
  bcs: number,
  out: Float64Array,
  accumulate: boolean,
): void => {
  const st = state as NonNullable<typeof state>
  const w = st.kernel as WasmKernel
  const { mp, np, bOff, cOff, rawB, end } = wasmLayout(m, n, k, 4, st.map.base / 8)
  ensureMemory(w, end * 8)
  const h = heap
  const aOff = st.map.base / 8
  h.set(a.subarray(0, m * k), aOff)
  h.fill(0, aOff + m * k, bOff)
  h.set(b.subarray(0, k * n), rawB)
  w.packb(rawB * 8, k, n, brs * 8, bcs * 8, bOff * 8)
  const ldc = np * 4
  w.gemm(mp, np, k, aOff * 8, ars * 8, acs * 8, bOff * 8, cOff * 8, ldc * 8, WASM_KC, WASM_NCP)
  if (!accumulate) copyOut(h, cOff, ldc, m, n, out)
  else
    for (let i = 0; i < m; i++) {
      const src = cOff + i * ldc
      const dst = i * n
      for (let j = 0; j < n; j++) out[dst + j] = (out[dst + j] as number) + (h[src + j] as number)
    }
}

/**
 * The valid `m×n` part of the padded product (row stride `ldc`) from module memory into `out`: one copy when the
 * rows are not padded, else row by row (by element for narrow rows, where a view per row costs more than the
 * copy: a convolution's product has tens of thousands of rows of a few filters).
 */
const copyOut = <T extends Float64Array | Float32Array>(
  h: T,
  cOff: number,
  ldc: number,
  m: number,
  n: number,
  out: T,
): void => {
  if (ldc === n) out.set(h.subarray(cOff, cOff + m * n))
  else if (n < 64)
    for (let i = 0; i < m; i++) {
      const src = cOff + i * ldc
      const dst = i * n
      for (let j = 0; j < n; j++) out[dst + j] = h[src + j] as number
    }
  else for (let i = 0; i < m; i++) out.set(h.subarray(cOff + i * ldc, cOff + i * ldc + n), i * n)
}

/** {@link gemmWasm} in float32 (`out` overwritten): the f32x4 kernel, panels of 8 columns. */
const gemmWasmF32 = (
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  ars: number,
  acs: number,
  b: Float32Array,
  brs: number,
  bcs: number,
  out: Float32Array,
): void => {
  const st = state as NonNullable<typeof state>
  const w = st.kernel as WasmKernel
  const { mp, np, bOff, cOff, rawB, end } = wasmLayout(m, n, k, 8, st.map.base / 4)
  ensureMemory(w, end * 4)
  const h = heap32
  const aOff = st.map.base / 4
  h.set(a.subarray(0, m * k), aOff)
  h.fill(0, aOff + m * k, bOff)
  h.set(b.subarray(0, k * n), rawB)
  w.packbf32(rawB * 4, k, n, brs * 4, bcs * 4, bOff * 4)
  const ldc = np * 8
  // a float32 panel row is 32 bytes as a float64 one: the same blocks fit the same caches
  w.gemmf32(mp, np, k, aOff * 4, ars * 4, acs * 4, bOff * 4, cOff * 4, ldc * 4, WASM_KC, WASM_NCP)
  copyOut(h, cOff, ldc, m, n, out)
}

// -------------------------------------------------------------------------------------
// arenas in module memory
// -------------------------------------------------------------------------------------

/** Arenas start on 64-byte boundaries (a cache line; every view type aligned). */
const ARENA_ALIGN = 64

const alignUp = (bytes: number): number => Math.ceil(bytes / ARENA_ALIGN) * ARENA_ALIGN

/**
 * A block of the kernels' module memory that a training plan keeps its buffers in, so that the products read
 * and write them in place (no copy in or out) and the elementwise loops run as WebAssembly SIMD on them.
 *
 * `buffer()` is the memory's current `ArrayBuffer`: memory grows (for a larger product elsewhere, or another
 * arena) only between the calls a plan makes, never during one, but a growth detaches every view of the old
 * buffer, so a plan remakes its views whenever `buffer()` is not the one it made them on. Addresses are bytes.
 * @internal
 */
export interface ModuleArena {
  /** The arena's first byte in module memory, a multiple of 64. */
  readonly offset: number
  readonly bytes: number
  /** The scratch bytes asked for: free from `scratchAt()` on. */
  readonly scratchBytes: number
  buffer(): ArrayBuffer
  /**
   * `c[m×n] = op(a)·op(b) (+ bias)` on operands in module memory (`op` as in {@link gemm}; `bias` an address
   * of `n` numbers, or `-1`): the WebAssembly kernel of the precision, so the bits of `gemm`/`gemmF32` for
   * the same operands. Only for products that {@link arenaProduct} admits. With `rows ≥ 0` (and `transB`
   * false), row `p` of `b` is row `rows[p]` of the row-major `b` (`k` i32 row numbers at byte address `rows`).
   */
  gemm(
    f32: boolean,
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: number,
    b: number,
    c: number,
    bias: number,
    rows?: number,
  ): void
  /** `elementwise.wat`'s loops for float64 or float32 storage. */
  loops(f32: boolean): WasmElementwise
  /**
   * The first byte of the scratch (past every arena; at least the `scratch` bytes asked for are free there until
   * the next product), which moves when arenas come and go.
   */
  scratchAt(): number
  /** Gives the block back (once; later calls do nothing). The arena must not be used after. */
  release(): void
}

/** The scratch bytes (past the arenas) that {@link ModuleArena.gemm} needs for an `m×n×k` product. */
export const arenaScratch = (f32: boolean, m: number, n: number, k: number): number => {
  const w = f32 ? 8 : 4
  const np = Math.ceil(n / w)
  return (np * w * k + ((m + 3) & ~3) * np * w) * (f32 ? 4 : 8) + ARENA_ALIGN
}

/**
 * Whether {@link ModuleArena.gemm} takes an `m×n×k` product: the ones `gemm` (float64) and `gemmF32` (float32)
 * send to the WebAssembly kernel (every dimension above 1 and at least `16³` multiply-adds); smaller ones stay
 * in JavaScript, on views of the arena.
 * @internal
 */
export const arenaProduct = (m: number, n: number, k: number): boolean =>
  m > 1 && n > 1 && k > 1 && m * n * k >= WASM_MIN

/**
 * A zeroed arena of `bytes` in module memory, with `scratch` bytes kept free past the arenas for its products
 * (the largest {@link arenaScratch} of them), or `undefined` where the WebAssembly kernels are unavailable or
 * the memory would pass 1 GiB. Memory grows here (never in the arena's calls).
 * @internal
 */
export const moduleArena = (bytes: number, scratch: number): ModuleArena | undefined => {
  const kernel = wasmKernel()
  const st = state
  if (kernel === undefined || st === undefined) return undefined
  const map = st.map
  const size = alignUp(Math.max(bytes, 1))
  // the first gap that fits, else past the last arena
  let start = 0
  let at = 0
  for (; at < map.arenas.length; at++) {
    const a = map.arenas[at] as { readonly start: number; readonly end: number }
    if (a.start - start >= size) break
    start = a.end
  }
  const base = Math.max(map.base, start + size)
  const need = Math.max(map.scratch, alignUp(scratch))
  if (base + need > WASM_MAX_BYTES) return undefined
  ensureMemory(kernel, base + need)
  const range = { start, end: start + size }
  map.arenas.splice(at, 0, range)
  map.base = base
  map.scratch = need
  new Uint8Array(kernel.memory.buffer, start, size).fill(0)
  return arenaOn(
    kernel,
    start,
    size,
    alignUp(scratch),
    () => map.base,
    () => {
      const i = map.arenas.indexOf(range)
      if (i >= 0) map.arenas.splice(i, 1)
      map.base = map.arenas.reduce((end, r) => Math.max(end, r.end), 0)
      if (map.arenas.length === 0) map.scratch = 0
    },
  )
}

/**
 * The {@link ModuleArena} of `size` bytes at `start` in `kernel`'s memory, its products packing into the scratch
 * at `scratchAt()`; `release` runs once, on the first {@link ModuleArena.release}.
 */
const arenaOn = (
  kernel: WasmKernel,
  start: number,
  size: number,
  scratchBytes: number,
  scratchAt: () => number,
  release: () => void,
): ModuleArena => {
  let live = true
  const ops = (f32: boolean): WasmElementwise => (f32 ? kernel.f32 : kernel.f64)
  return {
    offset: start,
    bytes: size,
    scratchBytes,
    buffer: () => kernel.memory.buffer,
    loops: ops,
    scratchAt,
    gemm: (f32, transA, transB, m, n, k, a, b, c, bias, rows = -1) => {
      const E = f32 ? 4 : 8
      const w = f32 ? 8 : 4
      const np = Math.ceil(n / w)
      const mp = (m + 3) & ~3
      const ldc = np * w
      const bOff = scratchAt()
      const cOff = bOff + np * w * k * E
      if (rows >= 0) kernel.packrows(b, rows, k, n * E, E, bOff)
      else (f32 ? kernel.packbf32 : kernel.packb)(b, k, n, (transB ? 1 : n) * E, (transB ? k : 1) * E, bOff)
      const direct = mp === m && ldc === n
      ;(f32 ? kernel.gemmf32 : kernel.gemm)(
        mp,
        np,
        k,
        a,
        (transA ? 1 : k) * E,
        (transA ? m : 1) * E,
        bOff,
        direct ? c : cOff,
        ldc * E,
        WASM_KC,
        WASM_NCP,
      )
      const loops = ops(f32)
      if (bias >= 0) loops.biasadd(direct ? c : cOff, ldc * E, c, m, n, bias)
      else if (!direct) loops.copyrows(cOff, ldc * E, c, m, n)
    },
    release: () => {
      if (!live) return
      live = false
      release()
    },
  }
}

// -------------------------------------------------------------------------------------
// arenas in a shared memory (data-parallel plans)
// -------------------------------------------------------------------------------------

/** A shared memory's largest size in pages: the 1 GiB past which arenas are refused. */
const SHARED_MAX_PAGES = WASM_MAX_BYTES / 65536

/** `n` as an unsigned LEB128 number. */
const leb = (n: number): Array<number> => {
  const out: Array<number> = []
  let v = n >>> 0
  do {
    const low = v & 0x7f
    v >>>= 7
    out.push(v === 0 ? low : low | 0x80)
  } while (v !== 0)
  return out
}

/**
 * The module `bytes` (whose memory is its own, exported as `memory`, and which imports nothing) with its memory
 * imported instead, as `env.memory`, shared, of at most {@link SHARED_MAX_PAGES} pages: the memory section is
 * dropped and an import section put in before the function section (sections keep their order: type, import,
 * function, …). The code is unchanged, so every kernel computes the same bits on either memory.
 * @internal
 */
export const sharedVariant = (bytes: Uint8Array): Uint8Array => {
  const name = (t: string): Array<number> => [t.length, ...Array.from(t, (c) => c.charCodeAt(0))]
  const body = [1, ...name('env'), ...name('memory'), 2, 3, ...leb(1), ...leb(SHARED_MAX_PAGES)]
  const imports = [2, ...leb(body.length), ...body]
  const out: Array<number> = Array.from(bytes.subarray(0, 8))
  let at = 8
  let placed = false
  while (at < bytes.length) {
    const id = bytes[at] as number
    let size = 0
    let shift = 0
    let p = at + 1
    for (;;) {
      const b = bytes[p++] as number
      size += (b & 0x7f) * 2 ** shift
      shift += 7
      if ((b & 0x80) === 0) break
    }
    const end = p + size
    if (id === 2) throw new Error('sharedVariant: the module already imports')
    if (!placed && id > 2) {
      out.push(...imports)
      placed = true
    }
    if (id !== 5) for (let q = at; q < end; q++) out.push(bytes[q] as number)
    at = end
  }
  return Uint8Array.from(out)
}

/** The compiled shared-memory variant of this thread's kernel binary, once per kernel start. */
let sharedModule: { readonly of: unknown; readonly module: WebAssembly.Module } | undefined

/**
 * The arenas of a data-parallel plan: one block of `bytes` at address 0 of a new shared `WebAssembly.Memory`
 * that every thread's instance of the kernels imports (the calling thread's {@link ModuleArena} is `arena`), and
 * past it `scratch` bytes for each of the `threads` threads, thread `k`'s at `scratchOf(k)`.
 * @internal
 */
export interface SharedArenas {
  readonly memory: unknown
  /** The kernels compiled to import `memory` (a `WebAssembly.Module`, for the workers to instantiate). */
  readonly module: unknown
  readonly buffer: SharedArrayBuffer
  readonly arena: ModuleArena
  scratchOf(k: number): number
  /** Each thread's scratch bytes. */
  readonly scratchBytes: number
}

/**
 * {@link SharedArenas} for `threads` threads, or a sentence saying why not: no WebAssembly kernels here, more
 * than 1 GiB, or a runtime that refuses shared WebAssembly memory (a page that is not cross-origin isolated).
 * @internal
 */
export const sharedArenas = (bytes: number, threads: number, scratch: number): SharedArenas | string => {
  const kernel = wasmKernel()
  const st = state
  if (kernel === undefined || st?.bytes === undefined) return 'the WebAssembly kernels are not available'
  const size = alignUp(Math.max(bytes, 1))
  const per = alignUp(scratch)
  const total = size + threads * per
  if (total > WASM_MAX_BYTES) return 'the arena would pass 1 GiB'
  const wa = (globalThis as { readonly WebAssembly?: unknown }).WebAssembly as SharedWebAssemblyApi
  try {
    if (sharedModule?.of !== st) sharedModule = { of: st, module: new wa.Module(sharedVariant(st.bytes)) }
    const pages = Math.ceil(total / 65536)
    const memory = new wa.Memory({ initial: pages, maximum: pages, shared: true })
    const module = sharedModule.module
    const scratchOf = (k: number): number => size + k * per
    return {
      memory,
      module,
      buffer: memory.buffer as unknown as SharedArrayBuffer,
      arena: attachArena(module, memory, size, scratchOf(0), per),
      scratchOf,
      scratchBytes: per,
    }
  } catch (e) {
    return `no shared WebAssembly memory here (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})`
  }
}

/**
 * A thread's {@link ModuleArena} on a {@link SharedArenas}' memory: an instance of its `module` on `memory`, the
 * arena the first `bytes`, its products packing into the scratch at `scratch`. Nothing to give back: the
 * memory goes when the last thread drops it.
 * @internal
 */
export const attachArena = (
  module: unknown,
  memory: unknown,
  bytes: number,
  scratch: number,
  scratchBytes: number,
): ModuleArena => {
  const wa = (globalThis as { readonly WebAssembly?: unknown }).WebAssembly as SharedWebAssemblyApi
  const instance = new wa.Instance(module as WebAssembly.Module, { env: { memory } })
  return arenaOn(
    kernelOf(instance),
    0,
    bytes,
    scratchBytes,
    () => scratch,
    () => undefined,
  )
}

/**
 * For tests: the byte ranges of the live arenas, where scratch starts, and the size of module memory.
 * @internal
 */
export const arenaMap = (): {
  readonly arenas: ReadonlyArray<readonly [number, number]>
  readonly base: number
  readonly bytes: number
} => ({
  arenas: (state?.map.arenas ?? []).map((r) => [r.start, r.end] as const),
  base: state?.map.base ?? 0,
  bytes: state?.kernel?.memory.buffer.byteLength ?? 0,
})

/**
 * `out[m×n] = op(a)·op(b)`, or `out += op(a)·op(b)` when `accumulate`, where `op(a)` is `[m×k]` and is `a` stored
 * `[m×k]`, or `aᵀ` for `a` stored `[k×m]` when `transA`; likewise `op(b)` is `[k×n]`, `b` or (`transB`) `bᵀ` for
 * `b` stored `[n×k]`. All row-major; `out` must not alias `a` or `b`. With `accumulate` and `k = 0`, `out` is
 * left as it is.
 * @internal
 */
export const gemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  accumulate: boolean,
): void => {
  if (m === 0 || n === 0) return
  if (k === 0) {
    if (!accumulate) out.fill(0, 0, m * n)
  } else if (k === 1) {
    // a holds m and b holds n contiguous numbers whatever the transposition
    outerRows(m, n, a, b, out, accumulate)
  } else if (n === 1) {
    // b holds k contiguous numbers
    if (transA) axpyRows(m, k, b, a, out, accumulate)
    else dotRows(m, k, a, b, out, accumulate)
  } else if (m === 1) {
    // a holds k contiguous numbers
    if (transB) dotRows(n, k, b, a, out, accumulate)
    else axpyRows(n, k, a, b, out, accumulate)
  } else if (m * n * k >= WASM_MIN && wasmBytes(m, n, k) <= WASM_MAX_BYTES && wasmKernel() !== undefined) {
    gemmWasm(m, n, k, a, transA ? 1 : k, transA ? m : 1, b, transB ? 1 : n, transB ? k : 1, out, accumulate)
  } else {
    gemmPacked(m, n, k, a, transA ? 1 : k, transA ? m : 1, b, transB ? 1 : n, transB ? k : 1, out, accumulate)
  }
}

/**
 * `out[m×n] = a[m×k] · b[k×n]`, all row-major.
 * @internal
 */
export const gemmNN = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array): void =>
  gemm(false, false, m, n, k, a, b, out, false)

/**
 * `out[m×n] = aᵀ · b` where `a` is stored `[k×m]` and `b` is `[k×n]`.
 * @internal
 */
export const gemmTN = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array): void =>
  gemm(true, false, m, n, k, a, b, out, false)

/**
 * `out[m×n] = a · bᵀ` where `a` is `[m×k]` and `b` is stored `[n×k]`.
 * @internal
 */
export const gemmNT = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array): void =>
  gemm(false, true, m, n, k, a, b, out, false)

// -------------------------------------------------------------------------------------
// float32
// -------------------------------------------------------------------------------------

/**
 * `out[m×n] = op(a)·op(b)` in float32, as {@link gemm} (without accumulation). Through the f32x4 WebAssembly
 * kernel every product and sum is rounded to float32, summed over `p` in order (in the plain kernel; the
 * relaxed-SIMD one fuses each multiply-add); the relative error against the exact product is then about
 * `k·2⁻²⁴` of `Σ_p |a_ip b_pj|`. Where WebAssembly is unavailable, or the product is small or a vector, the
 * operands are widened to float64, multiplied by the float64 kernel and the result rounded once to float32
 * (more accurate, so results differ from the WebAssembly kernel's by float32 rounding).
 * @internal
 */
export const gemmF32 = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
): void => {
  if (m === 0 || n === 0) return
  if (
    m > 1 &&
    n > 1 &&
    k > 1 &&
    m * n * k >= WASM_MIN &&
    wasmLayout(m, n, k, 8).end * 4 + (state?.map.base ?? 0) <= WASM_MAX_BYTES &&
    wasmKernel() !== undefined
  ) {
    gemmWasmF32(m, n, k, a, transA ? 1 : k, transA ? m : 1, b, transB ? 1 : n, transB ? k : 1, out)
  } else {
    const wide = new Float64Array(m * n)
    gemm(
      transA,
      transB,
      m,
      n,
      k,
      Float64Array.from(a.subarray(0, m * k)),
      Float64Array.from(b.subarray(0, k * n)),
      wide,
      false,
    )
    out.set(wide)
  }
}

/**
 * `out[m×n] = a[m×k] · b[k×n]` in float32, all row-major (see {@link gemmF32} for the rounding).
 * @internal
 */
export const gemmNNf32 = (m: number, n: number, k: number, a: Float32Array, b: Float32Array, out: Float32Array): void =>
  gemmF32(false, false, m, n, k, a, b, out)

/**
 * `out[m×n] = aᵀ · b` in float32, where `a` is stored `[k×m]` and `b` is `[k×n]`.
 * @internal
 */
export const gemmTNf32 = (m: number, n: number, k: number, a: Float32Array, b: Float32Array, out: Float32Array): void =>
  gemmF32(true, false, m, n, k, a, b, out)

/**
 * `out[m×n] = a · bᵀ` in float32, where `a` is `[m×k]` and `b` is stored `[n×k]`.
 * @internal
 */
export const gemmNTf32 = (m: number, n: number, k: number, a: Float32Array, b: Float32Array, out: Float32Array): void =>
  gemmF32(false, true, m, n, k, a, b, out)

/**
 * `out[c×r] = aᵀ` for `a` stored `[r×c]`.
 * @internal
 */
export const transposeInto = (r: number, c: number, a: Float64Array, out: Float64Array): void => {
  for (let i0 = 0; i0 < r; i0 += TB) {
    const i1 = Math.min(i0 + TB, r)
    for (let j0 = 0; j0 < c; j0 += TB) {
      const j1 = Math.min(j0 + TB, c)
      for (let i = i0; i < i1; i++) {
        const ai = i * c
        for (let j = j0; j < j1; j++) out[j * r + i] = a[ai + j]
      }
    }
  }
}
