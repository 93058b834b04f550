/**
 * The playground's page-independent modules, in Node: its seeded data sets, the network and the TypeScript text
 * it shows, and the chunked trainer (whose run must equal one `train` call bit for bit, however it is cut and
 * stopped). The page itself is driven in Chromium by scripts/browser-test.mjs.
 */
import { describe, expect, it } from 'vitest'

import { binaryCrossEntropy, init, parameterCount, Random, toFlat, train } from 'tensorial'

import type { DatasetName } from '../../playground/src/datasets.js'
import { datasetNames, points, split, toDataset } from '../../playground/src/datasets.js'
import type { Hidden, ModelSpec, OptimizerName } from '../../playground/src/network.js'
import { code, network, optimizer } from '../../playground/src/network.js'
import type { Progress, Setup, Trainer } from '../../playground/src/trainer.js'
import { trainer } from '../../playground/src/trainer.js'
import { unsafeRight } from '../util.js'

const at = (p: { xs: Float64Array; labels: Uint8Array }, i: number) => ({
  x: p.xs[2 * i] as number,
  y: p.xs[2 * i + 1] as number,
  c: p.labels[i] as number,
})

describe('data sets', () => {
  it.each(datasetNames)('%s: the same seed gives the same points, another seed others', (name: DatasetName) => {
    const [a] = points(name, 100, 0.1)(Random.seed(7))
    const [b] = points(name, 100, 0.1)(Random.seed(7))
    const [c] = points(name, 100, 0.1)(Random.seed(8))
    expect(Array.from(a.xs)).toEqual(Array.from(b.xs))
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels))
    expect(Array.from(a.xs)).not.toEqual(Array.from(c.xs))
  })

  it.each(datasetNames)('%s: both classes, about half each, points in [-1, 1]² without noise', (name: DatasetName) => {
    const [p] = points(name, 400, 0)(Random.seed(1))
    const ones = p.labels.reduce((n, c) => n + c, 0)
    expect(ones).toBeGreaterThanOrEqual(150)
    expect(ones).toBeLessThanOrEqual(250)
    for (let i = 0; i < 400; i++) {
      const { x, y } = at(p, i)
      expect(Math.abs(x)).toBeLessThanOrEqual(1)
      expect(Math.abs(y)).toBeLessThanOrEqual(1)
    }
  })

  it('without noise, circles and XOR follow their rules: radius < 0.6, and x·y > 0', () => {
    const [circles] = points('circles', 300, 0)(Random.seed(2))
    const [xor] = points('xor', 300, 0)(Random.seed(2))
    for (let i = 0; i < 300; i++) {
      const c = at(circles, i)
      expect(c.c).toBe(Math.hypot(c.x, c.y) < 0.6 ? 1 : 0)
      const x = at(xor, i)
      expect(x.c).toBe(x.x * x.y > 0 ? 1 : 0)
    }
  })

  it('noise moves the points, not their classes', () => {
    const [clean] = points('moons', 200, 0)(Random.seed(3))
    const [noisy] = points('moons', 200, 0.3)(Random.seed(3))
    expect(Array.from(noisy.labels)).toEqual(Array.from(clean.labels))
    expect(Array.from(noisy.xs)).not.toEqual(Array.from(clean.xs))
  })

  it('a split draws disjoint training and test points from one seed, as x: [N, 2], y: [N, 1] data sets', () => {
    const { train: tr, test } = split('spirals', 0.1, Random.seed(5), 60, 30)
    const ds = unsafeRight(toDataset(tr))
    expect(ds.x.shape).toEqual([60, 2])
    expect(ds.y.shape).toEqual([60, 1])
    expect(unsafeRight(toDataset(test)).x.shape).toEqual([30, 2])
    expect(Array.from(test.xs.subarray(0, 60))).not.toEqual(Array.from(tr.xs.subarray(0, 60)))
  })
})

describe('network and its text', () => {
  const spec: ModelSpec = {
    hidden: [
      { width: 8, activation: 'tanh' },
      { width: 3, activation: 'leakyRelu' },
    ],
    optimizer: 'adam',
    eta: 0.03,
  }

  it('the network has the widths the text shows', () => {
    const net = network(spec.hidden)
    expect(net.layers.map((l) => [l.inputs, l.outputs])).toEqual([
      [2, 8],
      [8, 3],
      [3, 1],
    ])
    expect(parameterCount(net)).toBe(2 * 8 + 8 + 8 * 3 + 3 + 3 + 1)
    const c = code(spec)
    expect(c.definition).toBe('pipe(input(2), dense(8, tanh), dense(3, leakyRelu()), dense(1, sigmoid))')
    expect(c.pipeline).toBe('pipe(\n  input(2),\n  dense(8, tanh),\n  dense(3, leakyRelu()),\n  dense(1, sigmoid),\n)')
    expect(c.type).toBe('Network<readonly [Dense<2, 8>, Dense<8, 3>, Dense<3, 1>], 2, 1>')
    expect(c.optimizer).toBe('Optim.adam(0.03)')
  })

  it('no hidden layer: logistic regression', () => {
    expect(network([]).layers.map((l) => [l.inputs, l.outputs])).toEqual([[2, 1]])
    expect(code({ ...spec, hidden: [] }).definition).toBe('pipe(input(2), dense(1, sigmoid))')
  })

  it('each optimizer is built with the learning rate', () => {
    for (const name of ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam'] as const) {
      const o = optimizer({ ...spec, optimizer: name, eta: 0.25 })
      expect(o.spec.name).toBe(name)
      expect(o.schedule.rate(1)).toBe(0.25)
    }
  })
})

describe('trainer', () => {
  const hidden: ReadonlyArray<Hidden> = [{ width: 6, activation: 'tanh' }]
  const setupOf = (eta = 0.03, activation: Hidden['activation'] = 'tanh', rule: OptimizerName = 'adam'): Setup => {
    const { train: tr, test } = split('xor', 0.1, Random.seed(1), 80, 40)
    const net = network(hidden.map((h) => ({ ...h, activation })))
    const [modelRng, shuffleRng] = Random.split(Random.seed(1))
    return {
      net,
      theta: init(net)(modelRng)[0],
      train: unsafeRight(toDataset(tr)),
      test: unsafeRight(toDataset(test)),
      optimizer: optimizer({ hidden, optimizer: rule, eta }),
      batchSize: 10,
      l2: 0,
      rng: shuffleRng,
    }
  }
  /** The same run as one synchronous `train` call of `epochs` epochs. */
  const reference = (s: Setup, epochs: number) => {
    const [r] = train(s.net, s.theta, s.train, {
      cost: binaryCrossEntropy,
      optimizer: s.optimizer,
      epochs,
      batchSize: s.batchSize,
      task: 'classification',
      validation: s.test,
    })(s.rng)
    return unsafeRight(r)
  }
  const flat = (theta: Progress['theta']) => theta.flatMap((p) => Object.values(p).flatMap(toFlat))
  const frame = () => new Promise((resolve) => setTimeout(resolve, 0))

  it('epoch by epoch (step), the run equals one train call, bit for bit', async () => {
    const s = setupOf()
    const t = trainer(s, () => undefined, frame)
    for (let i = 0; i < 6; i++) expect(await t.step()).toEqual({ _tag: 'stopped' })
    const p = t.progress()
    expect(p.epoch).toBe(6)
    const want = reference(s, 6)
    expect(flat(p.theta)).toEqual(flat(want.theta))
    expect(p.history).toEqual(want.history)
  })

  it('started, stopped while running, and started again, it goes on as if it had never stopped', async () => {
    const s = setupOf()
    let stops = 0
    const t: Trainer = trainer(
      s,
      (p) => {
        // stop twice: once after 20 epochs, once after 60
        if ((stops === 0 && p.epoch >= 20) || (stops === 1 && p.epoch >= 60)) {
          stops++
          t.stop()
        }
      },
      frame,
    )
    expect(await t.start()).toEqual({ _tag: 'stopped' })
    const first = t.progress().epoch
    expect(first).toBeGreaterThanOrEqual(20)
    expect(t.running()).toBe(false)
    expect(await t.start()).toEqual({ _tag: 'stopped' })
    const p = t.progress()
    expect(p.epoch).toBeGreaterThanOrEqual(60)
    const want = reference(s, p.epoch)
    expect(flat(p.theta)).toEqual(flat(want.theta))
    expect(p.history.map((m) => m.epoch)).toEqual(Array.from({ length: p.epoch }, (_, i) => i + 1))
    expect(p.history).toEqual(want.history)
  })

  it('a stop in the middle of a chunk keeps the last chunk shown', async () => {
    const s = setupOf()
    const shown: Array<number> = []
    const t = trainer(s, (p) => shown.push(p.epoch), frame)
    const run = t.start()
    await new Promise((resolve) => setTimeout(resolve, 30))
    t.stop()
    await run
    expect(shown.length).toBeGreaterThan(0)
    expect(t.progress().epoch).toBe(shown[shown.length - 1] ?? 0)
  })

  it('a diverging run ends as failed, with the message of the Left', async () => {
    const s = setupOf(1e6, 'identity', 'sgd')
    const t = trainer(s, (p) => (p.epoch > 200 ? t.stop() : undefined), frame)
    const end = await t.start()
    expect(end._tag).toBe('failed')
    if (end._tag === 'failed') expect(end.error.message).toMatch(/^diverged at epoch \d+/)
  })
})
