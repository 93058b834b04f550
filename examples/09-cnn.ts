/**
 * 09 — a convolutional network on MNIST: conv 3×3×16 ReLU ('same') → max-pool 2 → conv 3×3×32 ReLU ('same') → max-pool 2 →
 * flatten → dense 128 ReLU → dropout 0.4 → dense 10 softmax, Adam, on the same 8,000/2,000 stratified split as 04-mnist.
 * Every width is inferred from the image shape at compile time: the network's output is `10`, its second
 * conv layer a `Conv2d<3136, 6272, 3, 3, 16, 32>`.
 *
 * Run: npm run example:09
 *      npm run example:09 -- --epochs 2
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import {
  conv2d,
  crossEntropy,
  Dataset,
  dense,
  dropout,
  evaluate,
  flattenImage,
  fromArray,
  init,
  inputImage,
  maxPool2d,
  Optim,
  orThrow,
  Random,
  relu,
  softmax,
  train,
} from 'tensorial'

import { progress } from 'tensorial/node'

import { loadMnist, MNIST_CLASSES, MNIST_PIXELS } from './data/mnist.js'
import { isMain } from './lib/main.js'

/**
 * The architecture. The spatial shapes are computed by the types: 28×28×1 → 28×28×16 → 14×14×16 → 14×14×32 →
 * 7×7×32 = 1568 features ('valid' padding would reach 11×11, which a 2×2 pool cannot divide: a compile error);
 * then dense 128 ReLU with dropout 0.4 and dense 10 softmax.
 */
export const cnnNetwork = pipe(
  inputImage([28, 28, 1]),
  conv2d({ filters: 16, kernel: 3, padding: 'same' }),
  maxPool2d(2),
  conv2d({ filters: 32, kernel: 3, padding: 'same' }),
  maxPool2d(2),
  flattenImage,
  dense(128, relu),
  dropout(0.4),
  dense(MNIST_CLASSES, softmax),
)

export interface CnnOptions {
  readonly epochs: number
  readonly seed: number
  /** How many of the 10,000 digits to use (all by default); the split keeps 20 % for testing. */
  readonly limit?: number
  readonly progress: boolean
}

/** Trains and evaluates; returns the test accuracy and the seconds per epoch. */
export const runCnn = (options: CnnOptions) => {
  const mnist = loadMnist()
  const count = Math.min(options.limit ?? mnist.count, mnist.count)
  const x = orThrow(fromArray(mnist.images.subarray(0, count * MNIST_PIXELS), [count, MNIST_PIXELS]))
  const y = orThrow(Dataset.oneHot(Array.from(mnist.labels.subarray(0, count)), MNIST_CLASSES))
  const all = orThrow(Dataset.dataset(x, y))
  const [splitResult, rng1] = Dataset.stratifiedSplit(all, 0.2)(Random.seed(options.seed))
  const [trainSet, testSet] = orThrow(splitResult)
  const [theta0, rng2] = init(cnnNetwork)(rng1)
  const batchSize = 32
  const reporter = options.progress ? progress({ epochs: options.epochs, batchSize }) : undefined
  const started = performance.now()
  const [result] = train(cnnNetwork, theta0, trainSet, {
    cost: crossEntropy,
    optimizer: Optim.adam({ eta: 0.0005 }),
    epochs: options.epochs,
    batchSize,
    task: 'classification',
    validation: testSet,
    ...reporter,
  })(rng2)
  const seconds = (performance.now() - started) / 1000
  reporter?.stop()
  const trained = orThrow(
    E.mapLeft((e: { readonly message: string }) => ({ message: `training failed: ${e.message}` }))(result),
  )
  const test = evaluate(cnnNetwork, trained.theta, testSet, crossEntropy, 'classification')
  return {
    accuracy: test.accuracy ?? 0,
    loss: test.loss,
    secondsPerEpoch: seconds / options.epochs,
    theta: trained.theta,
  }
}

const main = (): void => {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`)
    return i >= 0 ? Number(process.argv[i + 1]) : fallback
  }
  const epochs = arg('epochs', 20)
  const limit = arg('limit', 10000)
  const r = runCnn({ epochs, seed: arg('seed', 1), limit, progress: true })
  console.log(
    `\ntest accuracy ${(r.accuracy * 100).toFixed(2)} % (loss ${r.loss.toFixed(4)}) on 2,000 held-out digits, ` +
      `${r.secondsPerEpoch.toFixed(1)} s per epoch over ${epochs} epochs`,
  )
}

if (isMain(import.meta.url)) main()
