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
 * batch's buffers and their outputs together are the batch's. The loops are `plan-ops.ts`'s.
 *
 * @internal
 * @since 0.2.0
 */
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
 * The forward and backward pass of one slice of `b` rows of a batch of `B` (see the module doc), reading the
 * targets from `y` at `yo`: writes the slice's `Z`, `A`, `Δ` rows and its gradients, and returns its share
 * `C_k` of the batch's mean cost (without the L2 term).
 * @internal
 */
export const sliceGradients = (
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
  let aIn = v.x
  for (let l = 0; l <= top; l++) {
    const lp = ls[l] as SliceLayer
    const z = v.z[l] as Buf
    const n = lp.outputs
    p.nn(b, n, lp.inputs, aIn, lp.W, z)
    const bs = lp.b
    for (let i = 0; i < b; i++) {
      const o = i * n
      for (let j = 0; j < n; j++) z[o + j] = (z[o + j] as number) + (bs[j] as number)
    }
    const a = v.a[l] as Buf
    activationForward(lp.act, lp.alpha, z, a, b, n)
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
    p.tn(lp.inputs, n, b, aPrev, d, v.gW[l] as Buf)
    const gb = v.gb[l] as Buf
    gb.fill(0)
    for (let i = 0; i < b; i++) {
      const o = i * n
      for (let j = 0; j < n; j++) gb[j] = (gb[j] as number) + (d[o + j] as number)
    }
    if (l > 0) {
      const below = ls[l - 1] as SliceLayer
      const dPrev = v.d[l - 1] as Buf
      p.nt(b, lp.inputs, n, d, lp.W, dPrev)
      activationBackward(below.act, below.alpha, v.z[l - 1] as Buf, v.a[l - 1] as Buf, dPrev, b, lp.inputs)
    }
  }
  return share
}
