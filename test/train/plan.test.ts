/**
 * The compiled training plan (src/train/plan.ts) against the reference path (forced with `setPlanEnabled(false)`):
 * the same Θ, optimizer state, history, stop reason, errors and generator, bit for bit, for every built-in
 * activation, cost and optimizer with their options, and the reference path for anything else.
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'

import {
  addBias,
  binaryCrossEntropy,
  crossEntropy,
  defineLayer,
  elu,
  fill,
  identity,
  leakyRelu,
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
  type TrainError,
  type Vector,
} from 'tensorial'

import { plansCompiled, setPlanEnabled } from '../../src/train/plan.js'
import { data, dataFor, optimizersOver, plain } from './helpers.js'
import { type AnyNet, type Config, denseNet as net, initAny, type Ps, trainAny, trainAsyncAny } from './untyped.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

afterEach(() => void setPlanEnabled(true))

/** The same run with the plan and on the reference path; how many plans the first compiled. */
const both = <A>(run: () => A): { planned: A; reference: A; compiled: number } => {
  setPlanEnabled(true)
  const before = plansCompiled()
  const planned = run()
  const compiled = plansCompiled() - before
  setPlanEnabled(false)
  const reference = run()
  setPlanEnabled(true)
  return { planned, reference, compiled }
}

/** The memory behind a tensor (absent from the read-only type on purpose). */
const bufferOf = (t: { readonly data: unknown }): ArrayBufferLike => (t.data as Float64Array).buffer

/** Every tensor's numbers, copied, so that a later comparison sees whether anything wrote them. */
const snapshot = (ps: Ps): ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>> =>
  ps.map((p) => Object.values(p).map((t) => Array.from(t.data)))

// -------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------

const hiddenActs: ReadonlyArray<Activation> = [identity, sigmoid, tanh, relu, leakyRelu(0.1), elu(0.7), softmax]
const costsArb = fc.constantFrom<Cost>(quadratic, mse, crossEntropy, binaryCrossEntropy)

const scheduleArb = fc.oneof(
  fc.double({ min: 0.001, max: 0.5, noNaN: true }),
  fc.constant(Optim.inverseTime(0.5, 3)),
  fc.constant(Optim.stepDecay(0.2, 0.5, 3)),
  fc.constant(Optim.exponential(0.3, 0.9)),
  fc.constant(Optim.constant(0.05)),
)
const commonArb = fc.record({
  eta: scheduleArb,
  weightDecay: fc.constantFrom(0, 0, 0.01, 0.5),
  decayBiases: fc.boolean(),
})
const optimizerArb = optimizersOver(commonArb)

const caseArb = fc.record({
  inputs: fc.integer({ min: 1, max: 5 }),
  layers: fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.constantFrom(...hiddenActs)), {
    minLength: 1,
    maxLength: 3,
  }),
  cost: costsArb,
  optimizer: optimizerArb,
  task: fc.constantFrom<'classification' | 'regression'>('classification', 'regression'),
  n: fc.integer({ min: 1, max: 13 }),
  batchSize: fc.integer({ min: 1, max: 14 }),
  epochs: fc.integer({ min: 0, max: 4 }),
  l2: fc.constantFrom(undefined, 0, 1e-3, 0.2),
  reduction: fc.constantFrom(undefined, 'mean' as const, 'sum' as const),
  shuffle: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1000 }),
})

// -------------------------------------------------------------------------------------
// plan = reference
// -------------------------------------------------------------------------------------

describe('the compiled plan', () => {
  it('gives the reference result bit for bit: random dense networks, activations, costs, optimizers, options', () => {
    let compiledRuns = 0
    fc.assert(
      fc.property(caseArb, (c) => {
        const nw = net(c.inputs, c.layers)
        const [theta] = initAny(nw)(Random.seed(c.seed))
        const d = dataFor(c.n, c.inputs, nw.outputs, c.task, c.seed)
        const config: Config = {
          cost: c.cost,
          optimizer: c.optimizer,
          epochs: c.epochs,
          batchSize: c.batchSize,
          task: c.task,
          shuffle: c.shuffle,
          ...(c.l2 === undefined ? {} : { l2: c.l2 }),
          ...(c.reduction === undefined ? {} : { reduction: c.reduction }),
        }
        const r = both(() => trainAny(nw, theta, d, config)(Random.seed(c.seed + 1)))
        if (c.epochs > 0) {
          expect(r.compiled).toBe(1)
          compiledRuns++
        }
        expect(plain(r.planned)).toStrictEqual(plain(r.reference))
      }),
      { numRuns: 150 },
    )
    expect(compiledRuns).toBeGreaterThan(50)
  })

  it('at sizes where the products take the WebAssembly kernel and the input rows are read in place', () => {
    // batch 64 of 100 features: 64·100 numbers per input batch (over the copy limit), 64·48·100 multiply-adds
    const nw = net(100, [
      [48, sigmoid],
      [24, relu],
      [10, softmax],
    ])
    const [theta] = initAny(nw)(Random.seed(5))
    const d = dataFor(200, 100, 10, 'classification', 9)
    for (const optimizer of [Optim.sgd(0.1), Optim.adam({ eta: 0.01, weightDecay: 0.01 })]) {
      const r = both(() =>
        trainAny(nw, theta, d, {
          cost: crossEntropy,
          optimizer,
          epochs: 3,
          batchSize: 64,
          task: 'classification',
          l2: 1e-3,
        })(Random.seed(2)),
      )
      expect(r.compiled).toBe(1)
      expect(plain(r.planned)).toStrictEqual(plain(r.reference))
    }
  })

  it('single-example steps of a wider network (the vector products four rows at a time) and a last batch of 1', () => {
    const nw = net(13, [
      [9, tanh],
      [6, leakyRelu(0.2)],
      [3, softmax],
    ])
    const [theta] = initAny(nw)(Random.seed(7))
    const d = dataFor(25, 13, 3, 'classification', 2)
    for (const batchSize of [1, 4]) {
      const r = both(() =>
        trainAny(nw, theta, d, {
          cost: crossEntropy,
          optimizer: Optim.adagrad({ eta: 0.1, weightDecay: 0.1, decayBiases: true }),
          epochs: 2,
          batchSize,
          task: 'classification',
          l2: 0.01,
        })(Random.seed(3)),
      )
      expect(r.compiled).toBe(1)
      expect(plain(r.planned)).toStrictEqual(plain(r.reference))
    }
  })

  it('validation data, a validation split, early stopping with restoreBest', () => {
    const nw = net(3, [
      [6, tanh],
      [2, softmax],
    ])
    const [theta] = initAny(nw)(Random.seed(3))
    const d = dataFor(40, 3, 2, 'classification', 4)
    const val = dataFor(15, 3, 2, 'classification', 5)
    const base: Config = {
      cost: crossEntropy,
      optimizer: Optim.momentum({ eta: 0.3, gamma: 0.9, nesterov: true }),
      epochs: 25,
      batchSize: 8,
      task: 'classification',
    }
    const configs: ReadonlyArray<Config> = [
      { ...base, validation: val },
      { ...base, validation: { split: 0.25 }, l2: 0.01 },
      { ...base, validation: val, earlyStopping: { patience: 2, restoreBest: true } },
      { ...base, earlyStopping: { monitor: 'accuracy', patience: 1, minDelta: 0.01, restoreBest: true } },
      { ...base, validation: val, earlyStopping: { monitor: 'val_accuracy', patience: 3 } },
    ]
    for (const config of configs) {
      const r = both(() => trainAny(nw, theta, d, config)(Random.seed(6)))
      expect(r.compiled).toBe(1)
      expect(plain(r.planned)).toStrictEqual(plain(r.reference))
    }
  })

  it('regression metrics (mse, r2) with an identity output and both reductions', () => {
    const nw = net(2, [
      [5, elu(1)],
      [3, identity],
    ])
    const [theta] = initAny(nw)(Random.seed(8))
    const d = dataFor(30, 2, 3, 'regression', 1)
    for (const reduction of ['mean', 'sum'] as const) {
      const r = both(() =>
        trainAny(nw, theta, d, {
          cost: mse,
          optimizer: Optim.rmsprop({ eta: Optim.stepDecay(0.01, 0.5, 4) }),
          epochs: 6,
          batchSize: 7,
          task: 'regression',
          reduction,
          l2: 0.1,
          validation: { split: 0.2 },
        })(Random.seed(3)),
      )
      expect(r.compiled).toBe(1)
      expect(plain(r.planned)).toStrictEqual(plain(r.reference))
    }
  })

  const xorNet = net(2, [
    [3, sigmoid],
    [1, sigmoid],
  ])
  const [xorTheta] = initAny(xorNet)(Random.seed(1))
  const xor = data(
    [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    2,
    [[0], [1], [1], [0]],
    1,
  )
  const xorConfig: Config = {
    cost: binaryCrossEntropy,
    optimizer: Optim.adam({ eta: 0.05 }),
    epochs: 10,
    batchSize: 3,
    task: 'classification',
  }

  it('resume: 4 epochs, then 6 resumed, equal 10 epochs and the reference, bit for bit', () => {
    const r = both(() => {
      const [full] = trainAny(xorNet, xorTheta, xor, xorConfig)(Random.seed(4))
      const [first, rng1] = trainAny(xorNet, xorTheta, xor, { ...xorConfig, epochs: 4 })(Random.seed(4))
      const f = E.getOrElseW(() => expect.fail('first part failed'))(first)
      const second = trainAny(xorNet, f.theta, xor, {
        ...xorConfig,
        resume: { optimizerState: f.optimizerState, epoch: f.epochs },
      } as Config)(rng1)
      return { full: plain([full, rng1]), second: plain(second) }
    })
    expect(r.compiled).toBe(3)
    expect(r.planned).toStrictEqual(r.reference)
    const full = r.planned.full as { theta: unknown; slots: unknown; t: number }
    const second = r.planned.second as { theta: unknown; slots: unknown; t: number }
    expect(second.theta).toStrictEqual(full.theta)
    expect(second.slots).toStrictEqual(full.slots)
    expect(second.t).toBe(full.t)
  })

  it("callbacks: onBatch 'stop' mid-epoch, onEpoch 'stop', and an abort signal, with what they were told", () => {
    const controller = { aborted: false }
    const run = (config: Config) => {
      controller.aborted = false
      const batches: Array<unknown> = []
      const epochs: Array<unknown> = []
      const out = trainAny(xorNet, xorTheta, xor, {
        ...config,
        onBatch: (b) => {
          batches.push(b)
          return config.onBatch?.(b)
        },
        onEpoch: (m) => {
          epochs.push(m)
          return config.onEpoch?.(m)
        },
      })(Random.seed(9))
      return { out: plain(out), batches, epochs }
    }
    const configs: ReadonlyArray<Config> = [
      { ...xorConfig, onBatch: (b) => (b.epoch === 3 && b.batch === 1 ? 'stop' : undefined) },
      { ...xorConfig, onEpoch: (m) => (m.epoch === 2 ? 'stop' : undefined) },
      { ...xorConfig, batchSize: 1, signal: controller, onBatch: (b) => void (controller.aborted = b.epoch === 4) },
    ]
    for (const config of configs) {
      const r = both(() => run(config))
      expect(r.compiled).toBe(1)
      expect(r.planned).toStrictEqual(r.reference)
    }
    const stops = configs.map((c) => (run(c).out as { stopReason: string }).stopReason)
    expect(stops).toStrictEqual(['callback', 'callback', 'aborted'])
  })

  it('trainAsync with the plan equals train on the reference path', async () => {
    setPlanEnabled(false)
    const reference = plain(trainAny(xorNet, xorTheta, xor, xorConfig)(Random.seed(4)))
    setPlanEnabled(true)
    for (const yieldEvery of [0, 16])
      expect(
        plain(await trainAsyncAny(xorNet, xorTheta, xor, { ...xorConfig, yieldEvery })(Random.seed(4))()),
      ).toStrictEqual(reference)
  })

  it('Diverged: a loss that is not finite and parameters that overflow are reported as the reference reports them', () => {
    // log 0: a relu output under cross-entropy
    const logZero = net(2, [[2, relu]])
    const [th1] = initAny(logZero)(Random.seed(2))
    const d1 = dataFor(6, 2, 2, 'classification', 3)
    const a = both(() =>
      trainAny(logZero, th1, d1, {
        cost: crossEntropy,
        optimizer: Optim.sgd(0.5),
        epochs: 3,
        batchSize: 2,
        task: 'classification',
      })(Random.seed(1)),
    )
    // overflow: an identity network with a huge rate
    const lin = net(2, [
      [4, identity],
      [2, identity],
    ])
    const [th2] = initAny(lin)(Random.seed(2))
    const d2 = dataFor(8, 2, 2, 'regression', 3)
    const b = both(() =>
      trainAny(lin, th2, d2, { cost: mse, optimizer: Optim.sgd(1e308), epochs: 5, batchSize: 2, task: 'regression' })(
        Random.seed(1),
      ),
    )
    for (const r of [a, b]) {
      expect(r.compiled).toBe(1)
      expect(E.isLeft(r.planned[0])).toBe(true)
      expect(plain(r.planned)).toStrictEqual(plain(r.reference))
    }
    expect((b.planned[0] as E.Left<TrainError>).left).toMatchObject({ _tag: 'Diverged', layer: expect.any(Number) })
  })

  it('never writes its inputs, and returns tensors of their own (no view of the arena, no alias of Θ)', () => {
    const [state0] = trainAny(xorNet, xorTheta, xor, { ...xorConfig, epochs: 2 })(Random.seed(1))
    const s0 = E.getOrElseW(() => expect.fail('no state'))(state0).optimizerState
    const before = {
      theta: snapshot(xorTheta),
      slots: s0.slots.map(snapshot),
      x: Array.from(xor.x.data),
      y: Array.from(xor.y.data),
    }
    const [out] = trainAny(xorNet, xorTheta, xor, {
      ...xorConfig,
      validation: xor,
      earlyStopping: { patience: 100, restoreBest: true },
      resume: { optimizerState: s0, epoch: 2 },
    } as Config)(Random.seed(1))
    expect({
      theta: snapshot(xorTheta),
      slots: s0.slots.map(snapshot),
      x: Array.from(xor.x.data),
      y: Array.from(xor.y.data),
    }).toStrictEqual(before)
    const r = E.getOrElseW(() => expect.fail('training failed'))(out)
    const tensors = [...r.theta, ...r.optimizerState.slots.flat()].flatMap((p) => Object.values(p))
    const inputs = new Set([...xorTheta, ...s0.slots.flat()].flatMap((p) => Object.values(p).map((t) => bufferOf(t))))
    for (const t of tensors) {
      expect(bufferOf(t).byteLength).toBe(t.data.length * 8)
      expect(inputs.has(bufferOf(t))).toBe(false)
    }
    expect(new Set(tensors.map((t) => bufferOf(t))).size).toBe(tensors.length)
  })

  it('falls back to the reference path for a layer that is not dense, a custom activation or cost', () => {
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
    const customAct = net(2, [[1, custom]])
    const customCost: Cost = { ...quadratic, spec: { name: 'myQuadratic' } as never }
    const plainNet = net(2, [[1, sigmoid]])
    for (const [nw, cost] of [
      [mixed, quadratic],
      [customAct, quadratic],
      [plainNet, customCost],
    ] as const) {
      const [theta] = initAny(nw)(Random.seed(1))
      const r = both(() =>
        trainAny(nw, theta, xor, { cost, optimizer: Optim.sgd(0.1), epochs: 3, batchSize: 2, task: 'regression' })(
          Random.seed(1),
        ),
      )
      expect(r.compiled).toBe(0)
      expect(plain(r.planned)).toStrictEqual(plain(r.reference))
    }
  })
})
