import fc from 'fast-check'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  dynamic,
  type Activation,
  addGradients,
  backStep,
  backward,
  binaryCrossEntropy,
  type Cost,
  type Layer,
  crossEntropy,
  dense,
  denseLayer,
  elu,
  forward,
  fromArray,
  fromArrays,
  gradientCheck,
  gradientMonoid,
  gradients,
  identity,
  init,
  input,
  type Matrix,
  type ParamSet,
  type Shape,
  type Tensor,
  l2Penalty,
  leakyRelu,
  mse,
  quadratic,
  Random,
  relu,
  scale,
  scaleGradients,
  sigmoid,
  softmax,
  tanh,
  tensor,
  toArray,
  toArrays,
  toFlat,
  update,
  validateGradientOptions,
  zeroGradients,
} from 'tensorial'

import { accuracy, trainXor } from '../../examples/03-xor.js'
import { expectClose, unsafeLeft, unsafeRight } from '../util.js'

const sig = (z: number): number => 1 / (1 + Math.exp(-z))

/** Every entry of a parameter or gradient set, layer by layer, in key order. */
const flat = (sets: ReadonlyArray<ParamSet>): Array<number> =>
  sets.flatMap((p) =>
    Object.keys(p)
      .sort()
      .flatMap((k) => toFlat(p[k] as Tensor<Shape>)),
  )

describe('the lecture notes’ 2-2-1 sigmoid example, by hand', () => {
  // Θ: W¹ = [[w11, w12], [w21, w22]] (w_ij joins input i to hidden j), b¹; W² = [[v1], [v2]], b².
  const W1 = [
    [0.15, 0.25],
    [0.2, 0.3],
  ]
  const b1 = [0.35, 0.35]
  const W2 = [[0.4], [0.45]]
  const b2 = [0.6]
  const x = [0.05, 0.1]
  const y = 0.01
  const net = pipe(input(2), dense(2, sigmoid), dense(1, sigmoid))
  const theta = unsafeRight(
    fromArrays(net, [
      { W: W1, b: b1 },
      { W: W2, b: b2 },
    ]),
  )

  // z¹_j = Σ_i w_ij a⁰_i + b¹_j, a¹ = σ(z¹); z² = Σ_j v_j a¹_j + b², a² = σ(z²); C = ½(a² − y)².
  const z1 = [0, 1].map((j) => (W1[0]![j] as number) * x[0]! + (W1[1]![j] as number) * x[1]! + b1[j]!)
  const a1 = z1.map(sig)
  const z2 = W2[0]![0]! * a1[0]! + W2[1]![0]! * a1[1]! + b2[0]!
  const a2 = sig(z2)
  const C = 0.5 * (a2 - y) ** 2
  // δ² = σ'(z²)(a² − y); δ¹_j = (w²_j δ²) σ'(z¹_j); ∂C/∂w_ij = a_i δ_j; ∂C/∂b_j = δ_j.
  const d2 = a2 * (1 - a2) * (a2 - y)
  const d1 = [0, 1].map((j) => W2[j]![0]! * d2 * a1[j]! * (1 - a1[j]!))
  const dW2 = [[a1[0]! * d2], [a1[1]! * d2]]
  const dW1 = [0, 1].map((i) => [0, 1].map((j) => x[i]! * d1[j]!))

  it('forward: z¹, a¹, z², a² agree to 1e-12', () => {
    const tr = forward(net, theta, tensor([x as [number, number]]))
    expectClose(toArray(tr.layers[0].z)[0]!, z1, { rel: 1e-12 })
    expectClose(toArray(tr.layers[0].a)[0]!, a1, { rel: 1e-12 })
    expectClose(toArray(tr.layers[1].z)[0]![0]!, z2, { rel: 1e-12 })
    expectClose(toArray(tr.output)[0]![0]!, a2, { rel: 1e-12 })
  })

  it('backward: C, δ², δ¹, every ∂C/∂w and ∂C/∂b agree to 1e-12', () => {
    const g = gradients(net, theta, tensor([x as [number, number]]), tensor([[y]]), quadratic)
    expectClose(g.cost, C, { rel: 1e-12 })
    expectClose(toArray(g.grads[1].b), [d2], { rel: 1e-12 })
    expectClose(toArray(g.grads[0].b), d1, { rel: 1e-12 })
    expectClose(toArray(g.grads[1].W), dW2, { rel: 1e-12 })
    expectClose(toArray(g.grads[0].W), dW1, { rel: 1e-12 })
  })

  it('update: W ← W − η ∂C/∂W, b ← b − η ∂C/∂b, Θ unchanged', () => {
    const before = JSON.stringify(toArrays(theta))
    const g = gradients(net, theta, tensor([x as [number, number]]), tensor([[y]]), quadratic)
    const next = update(theta, g.grads, 0.5)
    expectClose(toArray(next[1].W), [[0.4 - 0.5 * dW2[0]![0]!], [0.45 - 0.5 * dW2[1]![0]!]], { rel: 1e-12 })
    expectClose(toArray(next[0].b), [0.35 - 0.5 * d1[0]!, 0.35 - 0.5 * d1[1]!], { rel: 1e-12 })
    expect(JSON.stringify(toArrays(theta))).toBe(before)
  })
})

const activations: ReadonlyArray<Activation> = [identity, sigmoid, tanh, relu, leakyRelu(0.1), elu(), softmax]
const costs: ReadonlyArray<Cost> = [quadratic, mse, crossEntropy, binaryCrossEntropy]

/** Targets that suit the cost: one-hot rows for cross-entropy, values in (0, 1) otherwise. */
const targetsFor = (cost: Cost, b: number, n: number, rng: Random.Rng): Matrix<number, number> => {
  const [u] = Random.uniforms(b * n, 0.05, 0.95)(rng)
  if (cost.spec.name === 'crossEntropy') {
    const oneHot = new Float64Array(b * n)
    for (let i = 0; i < b; i++) oneHot[i * n + Math.floor((u[i] as number) * n)] = 1
    return unsafeRight(fromArray(oneHot, [b, n]))
  }
  return unsafeRight(fromArray(u, [b, n]))
}

/** Output activations a cost is defined for (cross-entropies need outputs in (0, 1)). */
const outputsFor = (cost: Cost): ReadonlyArray<Activation> =>
  cost.spec.name === 'crossEntropy'
    ? [softmax, sigmoid]
    : cost.spec.name === 'binaryCrossEntropy'
      ? [sigmoid, softmax]
      : activations

describe('gradient check: analytic gradients against central differences in float64', () => {
  it('random networks of depth 1–5, every activation and every cost, relative error < 1e-6', () => {
    let checked = 0
    let worst = 0
    for (const cost of costs)
      for (const out of outputsFor(cost))
        for (let depth = 1; depth <= 5; depth++) {
          const seed = checked + 1
          let rng = Random.seed(seed)
          const widths = [3, 4, 3, 5, 2].slice(0, depth - 1)
          const hidden = widths.map((w, i) => ({ w, act: activations[(seed + i) % 6] as Activation }))
          // Build the network layer by layer with declared widths.
          const dims = [3, ...hidden.map((h) => h.w), 3]
          const acts = [...hidden.map((h) => h.act), out]
          const layers = acts.map((a, i) => denseLayer(dynamic(dims[i] as number), dynamic(dims[i + 1] as number), a))
          const net = { inputs: 3, outputs: 3, layers }
          const [theta, r1] = init(net)(rng)
          const [xs, r2] = Random.normals(4 * 3)(r1)
          rng = r2
          const x: Matrix<number, number> = unsafeRight(fromArray(xs, [4, 3]))
          const y = targetsFor(cost, 4, 3, rng)
          const report = gradientCheck(net, theta, x, y, cost, { l2: 0.01 })
          for (const r of report) {
            worst = Math.max(worst, r.maxRelativeError)
            expect(
              r.maxRelativeError,
              `${cost.spec.name}/${out.spec.name} depth ${depth} layer ${r.layer} ${r.param}`,
            ).toBeLessThan(1e-6)
          }
          checked++
        }
    // quadratic and mse with 7 outputs each, the cross-entropies with 2 each, 5 depths
    expect(checked).toBe((7 + 7 + 2 + 2) * 5)
    expect(worst).toBeLessThan(1e-6)
  })
})

describe('L2 by hand: a 2-1 identity network, quadratic cost, B = 2 (scikit-learn’s alpha)', () => {
  // Θ: W = [[w1], [w2]], b. a_k = w1 x_k1 + w2 x_k2 + b, c_k = ½(a_k − y_k)².
  const net = pipe(input(2), dense(1, identity))
  const [w1, w2, b] = [0.5, -0.25, 0.1]
  const theta = unsafeRight(fromArrays(net, [{ W: [[w1], [w2]], b: [b] }]))
  const X = [
    [1, 2],
    [-1, 0.5],
  ]
  const Y = [0.3, -0.2]
  const x = tensor(X as [[number, number], [number, number]])
  const y = tensor([[Y[0]!], [Y[1]!]])
  const alpha = 0.4
  // a = [0.5 − 0.5 + 0.1, −0.5 − 0.125 + 0.1] = [0.1, −0.525]; residuals r = a − y = [−0.2, −0.325]
  const r = [-0.2, -0.325]
  const sq = 0.5 * (r[0]! ** 2 + r[1]! ** 2) // Σ c_k = 0.0728125
  const pen = 0.5 * alpha * (w1 * w1 + w2 * w2) // ½α‖W‖² = 0.0625
  const dW1 = r[0]! * X[0]![0]! + r[1]! * X[1]![0]! // Σ r_k x_k1 = 0.125
  const dW2 = r[0]! * X[0]![1]! + r[1]! * X[1]![1]! // Σ r_k x_k2 = −0.5625
  const db = r[0]! + r[1]!

  it('mean: C = (Σc + ½α‖W‖²)/B, ∂C/∂W = (Σ r x + αW)/B, ∂C/∂b = Σr/B', () => {
    const g = gradients(net, theta, x, y, quadratic, { l2: alpha })
    expectClose(g.cost, (sq + pen) / 2, { rel: 1e-14 })
    expectClose(g.cost, 0.06765625, { rel: 1e-14 })
    expectClose(toFlat(g.grads[0].W), [(dW1 + alpha * w1) / 2, (dW2 + alpha * w2) / 2], { rel: 1e-14 })
    expectClose(toFlat(g.grads[0].W), [0.1625, -0.33125], { rel: 1e-14 })
    expectClose(toFlat(g.grads[0].b), [db / 2], { rel: 1e-14 })
  })

  it('sum: C = Σc + ½α‖W‖², ∂C/∂W = Σ r x + αW, ∂C/∂b = Σr', () => {
    const g = gradients(net, theta, x, y, quadratic, { l2: alpha, reduction: 'sum' })
    expectClose(g.cost, sq + pen, { rel: 1e-14 })
    expectClose(toFlat(g.grads[0].W), [dW1 + alpha * w1, dW2 + alpha * w2], { rel: 1e-14 })
    expectClose(toFlat(g.grads[0].b), [db], { rel: 1e-14 })
  })

  it('both reductions pass the gradient check with the penalty', () => {
    for (const reduction of ['mean', 'sum'] as const) {
      const report = gradientCheck(net, theta, x, y, quadratic, { l2: alpha, reduction })
      for (const e of report) expect(e.maxRelativeError, `${reduction} ${e.param}`).toBeLessThan(1e-8)
    }
  })

  it('an empty batch has cost 0 and zero gradients under the mean', () => {
    const x0 = unsafeRight(fromArray([], [0, 2]))
    const y0 = unsafeRight(fromArray([], [0, 1]))
    const g = gradients(net, theta, x0, y0, quadratic, { l2: alpha })
    expect(g.cost).toBe(0)
    expect(flat(g.grads).every((v) => v === 0)).toBe(true)
  })
})

describe('validateGradientOptions', () => {
  it('accepts absent, undefined and valid options', () => {
    expect(unsafeRight(validateGradientOptions({}))).toEqual({})
    expect(unsafeRight(validateGradientOptions({ l2: undefined, reduction: undefined }))).toEqual({})
    expect(unsafeRight(validateGradientOptions({ l2: 0, reduction: 'sum' }))).toEqual({ l2: 0, reduction: 'sum' })
  })

  it.each([
    [{ l2: -0.1 }, 'l2: -0.1 is not allowed (expected a finite number ≥ 0)'],
    [{ l2: NaN }, 'l2: NaN is not allowed (expected a finite number ≥ 0)'],
    [{ l2: Infinity }, 'l2: Infinity is not allowed (expected a finite number ≥ 0)'],
    [{ reduction: 'avg' }, 'reduction: "avg" is not allowed (expected one of mean, sum)'],
    [{ lambda: 0.1 }, 'lambda: 0.1 is not allowed (expected one of the gradient options l2, reduction)'],
  ])('%j is a Left: %s', (o, message) => {
    const e = unsafeLeft(validateGradientOptions(o))
    expect(e._tag).toBe('InvalidConfig')
    expect(e.message).toBe(message)
  })

  it('names fields from a prefix', () => {
    expect(unsafeLeft(validateGradientOptions({ l2: -1 }, 'config')).field).toBe('config.l2')
  })
})

describe('gradientCheck on a deep network with tiny gradient entries', () => {
  // 7 sigmoid layers with halved Xavier weights: the first layers' gradients are around 1e-8.
  const dims = [4, 6, 6, 6, 6, 6, 6, 3] as const
  const build = (first?: Layer<number, number, ParamSet>) => {
    const layers: Array<Layer<number, number, ParamSet>> = dims
      .slice(1)
      .map((d, i) =>
        denseLayer(dynamic(dims[i] as number), dynamic(d as number), i === dims.length - 2 ? identity : sigmoid),
      )
    if (first !== undefined) layers[0] = first
    return { inputs: 4, outputs: 3, layers }
  }
  const net = build()
  const [theta0, r1] = init(net)(Random.seed(5))
  const theta = theta0.map((p) => ({
    ...p,
    W: scale(p['W'] as Tensor<Shape>, 0.5),
  })) as typeof theta0
  const [xs, r2] = Random.normals(8 * 4)(r1)
  const x: Matrix<number, number> = unsafeRight(fromArray(xs, [8, 4]))
  const [ys] = Random.uniforms(8 * 3)(r2)
  const y: Matrix<number, number> = unsafeRight(fromArray(ys, [8, 3]))

  it('has entries below 1e-7, and reports < 1e-6 (the old measure reported about 1e-4 here)', () => {
    const g = gradients(net, theta, x, y, mse)
    expect(Math.min(...flat(g.grads).map(Math.abs))).toBeLessThan(1e-7)
    for (const opts of [{}, { l2: 0.01 }, { l2: 0.01, reduction: 'sum' as const }]) {
      const report = gradientCheck(net, theta, x, y, mse, opts)
      expect(report).toHaveLength(14)
      for (const e of report) expect(e.maxRelativeError, `layer ${e.layer} ${e.param}`).toBeLessThan(1e-6)
    }
  })

  it('still fails a deliberately wrong backward, even in the layer with the tiniest gradients', () => {
    const good = net.layers[0] as Layer<number, number, ParamSet>
    // The bug: the first layer reports twice its weight gradient.
    const wrong: Layer<number, number, ParamSet> = {
      ...good,
      backward: (p, a, d) => {
        const r = good.backward(p, a, d)
        const W = r.grads['W'] as Tensor<Shape>
        return {
          ...r,
          grads: {
            ...r.grads,
            W: scale(W, 2),
          },
        }
      },
    }
    const report = gradientCheck(build(wrong), theta, x, y, mse)
    const first = report.find((e) => e.layer === 1 && e.param === 'W')!
    expect(first.maxRelativeError).toBeGreaterThan(1e-4)
    for (const e of report.filter((e) => e !== first)) expect(e.maxRelativeError).toBeLessThan(1e-6)
  })
})

describe('backward', () => {
  const net = pipe(input(3), dense(4, tanh), dense(2, sigmoid))
  const [theta, rng] = init(net)(Random.seed(3))
  const [xs] = Random.normals(5 * 3)(rng)
  const x = unsafeRight(fromArray(xs, [5, 3]))
  const y = tensor([
    [0, 1],
    [1, 0],
    [0.5, 0.5],
    [1, 1],
    [0, 0],
  ])

  it('is index-aligned with the layers and has the shapes of Θ', () => {
    const { grads } = gradients(net, theta, x, y, mse)
    expect(grads.map((g) => [g.W.shape, g.b.shape])).toEqual([
      [[3, 4], [4]],
      [[4, 2], [2]],
    ])
  })

  it('the batch gradient is the mean of per-example gradients (costs average over the batch)', () => {
    const whole = gradients(net, theta, x, y, quadratic).grads
    const rows = toArray(x).map((r, i) => ({
      x: tensor([r as [number, number, number]]),
      y: tensor([toArray(y)[i] as [number, number]]),
    }))
    const sum = rows.map((r) => gradients(net, theta, r.x, r.y, quadratic).grads).reduce((a, b) => addGradients(a, b))
    const mean = scaleGradients(sum, 1 / rows.length)
    expectClose(flat(whole), flat(mean), { rel: 1e-12, abs: 1e-15 })
  })

  it("backStep computes Δˡ⁻¹ = (Δˡ Wˡᵀ) ⊙ σ'(Zˡ⁻¹)", () => {
    const tr = forward(net, theta, x)
    const delta = tr.layers[1].a
    const step = backStep(net.layers[1], theta[1], tr.layers[0].a, delta, { z: tr.layers[0].z, activation: tanh })
    const dW = toArray(delta).map((row) =>
      toArray(theta[1].W).map((wrow) => wrow.reduce((s, w, j) => s + w * row[j]!, 0)),
    )
    const want = dW.map((row, i) => row.map((v, j) => v * (1 - toArray(tr.layers[0].a)[i]![j]! ** 2)))
    expectClose(toArray(step.deltaPrev!), want, { rel: 1e-12 })
  })

  it('backward from an explicit Δᴸ equals gradients with the fused cost', () => {
    const tr = forward(net, theta, x)
    const deltaL = binaryCrossEntropy.delta(tr.layers[1].z, tr.layers[1].a, y, sigmoid)
    const a = backward(net, theta, tr, deltaL)
    const b = gradients(net, theta, x, y, binaryCrossEntropy).grads
    expect(toArrays(a)).toEqual(toArrays(b))
  })

  it('L2 adds R·(α/2)Σ‖W‖² to the cost and R·αW to the weight gradients only (R = 1/B for the mean)', () => {
    const alpha = 0.3
    const B = 5
    const plain = gradients(net, theta, x, y, mse)
    const reg = gradients(net, theta, x, y, mse, { l2: alpha })
    const w2 = toFlat(theta[0].W).reduce((s, w) => s + w * w, 0) + toFlat(theta[1].W).reduce((s, w) => s + w * w, 0)
    expectClose(l2Penalty(net, theta, alpha), (alpha / 2) * w2, { rel: 1e-14 })
    expectClose(reg.cost, plain.cost + ((alpha / 2) * w2) / B, { rel: 1e-14 })
    expectClose(
      toFlat(reg.grads[0].W),
      toFlat(plain.grads[0].W).map((g, i) => g + (alpha * toFlat(theta[0].W)[i]!) / B),
      { rel: 1e-13 },
    )
    expect(toFlat(reg.grads[0].b)).toEqual(toFlat(plain.grads[0].b))
    expect(toFlat(reg.grads[1].b)).toEqual(toFlat(plain.grads[1].b))
  })

  it('reduction sum: the cost and every gradient are B times the mean’s, the penalty added once', () => {
    const alpha = 0.3
    const mean = gradients(net, theta, x, y, crossEntropy, { l2: alpha })
    const sum = gradients(net, theta, x, y, crossEntropy, { l2: alpha, reduction: 'sum' })
    expectClose(sum.cost, 5 * mean.cost, { rel: 1e-13 })
    expectClose(
      flat(sum.grads),
      flat(mean.grads).map((g) => 5 * g),
      { rel: 1e-12, abs: 1e-15 },
    )
    expect(gradients(net, theta, x, y, mse, { reduction: 'mean' }).cost).toBe(gradients(net, theta, x, y, mse).cost)
  })

  it('never mutates Θ, x or y', () => {
    const snap = JSON.stringify([toArrays(theta), toArray(x), toArray(y)])
    const { grads } = gradients(net, theta, x, y, crossEntropy, { l2: 0.1 })
    update(theta, grads, 0.1)
    expect(JSON.stringify([toArrays(theta), toArray(x), toArray(y)])).toBe(snap)
  })
})

describe('the gradient-set monoid', () => {
  const net = pipe(input(2), dense(3, relu), dense(2, identity))
  const M = gradientMonoid(net)
  const arbSet = fc.integer({ min: 1, max: 1_000_000 }).map((s) => init(net)(Random.seed(s))[0])
  const close = (a: typeof M.empty, b: typeof M.empty) => expectClose(flat(a), flat(b), { rel: 1e-12, abs: 1e-15 })

  it('empty is the identity and concat is associative and commutative', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbSet, (a, b, c) => {
        close(M.concat(M.empty, a), a)
        close(M.concat(a, M.empty), a)
        close(M.concat(M.concat(a, b), c), M.concat(a, M.concat(b, c)))
        close(M.concat(a, b), M.concat(b, a))
      }),
      { numRuns: 50 },
    )
  })

  it('scale distributes over concat, and zeroGradients has the shapes of Θ', () => {
    fc.assert(
      fc.property(arbSet, arbSet, fc.double({ min: -10, max: 10, noNaN: true }), (a, b, k) => {
        close(scaleGradients(M.concat(a, b), k), M.concat(scaleGradients(a, k), scaleGradients(b, k)))
      }),
      { numRuns: 50 },
    )
    expect(zeroGradients(net).map((p) => [p.W.shape, p.b.shape])).toEqual([
      [[2, 3], [3]],
      [[3, 2], [2]],
    ])
  })
})

describe('XOR', () => {
  it('a 2-4-1 network learns XOR from a fixed seed to 100 % accuracy', () => {
    const { theta, history } = trainXor(42, 2000, 0.5)
    expect(accuracy(theta)).toBe(1)
    expect(history[history.length - 1]!).toBeLessThan(0.01)
    expect(history[history.length - 1]!).toBeLessThan(history[0]!)
  })

  it('the same seed gives a bit-identical model', () => {
    expect(toArrays(trainXor(7, 200, 0.5).theta)).toEqual(toArrays(trainXor(7, 200, 0.5).theta))
  })
})
