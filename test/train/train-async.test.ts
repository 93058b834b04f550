import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  crossEntropy,
  Dataset,
  dense,
  fromArrays,
  gradients,
  identity,
  init,
  input,
  mse,
  Optim,
  quadratic,
  Random,
  softmax,
  tanh,
  train,
  trainAsync,
  type TrainConfig,
} from 'tensorial'

import { unsafeLeft, unsafeRight } from '../util.js'
import { bits, clusters, data, plain, right } from './helpers.js'

const net = pipe(input(2), dense(4, tanh), dense(2, softmax))
const [theta0] = init(net)(Random.seed(11))
type Ps = typeof theta0
const ds = clusters(24)
const val = clusters(10, 100)

const base = {
  cost: crossEntropy,
  optimizer: Optim.momentum({ eta: 0.1, gamma: 0.9 }),
  epochs: 6,
  batchSize: 5,
  task: 'classification',
} as const satisfies TrainConfig<2, 2, Ps>

const sync = (config: TrainConfig<2, 2, Ps>, theta: Ps = theta0, rng = Random.seed(7), d = ds) =>
  train(net, theta, d, config)(rng)
const async = (config: TrainConfig<2, 2, Ps>, theta: Ps = theta0, rng = Random.seed(7), d = ds) =>
  trainAsync(net, theta, d, config)(rng)()

// -------------------------------------------------------------------------------------
// trainAsync equals train
// -------------------------------------------------------------------------------------

describe('trainAsync', () => {
  const configs: ReadonlyArray<readonly [string, TrainConfig<2, 2, Ps>]> = [
    ['momentum, shuffled, validation data', { ...base, validation: val }],
    [
      'Adam, a validation split, l2, early stopping with restoreBest',
      {
        ...base,
        epochs: 30,
        optimizer: Optim.adam({ eta: 0.05 }),
        validation: { split: 0.25 },
        l2: 1e-3,
        earlyStopping: { patience: 2, monitor: 'val_accuracy', restoreBest: true },
      },
    ],
    ['SGD, not shuffled, batch 1', { ...base, optimizer: Optim.sgd({ eta: 0.3 }), shuffle: false, batchSize: 1 }],
    ['diverging (a Left)', { ...base, optimizer: Optim.sgd({ eta: 1e300 }) }],
    ['an invalid config (a Left)', { ...base, batchSize: 0 }],
  ]

  for (const [name, config] of configs)
    it(`gives the same result as train, bit for bit: ${name}`, async () => {
      const expected = plain(sync(config))
      for (const yieldEvery of [0, 1, 16, 1e9])
        expect(plain(await async({ ...config, yieldEvery }))).toStrictEqual(expected)
    })

  it('a regression network too (the generic signature carries Θ through)', async () => {
    const reg = pipe(input(1), dense(3, tanh), dense(1, identity))
    const [th] = init(reg)(Random.seed(2))
    const d = data([[0], [0.5], [1], [1.5], [2]], 1, [[0], [0.25], [1], [2.25], [4]], 1)
    const cfg = { cost: mse, optimizer: Optim.adam(), epochs: 20, batchSize: 2, task: 'regression' } as const
    const a = await trainAsync(reg, th, d, { ...cfg, yieldEvery: 0 })(Random.seed(3))()
    expect(plain(a)).toStrictEqual(plain(train(reg, th, d, cfg)(Random.seed(3))))
  })

  it('is lazy: nothing runs until the Task is called', async () => {
    let batches = 0
    const task = trainAsync(net, theta0, ds, { ...base, onBatch: () => void batches++ })(Random.seed(7))
    expect(batches).toBe(0)
    await task()
    expect(batches).toBe(6 * 5)
  })

  it('gives the event loop back between batches: a timer fires while it trains (and not while train runs)', async () => {
    const seen = async (run: (cfg: TrainConfig<2, 2, Ps>) => unknown): Promise<ReadonlyArray<boolean>> => {
      let fired = false
      const timer = setTimeout(() => (fired = true), 0)
      const log: Array<boolean> = []
      // enough batches that the 1 ms timer is due long before the end
      await run({ ...base, epochs: 200, batchSize: 1, onBatch: () => void log.push(fired) })
      clearTimeout(timer)
      return log
    }
    const a = await seen((cfg) => async({ ...cfg, yieldEvery: 0 }))
    expect(a[0]).toBe(false)
    expect(a.at(-1)).toBe(true)
    const s = await seen((cfg) => sync(cfg))
    expect(s.some((f) => f)).toBe(false)
    // the default slice of 16 ms: this run takes longer than that (50 times the work: a compiled plan runs the
    // 200 epochs above in less), so it yields at least once
    expect((await seen((cfg) => async({ ...cfg, epochs: 10_000 }))).at(-1)).toBe(true)
    // with a slice longer than the run, it never yields
    const never = await seen((cfg) => async({ ...cfg, yieldEvery: 1e9 }))
    expect(never.some((f) => f)).toBe(false)
  })
})

// -------------------------------------------------------------------------------------
// stopping
// -------------------------------------------------------------------------------------

/** Θ and the optimizer state after `epochs` epochs and `extra` more batches, by hand (no shuffling). */
const byHand = (epochs: number, extra: number, opt: Optim.Optimizer = base.optimizer) => {
  let th = theta0
  let st = Optim.initState(opt, theta0)
  const bs = unsafeRight(Dataset.batches(ds, base.batchSize))
  const run = (b: Dataset.Dataset<2, 2>) => {
    const g = gradients(net, th, b.x, b.y, crossEntropy)
    ;[st, th] = Optim.step(opt, st, th, g.grads)
  }
  for (let e = 0; e < epochs; e++) bs.forEach(run)
  bs.slice(0, extra).forEach(run)
  return { theta: bits(th), t: st.t, slots: st.slots.map(bits) }
}

describe('stopping', () => {
  const unshuffled = { ...base, shuffle: false } as const

  it('a signal aborted before the first batch: a Right with Θ, state and history untouched', async () => {
    const ctrl = new AbortController()
    ctrl.abort()
    for (const out of [sync({ ...base, signal: ctrl.signal }), await async({ ...base, signal: ctrl.signal })]) {
      const r = right(out)
      expect(r.stopReason).toBe('aborted')
      expect(bits(r.theta)).toStrictEqual(bits(theta0))
      expect(r.history).toEqual([])
      expect(r.epochs).toBe(0)
      expect(r.bestEpoch).toBe(0)
      expect(r.optimizerState.t).toBe(0)
      expect(out[1]).toEqual(Random.seed(7)) // not even the first shuffle was drawn
    }
  })

  it('aborted from onBatch in the middle of epoch 2: the steps so far, the history of epoch 1', () => {
    const ctrl = new AbortController()
    const r = right(
      sync({
        ...unshuffled,
        signal: ctrl.signal,
        onBatch: (b) => (b.epoch === 2 && b.batch === 3 ? ctrl.abort() : undefined),
      }),
    )
    expect(r.stopReason).toBe('aborted')
    expect(r.epochs).toBe(1)
    expect(r.history.map((h) => h.epoch)).toEqual([1])
    // the check is before each batch: batch 3 of epoch 2 ran, batch 4 did not
    expect({ theta: bits(r.theta), t: r.optimizerState.t, slots: r.optimizerState.slots.map(bits) }).toStrictEqual(
      byHand(1, 3),
    )
  })

  it("'stop' from onBatch ends training after that batch", async () => {
    const cfg = {
      ...unshuffled,
      onBatch: (b: { epoch: number; batch: number }) => (b.epoch === 2 && b.batch === 3 ? 'stop' : undefined),
    }
    for (const out of [sync(cfg), await async(cfg)]) {
      const r = right(out)
      expect(r.stopReason).toBe('callback')
      expect(r.epochs).toBe(1)
      expect({ theta: bits(r.theta), t: r.optimizerState.t, slots: r.optimizerState.slots.map(bits) }).toStrictEqual(
        byHand(1, 3),
      )
    }
  })

  it("'stop' from onEpoch ends training after that epoch: the same as a run of that many epochs", async () => {
    const stopAt3 = {
      ...base,
      validation: val,
      onEpoch: (m: { epoch: number }) => (m.epoch === 3 ? 'stop' : undefined),
    }
    const three = plain(sync({ ...base, validation: val, epochs: 3 })) as Record<string, unknown>
    for (const out of [sync(stopAt3), await async(stopAt3)]) {
      expect(right(out).stopReason).toBe('callback')
      expect(plain(out)).toStrictEqual({ ...three, stopReason: 'callback' })
    }
  })

  it('aborted from onEpoch: the next epoch does not start (not even its shuffle), so it equals a shorter run', async () => {
    for (const drive of [sync, async]) {
      const ctrl = new AbortController()
      const out = await drive({
        ...base,
        validation: val,
        signal: ctrl.signal,
        onEpoch: (m) => (m.epoch === 2 ? ctrl.abort() : undefined),
      })
      expect(right(out).stopReason).toBe('aborted')
      expect(plain(out)).toStrictEqual({
        ...(plain(sync({ ...base, validation: val, epochs: 2 })) as object),
        stopReason: 'aborted',
      })
    }
  })

  it('a custom stopping rule: stop once the training accuracy reaches 1', () => {
    const r = right(
      sync({
        ...base,
        epochs: 500,
        optimizer: Optim.adam({ eta: 0.05 }),
        onEpoch: (m) => (m.train.accuracy! >= 0.9 ? 'stop' : undefined),
      }),
    )
    expect(r.stopReason).toBe('callback')
    expect(r.history.at(-1)!.train.accuracy).toBeGreaterThanOrEqual(0.9)
    expect(r.history.slice(0, -1).every((h) => h.train.accuracy! < 0.9)).toBe(true)
    expect(r.history.length).toBeGreaterThan(1)
  })

  it('an AbortController aborted from a timer while trainAsync runs', async () => {
    const ctrl = new AbortController()
    let batches = 0
    setTimeout(() => ctrl.abort(), 5)
    const r = right(
      await async({ ...base, epochs: 100_000, yieldEvery: 1, signal: ctrl.signal, onBatch: () => void batches++ }),
    )
    expect(r.stopReason).toBe('aborted')
    expect(r.epochs).toBeLessThan(100_000)
    expect(r.optimizerState.t).toBe(batches)
    expect(r.history).toHaveLength(r.epochs)
  })

  it('a run that completes says so; epochs is the last epoch', () => {
    const r = right(sync(base))
    expect(r.stopReason).toBe('completed')
    expect(r.epochs).toBe(6)
    expect(r.bestEpoch).toBe(6)
  })
})

// -------------------------------------------------------------------------------------
// resuming
// -------------------------------------------------------------------------------------

describe('resume', () => {
  const optimizers = [
    ['SGD', Optim.sgd({ eta: 0.2 })],
    ['momentum (Nesterov)', Optim.momentum({ eta: 0.05, gamma: 0.9, nesterov: true })],
    ['Adam', Optim.adam({ eta: 0.02 })],
  ] as const

  for (const [name, optimizer] of optimizers)
    it(`10 epochs equal 4, then 6 resumed, bit for bit (${name}): Θ, optimizer state, history and generator`, async () => {
      const cfg = { ...base, optimizer, epochs: 10, validation: val }
      const whole = sync(cfg)
      const [first, rng4] = sync({ ...cfg, epochs: 4 })
      const r4 = unsafeRight(first)
      expect(r4.epochs).toBe(4)
      const resume = { optimizerState: r4.optimizerState, epoch: r4.epochs }
      for (const rest of [sync({ ...cfg, resume }, r4.theta, rng4), await async({ ...cfg, resume }, r4.theta, rng4)]) {
        const w = right(whole)
        const r = right(rest)
        expect(bits(r.theta)).toStrictEqual(bits(w.theta))
        expect(r.optimizerState.t).toBe(w.optimizerState.t)
        expect(r.optimizerState.slots.map(bits)).toStrictEqual(w.optimizerState.slots.map(bits))
        expect(rest[1]).toEqual(whole[1])
        expect([...r4.history, ...r.history]).toEqual(w.history)
        expect(r.history.map((h) => h.epoch)).toEqual([5, 6, 7, 8, 9, 10])
        expect(r.epochs).toBe(10)
        expect(r.stopReason).toBe('completed')
      }
    })

  it('resuming from a stop in onEpoch continues where it stopped', () => {
    const cfg = { ...base, optimizer: Optim.adam(), epochs: 10 }
    const [first, rng] = sync({ ...cfg, onEpoch: (m) => (m.epoch === 4 ? 'stop' : undefined) })
    const r4 = unsafeRight(first)
    expect(r4.epochs).toBe(4)
    const rest = sync({ ...cfg, resume: { optimizerState: r4.optimizerState, epoch: r4.epochs } }, r4.theta, rng)
    const whole = sync(cfg)
    const { history, ...tail } = plain(rest) as { history: unknown }
    const { history: wholeHistory, ...wholeTail } = plain(whole) as { history: unknown }
    expect(tail).toStrictEqual(wholeTail)
    expect([...r4.history, ...(history as ReadonlyArray<unknown>)]).toEqual(wholeHistory)
  })

  it('resume.epoch = epochs runs nothing and returns the given state', () => {
    const r4 = right(sync({ ...base, epochs: 4 }))
    const r = right(sync({ ...base, epochs: 4, resume: { optimizerState: r4.optimizerState, epoch: 4 } }, r4.theta))
    expect(r.history).toEqual([])
    expect(r.epochs).toBe(4)
    expect(r.bestEpoch).toBe(4)
    expect(r.optimizerState).toBe(r4.optimizerState)
    expect(bits(r.theta)).toStrictEqual(bits(r4.theta))
  })

  it('a validation split is the same as splitting with Dataset.trainTestSplit first, so a resumed run can be given it', () => {
    const cfg = { ...base, optimizer: Optim.adam(), epochs: 10 }
    const whole = sync({ ...cfg, validation: { split: 0.25 } })
    const [split, rng1] = Dataset.trainTestSplit(ds, 0.25)(Random.seed(7))
    const [trainPart, heldOut] = unsafeRight(split)
    expect(plain(sync({ ...cfg, validation: heldOut }, theta0, rng1, trainPart))).toStrictEqual(plain(whole))
    const [first, rng4] = sync({ ...cfg, epochs: 4, validation: heldOut }, theta0, rng1, trainPart)
    const r4 = unsafeRight(first)
    const rest = sync(
      { ...cfg, validation: heldOut, resume: { optimizerState: r4.optimizerState, epoch: 4 } },
      r4.theta,
      rng4,
      trainPart,
    )
    expect(bits(right(rest).theta)).toStrictEqual(bits(right(whole).theta))
    expect([...r4.history, ...right(rest).history]).toEqual(right(whole).history)
  })
})

// -------------------------------------------------------------------------------------
// divergence of an epoch's metrics
// -------------------------------------------------------------------------------------

describe('a non-finite metric is divergence, never a Right holding Infinity', () => {
  const lin = pipe(input(1), dense(1, identity))
  // a = x
  const th = unsafeRight(fromArrays(lin, [{ W: [[1]], b: [0] }]))

  // Regression: an overflowing validation loss gave a Right whose history held Infinity, and restoreBest
  // returned the untrained Θ.
  it('a validation loss that overflows: Diverged naming the epoch and val_loss', async () => {
    const far = data([[1e200]], 1, [[0]], 1)
    const cfg = {
      cost: quadratic,
      optimizer: Optim.sgd({ eta: 0.01 }),
      epochs: 5,
      batchSize: 1,
      task: 'regression',
      validation: far,
      earlyStopping: { patience: 2, restoreBest: true },
    } as const
    const d = data([[1], [2]], 1, [[1], [2]], 1)
    for (const [res] of [train(lin, th, d, cfg)(Random.seed(1)), await trainAsync(lin, th, d, cfg)(Random.seed(1))()]) {
      const err = unsafeLeft(res)
      expect(err).toMatchObject({ _tag: 'Diverged', epoch: 1, metric: 'val_loss' })
      expect(err.message).toBe('diverged at epoch 1: val_loss is Infinity')
      expect(err._tag === 'Diverged' && err.batch).toBeUndefined()
    }
  })

  it('a training loss whose sum over the epoch overflows (each batch finite): Diverged naming loss', () => {
    // η = 0 and a = x: each batch loss ½(1.2e154)² = 7.2e307 is finite, the sum of three is not
    const d = data([[1.2e154], [1.2e154], [1.2e154]], 1, [[0], [0], [0]], 1)
    const cfg = {
      cost: quadratic,
      optimizer: Optim.sgd({ eta: 0 }),
      epochs: 3,
      batchSize: 1,
      task: 'regression',
    } as const
    const losses: Array<number> = []
    const [res] = train(lin, th, d, { ...cfg, onBatch: (b) => void losses.push(b.loss) })(Random.seed(1))
    expect(losses).toHaveLength(3)
    expect(losses.every(Number.isFinite)).toBe(true)
    expect(unsafeLeft(res)).toMatchObject({ _tag: 'Diverged', epoch: 1, metric: 'loss' })
  })
})
