/**
 * 05 — regression on the Franke function (the course's project 2): a 2-32-16-1 network with sigmoid, ReLU or
 * leaky-ReLU hidden layers and a linear output, trained with Adam on the mean squared error; test MSE and R²
 * on a held-out 20 %.
 *
 * Run: npm run example:05
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import {
  type Activation,
  Dataset,
  dense,
  evaluate,
  identity,
  init,
  input,
  leakyRelu,
  mse,
  Optim,
  Random,
  relu,
  sigmoid,
  train,
} from 'tensorial'

import { frankeData } from './data/franke.js'
import { isMain } from './lib/main.js'

export interface FrankeRow {
  readonly activation: string
  readonly trainMse: number
  readonly testMse: number
  readonly testR2: number
}

/** Trains one network per hidden activation on the same data and split; returns the test metrics. */
export const runFranke = (epochs: number, seed = 2024, n = 1000): ReadonlyArray<FrankeRow> => {
  const [data, rng1] = frankeData(n, 0.05)(Random.seed(seed))
  const [split, rng2] = Dataset.trainTestSplit(data, 0.2)(rng1)
  if (E.isLeft(split)) throw split.left
  const [trainSet, testSet] = split.right
  const hidden: ReadonlyArray<readonly [string, Activation]> = [
    ['sigmoid', sigmoid],
    ['relu', relu],
    ['leakyRelu(0.01)', leakyRelu(0.01)],
  ]
  return hidden.map(([name, act]) => {
    const net = pipe(input(2), dense(32, act), dense(16, act), dense(1, identity))
    const [theta0, rng3] = init(net)(rng2)
    const [result] = train(net, theta0, trainSet, {
      cost: mse,
      optimizer: Optim.adam({ eta: 0.01 }),
      epochs,
      batchSize: 32,
      task: 'regression',
    })(rng3)
    if (E.isLeft(result)) throw new Error(result.left.message)
    const test = evaluate(net, result.right.theta, testSet, mse, 'regression')
    const last = result.right.history[result.right.history.length - 1]
    return { activation: name, trainMse: last?.train.mse ?? NaN, testMse: test.mse ?? NaN, testR2: test.r2 ?? NaN }
  })
}

const main = (): void => {
  const rows = runFranke(300)
  console.log('Franke function, 1,000 noisy points (σ = 0.05), 2-32-16-1, Adam η = 0.01, batch 32, 300 epochs\n')
  console.log('hidden activation   train MSE    test MSE    test R²')
  for (const r of rows)
    console.log(
      `${r.activation.padEnd(18)} ${r.trainMse.toFixed(5).padStart(10)} ${r.testMse.toFixed(5).padStart(11)} ${r.testR2.toFixed(4).padStart(10)}`,
    )
}

if (isMain(import.meta.url)) main()
