import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  dynamic,
  type BatchInfo,
  binaryCrossEntropy,
  crossEntropy,
  Dataset,
  dense,
  type EpochMetrics,
  evaluate,
  fill,
  fromArray,
  fromArrays,
  gradients,
  identity,
  init,
  input,
  l2Penalty,
  map,
  mse,
  Optim,
  predict,
  quadratic,
  Random,
  softmax,
  tanh,
  type Tensor,
  toArray,
  toArrays,
  toFlat,
  train,
  type TrainConfig,
  type TrainError,
  sigmoid,
} from 'tensorial'

import { dyn, expectClose, unsafeLeft, unsafeRight } from '../util.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** A matrix `[rows, w]` with a dynamic row count. */
const mat = <W extends number>(rows: ReadonlyArray<ReadonlyArray<number>>, w: W): Tensor<readonly [number, W]> =>
  unsafeRight(fromArray(rows.flat(), [rows.length, w] as [number, W]))

const data = <F extends number, T extends number>(
  x: ReadonlyArray<ReadonlyArray<number>>,
  f: F,
  y: ReadonlyArray<ReadonlyArray<number>>,
  t: T,
): Dataset.Dataset<F, T> => unsafeRight(Dataset.dataset(mat(x, f), mat(y, t)))

const tol = { rel: 1e-12, abs: 1e-12 }

/** Two interleaved half-moons-ish clusters in 2-D with one-hot targets (deterministic, no RNG). */
const clusters = (n: number): Dataset.Dataset<2, 2> => {
  const x: Array<Array<number>> = []
  const y: Array<Array<number>> = []
  for (let i = 0; i < n; i++) {
    const c = i % 2
    const a = (i * 2.399963) % (2 * Math.PI)
    x.push([Math.cos(a) + (c === 0 ? -0.6 : 0.6), Math.sin(a) * 0.5 + (c === 0 ? 0.3 : -0.3)])
    y.push(c === 0 ? [1, 0] : [0, 1])
  }
  return data(x, 2, y, 2)
}

const clsNet = pipe(input(2), dense(3, tanh), dense(2, softmax))
const [clsTheta] = init(clsNet)(Random.seed(11))
const clsData = clusters(20)

const clsConfig = {
  cost: crossEntropy,
  optimizer: Optim.momentum({ eta: 0.1, gamma: 0.9 }),
  epochs: 5,
  batchSize: 6,
  task: 'classification',
} as const

// A 1-1 identity network, a = w x + b, for regression cases computed by hand.
const lin = pipe(input(1), dense(1, identity))
const linTheta = (w: number, b: number) => unsafeRight(fromArrays(lin, [{ W: [[w]], b: [b] }]))

const right = <A>(r: readonly [E.Either<TrainError, A>, Random.Rng]): A =>
  E.isRight(r[0]) ? r[0].right : expect.fail(`expected a Right, got ${JSON.stringify(r[0].left)}`)

// -------------------------------------------------------------------------------------
// determinism and purity
// -------------------------------------------------------------------------------------

describe('determinism', () => {
  it('the same seed gives a bit-identical model, optimizer state and history', () => {
    const a = right(train(clsNet, clsTheta, clsData, clsConfig)(Random.seed(5)))
    const b = right(train(clsNet, clsTheta, clsData, clsConfig)(Random.seed(5)))
    expect(toArrays(a.theta)).toEqual(toArrays(b.theta))
    a.theta.forEach((p, l) => {
      expect(Array.from(p.W.data)).toStrictEqual(Array.from(b.theta[l]!.W.data))
      expect(Array.from(p.b.data)).toStrictEqual(Array.from(b.theta[l]!.b.data))
    })
    expect(a.history).toEqual(b.history)
    expect(a.optimizerState.t).toBe(b.optimizerState.t)
    expect(a.optimizerState.slots.map((s) => toArrays(s))).toEqual(b.optimizerState.slots.map((s) => toArrays(s)))
  })

  it('different seeds shuffle differently and give different models', () => {
    const a = right(train(clsNet, clsTheta, clsData, clsConfig)(Random.seed(5)))
    const b = right(train(clsNet, clsTheta, clsData, clsConfig)(Random.seed(6)))
    expect(toArrays(a.theta)).not.toEqual(toArrays(b.theta))
  })

  it('without shuffling or a split the generator plays no part', () => {
    const cfg = { ...clsConfig, shuffle: false }
    const a = right(train(clsNet, clsTheta, clsData, cfg)(Random.seed(5)))
    const b = right(train(clsNet, clsTheta, clsData, cfg)(Random.seed(6)))
    expect(toArrays(a.theta)).toEqual(toArrays(b.theta))
  })

  it('the returned generator is advanced, and threading it gives a reproducible second run', () => {
    const [r1, rngA] = train(clsNet, clsTheta, clsData, clsConfig)(Random.seed(5))
    const [r2, rngB] = train(clsNet, clsTheta, clsData, clsConfig)(Random.seed(5))
    expect(rngA).toEqual(rngB)
    expect(rngA).not.toEqual(Random.seed(5))
    expect(E.isRight(r1) && E.isRight(r2)).toBe(true)
  })
})

describe('purity', () => {
  it('Θ, the training data and the validation data are never modified', () => {
    const val = clusters(8)
    const before = JSON.stringify([
      toArrays(clsTheta),
      toFlat(clsData.x),
      toFlat(clsData.y),
      toFlat(val.x),
      toFlat(val.y),
    ])
    const r = right(
      train(clsNet, clsTheta, clsData, {
        ...clsConfig,
        optimizer: Optim.adam({ eta: 0.05, weightDecay: 0.01 }),
        validation: val,
        l2: 0.01,
        earlyStopping: { patience: 2, restoreBest: true },
      })(Random.seed(1)),
    )
    const after = JSON.stringify([
      toArrays(clsTheta),
      toFlat(clsData.x),
      toFlat(clsData.y),
      toFlat(val.x),
      toFlat(val.y),
    ])
    expect(after).toBe(before)
    expect(r.theta).not.toBe(clsTheta)
    expect(toArrays(r.theta)).not.toEqual(toArrays(clsTheta))
  })

  it('0 epochs returns Θ unchanged with an empty history', () => {
    const r = right(train(clsNet, clsTheta, clsData, { ...clsConfig, epochs: 0 })(Random.seed(1)))
    expect(toArrays(r.theta)).toEqual(toArrays(clsTheta))
    expect(r.history).toEqual([])
    expect(r.bestEpoch).toBe(0)
    expect(r.stopReason).toBe('completed')
    expect(r.optimizerState.t).toBe(0)
  })
})

// -------------------------------------------------------------------------------------
// the fold over minibatches
// -------------------------------------------------------------------------------------

describe('the fold over minibatches', () => {
  it('equals gradients + Optim.step over Dataset.batches, and t counts steps (Adam), not epochs', () => {
    const ds = clusters(7)
    const opt = Optim.adam({ eta: 0.05 })
    const r = right(
      train(clsNet, clsTheta, ds, { ...clsConfig, optimizer: opt, epochs: 2, batchSize: 3, shuffle: false })(
        Random.seed(1),
      ),
    )
    let th = clsTheta
    let st = Optim.initState(opt, clsTheta)
    for (let epoch = 0; epoch < 2; epoch++)
      for (const b of unsafeRight(Dataset.batches(ds, 3))) {
        const g = gradients(clsNet, th, b.x, b.y, crossEntropy)
        ;[st, th] = Optim.step(opt, st, th, g.grads)
      }
    expect(r.optimizerState.t).toBe(6) // 2 epochs × ⌈7/3⌉ batches
    expect(st.t).toBe(6)
    expect(toArrays(r.theta)).toEqual(toArrays(th))
    expect(r.optimizerState.slots.map((s) => toArrays(s))).toEqual(st.slots.map((s) => toArrays(s)))
  })

  it('onBatch and onEpoch: ⌈N/batchSize⌉ batches per epoch, numbered from 1, and one call per epoch', () => {
    for (const [n, bs] of [
      [20, 6],
      [20, 5],
      [20, 20],
      [20, 64],
      [7, 1],
    ] as const) {
      const calls: Array<BatchInfo> = []
      const epochs: Array<EpochMetrics> = []
      const r = right(
        train(clsNet, clsTheta, clusters(n), {
          ...clsConfig,
          epochs: 3,
          batchSize: bs,
          onBatch: (i) => void calls.push(i),
          onEpoch: (m) => void epochs.push(m),
        })(Random.seed(2)),
      )
      const per = Math.ceil(n / bs)
      expect(calls).toHaveLength(3 * per)
      expect(calls.map((c) => [c.epoch, c.batch, c.batches])).toEqual(
        Array.from({ length: 3 * per }, (_, k) => [Math.floor(k / per) + 1, (k % per) + 1, per]),
      )
      expect(calls.every((c) => Number.isFinite(c.loss))).toBe(true)
      expect(epochs).toEqual(r.history)
      expect(r.history.map((h) => h.epoch)).toEqual([1, 2, 3])
      expect(r.optimizerState.t).toBe(3 * per)
    }
  })
})

// -------------------------------------------------------------------------------------
// metrics
// -------------------------------------------------------------------------------------

describe('metrics', () => {
  // z = x: the class is the larger coordinate.
  const net = pipe(input(2), dense(2, softmax))
  const theta = unsafeRight(
    fromArrays(net, [
      {
        W: [
          [1, 0],
          [0, 1],
        ],
        b: [0, 0],
      },
    ]),
  )
  // rows 0, 1 and 3 are classified right, row 2 wrong: accuracy 3/4
  const ds = data(
    [
      [1, 0],
      [0, 2],
      [3, 1],
      [0.5, 0],
    ],
    2,
    [
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ],
    2,
  )
  // C = (1/4) Σ (lse(z) − z_target)
  const handLoss =
    (Math.log(Math.E + 1) -
      1 +
      (Math.log(1 + Math.exp(2)) - 2) +
      (Math.log(Math.exp(3) + Math.E) - 1) +
      (Math.log(Math.exp(0.5) + 1) - 0.5)) /
    4
  const frozen = {
    cost: crossEntropy,
    optimizer: Optim.sgd({ eta: 0 }),
    epochs: 1,
    batchSize: 4,
    task: 'classification',
    shuffle: false,
  } as const

  it('classification with η = 0: train and validation metrics are those of the initial model, by hand', () => {
    const r = right(train(net, theta, ds, { ...frozen, validation: ds })(Random.seed(1)))
    const h = r.history[0]!
    expect(h.train.accuracy).toBe(0.75)
    expect(h.validation?.accuracy).toBe(0.75)
    expectClose(h.train.loss, handLoss, tol)
    expectClose(h.validation!.loss, handLoss, tol)
    expect(h.train.mse).toBeUndefined()
    const ev = evaluate(net, theta, ds, crossEntropy, 'classification')
    expect(ev.accuracy).toBe(0.75)
    expectClose(ev.loss, handLoss, tol)
  })

  it('the train loss is averaged over examples, not batches, with a smaller last batch (η = 0, shuffled)', () => {
    for (const batchSize of [1, 3, 4]) {
      const r = right(train(net, theta, ds, { ...frozen, batchSize, shuffle: true })(Random.seed(3)))
      expectClose(r.history[0]!.train.loss, handLoss, tol)
      expect(r.history[0]!.train.accuracy).toBe(0.75)
    }
  })

  it('with l2, the loss includes (λ/2)Σ‖W‖² on both train and validation', () => {
    const r = right(train(net, theta, ds, { ...frozen, l2: 0.2, validation: ds })(Random.seed(1)))
    // ‖W‖² = 2, so the penalty is 0.1·2 = 0.2; gradients adds it per batch with weight 1/B (one batch of B = 4)
    expectClose(l2Penalty(net, theta, 0.2), 0.2, tol)
    expectClose(r.history[0]!.train.loss, handLoss + 0.2 / 4, tol)
    // a pass over the n = 4 validation examples adds the penalty per example, ½α Σ‖W‖² / n
    expectClose(r.history[0]!.validation!.loss, handLoss + 0.2 / 4, tol)
  })

  it("with reduction 'sum', metrics are still per example and the step is B times the mean's", () => {
    const sum = right(train(net, theta, ds, { ...frozen, reduction: 'sum', validation: ds })(Random.seed(1)))
    expectClose(sum.history[0]!.train.loss, handLoss, tol)
    expectClose(sum.history[0]!.validation!.loss, handLoss, tol)
    const step = { ...frozen, epochs: 1, batchSize: 4, shuffle: false }
    const mean4 = right(train(net, theta, ds, { ...step, optimizer: Optim.sgd({ eta: 0.4 }) })(Random.seed(1)))
    const sum1 = right(
      train(net, theta, ds, { ...step, optimizer: Optim.sgd({ eta: 0.1 }), reduction: 'sum' })(Random.seed(1)),
    )
    sum1.theta.forEach((ps, l) => {
      expectClose(ps.W, mean4.theta[l]!.W, { rel: 1e-14, abs: 1e-14 })
      expectClose(ps.b, mean4.theta[l]!.b, { rel: 1e-14, abs: 1e-14 })
    })
  })

  it('regression with η = 0: MSE and R² (averaged over outputs) by hand', () => {
    // a = [2x + 1, −x]
    const net12 = pipe(input(1), dense(2, identity))
    const th = unsafeRight(fromArrays(net12, [{ W: [[2, -1]], b: [1, 0] }]))
    const reg = data(
      [[0], [1], [2]],
      1,
      [
        [1, 0],
        [2, -1],
        [5, -1],
      ],
      2,
    )
    // residuals: column 0 [0, 1, 0], column 1 [0, 0, −1]: MSE = 2/6.
    // R²₀ = 1 − 1/(26/3) = 23/26 (ȳ = 8/3); R²₁ = 1 − 1/(2/3) = −1/2 (ȳ = −2/3); mean 5/26.
    const r = right(
      train(net12, th, reg, {
        cost: mse,
        optimizer: Optim.sgd({ eta: 0 }),
        epochs: 1,
        batchSize: 3,
        task: 'regression',
        validation: reg,
      })(Random.seed(1)),
    )
    const h = r.history[0]!
    for (const m of [h.train, h.validation!, evaluate(net12, th, reg, mse, 'regression')]) {
      expectClose(m.mse!, 1 / 3, tol)
      expectClose(m.loss, 1 / 3, tol)
      expectClose(m.r2!, 5 / 26, tol)
      expect(m.accuracy).toBeUndefined()
    }
  })

  // Regression: an invalid batch size gave no batches and the metrics of zero examples, { loss: 0, accuracy: 0 }.
  it('evaluate with batchSize 0 or 1.5 does not report the metrics of zero examples', () => {
    for (const bs of [0, 1.5]) {
      let m: ReturnType<typeof evaluate> | undefined
      try {
        m = evaluate(net, theta, ds, crossEntropy, 'classification', bs)
      } catch {
        continue
      }
      expect(m.accuracy).toBe(0.75)
    }
  })

  it('evaluate in batches of any size gives the same metrics', () => {
    for (const bs of [1, 3, 4, 1024]) {
      const m = evaluate(net, theta, ds, crossEntropy, 'classification', bs)
      expect(m.accuracy).toBe(0.75)
      expectClose(m.loss, handLoss, tol)
    }
  })

  it('regression: a perfect fit has R² = 1 and MSE 0, a constant target fitted exactly too', () => {
    const ds1 = data([[0], [1], [2]], 1, [[1], [3], [5]], 1)
    const m = evaluate(lin, linTheta(2, 1), ds1, quadratic, 'regression')
    expect(m.mse).toBe(0)
    expect(m.r2).toBe(1)
    const c = evaluate(lin, linTheta(0, 4), data([[0], [1]], 1, [[4], [4]], 1), quadratic, 'regression')
    expect(c.r2).toBe(1)
  })

  // Regression: SS_tot = Σy² − nȳ² from raw sums lost its digits for targets with a large offset.
  it('regression: R² is accurate when the targets have a large offset (1e6 + [0.5, 2.25, 1.25])', () => {
    // a = x + 1e6: residuals [−0.5, −1.25, 0.75], SS_res = 2.375; ȳ = 1e6 + 4/3, SS_tot = 37/24 → R² = −20/37
    const ds1 = data([[0], [1], [2]], 1, [[1e6 + 0.5], [1e6 + 2.25], [1e6 + 1.25]], 1)
    const m = evaluate(lin, linTheta(1, 1e6), ds1, quadratic, 'regression')
    expectClose(m.mse!, 2.375 / 3, tol)
    expectClose(m.r2!, -20 / 37, { rel: 1e-9 })
  })
})

// -------------------------------------------------------------------------------------
// validation and early stopping
// -------------------------------------------------------------------------------------

describe('validation and early stopping', () => {
  // One training example (x = 1, y = 2) pulls a = w + b from 0 towards 2: a_k = 2 − 2·0.8^k with η = 0.1 on the
  // quadratic cost (both w and b move by 0.1(2 − a)). The validation example (x = 1, y = 1) is passed at epoch 3:
  // a = 0.4, 0.72, 0.976, 1.1808, 1.34464, so its loss ½(a − 1)² falls, then rises.
  const trainDs = data([[1]], 1, [[2]], 1)
  const valDs = data([[1]], 1, [[1]], 1)
  const base = {
    cost: quadratic,
    optimizer: Optim.sgd({ eta: 0.1 }),
    epochs: 50,
    batchSize: 1,
    task: 'regression',
    validation: valDs,
  } as const
  const th0 = linTheta(0, 0)

  it('stops `patience` epochs after the best validation loss and restores the best Θ', () => {
    const r = right(
      train(lin, th0, trainDs, { ...base, earlyStopping: { patience: 2, restoreBest: true } })(Random.seed(1)),
    )
    expectClose(
      r.history.map((h) => h.validation!.loss),
      [0.6, 0.28, 0.024, 0.1808, 0.34464].map((d) => 0.5 * d * d),
      { rel: 1e-9, abs: 1e-12 },
    )
    expect(r.stopReason).toBe('early-stopping')
    expect(r.bestEpoch).toBe(3)
    expect(r.history).toHaveLength(5)
    // w = b = a₃/2 = 0.488
    const [best] = toArrays(r.theta)
    expectClose([best.W[0]![0]!, best.b[0]!], [0.488, 0.488], { rel: 1e-9 })
    // the Θ of epoch 3: a plain run of 3 epochs from the same seed
    const plain = right(train(lin, th0, trainDs, { ...base, epochs: 3 })(Random.seed(1)))
    expect(toArrays(r.theta)).toEqual(toArrays(plain.theta))
    expect(plain.stopReason).toBe('completed')
    expect(plain.bestEpoch).toBe(3)
  })

  it('without restoreBest, the Θ of the last epoch run is returned', () => {
    const r = right(train(lin, th0, trainDs, { ...base, earlyStopping: { patience: 2 } })(Random.seed(1)))
    expect(r.stopReason).toBe('early-stopping')
    expect(r.history).toHaveLength(5)
    expect(r.bestEpoch).toBe(5)
    const plain = right(train(lin, th0, trainDs, { ...base, epochs: 5 })(Random.seed(1)))
    expect(toArrays(r.theta)).toEqual(toArrays(plain.theta))
  })

  it('restoreBest on a bigger shuffled problem equals a plain run of bestEpoch epochs from the same seed', () => {
    // a too-large rate on a tiny validation set: the validation loss goes up at some point
    const cfg = {
      ...clsConfig,
      optimizer: Optim.sgd({ eta: 3 }),
      epochs: 40,
      validation: clusters(6),
    } as const
    const r = right(
      train(clsNet, clsTheta, clsData, { ...cfg, earlyStopping: { patience: 3, restoreBest: true } })(Random.seed(9)),
    )
    expect(r.stopReason).toBe('early-stopping')
    const losses = r.history.map((h) => h.validation!.loss)
    expect(r.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1)
    expect(r.history).toHaveLength(r.bestEpoch + 3)
    const plain = right(train(clsNet, clsTheta, clsData, { ...cfg, epochs: r.bestEpoch })(Random.seed(9)))
    expect(toArrays(r.theta)).toEqual(toArrays(plain.theta))
    expect(plain.history).toEqual(r.history.slice(0, r.bestEpoch))
  })

  it('minDelta: an improvement smaller than minDelta does not reset the patience, but is the best so far', () => {
    // losses 0.18, 0.0392, 0.000288, 0.0163: epoch 3 improves by only 0.0389 < 0.05 (wait 1), epoch 4 is worse
    // (wait 2: stop). Epoch 3 is still the best so far, and restoreBest returns its Θ (Keras would return
    // epoch 2's, the last improvement by more than minDelta).
    const r = right(
      train(lin, th0, trainDs, { ...base, earlyStopping: { patience: 2, minDelta: 0.05, restoreBest: true } })(
        Random.seed(1),
      ),
    )
    expect(r.bestEpoch).toBe(3)
    expect(r.history).toHaveLength(4)
    expect(r.stopReason).toBe('early-stopping')
    const plain = right(train(lin, th0, trainDs, { ...base, epochs: 3 })(Random.seed(1)))
    expect(toArrays(r.theta)).toEqual(toArrays(plain.theta))
  })

  it('with no validation data, early stopping watches the training loss', () => {
    const { validation: _none, ...noValidation } = base
    const r = right(
      train(lin, th0, trainDs, {
        ...noValidation,
        optimizer: Optim.sgd({ eta: 0 }),
        earlyStopping: { patience: 3, restoreBest: true },
      })(Random.seed(1)),
    )
    expect(r.history.every((h) => h.validation === undefined)).toBe(true)
    expect(r.history).toHaveLength(4)
    expect(r.bestEpoch).toBe(1)
    expect(r.stopReason).toBe('early-stopping')
  })

  it('validation data given: each epoch’s validation metrics are those of that epoch’s Θ', () => {
    const val = clusters(8)
    for (const epochs of [1, 3]) {
      const r = right(train(clsNet, clsTheta, clsData, { ...clsConfig, epochs, validation: val })(Random.seed(4)))
      expect(r.history).toHaveLength(epochs)
      expect(r.history[epochs - 1]!.validation).toEqual(evaluate(clsNet, r.theta, val, crossEntropy, 'classification'))
    }
  })

  it('validation: { split } holds out round(N·split) examples and trains on the rest', () => {
    const calls: Array<BatchInfo> = []
    const r = right(
      train(clsNet, clsTheta, clusters(8), {
        ...clsConfig,
        epochs: 3,
        batchSize: 4,
        validation: { split: 0.25 },
        onBatch: (i) => void calls.push(i),
      })(Random.seed(4)),
    )
    // 6 training examples in batches of 4: 2 batches per epoch
    expect(calls).toHaveLength(6)
    expect(calls.every((c) => c.batches === 2)).toBe(true)
    for (const h of r.history) {
      expect(h.validation).toBeDefined()
      // 2 validation examples: accuracy is 0, 1/2 or 1
      expect([0, 0.5, 1]).toContain(h.validation!.accuracy)
    }
    // the split is seeded
    const again = right(
      train(clsNet, clsTheta, clusters(8), { ...clsConfig, epochs: 3, batchSize: 4, validation: { split: 0.25 } })(
        Random.seed(4),
      ),
    )
    expect(again.history).toEqual(r.history)
  })
})

// -------------------------------------------------------------------------------------
// divergence
// -------------------------------------------------------------------------------------

describe('divergence is a Left, never a throw', () => {
  it('a loss that overflows: Diverged naming the epoch and batch', () => {
    // step 1 (x = 1): w = b = 1 − 1e200; step 2 (x = 2): a ≈ −3e200, ½a² = Infinity
    const ds = data([[1], [2]], 1, [[0], [0]], 1)
    const batches: Array<BatchInfo> = []
    let out: ReturnType<ReturnType<typeof train>> | undefined
    expect(() => {
      out = train(lin, linTheta(1, 0), ds, {
        cost: quadratic,
        optimizer: Optim.sgd({ eta: 1e200 }),
        epochs: 3,
        batchSize: 1,
        task: 'regression',
        shuffle: false,
        onBatch: (i) => void batches.push(i),
      })(Random.seed(1))
    }).not.toThrow()
    const err = unsafeLeft(out![0])
    expect(err._tag).toBe('Diverged')
    if (err._tag !== 'Diverged') return
    expect(err.epoch).toBe(1)
    expect(err.batch).toBe(2)
    expect(err.layer).toBeUndefined()
    expect(err.message).toContain('epoch 1')
    expect(err.message).toContain('batch 2')
    expect(err.message).toContain('Infinity')
    expect(batches).toHaveLength(1)
  })

  it('a parameter that becomes non-finite first: Diverged naming the layer', () => {
    // Two identity layers with W² = 0, so layer 1 gets zero gradients; db² = (0 − 10) = −10 and
    // b² = 0 + 1e308·10 overflows to Infinity in the first step, while the loss (50) is finite.
    const net = pipe(input(1), dense(1, identity), dense(1, identity))
    const th = unsafeRight(
      fromArrays(net, [
        { W: [[0]], b: [0] },
        { W: [[0]], b: [0] },
      ]),
    )
    const [res] = train(net, th, data([[1]], 1, [[10]], 1), {
      cost: quadratic,
      optimizer: Optim.sgd({ eta: 1e308 }),
      epochs: 2,
      batchSize: 1,
      task: 'regression',
    })(Random.seed(1))
    const err = unsafeLeft(res)
    // layers are numbered from 1, as in the notes: b² is layer 2's
    expect(err).toMatchObject({ _tag: 'Diverged', epoch: 1, batch: 1, layer: 2 })
    expect(err.message).toContain('epoch 1')
    expect(err.message).toContain('batch 1')
    expect(err.message).toContain('layer 2 (b) has a non-finite entry')
  })
})

// -------------------------------------------------------------------------------------
// invalid input
// -------------------------------------------------------------------------------------

describe('invalid input is a Left before any step', () => {
  // widths known only at run time, so that mismatches get past the types
  const dnet = pipe(input(dynamic(dyn(2))), dense(dynamic(dyn(2)), softmax))
  const [dtheta] = init(dnet)(Random.seed(1))
  const dmat = (rows: ReadonlyArray<ReadonlyArray<number>>, w: number) => mat<number>(rows, dyn(w))
  const good = unsafeRight(
    Dataset.dataset(
      dmat(
        [
          [0, 1],
          [1, 0],
        ],
        2,
      ),
      dmat(
        [
          [1, 0],
          [0, 1],
        ],
        2,
      ),
    ),
  )
  const base = {
    cost: crossEntropy,
    optimizer: Optim.sgd(),
    epochs: 2,
    batchSize: 1,
    task: 'classification',
  } as const

  /** The Left of a run with `config` over `base`, checking that no step ran and the generator is untouched. */
  const refusal = (ds: Dataset.Dataset<number, number>, config: object): TrainError => {
    let batches = 0
    let epochs = 0
    const rng0 = Random.seed(3)
    const [res, rng1] = train(dnet, dtheta, ds, {
      ...base,
      onBatch: () => void batches++,
      onEpoch: () => void epochs++,
      ...config,
    } as TrainConfig<number, number, typeof dtheta>)(rng0)
    const err = unsafeLeft(res)
    expect(batches).toBe(0)
    expect(epochs).toBe(0)
    expect(rng1).toBe(rng0)
    return err
  }

  const rejects = (
    ds: Dataset.Dataset<number, number>,
    config: Partial<TrainConfig<number, number, typeof dtheta>>,
    ...fragments: ReadonlyArray<string>
  ): void => {
    const err = refusal(ds, config)
    expect(err._tag).toBe('InvalidInput')
    for (const f of fragments) expect(err.message).toContain(f)
  }

  /** An InvalidConfig naming `field` and showing `value`, with the allowed range in the message. */
  const rejectsConfig = (config: object, field: string, value: string, ...fragments: ReadonlyArray<string>): void => {
    const err = refusal(good, config)
    expect(err).toMatchObject({ _tag: 'InvalidConfig', field, value })
    expect(err.message.startsWith(`${field}: ${value} is not allowed (expected `)).toBe(true)
    for (const f of fragments) expect(err.message).toContain(f)
  }

  it('the good data set trains (the baseline of the cases below)', () => {
    expect(E.isRight(train(dnet, dtheta, good, base)(Random.seed(3))[0])).toBe(true)
  })

  it('feature width different from the network input', () => {
    const ds = unsafeRight(Dataset.dataset(dmat([[0, 1, 2]], 3), dmat([[1, 0]], 2)))
    rejects(ds, {}, 'training data', '3 features', 'network takes 2')
  })

  it('target width different from the network output', () => {
    const ds = unsafeRight(Dataset.dataset(dmat([[0, 1]], 2), dmat([[1, 0, 0]], 3)))
    rejects(ds, {}, 'training data', '3 targets', 'network gives 2')
  })

  it('an empty data set', () => {
    const ds = unsafeRight(Dataset.dataset(dmat([], 2), dmat([], 2)))
    rejects(ds, {}, 'empty')
  })

  it('NaN or ±Infinity in x or y, named by row and column', () => {
    const x = good.x
    rejects(
      unsafeRight(
        Dataset.dataset(
          map(x, () => NaN),
          good.y,
        ),
      ),
      {},
      'x[0][0]',
      'NaN',
    )
    const xInf = map(x, (v) => (v === 1 ? Infinity : v)) // x = [[0, ∞], [∞, 0]]
    rejects(unsafeRight(Dataset.dataset(xInf, good.y)), {}, 'x[0][1]', 'Infinity')
    const yNaN = unsafeRight(Dataset.dataset(x, fill([dyn(2), dyn(2)], NaN)))
    rejects(yNaN, {}, 'y[0][0]', 'NaN')
    const yInf = map(good.y, (v) => (v === 1 ? -Infinity : v))
    rejects(unsafeRight(Dataset.dataset(x, yInf)), { task: 'regression', cost: mse }, 'y[0][0]', '-Infinity')
  })

  it('a data set found finite once is not scanned again, and its x with another, non-finite y is still refused', () => {
    const run = () => train(dnet, dtheta, good, base)(Random.seed(3))[0]
    const first = run()
    expect(E.isRight(first)).toBe(true)
    // a second run on the same data set (its scan remembered) trains as the first did
    expect(JSON.stringify(run())).toBe(JSON.stringify(first))
    // x known finite, y not: y is scanned; and a data set that failed is refused every time
    const yNaN = unsafeRight(Dataset.dataset(good.x, fill([dyn(2), dyn(2)], NaN)))
    rejects(yNaN, {}, 'y[0][0] is NaN')
    rejects(yNaN, {}, 'y[0][0] is NaN')
    const xNaN = unsafeRight(Dataset.dataset(fill([dyn(2), dyn(2)], NaN), good.y))
    rejects(xNaN, {}, 'x[0][0] is NaN')
    rejects(xNaN, {}, 'x[0][0] is NaN')
  })

  it('the first non-finite entry of a long x, wherever it is (the chunked scan), and a later one after it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1500 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.constantFrom(NaN, Infinity, -Infinity),
        fc.boolean(),
        (n, at, bad, second) => {
          const p = Math.floor(at * 2 * n)
          const later = second && p + 1 < 2 * n ? 2 * n - 1 : -1
          const x = map(
            unsafeRight(
              fromArray(
                Array.from({ length: 2 * n }, (_, i) => i),
                [dyn(n), dyn(2)],
              ),
            ),
            (v) => (v === p ? bad : v === later ? NaN : v),
          )
          const y = fill([dyn(n), dyn(2)], 0.5)
          rejects(
            unsafeRight(Dataset.dataset(x, y)),
            { task: 'regression', cost: mse },
            `x[${Math.floor(p / 2)}][${p % 2}] is ${String(bad)}, not a finite number`,
          )
        },
      ),
      { numRuns: 60 },
    )
  })

  it('class targets that are not one-hot rows (a label out of range, a negative entry)', () => {
    // a label out of range gives an all-zero row
    rejects(
      unsafeRight(
        Dataset.dataset(
          good.x,
          dmat(
            [
              [1, 0],
              [0, 0],
            ],
            2,
          ),
        ),
      ),
      {},
      'y[1]',
      'one-hot',
    )
    rejects(
      unsafeRight(
        Dataset.dataset(
          good.x,
          dmat(
            [
              [1, 0],
              [2, -1],
            ],
            2,
          ),
        ),
      ),
      {},
      'y[1][1]',
      'one-hot',
    )
    rejects(
      unsafeRight(
        Dataset.dataset(
          good.x,
          dmat(
            [
              [1, 0],
              [1, 1],
            ],
            2,
          ),
        ),
      ),
      {},
      'y[1]',
      'one-hot',
    )
    // the same rows are fine for regression
    expect(
      E.isRight(
        train(
          dnet,
          dtheta,
          unsafeRight(
            Dataset.dataset(
              good.x,
              dmat(
                [
                  [1, 0],
                  [0, 0],
                ],
                2,
              ),
            ),
          ),
          {
            ...base,
            cost: mse,
            task: 'regression',
          },
        )(Random.seed(1))[0],
      ),
    ).toBe(true)
  })

  it('batchSize 0, negative, fractional or NaN: InvalidConfig naming the field, value and range', () => {
    rejectsConfig({ batchSize: 0 }, 'batchSize', '0', 'an integer ≥ 1')
    rejectsConfig({ batchSize: -2 }, 'batchSize', '-2')
    rejectsConfig({ batchSize: 1.5 }, 'batchSize', '1.5')
    rejectsConfig({ batchSize: NaN }, 'batchSize', 'NaN')
    rejectsConfig({ batchSize: '4' }, 'batchSize', '"4"')
  })

  it('epochs negative, fractional or infinite', () => {
    rejectsConfig({ epochs: -1 }, 'epochs', '-1', 'an integer ≥ 0')
    rejectsConfig({ epochs: 2.5 }, 'epochs', '2.5')
    rejectsConfig({ epochs: Infinity }, 'epochs', 'Infinity')
  })

  it('validation split 0, 1, outside (0, 1), or leaving an empty set', () => {
    for (const split of [0, 1, -0.5, 1.5, NaN])
      rejectsConfig({ validation: { split } }, 'validation.split', String(split), 'in (0, 1)')
    // 2 examples with split 0.75: round(1.5) = 2 held out, none left to train on
    rejectsConfig({ validation: { split: 0.75 } }, 'validation.split', '0.75', 'both parts', '2 of 2')
    // split 0.1: round(0.2) = 0 held out, an empty validation set
    rejectsConfig({ validation: { split: 0.1 } }, 'validation.split', '0.1', 'both parts', '0 of 2')
    rejectsConfig({ validation: 0.2 }, 'validation', '0.2', 'a Dataset or { split }')
  })

  it('l2 negative, NaN or infinite; a task that does not exist; the cost, shuffle and callbacks', () => {
    rejectsConfig({ l2: -0.1 }, 'l2', '-0.1', 'a finite number ≥ 0')
    rejectsConfig({ l2: NaN }, 'l2', 'NaN')
    rejectsConfig({ l2: Infinity }, 'l2', 'Infinity')
    // an unknown task from JavaScript does not silently get regression metrics
    rejectsConfig({ task: 'clustering' }, 'task', '"clustering"', "'classification' or 'regression'")
    rejectsConfig({ task: undefined }, 'task', 'undefined')
    rejectsConfig({ cost: 'mse' }, 'cost', '"mse"', 'a Cost')
    rejectsConfig({ shuffle: 'yes' }, 'shuffle', '"yes"', 'true or false')
    rejectsConfig({ onBatch: 1 }, 'onBatch', '1', 'a function')
    rejectsConfig({ onEpoch: 'log' }, 'onEpoch', '"log"', 'a function')
    rejectsConfig({ signal: true }, 'signal', 'true', 'an AbortSignal')
  })

  it('the optimizer and the reduction are validated when training starts, naming the field', () => {
    // from JavaScript: an unknown option is not silently ignored, a β₁ of 1 is out of range
    rejectsConfig({ optimizer: Optim.adam({ lr: 0.01 } as never) }, 'optimizer.lr', '0.01', 'for lr write eta')
    rejectsConfig({ optimizer: Optim.adam({ beta1: 1 }) }, 'optimizer.beta1', '1', '[0, 1)')
    rejectsConfig({ optimizer: { name: 'adamw' } }, 'optimizer', 'an object', 'Optim.sgd')
    rejectsConfig({ reduction: 'max' }, 'reduction', '"max"', 'mean, sum')
  })

  it('yieldEvery negative, NaN or infinite (checked by train too, not only by trainAsync)', () => {
    rejectsConfig({ yieldEvery: -1 }, 'yieldEvery', '-1', 'a finite number of milliseconds ≥ 0')
    rejectsConfig({ yieldEvery: NaN }, 'yieldEvery', 'NaN')
    rejectsConfig({ yieldEvery: Infinity }, 'yieldEvery', 'Infinity')
    expect(E.isRight(train(dnet, dtheta, good, { ...base, yieldEvery: 0 })(Random.seed(3))[0])).toBe(true)
  })

  it('early stopping: patience, minDelta, monitor and mode', () => {
    rejectsConfig({ earlyStopping: { patience: 0 } }, 'earlyStopping.patience', '0', 'an integer ≥ 1')
    rejectsConfig({ earlyStopping: { patience: 1.5 } }, 'earlyStopping.patience', '1.5')
    rejectsConfig({ earlyStopping: {} }, 'earlyStopping.patience', 'undefined')
    rejectsConfig({ earlyStopping: { patience: 2, minDelta: NaN } }, 'earlyStopping.minDelta', 'NaN', 'finite')
    rejectsConfig({ earlyStopping: { patience: 2, minDelta: -1e-3 } }, 'earlyStopping.minDelta', '-0.001', '≥ 0')
    rejectsConfig({ earlyStopping: { patience: 2, minDelta: Infinity } }, 'earlyStopping.minDelta', 'Infinity')
    rejectsConfig(
      { earlyStopping: { patience: 2, mode: 'up' } },
      'earlyStopping.mode',
      '"up"',
      "'min', 'max' or 'auto'",
    )
    rejectsConfig(
      { earlyStopping: { patience: 2, monitor: 'val_acc' } },
      'earlyStopping.monitor',
      '"val_acc"',
      "one of 'loss', 'accuracy', 'mse', 'r2', 'val_loss', 'val_accuracy', 'val_mse', 'val_r2'",
    )
    rejectsConfig({ earlyStopping: { patience: 2, restoreBest: 1 } }, 'earlyStopping.restoreBest', '1', 'true or false')
    // a validation metric without validation data
    rejectsConfig(
      { earlyStopping: { patience: 2, monitor: 'val_loss' } },
      'earlyStopping.monitor',
      '"val_loss"',
      'no validation data',
    )
    // a metric the task does not have
    rejectsConfig({ earlyStopping: { patience: 2, monitor: 'r2' } }, 'earlyStopping.monitor', '"r2"', 'classification')
    rejectsConfig(
      { task: 'regression', cost: mse, earlyStopping: { patience: 2, monitor: 'val_accuracy' }, validation: good },
      'earlyStopping.monitor',
      '"val_accuracy"',
      'a metric of regression',
    )
    // the positive twins
    for (const earlyStopping of [
      { patience: 2, monitor: 'val_accuracy', mode: 'max', minDelta: 0 },
      { patience: 1, monitor: 'loss', mode: 'auto' },
    ] as const)
      expect(
        E.isRight(train(dnet, dtheta, good, { ...base, validation: good, earlyStopping })(Random.seed(3))[0]),
      ).toBe(true)
  })

  it('resume: the epoch in [0, epochs], and an optimizer state of this optimizer for this Θ', () => {
    const sgdState = Optim.initState(Optim.sgd(), dtheta)
    rejectsConfig({ resume: { optimizerState: sgdState, epoch: 3 } }, 'resume.epoch', '3', 'an integer in [0, 2]')
    rejectsConfig({ resume: { optimizerState: sgdState, epoch: -1 } }, 'resume.epoch', '-1')
    rejectsConfig({ resume: { optimizerState: sgdState, epoch: 0.5 } }, 'resume.epoch', '0.5')
    rejectsConfig({ resume: 4 }, 'resume', '4')
    // a state of another optimizer (Adam keeps 2 slots, SGD none)
    const adamState = Optim.initState(Optim.adam(), dtheta)
    rejectsConfig(
      { resume: { optimizerState: adamState, epoch: 1 } },
      'resume.optimizerState.slots',
      'an array of length 2',
      '0 slots, as sgd keeps',
    )
    // a state of another network
    const wider = pipe(input(dynamic(2)), dense(dynamic(3), softmax))
    const [wideTheta] = init(wider)(Random.seed(1))
    rejectsConfig(
      { optimizer: Optim.adam(), resume: { optimizerState: Optim.initState(Optim.adam(), wideTheta), epoch: 1 } },
      'resume.optimizerState.slots[0][0].W',
      '"[2, 3]"',
      'a tensor of shape [2, 2], as in Θ',
    )
    const deeper = pipe(input(dynamic(2)), dense(dynamic(2), tanh), dense(dynamic(2), softmax))
    const [deepTheta] = init(deeper)(Random.seed(1))
    rejectsConfig(
      { optimizer: Optim.adam(), resume: { optimizerState: Optim.initState(Optim.adam(), deepTheta), epoch: 1 } },
      'resume.optimizerState.slots[0]',
      'an array of length 2',
      '1 layers, as Θ has',
    )
    // a step count or entries that are not finite
    rejectsConfig(
      { optimizer: Optim.adam(), resume: { optimizerState: { ...adamState, t: -1 }, epoch: 1 } },
      'resume.optimizerState.t',
      '-1',
    )
    const m = adamState.slots[0]!
    const nanSlot = [{ ...m[0], b: fill([dyn(2)], NaN) }] as unknown as typeof m
    rejectsConfig(
      { optimizer: Optim.adam(), resume: { optimizerState: { t: 1, slots: [nanSlot, m] }, epoch: 1 } },
      'resume.optimizerState.slots[0][0].b[0]',
      'NaN',
      'a finite number',
    )
    // with resume, a validation split would be drawn again from another generator: rejected
    rejectsConfig(
      { resume: { optimizerState: sgdState, epoch: 1 }, validation: { split: 0.5 } },
      'validation.split',
      '0.5',
      'Dataset.trainTestSplit',
    )
    // the positive twin
    expect(
      E.isRight(
        train(dnet, dtheta, good, {
          ...base,
          optimizer: Optim.adam(),
          resume: { optimizerState: adamState, epoch: 1 },
        })(Random.seed(3))[0],
      ),
    ).toBe(true)
  })

  it('validation data of the wrong width or with NaN', () => {
    const wide = unsafeRight(Dataset.dataset(dmat([[0, 1, 2]], 3), dmat([[1, 0]], 2)))
    rejects(good, { validation: wide }, 'validation data', '3 features')
    const nan = unsafeRight(
      Dataset.dataset(
        map(good.x, () => NaN),
        good.y,
      ),
    )
    rejects(good, { validation: nan }, 'validation data', 'NaN')
  })
})

// -------------------------------------------------------------------------------------
// learning
// -------------------------------------------------------------------------------------

describe('XOR through train', () => {
  const xs = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]

  it('a 2-4-2 softmax classifier with Adam reaches 100 % from a fixed seed', () => {
    const net = pipe(input(2), dense(4, tanh), dense(2, softmax))
    const [th] = init(net)(Random.seed(42))
    const ds = data(
      xs,
      2,
      [
        [1, 0],
        [0, 1],
        [0, 1],
        [1, 0],
      ],
      2,
    )
    const r = right(
      train(net, th, ds, {
        cost: crossEntropy,
        optimizer: Optim.adam({ eta: 0.05 }),
        epochs: 300,
        batchSize: 4,
        task: 'classification',
      })(Random.seed(42)),
    )
    expect(evaluate(net, r.theta, ds, crossEntropy, 'classification').accuracy).toBe(1)
    expect(r.history.at(-1)!.train.accuracy).toBe(1)
    expect(r.history.at(-1)!.train.loss).toBeLessThan(r.history[0]!.train.loss)
  })

  it('a 2-4-1 sigmoid network with Adam on the binary cross-entropy rounds to the truth table', () => {
    const net = pipe(input(2), dense(4, tanh), dense(1, sigmoid))
    const [th] = init(net)(Random.seed(42))
    const ds = data(xs, 2, [[0], [1], [1], [0]], 1)
    const r = right(
      train(net, th, ds, {
        cost: binaryCrossEntropy,
        optimizer: Optim.adam({ eta: 0.05 }),
        epochs: 300,
        batchSize: 2,
        task: 'regression',
      })(Random.seed(42)),
    )
    expect(toArray(predict(net, r.theta, ds.x)).map((row) => Math.round(row[0]!))).toEqual([0, 1, 1, 0])
    expect(r.optimizerState.t).toBe(600)
  })
})

describe('binary classification with one sigmoid output', () => {
  const net = pipe(input(2), dense(4, tanh), dense(1, sigmoid))
  const xs = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]
  const ds = data(xs, 2, [[0], [1], [1], [0]], 1)

  it('accepts 0/1 targets, reports accuracy by rounding at ½, and learns XOR', () => {
    const [theta0, rng] = init(net)(Random.seed(3))
    const [r] = train(net, theta0, ds, {
      cost: binaryCrossEntropy,
      optimizer: Optim.adam({ eta: 0.05 }),
      epochs: 300,
      batchSize: 4,
      task: 'classification',
      shuffle: false,
    })(rng)
    const result = unsafeRight(r)
    expect(result.history[result.history.length - 1]!.train.accuracy).toBe(1)
    expect(evaluate(net, result.theta, ds, binaryCrossEntropy, 'classification').accuracy).toBe(1)
  })

  it('rejects a target other than 0 or 1 before any step', () => {
    const bad = data(xs, 2, [[0], [1], [0.5], [0]], 1)
    const [theta0, rng] = init(net)(Random.seed(3))
    const [r] = train(net, theta0, bad, {
      cost: binaryCrossEntropy,
      optimizer: Optim.sgd(),
      epochs: 1,
      batchSize: 4,
      task: 'classification',
    })(rng)
    expect(E.isLeft(r) && r.left._tag === 'InvalidInput' && r.left.message).toBe(
      'training data: y[2][0] is 0.5; a one-output classifier takes targets 0 or 1',
    )
  })
})
