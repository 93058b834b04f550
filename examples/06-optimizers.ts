/**
 * 06 — optimizers compared, as in the course: plain gradient descent (one full batch per epoch), stochastic
 * gradient descent with minibatches, momentum, AdaGrad, RMSprop and Adam on one problem — the Franke
 * regression of `05-franke.ts` with a 2-32-16-1 sigmoid network — from the same initial Θ and data order.
 *
 * Run: npm run example:06
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { Dataset, dense, evaluate, identity, init, input, mse, Optim, Random, sigmoid, train } from 'tensorial'

import { frankeData } from './data/franke.js'
import { isMain } from './lib/main.js'

export interface OptimizerRow {
  readonly name: string
  readonly trainMse: number
  readonly testMse: number
  readonly testR2: number
  readonly milliseconds: number
}

export const runOptimizers = (epochs: number, seed = 7): ReadonlyArray<OptimizerRow> => {
  const [data, rng1] = frankeData(800, 0.05)(Random.seed(seed))
  const [split, rng2] = Dataset.trainTestSplit(data, 0.25)(rng1)
  if (E.isLeft(split)) throw split.left
  const [trainSet, testSet] = split.right
  const net = pipe(input(2), dense(32, sigmoid), dense(16, sigmoid), dense(1, identity))
  const [theta0, rng3] = init(net)(rng2)
  const n = Dataset.size(trainSet)
  const contenders: ReadonlyArray<readonly [string, Optim.Optimizer, number]> = [
    ['GD (full batch, η = 0.5)', Optim.sgd({ eta: 0.5 }), n],
    ['SGD (η = 0.1)', Optim.sgd({ eta: 0.1 }), 32],
    ['SGD, t0/(t + t1) schedule', Optim.sgd({ eta: Optim.inverseTime(50, 250) }), 32],
    ['momentum (γ = 0.9, η = 0.02)', Optim.momentum({ eta: 0.02, gamma: 0.9 }), 32],
    ['Nesterov (γ = 0.9, η = 0.02)', Optim.momentum({ eta: 0.02, gamma: 0.9, nesterov: true }), 32],
    ['AdaGrad (η = 0.1)', Optim.adagrad({ eta: 0.1, epsilon: 1e-8 }), 32],
    ['RMSprop (η = 0.005)', Optim.rmsprop({ eta: 0.005, rho: 0.9 }), 32],
    ['Adam (η = 0.01)', Optim.adam({ eta: 0.01 }), 32],
  ]
  return contenders.map(([name, optimizer, batchSize]) => {
    const t0 = performance.now()
    const [result] = train(net, theta0, trainSet, { cost: mse, optimizer, epochs, batchSize, task: 'regression' })(rng3)
    const ms = performance.now() - t0
    if (E.isLeft(result)) return { name, trainMse: NaN, testMse: NaN, testR2: NaN, milliseconds: ms }
    const last = result.right.history[result.right.history.length - 1]
    const test = evaluate(net, result.right.theta, testSet, mse, 'regression')
    return {
      name,
      trainMse: last?.train.mse ?? NaN,
      testMse: test.mse ?? NaN,
      testR2: test.r2 ?? NaN,
      milliseconds: ms,
    }
  })
}

const main = (): void => {
  const epochs = 200
  const rows = runOptimizers(epochs)
  console.log(`Franke regression, 2-32-16-1 sigmoid, MSE, batch 32 (GD: all 600), ${epochs} epochs, same start\n`)
  console.log(
    `${'optimizer'.padEnd(30)} ${'train MSE'.padStart(10)} ${'test MSE'.padStart(10)} ${'test R²'.padStart(8)} ${'time'.padStart(8)}`,
  )
  for (const r of rows)
    console.log(
      `${r.name.padEnd(30)} ${r.trainMse.toFixed(5).padStart(10)} ${r.testMse.toFixed(5).padStart(10)} ${r.testR2.toFixed(3).padStart(8)} ${`${(r.milliseconds / 1000).toFixed(2)} s`.padStart(8)}`,
    )
}

if (isMain(import.meta.url)) main()
