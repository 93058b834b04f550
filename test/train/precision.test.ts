/**
 * `precision: 'f32'`: the compiled plan in a float32 arena (src/train/plan.ts) against the float64 run of the
 * same seed. Tolerances: the loss after a few epochs within 1e-6 relative (measured ≤ 3e-8); one step's gradient within 1e-5 of
 * its largest entry (measured 1.4e-7) (against float64 `gradients` at the same float32-rounded Θ); MNIST accuracy within one
 * percentage point. Plus: every optimizer, purity, float32-representable results, determinism, and the
 * `InvalidConfig` cases.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import type { Dataset as DS } from 'tensorial'
import {
  addBias,
  crossEntropy,
  Dataset,
  defineLayer,
  evaluate,
  fill,
  fromArray,
  gradients,
  identity,
  type Matrix,
  mse,
  Optim,
  quadratic,
  Random,
  relu,
  sigmoid,
  softmax,
  sumRows,
  tanh,
  type Activation,
  type Cost,
  type Optimizer,
  type TrainResult,
  type Vector,
} from 'tensorial'

import { loadMnist, MNIST_CLASSES, MNIST_PIXELS } from '../../examples/data/mnist.js'
import { setPlanEnabled } from '../../src/train/plan.js'
import { unsafeRight } from '../util.js'
import { type AnyNet, type Config, denseNet as net, initAny, type Outcome, type Ps, trainAny } from './untyped.js'

const gradientsAny = gradients as unknown as (
  net: AnyNet,
  theta: Ps,
  x: unknown,
  y: unknown,
  cost: Cost,
) => { readonly cost: number; readonly grads: Ps }

/** `n` deterministic examples: `f` features in [-1, 1], one-hot targets of `t` classes from a fixed rule. */
const problem = (n: number, f: number, t: number): DS.Dataset<number, number> => {
  let s = 12345
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return (2 * s) / 2147483648 - 1
  }
  const x: Array<number> = []
  const y: Array<number> = []
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: f }, next)
    x.push(...row)
    const score = row.reduce((a, v, j) => a + v * (j + 1), 0)
    const c = Math.min(t - 1, Math.floor(((Math.tanh(score) + 1) / 2) * t))
    for (let j = 0; j < t; j++) y.push(j === c ? 1 : 0)
  }
  return unsafeRight(
    Dataset.dataset(unsafeRight(fromArray(x, [n, f])), unsafeRight(fromArray(y, [n, t]))),
  ) as DS.Dataset<number, number>
}

const small = net(6, [
  [16, tanh],
  [8, sigmoid],
  [3, softmax],
])
const ds = problem(96, 6, 3)
const config = (optimizer: Optimizer, precision?: 'f64' | 'f32'): Config => ({
  cost: crossEntropy,
  optimizer,
  epochs: 4,
  batchSize: 16,
  task: 'classification',
  ...(precision === undefined ? {} : { precision }),
})

const right = (o: Outcome): TrainResult<Ps> => {
  const r = o[0]
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const tensors = (ps: Ps): ReadonlyArray<{ readonly shape: ReadonlyArray<number>; readonly data: ArrayLike<number> }> =>
  ps.flatMap((p) => Object.values(p))

const values = (ps: Ps): ReadonlyArray<number> => tensors(ps).flatMap((t) => Array.from(t.data))

const optimizers: ReadonlyArray<readonly [string, Optimizer]> = [
  ['sgd', Optim.sgd(0.1)],
  ['momentum', Optim.momentum({ eta: 0.05, gamma: 0.9 })],
  ['nesterov', Optim.momentum({ eta: 0.05, gamma: 0.9, nesterov: true })],
  ['adagrad', Optim.adagrad({ eta: 0.05 })],
  ['rmsprop', Optim.rmsprop({ eta: 0.005 })],
  ['adam', Optim.adam({ eta: 0.005 })],
  ['adam + weight decay', Optim.adam({ eta: 0.005, weightDecay: 0.01 })],
]

describe("train with precision: 'f32'", () => {
  const [theta0] = initAny(small)(Random.seed(7))

  it('ends a few epochs within 1e-6 relative of the float64 loss, for every optimizer', () => {
    for (const [name, opt] of optimizers) {
      const a = right(trainAny(small, theta0, ds, config(opt, 'f64'))(Random.seed(3)))
      const b = right(trainAny(small, theta0, ds, config(opt, 'f32'))(Random.seed(3)))
      expect(b.history.length, name).toBe(4)
      expect(b.optimizerState.t, name).toBe(a.optimizerState.t)
      const la = a.history.at(-1)?.train.loss as number
      const lb = b.history.at(-1)?.train.loss as number
      expect(Math.abs(lb - la) / la, name).toBeLessThan(1e-6)
      // and it did train: the loss fell from epoch 1
      expect(lb, name).toBeLessThan(b.history[0]?.train.loss as number)
    }
  })

  const wide = net(32, [
    [32, relu],
    [4, softmax],
  ])
  for (const [name, nw, d] of [
    ['6-16-8-3 (small products: float64 sums rounded once)', small, ds],
    ['32-32-4 on 96 rows (the f32 WebAssembly kernels)', wide, problem(96, 32, 4)],
  ] as const)
    it(`takes one step whose gradient is within 1e-5 of the largest entry of the float64 gradient: ${name}`, () => {
      const [t0] = initAny(nw)(Random.seed(7))
      // one full-batch SGD step with a large η: g = (Θ₀ − Θ₁)/η, Θ₀ rounded to float32 first
      const eta = 1000
      const theta32 = t0.map((p) =>
        Object.fromEntries(
          Object.entries(p).map(([k, t]) => [
            k,
            unsafeRight(fromArray(Array.from(Float32Array.from(t.data)), t.shape as [number])),
          ]),
        ),
      ) as unknown as Ps
      const one: Config = { ...config(Optim.sgd(eta), 'f32'), epochs: 1, batchSize: 96, shuffle: false }
      const r = right(trainAny(nw, theta32, d, one)(Random.seed(3)))
      const g64 = values(gradientsAny(nw, theta32, d.x, d.y, crossEntropy).grads)
      const before = values(theta32)
      const after = values(r.theta)
      const g32 = before.map((v, i) => (v - (after[i] as number)) / eta)
      const max = Math.max(...g64.map(Math.abs))
      expect(max).toBeGreaterThan(1e-3)
      let worst = 0
      for (let i = 0; i < g64.length; i++) worst = Math.max(worst, Math.abs((g32[i] as number) - (g64[i] as number)))
      expect(worst / max).toBeLessThan(1e-5)
      expect(worst).toBeGreaterThan(0) // float32, not float64
    })

  it('returns float64 tensors of float32 values (Θ and the optimizer state), and never writes its inputs', () => {
    const xs = Array.from(ds.x.data)
    const ys = Array.from(ds.y.data)
    const th = values(theta0)
    const r = right(trainAny(small, theta0, ds, config(Optim.adam({ eta: 0.005 }), 'f32'))(Random.seed(3)))
    expect(Array.from(ds.x.data)).toStrictEqual(xs)
    expect(Array.from(ds.y.data)).toStrictEqual(ys)
    expect(values(theta0)).toStrictEqual(th)
    const out = [...tensors(r.theta), ...r.optimizerState.slots.flatMap((s) => tensors(s))]
    expect(out.length).toBe(6 * 3)
    for (const t of out) {
      expect(t.data).toBeInstanceOf(Float64Array)
      for (const v of Array.from(t.data)) expect(Math.fround(v)).toBe(v)
    }
    // shapes as Θ's
    expect(tensors(r.theta).map((t) => t.shape)).toStrictEqual(tensors(theta0).map((t) => t.shape))
    // not the float64 values: rounding happened
    const a = right(trainAny(small, theta0, ds, config(Optim.adam({ eta: 0.005 }), 'f64'))(Random.seed(3)))
    expect(values(a.theta).some((v) => Math.fround(v) !== v)).toBe(true)
  })

  it('is deterministic: the same seed gives the same bits, in a regression too', () => {
    const reg = net(6, [
      [12, relu],
      [2, identity],
    ])
    const [t0] = initAny(reg)(Random.seed(2))
    const dr = problem(40, 6, 2)
    const c: Config = {
      cost: mse,
      optimizer: Optim.momentum({ eta: 0.05, gamma: 0.9 }),
      epochs: 3,
      batchSize: 7,
      task: 'regression',
      precision: 'f32',
      l2: 0.01,
    }
    const a = right(trainAny(reg, t0, dr, c)(Random.seed(5)))
    const b = right(trainAny(reg, t0, dr, c)(Random.seed(5)))
    expect(values(a.theta)).toStrictEqual(values(b.theta))
    expect(a.history).toStrictEqual(b.history)
    expect(a.history[0]?.train.r2).toBeTypeOf('number')
    // a batch of one takes the float32 kernels too
    const one = right(trainAny(reg, t0, dr, { ...c, batchSize: 1, epochs: 1 })(Random.seed(5)))
    for (const v of values(one.theta)) expect(Math.fround(v)).toBe(v)
  })

  it('reports a parameter that overflows float32 as Diverged, where float64 still holds it', () => {
    const lin = net(6, [[2, identity]])
    const [t0] = initAny(lin)(Random.seed(4))
    const dr = problem(8, 6, 2)
    // one step of η = 1e40: some |η g| lies in (3.5e38, 1e300), finite in float64 only
    const c: Config = { cost: mse, optimizer: Optim.sgd(1e40), epochs: 1, batchSize: 8, task: 'regression' }
    const a = right(trainAny(lin, t0, dr, c)(Random.seed(5)))
    expect(values(a.theta).some((v) => Math.abs(v) > 3.5e38 && Number.isFinite(v))).toBe(true)
    const [b] = trainAny(lin, t0, dr, { ...c, precision: 'f32' })(Random.seed(5))
    expect(E.isLeft(b) && b.left._tag === 'Diverged' && b.left.layer === 1).toBe(true)
  })

  it('keeps the float64 default: no precision and "f64" give the same bits', () => {
    const a = right(trainAny(small, theta0, ds, config(Optim.sgd(0.1)))(Random.seed(3)))
    const b = right(trainAny(small, theta0, ds, config(Optim.sgd(0.1), 'f64'))(Random.seed(3)))
    expect(values(a.theta)).toStrictEqual(values(b.theta))
  })

  it('runs in float32 even with plans switched off (there is no float32 reference path)', () => {
    const was = setPlanEnabled(false)
    try {
      const r = right(trainAny(small, theta0, ds, config(Optim.sgd(0.1), 'f32'))(Random.seed(3)))
      for (const v of values(r.theta)) expect(Math.fround(v)).toBe(v)
    } finally {
      setPlanEnabled(was)
    }
  })

  it('is an InvalidConfig naming precision for any other value', () => {
    for (const p of ['f16', 'float32', 32, null, true]) {
      const [r] = trainAny(small, theta0, ds, { ...config(Optim.sgd(0.1)), precision: p as never })(Random.seed(3))
      expect(E.isLeft(r)).toBe(true)
      if (E.isLeft(r)) {
        expect(r.left._tag).toBe('InvalidConfig')
        expect(r.left.message).toMatch(/^precision: .* is not allowed \(expected 'f64' or 'f32'\)$/)
      }
    }
  })

  it('is an InvalidConfig for a layer that is not dense, a custom activation or a custom cost', () => {
    type Shift = { readonly c: Vector<2> }
    const shift = defineLayer({
      kind: 'shift',
      inputs: 2,
      outputs: 2,
      activation: identity,
      shapes: { c: [2] },
      regularized: [],
      spec: { kind: 'shift', inputs: 2, outputs: 2, activation: identity.spec },
      init: (rng: Random.Rng) => [{ c: fill([2], 0.5) }, rng] as const,
      forward: <B extends number>(p: Shift, x: Matrix<B, 2>): Matrix<B, 2> => addBias(x, p.c),
      backward: <B extends number>(_p: Shift, _x: Matrix<B, 2>, delta: Matrix<B, 2>) => ({
        grads: { c: sumRows(delta) },
        dx: () => delta,
      }),
    })
    const mixed: AnyNet = { inputs: 2, outputs: 1, layers: [shift, ...net(2, [[1, sigmoid]]).layers] }
    const custom: Activation = { ...sigmoid, spec: { name: 'mySigmoid' } as never }
    const customCost: Cost = { ...quadratic, spec: { name: 'myQuadratic' } as never }
    const plainNet = net(2, [[1, sigmoid]])
    const xor = problem(8, 2, 1)
    for (const [nw, cost] of [
      [mixed, quadratic],
      [net(2, [[1, custom]]), quadratic],
      [plainNet, customCost],
    ] as const) {
      const [theta] = initAny(nw)(Random.seed(1))
      const base: Config = { cost, optimizer: Optim.sgd(0.1), epochs: 2, batchSize: 2, task: 'regression' }
      expect(E.isRight(trainAny(nw, theta, xor, base)(Random.seed(1))[0])).toBe(true)
      const [r] = trainAny(nw, theta, xor, { ...base, precision: 'f32' })(Random.seed(1))
      expect(E.isLeft(r)).toBe(true)
      if (E.isLeft(r)) {
        expect(r.left._tag).toBe('InvalidConfig')
        expect(r.left.message).toContain(
          "precision: 'f32' needs a network of dense layers with built-in activations and cost",
        )
        expect((r.left as { readonly field?: string }).field).toBe('precision')
      }
    }
  })

  it('trains MNIST (4,000 digits, 784-64-10, 3 epochs) to the float64 accuracy within one percentage point', () => {
    const mnist = loadMnist()
    const count = 5000
    const x = unsafeRight(fromArray(mnist.images.subarray(0, count * MNIST_PIXELS), [count, MNIST_PIXELS]))
    const y = unsafeRight(Dataset.oneHot(Array.from(mnist.labels.subarray(0, count)), MNIST_CLASSES))
    const all = unsafeRight(Dataset.dataset(x, y))
    const [split, rng1] = Dataset.stratifiedSplit(all, 0.2)(Random.seed(11))
    const [trainSet, testSet] = unsafeRight(split)
    const mn = net(MNIST_PIXELS, [
      [64, sigmoid],
      [MNIST_CLASSES, softmax],
    ])
    const [t0, rng2] = initAny(mn)(rng1)
    const c: Config = {
      cost: crossEntropy,
      optimizer: Optim.sgd(0.5),
      epochs: 3,
      batchSize: 32,
      task: 'classification',
    }
    const acc = (precision: 'f64' | 'f32'): number => {
      const r = right(trainAny(mn, t0, trainSet as never, { ...c, precision })(rng2))
      return evaluate(mn as never, r.theta as never, testSet, crossEntropy, 'classification').accuracy as number
    }
    const a64 = acc('f64')
    const a32 = acc('f32')
    expect(a64).toBeGreaterThan(0.8)
    expect(Math.abs(a32 - a64)).toBeLessThanOrEqual(0.01)
  })
})
