/**
 * The in-place loops of the compiled training plan (`src/train/plan.ts`): each built-in activation's forward
 * `A = σ(Z)` and backward `Δ = G ⊙ σ'(Z)` (the row-wise Jacobian-vector product for softmax), each built-in
 * cost's value `C` and output error `Δᴸ = ∂C/∂Zᴸ`, and the per-batch metric tally, on `Float64Array`s of a
 * batch of `b` rows and `n` columns.
 *
 * Each loop is the one of `src/nn/activation.ts`, `src/nn/cost.ts` and `src/train/train.ts` written out again
 * on buffers that are reused from step to step, with the same formulas in the same order of floating-point
 * operations, so that a plan's step is bit for bit the reference step. Only where a result is written differs:
 * into a buffer given (possibly the input itself, where every entry is read before it is written) instead of a
 * fresh one. A change to one of those loops must be made here too (the plan tests compare both bit for bit).
 *
 * @internal
 * @since 0.2.0
 */

/** Float64 buffers (the reference's bits), or a float32 plan's: each entry is computed in float64 and rounded as it is stored. */
type Buf = Float64Array | Float32Array

/**
 * The activations a plan runs, by their spec name.
 * @internal
 */
export type PlanActivation = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'elu' | 'softmax'

/**
 * The costs a plan runs, by their spec name.
 * @internal
 */
export type PlanCost = 'quadratic' | 'mse' | 'crossEntropy' | 'binaryCrossEntropy'

const sigm = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/**
 * `a = σ(z)` over `len = b·n` entries (`z` and `a` may be the same buffer; for `identity` the caller uses `z`
 * as `a` and this does nothing). Softmax: per row, `e^{z − max}` over its sum.
 * @internal
 */
export const activationForward = (kind: PlanActivation, alpha: number, z: Buf, a: Buf, b: number, n: number): void => {
  const len = b * n
  switch (kind) {
    case 'identity':
      return
    case 'sigmoid':
      for (let i = 0; i < len; i++) a[i] = sigm(z[i] as number)
      return
    case 'tanh':
      for (let i = 0; i < len; i++) a[i] = Math.tanh(z[i] as number)
      return
    case 'relu':
      for (let i = 0; i < len; i++) {
        const v = z[i] as number
        a[i] = v > 0 ? v : 0
      }
      return
    case 'leakyRelu':
      for (let i = 0; i < len; i++) {
        const v = z[i] as number
        a[i] = v > 0 ? v : alpha * v
      }
      return
    case 'elu':
      for (let i = 0; i < len; i++) {
        const v = z[i] as number
        a[i] = v > 0 ? v : alpha * Math.expm1(v)
      }
      return
    case 'softmax':
      for (let i = 0; i < b; i++) {
        const o = i * n
        let m = -Infinity
        for (let j = 0; j < n; j++) m = Math.max(m, z[o + j] as number)
        let s = 0
        for (let j = 0; j < n; j++) {
          const e = Math.exp((z[o + j] as number) - m)
          a[o + j] = e
          s += e
        }
        for (let j = 0; j < n; j++) a[o + j] = (a[o + j] as number) / s
      }
      return
  }
}

/**
 * `g ← ∂C/∂Z` from `g = ∂C/∂A` in place, given `Z` and `A = σ(Z)`: `g ⊙ σ'(Z)`, or for softmax per row
 * `a_j (g_j − Σ_k a_k g_k)`.
 * @internal
 */
export const activationBackward = (
  kind: PlanActivation,
  alpha: number,
  z: Buf,
  a: Buf,
  g: Buf,
  b: number,
  n: number,
): void => {
  const len = b * n
  switch (kind) {
    case 'identity':
      return
    case 'sigmoid':
      for (let i = 0; i < len; i++) {
        const si = a[i] as number
        g[i] = (g[i] as number) * si * (1 - si)
      }
      return
    case 'tanh':
      for (let i = 0; i < len; i++) {
        const ti = a[i] as number
        g[i] = (g[i] as number) * (1 - ti * ti)
      }
      return
    case 'relu':
      for (let i = 0; i < len; i++) g[i] = (z[i] as number) > 0 ? (g[i] as number) : 0
      return
    case 'leakyRelu':
      for (let i = 0; i < len; i++) {
        const gi = g[i] as number
        g[i] = (z[i] as number) > 0 ? gi : alpha * gi
      }
      return
    case 'elu':
      for (let i = 0; i < len; i++) {
        const v = z[i] as number
        g[i] = v > 0 ? (g[i] as number) : (g[i] as number) * alpha * Math.exp(v)
      }
      return
    case 'softmax':
      for (let i = 0; i < b; i++) {
        const o = i * n
        let dot = 0
        for (let j = 0; j < n; j++) dot += (a[o + j] as number) * (g[o + j] as number)
        for (let j = 0; j < n; j++) g[o + j] = (a[o + j] as number) * ((g[o + j] as number) - dot)
      }
      return
  }
}

/** `Σ (a − y)²` over `len` entries, `y` read from `yo` on. */
const squaredError = (a: Buf, y: Buf, yo: number, len: number): number => {
  let s = 0
  for (let i = 0; i < len; i++) {
    const d = (a[i] as number) - (y[yo + i] as number)
    s += d * d
  }
  return s
}

/**
 * The cost `C` of a batch (averaged over its `b ≥ 1` rows), from the output layer's `Z`, `A` and the targets `Y`
 * (rows `yo/n …` of `y`), as `src/nn/cost.ts` computes it for the output activation `act`. With `per` given, the
 * sum is divided by `per` rows instead of `b`: the share of a slice of `b` rows in the mean of a batch of `per`.
 * @internal
 */
export const costValue = (
  cost: PlanCost,
  act: PlanActivation,
  z: Buf,
  a: Buf,
  y: Buf,
  yo: number,
  b: number,
  n: number,
  per: number = b,
): number => {
  const len = b * n
  switch (cost) {
    case 'quadratic':
      return squaredError(a, y, yo, len) / (2 * per)
    case 'mse':
      return squaredError(a, y, yo, len) / (per * n)
    case 'crossEntropy': {
      let s = 0
      if (act === 'softmax') {
        for (let i = 0; i < b; i++) {
          const o = i * n
          let m = -Infinity
          for (let j = 0; j < n; j++) m = Math.max(m, z[o + j] as number)
          let e = 0
          for (let j = 0; j < n; j++) e += Math.exp((z[o + j] as number) - m)
          const lse = m + Math.log(e)
          for (let j = 0; j < n; j++) {
            const yj = y[yo + o + j] as number
            if (yj !== 0) s += yj * (lse - (z[o + j] as number))
          }
        }
      } else {
        for (let i = 0; i < len; i++) {
          const yi = y[yo + i] as number
          if (yi !== 0) s -= yi * Math.log(a[i] as number)
        }
      }
      return s / per
    }
    case 'binaryCrossEntropy': {
      let s = 0
      if (act === 'sigmoid') {
        for (let i = 0; i < len; i++) {
          const v = z[i] as number
          s += Math.max(v, 0) - v * (y[yo + i] as number) + Math.log1p(Math.exp(-Math.abs(v)))
        }
      } else {
        for (let i = 0; i < len; i++) {
          const yi = y[yo + i] as number
          const ai = a[i] as number
          if (yi !== 0) s -= yi * Math.log(ai)
          if (yi !== 1) s -= (1 - yi) * Math.log(1 - ai)
        }
      }
      return s / per
    }
  }
}

/** `d = k(a − y)`, the residual of `src/nn/cost.ts`. */
const residual = (a: Buf, y: Buf, yo: number, k: number, d: Buf, len: number): void => {
  for (let i = 0; i < len; i++) d[i] = k * ((a[i] as number) - (y[yo + i] as number))
}

/**
 * The output error `Δᴸ = ∂C/∂Zᴸ` of the mean cost into `d` (`b ≥ 1` rows), as `cost.delta` computes it: the
 * fused `(a Σy − y)/b` (softmax with cross-entropy) and `(a − y)/b` (sigmoid with binary cross-entropy), else
 * `∂C/∂A` through the activation's backward. With `per` given, the rows are those of a slice of a batch of `per`
 * rows, whose mean the error is of (`1/per` in place of `1/b`).
 * @internal
 */
export const costDelta = (
  cost: PlanCost,
  act: PlanActivation,
  alpha: number,
  z: Buf,
  a: Buf,
  y: Buf,
  yo: number,
  d: Buf,
  b: number,
  n: number,
  per: number = b,
): void => {
  const len = b * n
  switch (cost) {
    case 'quadratic':
      residual(a, y, yo, 1 / per, d, len)
      break
    case 'mse':
      residual(a, y, yo, 2 / (per * n), d, len)
      break
    case 'crossEntropy':
      if (act === 'softmax') {
        for (let i = 0; i < b; i++) {
          const o = i * n
          let t = 0
          for (let j = 0; j < n; j++) t += y[yo + o + j] as number
          for (let j = 0; j < n; j++) d[o + j] = ((a[o + j] as number) * t - (y[yo + o + j] as number)) / per
        }
        return
      } else {
        const k = 1 / per
        for (let i = 0; i < len; i++) {
          const yi = y[yo + i] as number
          d[i] = yi === 0 ? 0 : (-k * yi) / (a[i] as number)
        }
      }
      break
    case 'binaryCrossEntropy':
      if (act === 'sigmoid') {
        residual(a, y, yo, 1 / per, d, len)
        return
      } else {
        const k = 1 / per
        for (let i = 0; i < len; i++) {
          const ai = a[i] as number
          const yi = y[yo + i] as number
          d[i] = k * ((yi !== 1 ? (1 - yi) / (1 - ai) : 0) - (yi !== 0 ? yi / ai : 0))
        }
      }
      break
  }
  activationBackward(act, alpha, z, a, d, b, n)
}

/**
 * The running metrics of an epoch, as `src/train/train.ts` keeps them (the same fields, which that module's
 * `tally` creates).
 * @internal
 */
export interface PlanTally {
  n: number
  loss: number
  correct: number
  sq: number
  shift: Float64Array
  sy: Float64Array
  syy: Float64Array
  sres: Float64Array
}

/**
 * Adds a batch of `b` rows to the tally: its per-example `loss` times `b`, and the correct rows
 * (classification) or the squared errors and the target sums (regression); the `record` of `train.ts` on an
 * output buffer `a` and the target rows from `yo` on.
 * @internal
 */
export const recordBatch = (
  acc: PlanTally,
  a: Buf,
  y: Buf,
  yo: number,
  b: number,
  n: number,
  loss: number,
  classification: boolean,
): void => {
  acc.n += b
  acc.loss += loss * b
  for (let i = 0; i < b; i++) {
    const o = i * n
    const oy = yo + o
    if (classification && n === 1) {
      if (((a[o] as number) >= 0.5 ? 1 : 0) === (y[oy] as number)) acc.correct++
    } else if (classification) {
      let ja = 0
      let jy = 0
      for (let j = 1; j < n; j++) {
        if ((a[o + j] as number) > (a[o + ja] as number)) ja = j
        if ((y[oy + j] as number) > (y[oy + jy] as number)) jy = j
      }
      if (ja === jy) acc.correct++
    } else {
      for (let j = 0; j < n; j++) {
        const yv = y[oy + j] as number
        const d = (a[o + j] as number) - yv
        if (acc.n === b && i === 0) acc.shift[j] = yv
        const yc = yv - (acc.shift[j] as number)
        acc.sq += d * d
        acc.sy[j] = (acc.sy[j] as number) + yc
        acc.syy[j] = (acc.syy[j] as number) + yc * yc
        acc.sres[j] = (acc.sres[j] as number) + d * d
      }
    }
  }
}
