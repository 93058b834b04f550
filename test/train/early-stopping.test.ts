import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import { crossEntropy, dense, init, input, Optim, Random, softmax, tanh, train } from 'tensorial'

import { direction, startWatch, watchEpoch } from '../../src/train/early-stopping.js'
import { bits, clusters, right } from './helpers.js'

/** Runs the rule over a hand-made sequence of epoch values: the epoch it stops at (or undefined) and the best. */
const watch = (values: ReadonlyArray<number>, dir: 'min' | 'max', minDelta: number, patience: number) => {
  let w = startWatch(dir, 0)
  for (let i = 0; i < values.length; i++) {
    const r = watchEpoch(w, values[i] as number, i + 1, dir, minDelta, patience)
    w = r.watch
    if (r.stop) return { stoppedAt: i + 1, best: w.best, bestEpoch: w.bestEpoch }
  }
  return { stoppedAt: undefined, best: w.best, bestEpoch: w.bestEpoch }
}

describe('the early-stopping rule on hand-made sequences', () => {
  it('min, minDelta 0: stops patience epochs after the best (Keras with min_delta = 0)', () => {
    expect(watch([1, 0.8, 0.9, 0.85, 0.7, 0.75, 0.72, 0.71], 'min', 0, 3)).toEqual({
      stoppedAt: 8,
      best: 0.7,
      bestEpoch: 5,
    })
    // a tie is not an improvement
    expect(watch([1, 0.5, 0.5, 0.5], 'min', 0, 2)).toEqual({ stoppedAt: 4, best: 0.5, bestEpoch: 2 })
  })

  it('min, minDelta 0.05: compared with the best so far, a slow creep stops (Keras’s reference would not)', () => {
    // each epoch is 0.03 better than the one before: never by more than 0.05 on the best so far.
    // Keras compares with the last counted improvement (1.0), so 0.94 would count for it and reset its wait.
    expect(watch([1, 0.97, 0.94, 0.91, 0.88], 'min', 0.05, 3)).toEqual({ stoppedAt: 4, best: 0.91, bestEpoch: 4 })
    // an improvement by more than minDelta resets the wait
    expect(watch([1, 0.97, 0.9, 0.89, 0.88, 0.87], 'min', 0.05, 3)).toEqual({
      stoppedAt: 6,
      best: 0.87,
      bestEpoch: 6,
    })
  })

  it('max: accuracy that rises, then stalls', () => {
    expect(watch([0.5, 0.6, 0.75, 0.75, 0.74, 0.76, 0.7], 'max', 0.01, 3)).toEqual({
      stoppedAt: 6,
      best: 0.76,
      bestEpoch: 6,
    })
    expect(watch([0.5, 0.6, 0.75, 0.75, 0.74], 'max', 0, 2)).toEqual({ stoppedAt: 5, best: 0.75, bestEpoch: 3 })
  })

  it('the first epoch always improves on ±∞', () => {
    expect(watch([5], 'min', 1, 1)).toEqual({ stoppedAt: undefined, best: 5, bestEpoch: 1 })
    expect(watch([-5], 'max', 1, 1)).toEqual({ stoppedAt: undefined, best: -5, bestEpoch: 1 })
  })

  it('mode auto: max for accuracy and R², min for loss and MSE', () => {
    expect(['loss', 'val_loss', 'mse', 'val_mse'].map((m) => direction(m as 'loss'))).toEqual([
      'min',
      'min',
      'min',
      'min',
    ])
    expect(['accuracy', 'val_accuracy', 'r2', 'val_r2'].map((m) => direction(m as 'loss'))).toEqual([
      'max',
      'max',
      'max',
      'max',
    ])
    expect(direction('accuracy', 'min')).toBe('min')
    expect(direction('loss', 'max')).toBe('max')
  })
})

describe('early stopping in train: monitor and mode', () => {
  const net = pipe(input(2), dense(3, tanh), dense(2, softmax))
  const [theta] = init(net)(Random.seed(11))
  const cfg = {
    cost: crossEntropy,
    optimizer: Optim.sgd({ eta: 2 }),
    epochs: 60,
    batchSize: 4,
    task: 'classification',
    validation: clusters(9, 50),
  } as const
  const ds = clusters(20)

  it('val_accuracy (auto = max) stops patience epochs after the best accuracy and restores that epoch', () => {
    const r = right(
      train(net, theta, ds, { ...cfg, earlyStopping: { monitor: 'val_accuracy', patience: 4, restoreBest: true } })(
        Random.seed(2),
      ),
    )
    expect(r.stopReason).toBe('early-stopping')
    const acc = r.history.map((h) => h.validation!.accuracy!)
    const best = Math.max(...acc)
    expect(r.bestEpoch).toBe(acc.indexOf(best) + 1) // the first epoch reaching the best
    expect(r.history).toHaveLength(r.bestEpoch + 4)
    const plain = right(train(net, theta, ds, { ...cfg, epochs: r.bestEpoch })(Random.seed(2)))
    expect(bits(r.theta)).toStrictEqual(bits(plain.theta))
  })

  it('mode min on an accuracy stops once it stops falling: the mode is obeyed, not guessed', () => {
    const r = right(
      train(net, theta, ds, { ...cfg, earlyStopping: { monitor: 'accuracy', mode: 'min', patience: 2 } })(
        Random.seed(2),
      ),
    )
    const acc = r.history.map((h) => h.train.accuracy!)
    const worst = Math.min(...acc)
    expect(r.stopReason).toBe('early-stopping')
    expect(r.history).toHaveLength(acc.indexOf(worst) + 1 + 2)
  })

  it('the training loss, monitored with validation data present', () => {
    const r = right(
      train(net, theta, ds, { ...cfg, earlyStopping: { monitor: 'loss', patience: 3, restoreBest: true } })(
        Random.seed(2),
      ),
    )
    const losses = r.history.map((h) => h.train.loss)
    const valLosses = r.history.map((h) => h.validation!.loss)
    expect(r.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1)
    // the case tells the two apart: the validation loss is best at another epoch
    expect(valLosses.indexOf(Math.min(...valLosses)) + 1).not.toBe(r.bestEpoch)
  })
})
