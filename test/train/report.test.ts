import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  crossEntropy,
  Dataset,
  dense,
  type EpochMetrics,
  formatEpoch,
  init,
  input,
  Optim,
  orThrow,
  Random,
  reporter,
  softmax,
  tanh,
  tensor,
  train,
} from 'tensorial'

describe('formatEpoch', () => {
  it('prints the epoch, the timing and every metric present, Keras-style', () => {
    const m: EpochMetrics = {
      epoch: 3,
      train: { loss: 0.23456, accuracy: 0.931 },
      validation: { loss: 0.25111, accuracy: 0.92449 },
    }
    expect(formatEpoch(m, { epochs: 10, seconds: 1.214, examplesPerSecond: 6612.4 })).toBe(
      'epoch 3/10 - 1.21 s - 6612 ex/s - loss 0.2346 - accuracy 0.9310 - val_loss 0.2511 - val_accuracy 0.9245',
    )
    expect(formatEpoch(m)).toBe('epoch 3 - loss 0.2346 - accuracy 0.9310 - val_loss 0.2511 - val_accuracy 0.9245')
    expect(
      formatEpoch({ epoch: 1, train: { loss: 12345678, mse: 2e-7, r2: -0.5 } }, { batchesPerSecond: 12.345 }),
    ).toBe('epoch 1 - 12.3 batch/s - loss 1.235e+7 - mse 2.000e-7 - r2 -0.5000')
    expect(formatEpoch({ epoch: 1, train: { loss: NaN } }, { seconds: NaN })).toBe('epoch 1 - loss NaN')
  })
})

describe('reporter', () => {
  const clock = (times: ReadonlyArray<number>): (() => number) => {
    let i = 0
    return () => times[Math.min(i++, times.length - 1)] as number
  }

  it('writes one line per epoch with the epoch’s duration and throughput', () => {
    const lines: Array<string> = []
    // created at t = 0 ms; epoch 1 ends at 500 ms, epoch 2 at 1500 ms
    const r = reporter({ write: (l) => lines.push(l), epochs: 2, batchSize: 10, now: clock([0, 500, 1500]) })
    for (const epoch of [1, 2]) {
      for (let b = 1; b <= 4; b++) r.onBatch({ epoch, batch: b, batches: 4, loss: 1 / b })
      r.onEpoch({ epoch, train: { loss: 0.5 / epoch } })
    }
    expect(lines).toEqual([
      'epoch 1/2 - 0.50 s - 80.0 ex/s - loss 0.5000',
      'epoch 2/2 - 1.00 s - 40.0 ex/s - loss 0.2500',
    ])
  })

  it('counts examples exactly when told their number, and shows batches/s when told neither', () => {
    const lines: Array<string> = []
    const exact = reporter({ write: (l) => lines.push(l), examples: 35, batchSize: 10, now: clock([0, 1000]) })
    for (let b = 1; b <= 4; b++) exact.onBatch({ epoch: 1, batch: b, batches: 4, loss: 1 })
    exact.onEpoch({ epoch: 1, train: { loss: 1 } })
    const bare = reporter({ write: (l) => lines.push(l), now: clock([0, 2000]) })
    for (let b = 1; b <= 4; b++) bare.onBatch({ epoch: 1, batch: b, batches: 4, loss: 1 })
    bare.onEpoch({ epoch: 1, train: { loss: 1 } })
    expect(lines).toEqual([
      'epoch 1 - 1.00 s - 35.0 ex/s - loss 1.0000',
      'epoch 1 - 2.00 s - 2.00 batch/s - loss 1.0000',
    ])
  })

  it('spreads into a TrainConfig and reports every epoch of a real run', () => {
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ])
    const y = orThrow(Dataset.oneHot([0, 1, 1, 0], 2))
    const data = orThrow(Dataset.dataset(x, y))
    const net = pipe(input(2), dense(4, tanh), dense(2, softmax))
    const [theta, rng] = init(net)(Random.seed(3))
    const lines: Array<string> = []
    const config = {
      cost: crossEntropy,
      optimizer: Optim.sgd({ eta: 0.1 }),
      epochs: 3,
      batchSize: 2,
      task: 'classification' as const,
      ...reporter({ write: (l) => lines.push(l), epochs: 3, batchSize: 2 }),
    }
    const [result] = train(net, theta, data, config)(rng)
    const history = orThrow(result).history
    expect(lines).toHaveLength(3)
    lines.forEach((l, i) => {
      expect(l).toMatch(
        new RegExp(`^epoch ${i + 1}/3 - \\d+\\.\\d\\d s - .* - loss \\d\\.\\d{4} - accuracy \\d\\.\\d{4}$`),
      )
      expect(l).toContain(`loss ${(history[i] as EpochMetrics).train.loss.toFixed(4)}`)
    })
  })
})
