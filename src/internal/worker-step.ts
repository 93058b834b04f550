/**
 * One slice of a data-parallel step of the compiled training plan (`src/train/plan.ts` with `workers > 1`):
 * the forward and backward pass of rows `r₀ … r₁ − 1` of a batch of `B` rows, run by the calling thread on
 * slice 0 and by each worker on its own slice, on buffers of one shared arena.
 *
 * For the slice's rows `X_k` (a view of the batch's rows), per layer `Z_k = A_k·W + b`, `A_k = σ(Z_k)`; the
 * cost's share `C_k = Σ_{rows of k} c / B` (the mean's divisor is the whole batch's `B`, so `Σ_k C_k` is the
 * batch's mean cost), `Δᴸ_k = ∂C/∂Zᴸ` for those rows (with `1/B`, times `B` under `'sum'`), then from the top
 * `G_k(Wˡ) = (Aˡ⁻¹_k)ᵀ Δˡ_k`, `G_k(bˡ) = Σ_{rows of k} Δˡ_k` and `Δˡ⁻¹_k = (Δˡ_k Wˡᵀ) ⊙ σ'(Zˡ⁻¹_k)`. Nothing is
 * updated: the calling thread reduces `G = G₀ + G₁ + …` in slice order and applies the optimizer.
 *
 * Every row of `Z`, `A` and `Δ` depends on its own input row only, so the slices write disjoint rows of the
 * batch's buffers and their outputs together are the batch's. The loops are `plan-ops.ts`'s, or in a module arena
 * `elementwise.wat`'s (the same bits). The one-thread step runs the same pass on the whole batch (`b = B`).
 *
 * @internal
 * @since 0.2.0
 */
import type { ModuleArena } from './kernels.js'
import { arenaProduct, gemmNN, gemmNT, gemmTN } from './kernels.js'
import { productNN, productNT, productTN } from './plan-ops-f32.js'
import type { PlanActivation, PlanCost } from './plan-ops.js'
import { activationBackward, activationForward, costDelta, costValue } from './plan-ops.js'

type Buf = Float64Array | Float32Array

/**
 * A product `out[m×n] = op(a)·op(b)` of the plan (float64 or float32 kernels).
 * @internal
 */
export type SliceProduct = (m: number, n: number, k: number, a: Buf, b: Buf, out: Buf) => void

/**
 * The three products of a step: `A·W`, `Aᵀ·Δ`, `Δ·Wᵀ`.
 * @internal
 */
export interface SliceProducts {
  readonly nn: SliceProduct
  readonly tn: SliceProduct
  readonly nt: SliceProduct
}

/**
 * The products of each storage: `kernels.ts`'s float64 kernels, and `plan-ops-f32.ts`'s float32 ones.
 * @internal
 */
export const SLICE_PRODUCTS: Readonly<Record<'f64' | 'f32', SliceProducts>> = {
  f64: { nn: gemmNN as SliceProduct, tn: gemmTN as SliceProduct, nt: gemmNT as SliceProduct },
  f32: { nn: productNN as SliceProduct, tn: productTN as SliceProduct, nt: productNT as SliceProduct },
}

/**
 * A dense layer as a slice sees it: its widths, activation and parameters (views of the shared arena).
 * @internal
 */
export interface SliceLayer {
  readonly inputs: number
  readonly outputs: number
  readonly act: PlanActivation
  readonly alpha: number
  readonly W: Buf
  readonly b: Buf
}

/**
 * A slice's buffers: its input rows, its rows of each layer's `Z`, `A` (`Z` itself for `identity`), `Δ`, and the
 * gradient buffers it writes.
 * @internal
 */
export interface SliceViews {
  readonly x: Buf
  readonly z: ReadonlyArray<Buf>
  readonly a: ReadonlyArray<Buf>
  readonly d: ReadonlyArray<Buf>
  readonly gW: ReadonlyArray<Buf>
  readonly gb: ReadonlyArray<Buf>
}

/**
 * The batch buffers of `B` rows a slice is cut from.
 * @internal
 */
export interface BatchBuffers {
  readonly x: Buf
  readonly z: ReadonlyArray<Buf>
  readonly a: ReadonlyArray<Buf>
  readonly d: ReadonlyArray<Buf>
}

/**
 * The first row of slice `k` of `used` slices of a batch of `B` rows: `⌊k·B/used⌋` (slice `k` is rows
 * `sliceStart(B, used, k) … sliceStart(B, used, k + 1) − 1`).
 * @internal
 */
export const sliceStart = (B: number, used: number, k: number): number => Math.floor((k * B) / used)

/**
 * Rows `r0 … r1 − 1` of `full` (views, no copy), with the gradient buffers `gW`, `gb`.
 * @internal
 */
export const sliceOf = (
  ls: ReadonlyArray<SliceLayer>,
  full: BatchBuffers,
  r0: number,
  r1: number,
  gW: ReadonlyArray<Buf>,
  gb: ReadonlyArray<Buf>,
): SliceViews => {
  const cut = (v: Buf, width: number): Buf => v.subarray(r0 * width, r1 * width)
  const inputs = (ls[0] as SliceLayer).inputs
  const z = ls.map((l, i) => cut(full.z[i] as Buf, l.outputs))
  return {
    x: cut(full.x, inputs),
    z,
    a: ls.map((l, i) => (full.a[i] === full.z[i] ? (z[i] as Buf) : cut(full.a[i] as Buf, l.outputs))),
    d: ls.map((l, i) => cut(full.d[i] as Buf, l.outputs)),
    gW,
    gb,
  }
}

/**
 * Buffers of at least this many numbers go through `elementwise.wat`'s loops (module arenas); smaller ones stay in
 * JavaScript, where a call costs more than the loop.
 * @internal
 */
export const LOOP_MIN = 16

/**
 * The first layer skips its input's all-zero columns (below) only with at least this many inputs, and only when
 * that leaves at most 7/8 of them: below that, gathering the kept columns costs more than it saves.
 * @internal
 */
export const SKIP_MIN_INPUTS = 64

/**
 * The scratch bytes the first layer's zero-column skip takes at the end of a thread's scratch, for `rows` rows of
 * `inputs` numbers: the or of the rows (`inputs` numbers), the kept column numbers (`inputs` i32) and the kept
 * columns as a matrix (`rows + 3` rows: the kernel reads up to 3 rows past a product's last).
 * @internal
 */
export const zeroSkipBytes = (f32: boolean, rows: number, inputs: number): number => skipLayout(f32, rows, inputs).bytes

/** {@link zeroSkipBytes}' buffers: where the column numbers and the kept columns start, from the or's start. */
const skipLayout = (f32: boolean, rows: number, inputs: number) => {
  const up = (n: number): number => Math.ceil(n / 16) * 16
  const e = f32 ? 4 : 8
  const keptAt = up(inputs * e)
  const xKeptAt = keptAt + up(inputs * 4)
  return { keptAt, xKeptAt, bytes: xKeptAt + up((rows + 3) * inputs * e) }
}

let skipped = 0

/**
 * For tests: how many slices this thread has run with the first layer's zero-column skip so far.
 * @internal
 */
export const zeroSkipsRun = (): number => skipped

/**
 * Whether every entry of `v` is finite (`x·0` is +0 or −0 for a finite `x`, NaN otherwise).
 * @internal
 */
export const allFinite = (v: Buf): boolean => {
  let s = 0
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * 0
  return s === 0
}

/** The activations whose `σ'` `elementwise.wat`'s `actbwd` computes, by its kind number. */
const BACKWARD_KIND: Readonly<Partial<Record<PlanActivation, number>>> = { relu: 0, leakyRelu: 1, sigmoid: 2, tanh: 3 }

/**
 * The forward and backward pass of one slice of `b` rows of a batch of `B` (see the module doc), reading the
 * targets from `y` at `yo`: writes the slice's `Z`, `A`, `Δ` rows and its gradients, and returns its share
 * `C_k` of the batch's mean cost (without the L2 term).
 *
 * With a module `arena` (every buffer a view of its memory), the products the arena takes run in place (the
 * bias added on the way out), and the bias gradient, ReLU/leaky ReLU and `σ'` run as `elementwise.wat`'s SIMD
 * loops: the same bits as the products `p` and the JavaScript loops, which run otherwise.
 *
 * With `skip` too (the caller knows `W¹` is finite), the first layer multiplies by the columns of the slice's
 * input that are not +0 in every row only (`nzcols`; on MNIST batches about 5/8 of the 784 pixels), in both of
 * its products: `Z¹ = X_kept·W¹_kept + b¹` and `G(W¹)_kept = X_keptᵀ Δ¹`, the other rows of `G(W¹)` +0. The bits
 * are those of the full products: each sum runs from +0 over the same nonzero terms in the same order, and a term
 * `0·w` (finite `w`) or `0·δ` (finite `δ`) adds ±0, which leaves a sum that starts from +0 as it is. `W¹` finite
 * is the caller's part; `Δ¹` is finite exactly when its column sums `G(b¹)` are, which is checked before the
 * second product (a step with a non-finite `Δ¹` computes `G(W¹)` in full: its NaNs are the full product's).
 * @internal
 */
export const sliceGradients = (
  arena: ModuleArena | undefined,
  skip: boolean,
  p: SliceProducts,
  ls: ReadonlyArray<SliceLayer>,
  cost: PlanCost,
  sum: boolean,
  B: number,
  b: number,
  v: SliceViews,
  y: Float64Array,
  yo: number,
): number => {
  const top = ls.length - 1
  const f32 = v.x instanceof Float32Array
  // the first layer's kept input columns: their count, the i32 column numbers' and the gathered columns' addresses
  let kept = -1
  let keptAt = 0
  let xKept = 0
  const first = ls[0] as SliceLayer
  const inputs = first.inputs
  if (skip && arena !== undefined && inputs >= SKIP_MIN_INPUTS && v.x.buffer === arena.buffer()) {
    const loops = arena.loops(f32)
    const layout = skipLayout(f32, b, inputs)
    const orAt = arena.scratchAt() + arena.scratchBytes - layout.bytes
    keptAt = orAt + layout.keptAt
    xKept = orAt + layout.xKeptAt
    const k = loops.nzcols(v.x.byteOffset, b, inputs, orAt, keptAt)
    const n = first.outputs
    if (k % 4 === 0 && 8 * k <= 7 * inputs && arenaProduct(b, n, k) && arenaProduct(k, n, b)) {
      loops.gathercols(v.x.byteOffset, b, inputs, keptAt, k, xKept)
      kept = k
      skipped++
    }
  }
  let aIn = v.x
  for (let l = 0; l <= top; l++) {
    const lp = ls[l] as SliceLayer
    const z = v.z[l] as Buf
    const n = lp.outputs
    if (l === 0 && kept >= 0)
      (arena as ModuleArena).gemm(
        f32,
        false,
        false,
        b,
        n,
        kept,
        xKept,
        lp.W.byteOffset,
        z.byteOffset,
        lp.b.byteOffset,
        keptAt,
      )
    else if (arena !== undefined && arenaProduct(b, n, lp.inputs))
      arena.gemm(f32, false, false, b, n, lp.inputs, aIn.byteOffset, lp.W.byteOffset, z.byteOffset, lp.b.byteOffset)
    else {
      p.nn(b, n, lp.inputs, aIn, lp.W, z)
      const bs = lp.b
      for (let i = 0; i < b; i++) {
        const o = i * n
        for (let j = 0; j < n; j++) z[o + j] = (z[o + j] as number) + (bs[j] as number)
      }
    }
    const a = v.a[l] as Buf
    if (arena !== undefined && b * n >= LOOP_MIN && (lp.act === 'relu' || lp.act === 'leakyRelu'))
      arena.loops(f32).relu(z.byteOffset, a.byteOffset, b * n, lp.alpha, lp.act === 'relu' ? 0 : 1)
    else activationForward(lp.act, lp.alpha, z, a, b, n)
    aIn = a
  }
  const out = ls[top] as SliceLayer
  const nOut = out.outputs
  const zTop = v.z[top] as Buf
  const aTop = v.a[top] as Buf
  const share = costValue(cost, out.act, zTop, aTop, y, yo, b, nOut, B)
  const dTop = v.d[top] as Buf
  costDelta(cost, out.act, out.alpha, zTop, aTop, y, yo, dTop, b, nOut, B)
  if (sum) for (let i = 0; i < dTop.length; i++) dTop[i] = B * (dTop[i] as number)
  for (let l = top; l >= 0; l--) {
    const lp = ls[l] as SliceLayer
    const d = v.d[l] as Buf
    const n = lp.outputs
    const aPrev = l > 0 ? (v.a[l - 1] as Buf) : v.x
    const gW = v.gW[l] as Buf
    const gb = v.gb[l] as Buf
    if (arena !== undefined && b * n >= LOOP_MIN) arena.loops(f32).colsum(d.byteOffset, b, n, gb.byteOffset)
    else {
      gb.fill(0)
      for (let i = 0; i < b; i++) {
        const o = i * n
        for (let j = 0; j < n; j++) gb[j] = (gb[j] as number) + (d[o + j] as number)
      }
    }
    if (l === 0 && kept >= 0 && allFinite(gb)) {
      const a = arena as ModuleArena
      a.gemm(f32, true, false, kept, n, b, xKept, d.byteOffset, gW.byteOffset, -1)
      a.loops(f32).scatterrows(gW.byteOffset, keptAt, kept, inputs, n)
    } else if (arena !== undefined && arenaProduct(lp.inputs, n, b))
      arena.gemm(f32, true, false, lp.inputs, n, b, aPrev.byteOffset, d.byteOffset, gW.byteOffset, -1)
    else p.tn(lp.inputs, n, b, aPrev, d, gW)
    if (l > 0) {
      const below = ls[l - 1] as SliceLayer
      const dPrev = v.d[l - 1] as Buf
      if (arena !== undefined && arenaProduct(b, lp.inputs, n))
        arena.gemm(f32, false, true, b, lp.inputs, n, d.byteOffset, lp.W.byteOffset, dPrev.byteOffset, -1)
      else p.nt(b, lp.inputs, n, d, lp.W, dPrev)
      const zb = v.z[l - 1] as Buf
      const ab = v.a[l - 1] as Buf
      const kind = arena !== undefined && b * lp.inputs >= LOOP_MIN ? BACKWARD_KIND[below.act] : undefined
      if (kind !== undefined)
        (arena as ModuleArena)
          .loops(f32)
          .actbwd(zb.byteOffset, ab.byteOffset, dPrev.byteOffset, b * lp.inputs, kind, below.alpha)
      else activationBackward(below.act, below.alpha, zb, ab, dPrev, b, lp.inputs)
    }
  }
  return share
}

/**
 * Slice `r0 … r1 − 1` of a batch of `B` rows ({@link sliceGradients}, `skip` as there, reading the targets from row
 * 0 of `y`).
 * With a module arena and `stage ≥ 0` (float32: the batch's input rows as float64 at that byte address of its
 * memory), the slice's rows are first rounded from there into `v.x` by `elementwise.wat`'s `widen`.
 * @internal
 */
export const runSlice = (
  arena: ModuleArena | undefined,
  skip: boolean,
  p: SliceProducts,
  ls: ReadonlyArray<SliceLayer>,
  cost: PlanCost,
  sum: boolean,
  B: number,
  r0: number,
  r1: number,
  v: SliceViews,
  y: Float64Array,
  stage: number,
): number => {
  const inputs = (ls[0] as SliceLayer).inputs
  const nOut = (ls[ls.length - 1] as SliceLayer).outputs
  if (arena !== undefined && stage >= 0)
    arena.loops(true).widen(stage + r0 * inputs * 8, v.x.byteOffset, (r1 - r0) * inputs)
  return sliceGradients(arena, skip, p, ls, cost, sum, B, r1 - r0, v, y, r0 * nOut)
}
