/**
 * The optimizer's rule on a tensor held in WebAssembly module memory (a plan's module arena): `elementwise.wat`'s
 * SIMD loop of the rule over the pairs of entries and `worker-update.ts`'s `applyRule` on an odd last one; the
 * same operations in the same order as `applyRule` on every entry, so the same bits, two entries at a time:
 *
 * - sgd: `θ ← keep·θ − η·g`; momentum: `v ← γv + g`, `θ ← keep·θ − η·v` (Nesterov: `− η·(g + γv)`);
 * - adagrad: `r ← r + g²`; rmsprop: `r ← ρr + (1 − ρ)g²`; both `θ ← keep·θ − ηg/(√r + ε)`;
 * - adam: `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, `θ ← keep·θ − η(m/c₁)/(√(v/c₂) + ε)`,
 *   `cᵢ = 1 − βᵢᵗ`;
 *
 * with `keep = 1 − ηλ` for a decayed tensor (weight decay λ; biases only with `decayBiases`).
 *
 * @internal
 * @since 0.2.0
 */
import type { WasmElementwise } from './kernels.js'
import type { OptimizerSpec } from '../train/optimizer.js'
import type { UpdateTensor } from './worker-update.js'
import { applyRule, keepOf, shareRange, updateRange } from './worker-update.js'
import { LOOP_MIN } from './worker-step.js'

type Buf = Float64Array | Float32Array

/**
 * The rule on every entry of `w` (views of module memory: gradient `g`, the optimizer's `slots`), with the loops
 * of `w`'s precision: 0 when every new entry is finite as stored, else `NaN` (as `applyRule`).
 * @internal
 */
export const applyRuleInModule = (
  loops: WasmElementwise,
  spec: OptimizerSpec,
  t: number,
  eta: number,
  matrix: boolean,
  w: Buf,
  g: Buf,
  slots: ReadonlyArray<Buf>,
): number => {
  const len = w.length
  const pairs = len >> 1
  const keep = keepOf(spec, eta, matrix)
  const wa = w.byteOffset
  const ga = g.byteOffset
  const s0 = slots[0]?.byteOffset ?? 0
  const s1 = slots[1]?.byteOffset ?? 0
  let f: number
  switch (spec.name) {
    case 'sgd':
      f = loops.sgd(wa, ga, pairs, keep, eta)
      break
    case 'momentum':
      f = loops.momentum(wa, ga, s0, pairs, keep, eta, spec.gamma, spec.nesterov ? 1 : 0)
      break
    case 'adagrad':
      f = loops.rms(wa, ga, s0, pairs, keep, eta, 0, 0, spec.epsilon, 1)
      break
    case 'rmsprop':
      f = loops.rms(wa, ga, s0, pairs, keep, eta, spec.rho, 1 - spec.rho, spec.epsilon, 0)
      break
    case 'adam': {
      const { beta1, beta2, epsilon } = spec
      const c1 = 1 - beta1 ** t
      const c2 = 1 - beta2 ** t
      f = loops.adam(wa, ga, s0, s1, pairs, keep, eta, beta1, 1 - beta1, beta2, 1 - beta2, c1, c2, epsilon)
      break
    }
  }
  const tail = (len & 1) === 1 ? applyRule(spec, t, eta, matrix, w, g, slots, len - 1, len) : 0
  return f === 0 && tail === 0 ? 0 : NaN
}

/**
 * The L2 term of a matrix's gradient in place, `g = 1·g + λ·w` (the JavaScript loop's operations): with `loops`
 * (`g` and `w` views of module memory) and at least 16 entries, `elementwise.wat`'s `l2` over the pairs and an
 * odd last entry here; otherwise every entry here. The same bits either way.
 * @internal
 */
export const addL2 = (loops: WasmElementwise | undefined, g: Buf, w: Buf, lam: number): void => {
  const len = g.length
  let from = 0
  if (loops !== undefined && len >= LOOP_MIN) {
    loops.l2(g.byteOffset, w.byteOffset, len >> 1, lam)
    from = len & ~1
  }
  for (let i = from; i < len; i++) g[i] = 1 * (g[i] as number) + lam * (w[i] as number)
}

/**
 * `worker-update.ts`'s `updateShare` on tensors held in a shared module arena: on thread `k`'s range of each
 * tensor, `G = G₀ + G₁ + …` in slice order (`accum`), the L2 term (`l2`, an odd last entry in JavaScript) and the
 * rule ({@link applyRuleInModule}), the same operations in the same order, so the same bits; ranges of fewer
 * than 16 entries go through `updateRange`. Writes, per tensor, 0 or `NaN` into `out` from `outOff`.
 * @internal
 */
export const updateShareInModule = (
  loops: WasmElementwise,
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
  for (let j = 0; j < tensors.length; j++) {
    const x = tensors[j] as UpdateTensor
    const [from, to] = shareRange(x.w.length, used, k)
    const len = to - from
    if (len < LOOP_MIN) {
      out[outOff + j] = updateRange(spec, t, eta, lam, l2, x, used, k)
      continue
    }
    const e = x.w.BYTES_PER_ELEMENT
    const g = x.g.subarray(from, to)
    const w = x.w.subarray(from, to)
    for (let s = 1; s < used; s++) loops.accum(g.byteOffset, (x.others[s - 1] as Buf).byteOffset + from * e, len)
    if (l2 && x.matrix) addL2(loops, g, w, lam)
    const slots = x.slots.map((s) => s.subarray(from, to))
    out[outOff + j] = applyRuleInModule(loops, spec, t, eta, x.matrix, w, g, slots)
  }
}
