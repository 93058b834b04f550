import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  crossEntropy,
  Dataset,
  dense,
  evaluate,
  fromArray,
  identity,
  init,
  input,
  Model,
  mse,
  Optim,
  predict,
  quadratic,
  Random,
  softmax,
  tanh,
  type Tensor,
  train,
  binaryCrossEntropy,
  sigmoid,
} from 'tensorial'

import { snapshot as snap, unsafeRight } from '../util.js'

const mat = <W extends number>(rows: ReadonlyArray<ReadonlyArray<number>>, w: W): Tensor<readonly [number, W]> =>
  unsafeRight(fromArray(rows.flat(), [rows.length, w] as [number, W]))

/** Two clusters in 2-D, offset and scaled so that standardising matters, with one-hot targets. */
const clusters = (n: number): Dataset.Dataset<2, 2> => {
  const x: Array<Array<number>> = []
  const y: Array<Array<number>> = []
  for (let i = 0; i < n; i++) {
    const c = i % 2
    const a = (i * 2.399963) % (2 * Math.PI)
    x.push([10 + 3 * (Math.cos(a) + (c === 0 ? -0.6 : 0.6)), -5 + Math.sin(a) * 0.5 + (c === 0 ? 0.3 : -0.3)])
    y.push(c === 0 ? [1, 0] : [0, 1])
  }
  return unsafeRight(Dataset.dataset(mat(x, 2), mat(y, 2)))
}

const net = pipe(input(2), dense(4, tanh), dense(2, softmax))
const [theta, rng] = init(net)(Random.seed(3))
const data = clusters(40)
const fitConfig = {
  optimizer: Optim.adam({ eta: 0.05 }),
  epochs: 8,
  batchSize: 8,
  validation: { split: 0.25 },
  earlyStopping: { patience: 3, restoreBest: true },
} as const

const right = <A>(e: E.Either<unknown, A>): A =>
  E.isRight(e) ? e.right : expect.fail(`expected a Right, got ${JSON.stringify(e.left)}`)

describe('Model.of', () => {
  it('infers the task from the cost, and an explicit task overrides it', () => {
    expect(Model.of(net, theta, { cost: crossEntropy }).task).toBe('classification')
    expect(Model.of(net, theta, { cost: binaryCrossEntropy }).task).toBe('classification')
    expect(Model.of(net, theta, { cost: mse }).task).toBe('regression')
    expect(Model.of(net, theta, { cost: quadratic }).task).toBe('regression')
    expect(Model.of(net, theta, { cost: mse, task: 'classification' }).task).toBe('classification')
    expect(Model.taskOf(crossEntropy)).toBe('classification')
  })

  it('fit equals train bit for bit and returns a new model, leaving the old one as it was', () => {
    const model = Model.of(net, theta, { cost: crossEntropy })
    const [fitted, rngA] = model.fit(data, fitConfig)(rng)
    const [expected, rngB] = train(net, theta, data, { ...fitConfig, cost: crossEntropy, task: 'classification' })(rng)
    const [next, result] = right(fitted)
    const res = right(expected)
    expect(result).toEqual(res)
    expect(next.theta).toEqual(res.theta)
    expect(rngA).toEqual(rngB)
    expect(model.theta).toBe(theta)
    expect(next).not.toBe(model)
    expect(next.cost).toBe(crossEntropy)
    expect(next.task).toBe('classification')
    expect(Object.isFrozen(model)).toBe(true)
    expect(Object.isFrozen(next)).toBe(true)
  })

  it('fitAsync equals fit', async () => {
    const model = Model.of(net, theta, { cost: crossEntropy })
    const [a] = model.fit(data, fitConfig)(rng)
    const [b] = await model.fitAsync(data, fitConfig)(rng)()
    expect(right(b)[1]).toEqual(right(a)[1])
  })

  it('a failing fit is the Left that train returns', () => {
    const model = Model.of(net, theta, { cost: crossEntropy })
    const [r] = model.fit(data, { ...fitConfig, batchSize: 0 })(rng)
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidConfig')
  })

  it('evaluate and predict equal evaluate and predict', () => {
    const model = Model.of(net, theta, { cost: crossEntropy })
    expect(model.evaluate(data)).toEqual(evaluate(net, theta, data, crossEntropy, 'classification'))
    expect(model.evaluate(data, 7)).toEqual(evaluate(net, theta, data, crossEntropy, 'classification', 7))
    const batch = predict(net, theta, data.x)
    expect(snap(model.predict(data.x))).toEqual(snap(batch))
    const one = model.predict(unsafeRight(fromArray([10, -5], [2] as [2])))
    expect(one.shape).toEqual([2])
    const row = predict(net, theta, mat([[10, -5]], 2))
    expect(Array.from(one.data)).toEqual(Array.from(row.data))
  })

  it('standardises inputs with the standardizer first, in fit, evaluate and predict', () => {
    const s = Dataset.fitStandardizer(data.x)
    const std = Dataset.standardizeDataset(s, data)
    const model = Model.of(net, theta, { cost: crossEntropy, standardizer: s })
    expect(model.evaluate(data)).toEqual(evaluate(net, theta, std, crossEntropy, 'classification'))
    expect(snap(model.predict(data.x))).toEqual(snap(predict(net, theta, std.x)))
    const held = clusters(10)
    const cfg = { ...fitConfig, validation: held }
    const [fitted] = model.fit(data, cfg)(rng)
    const [expected] = train(net, theta, std, {
      ...cfg,
      validation: Dataset.standardizeDataset(s, held),
      cost: crossEntropy,
      task: 'classification',
    })(rng)
    expect(right(fitted)[1]).toEqual(right(expected))
    expect(right(fitted)[0].standardizer).toBe(s)
  })

  it('save writes the model file of Model.save, and it loads back to the same predictions', () => {
    const model = Model.of(net, theta, { cost: crossEntropy })
    const text = right(model.save())
    expect(text).toBe(right(Model.save(net, theta, crossEntropy)))
    const loaded = right(Model.load(net, text))
    const back = Model.of(net, loaded.theta, { cost: loaded.cost ?? mse })
    expect(back.cost).toBe(crossEntropy)
    expect(snap(back.predict(data.x))).toEqual(snap(model.predict(data.x)))
  })

  it('a regression model predicts through an identity output', () => {
    const lin = pipe(input(1), dense(1, identity))
    const [th] = init(lin)(Random.seed(1))
    const m = Model.of(lin, th, { cost: mse })
    const x = mat([[1], [2]], 1)
    expect(snap(m.predict(x))).toEqual(snap(predict(lin, th, x)))
    expect(Model.of(pipe(input(1), dense(1, sigmoid)), th, { cost: binaryCrossEntropy }).task).toBe('classification')
  })
})
