/**
 * The compiled plan with its arena in WebAssembly module memory (src/train/plan.ts, kernels.ts's `moduleArena`):
 * at sizes where its products run in place and its elementwise loops (elementwise.wat) run, the same bits as the
 * reference path (float64) and as an `ArrayBuffer` arena (float32, which has no reference path); through module
 * memory growing mid-run, interleaved runs, and arenas given back.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'

import {
  crossEntropy,
  elu,
  fill,
  fromArray,
  identity,
  map,
  leakyRelu,
  matmul,
  mse,
  Optim,
  quadratic,
  Random,
  relu,
  sigmoid,
  softmax,
  tanh,
  type Activation,
  type Cost,
  type ParamSet,
  type Shape,
  type Tensor,
} from 'tensorial'

import {
  arenaMap,
  plansCompiled,
  setModuleArenas,
  setPlanEnabled,
  setZeroSkip,
  sharedArenasMade,
  zeroSkipsRun,
} from '../../src/train/plan.js'
import { dataFor, optimizersOver, plain, sparseDataFor } from './helpers.js'
import { type Config, denseNet as net, initAny, trainAny, trainAsyncAny } from './untyped.js'
import { dyn, unsafeRight } from '../util.js'

afterEach(() => {
  setPlanEnabled(true)
  setModuleArenas(true)
  setZeroSkip(true)
})

const acts: ReadonlyArray<Activation> = [identity, sigmoid, tanh, relu, leakyRelu(0.1), elu(0.7), softmax]
const common = fc.record({
  eta: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
  weightDecay: fc.constantFrom(0, 0.01),
  decayBiases: fc.boolean(),
})
const optimizerArb = optimizersOver(common)

// widths of 17 to 40, odd ones included: every product of at least 16³ multiply-adds runs in module memory, rows
// that are not a multiple of the kernel's panel go through its padded scratch, and every rule has an odd last entry
const caseArb = fc.record({
  inputs: fc.integer({ min: 17, max: 40 }),
  hidden: fc.array(fc.tuple(fc.integer({ min: 17, max: 40 }), fc.constantFrom(...acts)), {
    minLength: 1,
    maxLength: 2,
  }),
  outputs: fc.integer({ min: 2, max: 19 }),
  task: fc.constantFrom<'classification' | 'regression'>('classification', 'regression'),
  optimizer: optimizerArb,
  n: fc.integer({ min: 17, max: 90 }),
  batchSize: fc.integer({ min: 13, max: 64 }),
  l2: fc.constantFrom(undefined, 1e-3),
  reduction: fc.constantFrom(undefined, 'sum' as const),
  seed: fc.integer({ min: 1, max: 1000 }),
})

type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never

/** The network (the case's hidden layers, then softmax or identity), Θ, data and config of a case. */
const setup = (c: Case) => {
  const last: Activation = c.task === 'classification' ? softmax : identity
  const nw = net(c.inputs, [...c.hidden, [c.outputs, last]])
  const [theta] = initAny(nw)(Random.seed(c.seed))
  const d = dataFor(c.n, c.inputs, c.outputs, c.task, c.seed)
  const cost: Cost = c.task === 'classification' ? crossEntropy : c.seed % 2 === 0 ? mse : quadratic
  const config: Config = {
    cost,
    optimizer: c.optimizer,
    epochs: 2,
    batchSize: c.batchSize,
    task: c.task,
    shuffle: true,
    ...(c.l2 === undefined ? {} : { l2: c.l2 }),
    ...(c.reduction === undefined ? {} : { reduction: c.reduction }),
  }
  return { nw, theta, d, config }
}

describe('the plan in module memory', () => {
  it('float64: the reference bits at sizes where the products and loops run in WebAssembly', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { nw, theta, d, config } = setup(c)
        setPlanEnabled(false)
        const reference = plain(trainAny(nw, theta, d, config)(Random.seed(c.seed + 1)))
        setPlanEnabled(true)
        const before = plansCompiled()
        const planned = plain(trainAny(nw, theta, d, config)(Random.seed(c.seed + 1)))
        expect(plansCompiled() - before).toBe(1)
        expect(planned).toStrictEqual(reference)
      }),
      { numRuns: 60 },
    )
  })

  it('float32: the bits of the same plan in an ArrayBuffer arena (JavaScript loops, operands copied)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { nw, theta, d, config } = setup(c)
        const f32: Config = { ...config, precision: 'f32' }
        setModuleArenas(false)
        const apart = plain(trainAny(nw, theta, d, f32)(Random.seed(c.seed + 1)))
        setModuleArenas(true)
        const inModule = plain(trainAny(nw, theta, d, f32)(Random.seed(c.seed + 1)))
        expect(inModule).toStrictEqual(apart)
      }),
      { numRuns: 60 },
    )
  })

  it('keeps its bits when module memory grows mid-run (a large product in a callback moves the arena buffer)', () => {
    const nw = net(64, [
      [48, tanh],
      [10, softmax],
    ])
    const [theta] = initAny(nw)(Random.seed(3))
    const d = dataFor(200, 64, 10, 'classification', 5)
    for (const precision of ['f64', 'f32'] as const) {
      const config: Config = {
        cost: crossEntropy,
        optimizer: Optim.adam({ eta: 0.01 }),
        epochs: 2,
        batchSize: 32,
        task: 'classification',
        precision,
      }
      setModuleArenas(false)
      const apart = plain(trainAny(nw, theta, d, config)(Random.seed(9)))
      setModuleArenas(true)
      let grew = 0
      const grown = plain(
        trainAny(nw, theta, d, {
          ...config,
          onBatch: (b) => {
            if (b.batch === 3 && b.epoch === 1) {
              // a square product whose three operands alone are more than module memory holds now
              const before = arenaMap().bytes
              const side = Math.ceil(Math.sqrt(before / 24)) + 64
              const big = fill([dyn(side), dyn(side)], 0.5)
              void matmul(big, big)
              if (arenaMap().bytes > before) grew++
            }
          },
        })(Random.seed(9)),
      )
      expect(grown).toStrictEqual(apart)
      expect(grew).toBe(1)
    }
  })

  it('two trainAsync runs interleaved give their own results, and every arena is given back', async () => {
    const a = net(40, [
      [24, relu],
      [3, softmax],
    ])
    const b = net(30, [
      [36, sigmoid],
      [2, identity],
    ])
    const [ta] = initAny(a)(Random.seed(1))
    const [tb] = initAny(b)(Random.seed(2))
    const da = dataFor(300, 40, 3, 'classification', 3)
    const db = dataFor(300, 30, 2, 'regression', 4)
    const order: Array<string> = []
    const ca: Config = {
      cost: crossEntropy,
      optimizer: Optim.momentum({ eta: 0.05 }),
      epochs: 3,
      batchSize: 20,
      task: 'classification',
      yieldEvery: 1,
      onBatch: () => void order.push('a'),
    }
    const cb: Config = {
      cost: mse,
      optimizer: Optim.rmsprop({ eta: 0.01 }),
      epochs: 3,
      batchSize: 25,
      task: 'regression',
      yieldEvery: 1,
      precision: 'f32',
      onBatch: () => void order.push('b'),
    }
    const live = arenaMap().arenas.length
    const sa = plain(trainAny(a, ta, da, ca)(Random.seed(5)))
    const sb = plain(trainAny(b, tb, db, cb)(Random.seed(6)))
    expect(arenaMap().arenas.length).toBe(live)
    order.length = 0
    const [ra, rb] = await Promise.all([
      trainAsyncAny(a, ta, da, ca)(Random.seed(5))(),
      trainAsyncAny(b, tb, db, cb)(Random.seed(6))(),
    ])
    // interleaved: b ran batches before a's last one
    expect(order.indexOf('b')).toBeLessThan(order.lastIndexOf('a'))
    expect(plain(ra)).toStrictEqual(sa)
    expect(plain(rb)).toStrictEqual(sb)
    expect(arenaMap().arenas.length).toBe(live)
  })
})

describe('the plan on workers in shared WebAssembly memory', () => {
  // the same cases on 2 or 3 threads: every thread's kernels import one shared memory holding the arena
  const parallelArb = fc.record({
    c: caseArb,
    workers: fc.constantFrom(2, 3),
    precision: fc.constantFrom<'f64' | 'f32'>('f64', 'f32'),
  })

  it('the bits of a SharedArrayBuffer arena (JavaScript loops, operands copied), f64 and f32', () => {
    fc.assert(
      fc.property(parallelArb, ({ c, workers, precision }) => {
        const { nw, theta, d, config } = setup(c)
        const cfg: Config = { ...config, workers, precision }
        setModuleArenas(false)
        const before = sharedArenasMade()
        const apart = plain(trainAny(nw, theta, d, cfg)(Random.seed(c.seed + 1)))
        expect(sharedArenasMade()).toBe(before)
        setModuleArenas(true)
        const shared = plain(trainAny(nw, theta, d, cfg)(Random.seed(c.seed + 1)))
        expect(sharedArenasMade()).toBe(before + 1)
        expect(shared).toStrictEqual(apart)
        expect((shared as { parallel: unknown }).parallel).toStrictEqual({ requested: workers, used: workers })
      }),
      { numRuns: 30 },
    )
  })

  it('without shared WebAssembly memory (a runtime that refuses it): the SharedArrayBuffer arena, same bits', () => {
    const nw = net(64, [
      [48, relu],
      [10, softmax],
    ])
    const [theta] = initAny(nw)(Random.seed(3))
    const d = dataFor(200, 64, 10, 'classification', 5)
    const config: Config = {
      cost: crossEntropy,
      optimizer: Optim.rmsprop({ eta: 0.01 }),
      epochs: 2,
      batchSize: 32,
      task: 'classification',
      workers: 2,
    }
    const shared = plain(trainAny(nw, theta, d, config)(Random.seed(9)))
    const wa = (globalThis as unknown as { WebAssembly: { Memory: unknown } }).WebAssembly
    const Memory = wa.Memory as new (d: { shared?: boolean }) => unknown
    const before = sharedArenasMade()
    try {
      wa.Memory = function (d: { shared?: boolean }): unknown {
        if (d.shared === true) throw new RangeError('shared memory is not allowed here')
        return new Memory(d)
      }
      const apart = plain(trainAny(nw, theta, d, config)(Random.seed(9)))
      expect(apart).toStrictEqual(shared)
    } finally {
      wa.Memory = Memory
    }
    expect(sharedArenasMade()).toBe(before)
  })
})

describe("the first layer's zero-column skip (inputs that are +0 in every row of a slice)", () => {
  // 64 to 150 inputs, a drawn share of them zero in every row and half of every other column's entries zero
  // (some −0), so that slices differ in the columns they keep and in whether the skip pays at all
  const sparseArb = fc.record({
    c: caseArb,
    inputs: fc.integer({ min: 64, max: 150 }),
    zeroColumns: fc.constantFrom(0, 0.3, 0.6, 0.9),
    workers: fc.constantFrom(1, 2, 3),
    precision: fc.constantFrom<'f64' | 'f32'>('f64', 'f32'),
  })

  it('gives the bits of the full products, f64 and f32, on 1 to 3 threads, and of the reference path (f64)', () => {
    const before = zeroSkipsRun()
    fc.assert(
      fc.property(sparseArb, ({ c, inputs, zeroColumns, workers, precision }) => {
        const { nw, theta, config } = setup({ ...c, inputs })
        const d = sparseDataFor(c.n, inputs, c.outputs, c.task, c.seed, zeroColumns)
        const cfg: Config = { ...config, workers, precision }
        setZeroSkip(false)
        const full = plain(trainAny(nw, theta, d, cfg)(Random.seed(c.seed + 1)))
        setZeroSkip(true)
        const skipped = plain(trainAny(nw, theta, d, cfg)(Random.seed(c.seed + 1)))
        expect(skipped).toStrictEqual(full)
        if (precision === 'f64' && workers === 1) {
          setPlanEnabled(false)
          const reference = plain(trainAny(nw, theta, d, cfg)(Random.seed(c.seed + 1)))
          setPlanEnabled(true)
          expect(skipped).toStrictEqual(reference)
        }
      }),
      { numRuns: 60 },
    )
    // the skip ran (counted on this thread: one-thread steps and slice 0)
    expect(zeroSkipsRun()).toBeGreaterThan(before)
  })

  it('leaves a non-finite W¹ to the full product: the outcome of a run without the skip', () => {
    const nw = net(96, [
      [24, tanh],
      [4, softmax],
    ])
    const [theta] = initAny(nw)(Random.seed(4))
    const d = sparseDataFor(64, 96, 4, 'classification', 3, 0.6)
    // the last column that is zero in every row gets an ∞ in its row of W¹
    const zeroCol = Array.from({ length: 96 }, (_, j) => 95 - j).find((j) =>
      Array.from({ length: 64 }, (_, i) => d.x.data[i * 96 + j]).every((v) => Object.is(v, 0)),
    ) as number
    const [l1, l2] = theta as readonly [ParamSet, ParamSet]
    // an ∞ in W¹ through an op (constructors refuse non-finite numbers; an entry times 1e10 overflows)
    const w = Float64Array.from((l1.W as Tensor<Shape>).data, (v, i) => (i === zeroCol * 24 ? 1e300 : v))
    const W = map(unsafeRight(fromArray(w, [dyn(96), dyn(24)])), (v) => (v === 1e300 ? v * 1e10 : v))
    const broken: ReadonlyArray<ParamSet> = [{ ...l1, W }, l2]
    for (const workers of [1, 2]) {
      const cfg: Config = {
        cost: crossEntropy,
        optimizer: Optim.sgd(0.1),
        epochs: 1,
        batchSize: 32,
        task: 'classification',
        workers,
      }
      setZeroSkip(false)
      const full = plain(trainAny(nw, broken, d, cfg)(Random.seed(2)))
      setZeroSkip(true)
      const skipped = plain(trainAny(nw, broken, d, cfg)(Random.seed(2)))
      expect(skipped).toStrictEqual(full)
      // the full product: 0·∞ is NaN in every row's Z¹, so the loss is NaN and nothing is updated
      expect(JSON.stringify(full)).toContain('the loss is NaN')
    }
  })
})
