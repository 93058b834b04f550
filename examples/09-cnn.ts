/**
 * 09 — a convolutional network on MNIST: conv 3×3×16 ReLU ('same') → max-pool 2 → conv 3×3×32 ReLU ('same') → max-pool 2 →
 * flatten → dense 128 ReLU → dropout 0.4 → dense 10 softmax, Adam (η from 1e-3 decaying to 5e-5), on the same
 * 8,000/2,000 stratified split as 04-mnist, each epoch on images shifted at random by up to one pixel.
 * Every width is inferred from the image shape at compile time: the network's output is `10`, its second
 * conv layer a `Conv2d<3136, 6272, 3, 3, 16, 32>`.
 *
 * Run: npm run example:09
 *      npm run example:09 -- --epochs 2
 *      npm run example:09 -- --seed 2 --shift 2 --eta 0.001 --limit 4000
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { State } from 'fp-ts/lib/State.js'
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
  type OptimizerState,
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

/**
 * Data augmentation: every image moved by a whole number of pixels, `dy, dx ∈ [−maxShift, maxShift]` drawn
 * per image from the generator, the uncovered border filled with 0 (background). A pure step: a new data set
 * and the next generator, the input untouched. The labels stay as they are: a digit moved by two pixels is
 * the same digit, so each epoch sees new images of the same digits.
 */
export const shiftImages =
  (maxShift: number) =>
  (ds: Dataset.Dataset<typeof MNIST_PIXELS, typeof MNIST_CLASSES>): State<Random.Rng, typeof ds> =>
  (rng) => {
    const n = Dataset.size(ds)
    const [u, next] = Random.uniforms(2 * n)(rng)
    const span = 2 * maxShift + 1
    const src = ds.x.data
    const out = new Float64Array(src.length)
    for (let e = 0; e < n; e++) {
      const dy = Math.floor((u[2 * e] as number) * span) - maxShift
      const dx = Math.floor((u[2 * e + 1] as number) * span) - maxShift
      const base = e * MNIST_PIXELS
      for (let r = Math.max(0, dy); r < Math.min(28, 28 + dy); r++)
        for (let c = Math.max(0, dx); c < Math.min(28, 28 + dx); c++)
          out[base + r * 28 + c] = src[base + (r - dy) * 28 + (c - dx)] as number
    }
    const x = orThrow(fromArray(out, ds.x.shape))
    return [orThrow(Dataset.dataset(x, ds.y)), next]
  }

export interface CnnOptions {
  readonly epochs: number
  readonly seed: number
  /** How many of the 10,000 digits to use (all by default); the split keeps 20 % for testing. */
  readonly limit?: number
  /** The largest shift of `shiftImages`, in pixels (default 1; 0 trains on the images as they are). */
  readonly maxShift?: number
  /** The learning rate of the first step (default 1e-3); it decays exponentially, to 1/20 of it after 20 epochs. */
  readonly eta?: number
  readonly progress: boolean
}

/**
 * Trains and evaluates; returns the test accuracy and the seconds per epoch. One `train` call per epoch, each
 * on freshly shifted images, resumed from the previous call's Θ, optimizer state (Adam's moments and step
 * count, so the schedule goes on) and generator: the same as one run of `epochs` epochs on data that change
 * every epoch.
 */
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
  const eta = options.eta ?? 1e-3
  // η_t = η · r^(t−1), r chosen so that 20 epochs of steps take the rate from η to η/20
  const steps = 20 * Math.ceil(Dataset.size(trainSet) / batchSize)
  const optimizer = Optim.adam({ eta: Optim.exponential(eta, (1 / 20) ** (1 / steps)) })
  const augment = shiftImages(options.maxShift ?? 1)
  const reporter = options.progress ? progress({ epochs: options.epochs, batchSize }) : undefined
  const started = performance.now()
  let state = { theta: theta0, optimizerState: undefined as OptimizerState<typeof theta0> | undefined, rng: rng2 }
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const [shifted, rng3] = augment(trainSet)(state.rng)
    const [result, rng4] = train(cnnNetwork, state.theta, shifted, {
      cost: crossEntropy,
      optimizer,
      epochs: epoch,
      batchSize,
      task: 'classification',
      validation: testSet,
      ...(state.optimizerState === undefined
        ? {}
        : { resume: { optimizerState: state.optimizerState, epoch: epoch - 1 } }),
      ...reporter,
    })(rng3)
    const trained = orThrow(
      E.mapLeft((e: { readonly message: string }) => ({ message: `training failed: ${e.message}` }))(result),
    )
    state = { theta: trained.theta, optimizerState: trained.optimizerState, rng: rng4 }
  }
  const seconds = (performance.now() - started) / 1000
  reporter?.stop()
  const test = evaluate(cnnNetwork, state.theta, testSet, crossEntropy, 'classification')
  return {
    accuracy: test.accuracy ?? 0,
    loss: test.loss,
    testCount: Dataset.size(testSet),
    secondsPerEpoch: seconds / options.epochs,
    theta: state.theta,
  }
}

const main = (): void => {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`)
    return i >= 0 ? Number(process.argv[i + 1]) : fallback
  }
  const epochs = arg('epochs', 20)
  const limit = arg('limit', 10000)
  const r = runCnn({
    epochs,
    seed: arg('seed', 1),
    limit,
    maxShift: arg('shift', 1),
    eta: arg('eta', 1e-3),
    progress: true,
  })
  console.log(
    `\ntest accuracy ${(r.accuracy * 100).toFixed(2)} % (loss ${r.loss.toFixed(4)}) on ${r.testCount} held-out digits, ` +
      `${r.secondsPerEpoch.toFixed(1)} s per epoch over ${epochs} epochs`,
  )
}

if (isMain(import.meta.url)) main()
