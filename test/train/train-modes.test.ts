/**
 * Training and inference modes end to end: a network with batch norm and dropout trains (the loss falls), is
 * bit-identical for the same seed, writes its running statistics back, and infers deterministically; the
 * optimizer leaves non-trainable state alone.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  batchNorm,
  crossEntropy,
  dense,
  dropout,
  evaluate,
  init,
  input,
  nonTrainable,
  Optim,
  predict,
  Random,
  relu,
  softmax,
  train,
  trainStep,
  sigmoid,
} from 'tensorial'

import { bits, clusters, data, plain, right } from './helpers.js'

/** Three 4-D clusters with one-hot targets, deterministic (no RNG). */
const blobs = (n: number) => {
  const x: Array<Array<number>> = []
  const y: Array<Array<number>> = []
  for (let i = 0; i < n; i++) {
    const c = i % 3
    const a = i * 2.399963
    x.push([Math.cos(a) * 0.8 + c, Math.sin(a) * 0.8 - c, Math.cos(3 * a) * 0.5 + 2 * (c === 1 ? 1 : 0), c * 0.5])
    y.push([c === 0 ? 1 : 0, c === 1 ? 1 : 0, c === 2 ? 1 : 0])
  }
  return data(x, 4, y, 3)
}

describe('training a network with batch norm and dropout', () => {
  const net = pipe(input(4), dense(16, relu), batchNorm(), dropout(0.2), dense(3, softmax))
  const ds = blobs(120)
  const config = {
    cost: crossEntropy,
    optimizer: Optim.adam({ eta: 0.01 }),
    epochs: 15,
    batchSize: 16,
    task: 'classification',
  } as const
  const [theta0, rng1] = init(net)(Random.seed(2026))

  it('trains: the loss falls, and the running statistics move from their initial values', () => {
    const r = right(train(net, theta0, ds, config)(rng1))
    const first = r.history[0]!.train.loss
    const last = r.history[r.history.length - 1]!.train.loss
    expect(last).toBeLessThan(first * 0.5)
    expect(evaluate(net, r.theta, ds, crossEntropy, 'classification').accuracy).toBeGreaterThan(0.9)
    const bn = r.theta[1]
    expect(Array.from(bn.runningMean.data).every((v) => v !== 0)).toBe(true)
    expect(Array.from(bn.runningVar.data).some((v) => v !== 1)).toBe(true)
    expect(Array.from(bn.gamma.data).some((v) => v !== 1)).toBe(true)
  })

  it('is bit-identical for the same seed, and differs for another (dropout masks come from the generator)', () => {
    const a = plain(train(net, theta0, ds, config)(rng1))
    const b = plain(train(net, theta0, ds, config)(rng1))
    expect(a).toStrictEqual(b)
    const c = plain(train(net, theta0, ds, { ...config, shuffle: false })(rng1))
    const d = plain(train(net, theta0, ds, { ...config, shuffle: false })(Random.seed(7)))
    expect(c).not.toStrictEqual(d)
  })

  it('infers deterministically, with the running statistics and without dropout', () => {
    const r = right(train(net, theta0, ds, config)(rng1))
    const p1 = Array.from(predict(net, r.theta, ds.x).data)
    const p2 = Array.from(predict(net, r.theta, ds.x).data)
    expect(p1).toStrictEqual(p2)
  })

  it('writes the running statistics of the pass back after the step, with PyTorch momentum', () => {
    const step = trainStep(net, crossEntropy, Optim.sgd(0.1))
    const carry = { theta: theta0, opt: Optim.initState(Optim.sgd(0.1), theta0), rng: Random.seed(1) }
    const out = step(carry, ds)
    if (E.isLeft(out)) return expect.fail('the step failed')
    // running mean = 0.9·0 + 0.1·(batch mean of the relu outputs of layer 1)
    const h = predict(pipe(input(4), dense(16, relu)), [theta0[0]] as const, ds.x)
    for (let j = 0; j < 16; j++) {
      let m = 0
      for (let b = 0; b < 120; b++) m += h.data[b * 16 + j] as number
      expect(out.right.theta[1].runningMean.data[j]).toBeCloseTo(0.1 * (m / 120), 14)
    }
    // the generator moved on (dropout drew its mask) and the optimizer kept the state out of its slots' way
    expect(out.right.rng.state).not.toEqual(carry.rng.state)
    expect(out.right.theta[0]).not.toBe(theta0[0])
  })

  it('optimizers leave non-trainable entries as they are, even with weight decay on biases', () => {
    const opt = Optim.adam({ eta: 0.1, weightDecay: 0.5, decayBiases: true })
    const s0 = Optim.initState(opt, theta0)
    const grads = theta0 // any gradient set of the network: nonzero for every entry
    const [s1, t1] = Optim.step(opt, s0, theta0, grads, nonTrainable(net))
    expect(t1[1].runningMean).toBe(theta0[1].runningMean)
    expect(t1[1].runningVar).toBe(theta0[1].runningVar)
    expect(s1.slots[0]![1].runningVar).toBe(s0.slots[0]![1].runningVar)
    expect(t1[1].gamma).not.toBe(theta0[1].gamma)
    expect(Array.from(t1[1].gamma.data)).not.toEqual(Array.from(theta0[1].gamma.data))
    // without the mask the same step would move them (decay and the rule see them as parameters)
    const [, t2] = Optim.step(opt, s0, theta0, grads)
    expect(Array.from(t2[1].runningVar.data)).not.toEqual(Array.from(theta0[1].runningVar.data))
  })
})

describe('a dense network is trained exactly as before', () => {
  it('leaves the generator of the step untouched (no layer draws) and gives the same Θ as without it', () => {
    const net = pipe(input(2), dense(4, sigmoid), dense(2, softmax))
    const [theta] = init(net)(Random.seed(3))
    const step = trainStep(net, crossEntropy, Optim.sgd(0.5))
    const opt = Optim.initState(Optim.sgd(0.5), theta)
    const rng = Random.seed(99)
    const a = step({ theta, opt, rng }, clusters(20))
    const b = step({ theta, opt }, clusters(20))
    if (E.isLeft(a) || E.isLeft(b)) return expect.fail('the step failed')
    expect(a.right.rng).toBe(rng)
    expect(bits(a.right.theta)).toStrictEqual(bits(b.right.theta))
  })
})
