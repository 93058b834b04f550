import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  crossEntropy,
  dense,
  denseLayer,
  dropout,
  dropoutLayer,
  dynamic,
  forward,
  forwardTraining,
  fromArray,
  gradientCheck,
  init,
  input,
  predict,
  Random,
  sequential,
  sigmoid,
  softmax,
  trainingGradients,
  validateDropoutRate,
} from 'tensorial'

import { expectClose, shapeErrorOf, unsafeLeft, unsafeRight } from '../util.js'

const x = unsafeRight(fromArray([0.5, -1, 2, 1, 0.3, -0.7, -1.5, 0.8, 0.1, 0.2, 0.4, -0.3], [3, 4]))

describe('dropoutLayer', () => {
  it('is the identity in inference, forward and backward', () => {
    const l = dropoutLayer(4, 0.5)
    const r0 = Random.seed(1)
    const [p, r] = l.init(r0)
    expect(r).toBe(r0)
    expect(p).toEqual({})
    expect(l.forward(p, x)).toBe(x)
    expect(l.backward(p, x, x).dx()).toBe(x)
    expect(l.backward(p, x, x).grads).toEqual({})
    expect(l.kind).toBe('dropout')
    expect(l.spec).toMatchObject({ kind: 'dropout', rate: 0.5 })
  })

  it('in training keeps an entry when its uniform draw u ≥ p, scaled by 1/(1 − p), and draws once per entry', () => {
    const rate = 0.4
    const l = dropoutLayer(4, rate)
    const f = l.forwardTrain!
    const rng = Random.seed(42)
    const t = f({}, x, rng)
    const [u, next] = Random.uniforms(12)(rng)
    expect(t.rng.state).toEqual(next.state)
    const mask = Array.from(u, (v) => (v >= rate ? 1 / (1 - rate) : 0))
    expectClose(
      Array.from(t.z.data),
      Array.from(x.data, (v, i) => v * (mask[i] as number)),
      { abs: 0, rel: 0 },
    )
    expect(mask.some((m) => m === 0)).toBe(true)
    expect(mask.some((m) => m !== 0)).toBe(true)
    const d = unsafeRight(fromArray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4]))
    const g = t.backward(d)
    expectClose(
      Array.from(g.dx().data),
      Array.from(d.data, (v, i) => v * (mask[i] as number)),
      { abs: 0, rel: 0 },
    )
    expect(g.grads).toEqual({})
    // x itself is not modified
    expectClose(Array.from(x.data), [0.5, -1, 2, 1, 0.3, -0.7, -1.5, 0.8, 0.1, 0.2, 0.4, -0.3], { abs: 0, rel: 0 })
  })

  it('keeps the mean: over many draws E[Z] = X', () => {
    const l = dropoutLayer(4, 0.3)
    const big = unsafeRight(fromArray(new Array(4000).fill(1), [1000, 4]))
    const t = l.forwardTrain!({}, big, Random.seed(7))
    const mean = Array.from(t.z.data).reduce((s, v) => s + v, 0) / 4000
    // 4000 Bernoulli(0.7)/0.7 draws: standard error √(0.3/0.7/4000) ≈ 0.0104
    expect(Math.abs(mean - 1)).toBeLessThan(0.05)
  })

  it('with rate 0 draws nothing and is the identity in training too', () => {
    const t = dropoutLayer(4, 0).forwardTrain!({}, x, Random.seed(3))
    expect(t.z).toBe(x)
    expect(t.rng).toEqual(Random.seed(3))
  })

  it('rejects a rate outside [0, 1): a ShapeError from the builders, a Left from validateDropoutRate', () => {
    for (const r of [1, -0.1, 1.5, Number.NaN])
      expect(shapeErrorOf(() => dropoutLayer(4, r)).message).toContain('rate must be a number in [0, 1)')
    expect(shapeErrorOf(() => pipe(input(4), dropout(1))).message).toContain('dropout: rate must be')
    expect(shapeErrorOf(() => dropoutLayer(dynamic(0), 0.1)).message).toContain('width must be a positive integer')
    const left = unsafeLeft(validateDropoutRate(1, 'layers[1].rate'))
    expect(left.field).toBe('layers[1].rate')
    expect(left.message).toContain('[0, 1)')
    expect(unsafeLeft(validateDropoutRate('0.2')).field).toBe('rate')
    expect(unsafeRight(validateDropoutRate(0))).toBe(0)
    expect(unsafeRight(validateDropoutRate(0.999))).toBe(0.999)
  })
})

describe('dropout in a network', () => {
  const net = pipe(input(4), dense(6, sigmoid), dropout(0.5), dense(2, softmax))
  const [theta] = init(net)(Random.seed(5))
  const y = unsafeRight(fromArray([1, 0, 0, 1, 1, 0], [3, 2]))

  it('is the identity in predict and forward', () => {
    const plain = sequential(net.layers[0], net.layers[2])
    expectClose(predict(net, theta, x), predict(plain, [theta[0], theta[2]] as const, x), { abs: 0, rel: 0 })
    expectClose(forward(net, theta, x).output, predict(net, theta, x), { abs: 0, rel: 0 })
  })

  it('is bit-identical for the same generator and differs for another', () => {
    const [a, ra] = forwardTraining(net, theta, x)(Random.seed(1))
    const [b, rb] = forwardTraining(net, theta, x)(Random.seed(1))
    const [c] = forwardTraining(net, theta, x)(Random.seed(2))
    expect(Array.from(a.output.data)).toEqual(Array.from(b.output.data))
    expect(ra.state).toEqual(rb.state)
    expect(Array.from(a.output.data)).not.toEqual(Array.from(c.output.data))
  })

  it('passes the finite-difference gradient check in training mode, with one mask', () => {
    const report = gradientCheck(net, theta, x, y, crossEntropy, { training: Random.seed(8) })
    expect(report.map((r) => `${r.layer}.${r.param}`)).toEqual(['1.W', '1.b', '3.W', '3.b'])
    for (const r of report) expect(r.maxRelativeError, `${r.layer}.${r.param}`).toBeLessThan(1e-7)
    // the training-mode gradient is not the inference-mode one
    const [tg] = trainingGradients(net, theta, x, y, crossEntropy)(Random.seed(8))
    const ig = gradientCheck(net, theta, x, y, crossEntropy)
    for (const r of ig) expect(r.maxRelativeError).toBeLessThan(1e-7)
    expect(Array.from(tg.grads[0].W.data)).not.toEqual(
      Array.from(trainingGradients(net, theta, x, y, crossEntropy)(Random.seed(9))[0].grads[0].W.data),
    )
  })

  it('composes with sequential from layer values', () => {
    const seq = sequential(denseLayer(4, 6, sigmoid), dropoutLayer(6, 0.1), denseLayer(6, 2, softmax))
    expect(seq.layers.map((l) => l.kind)).toEqual(['dense', 'dropout', 'dense'])
    expect(seq.outputs).toBe(2)
  })
})
