/**
 * The optimizer's rule of the compiled training plan on a range of a tensor's entries, in place: `θ ← keep·θ −
 * η·u(g, slots)` (`optimizer.ts`'s `rule`, reading each entry before writing it), with `keep = 1 − ηλ` for a
 * decayed tensor. The plan's one-thread step runs it on every entry of each tensor; on workers each thread runs
 * it on its own range of every tensor (after reducing `G = G₀ + G₁ + …` there), and the entries are
 * independent, so the result is the same whichever thread computes which range.
 *
 * @internal
 * @since 0.2.0
 */
import type { OptimizerSpec } from '../train/optimizer.js'

type Buf = Float64Array | Float32Array

/**
 * The factor `keep` of `θ ← keep·θ − η·u`: `1 − ηλ` for a tensor under weight decay λ (a matrix, or a bias with
 * `decayBiases`), else 1.
 * @internal
 */
export const keepOf = (spec: OptimizerSpec, eta: number, matrix: boolean): number =>
  spec.weightDecay !== 0 && (spec.decayBiases || matrix) ? 1 - eta * spec.weightDecay : 1

/**
 * The rule on entries `from … to − 1` of `w` (gradient `g`, the optimizer's `slots`): 0 when every new entry is
 * finite as stored (a float32 store overflows where the float64 value does not), else `NaN`.
 * @internal
 */
export const applyRule = (
  spec: OptimizerSpec,
  t: number,
  eta: number,
  matrix: boolean,
  w: Buf,
  g: Buf,
  slots: ReadonlyArray<Buf>,
  from: number,
  to: number,
): number => {
  const keep = keepOf(spec, eta, matrix)
  let f = 0
  switch (spec.name) {
    case 'sgd':
      for (let i = from; i < to; i++) {
        const th = keep * (w[i] as number) - eta * (g[i] as number)
        w[i] = th
        f += (w[i] as number) * 0
      }
      break
    case 'momentum': {
      const v0 = slots[0] as Buf
      const gamma = spec.gamma
      if (spec.nesterov)
        for (let i = from; i < to; i++) {
          const gi = g[i] as number
          const v = gamma * (v0[i] as number) + gi
          v0[i] = v
          const th = keep * (w[i] as number) - eta * (gi + gamma * v)
          w[i] = th
          f += (w[i] as number) * 0
        }
      else
        for (let i = from; i < to; i++) {
          const v = gamma * (v0[i] as number) + (g[i] as number)
          v0[i] = v
          const th = keep * (w[i] as number) - eta * v
          w[i] = th
          f += (w[i] as number) * 0
        }
      break
    }
    case 'adagrad': {
      const r0 = slots[0] as Buf
      const eps = spec.epsilon
      for (let i = from; i < to; i++) {
        const gi = g[i] as number
        const r = (r0[i] as number) + gi * gi
        r0[i] = r
        const th = keep * (w[i] as number) - (eta * gi) / (Math.sqrt(r) + eps)
        w[i] = th
        f += (w[i] as number) * 0
      }
      break
    }
    case 'rmsprop': {
      const r0 = slots[0] as Buf
      const rho = spec.rho
      const eps = spec.epsilon
      for (let i = from; i < to; i++) {
        const gi = g[i] as number
        const r = rho * (r0[i] as number) + (1 - rho) * gi * gi
        r0[i] = r
        const th = keep * (w[i] as number) - (eta * gi) / (Math.sqrt(r) + eps)
        w[i] = th
        f += (w[i] as number) * 0
      }
      break
    }
    case 'adam': {
      const m0 = slots[0] as Buf
      const v0 = slots[1] as Buf
      const { beta1, beta2, epsilon } = spec
      const c1 = 1 - beta1 ** t
      const c2 = 1 - beta2 ** t
      for (let i = from; i < to; i++) {
        const gi = g[i] as number
        const m = beta1 * (m0[i] as number) + (1 - beta1) * gi
        const v = beta2 * (v0[i] as number) + (1 - beta2) * gi * gi
        m0[i] = m
        v0[i] = v
        const th = keep * (w[i] as number) - (eta * (m / c1)) / (Math.sqrt(v / c2) + epsilon)
        w[i] = th
        f += (w[i] as number) * 0
      }
      break
    }
  }
  return f === 0 ? 0 : NaN
}

/**
 * A tensor of the update as a thread sees it: `θ`, the reduced gradient `G` (slice 0's buffer, which the sum is
 * stored into), the other slices' gradients `G₁, G₂, …` and the optimizer's slots.
 * @internal
 */
export interface UpdateTensor {
  readonly matrix: boolean
  readonly w: Buf
  readonly g: Buf
  readonly others: ReadonlyArray<Buf>
  readonly slots: ReadonlyArray<Buf>
}

/**
 * Thread `k`'s share of `used` of an update: on entries `⌊k·n/used⌋ … ⌊(k+1)·n/used⌋ − 1` of each tensor,
 * `G = G₀ + G₁ + … + G_{used−1}` (in slice order), `G = 1·G + λ_{L2}·W` for a matrix when `l2`, then the
 * rule. Writes, per tensor, 0 or `NaN` (a non-finite entry) into `out` from `outOff`.
 * @internal
 */
export const updateShare = (
  spec: OptimizerSpec,
  t: number,
  eta: number,
  lam: number,
  l2: boolean,
  tensors: ReadonlyArray<UpdateTensor>,
  used: number,
  k: number,
  out: Float64Array,
  outOff: number,
): void => {
  for (let j = 0; j < tensors.length; j++)
    out[outOff + j] = updateRange(spec, t, eta, lam, l2, tensors[j] as UpdateTensor, used, k)
}

/**
 * {@link updateShare} on one tensor `x`: its entries `from … to − 1` of thread `k`'s share, where `from` and `to`
 * are {@link shareRange}'s. Returns 0 or `NaN`.
 * @internal
 */
export const updateRange = (
  spec: OptimizerSpec,
  t: number,
  eta: number,
  lam: number,
  l2: boolean,
  x: UpdateTensor,
  used: number,
  k: number,
): number => {
  const [from, to] = shareRange(x.w.length, used, k)
  const g = x.g
  for (let s = 1; s < used; s++) {
    const o = x.others[s - 1] as Buf
    for (let i = from; i < to; i++) g[i] = (g[i] as number) + (o[i] as number)
  }
  if (l2 && x.matrix) {
    const w = x.w
    for (let i = from; i < to; i++) g[i] = 1 * (g[i] as number) + lam * (w[i] as number)
  }
  return applyRule(spec, t, eta, x.matrix, x.w, g, x.slots, from, to)
}

/**
 * Thread `k`'s range of `used` of a tensor of `n` entries: `[⌊k·n/used⌋, ⌊(k+1)·n/used⌋)`.
 * @internal
 */
export const shareRange = (n: number, used: number, k: number): readonly [number, number] => [
  Math.floor((k * n) / used),
  Math.floor(((k + 1) * n) / used),
]
