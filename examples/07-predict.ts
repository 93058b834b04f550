/**
 * 07 — Predict: load the model that `04-mnist.ts` saved and classify a few digits with it.
 *
 * The file is read against the typed MNIST network definition (`mnistNetwork`), so the loaded Θ has exactly
 * the static type of `init(mnistNetwork)`'s Θ and feeds `predict(mnistNetwork, …)` with no cast. A file of
 * another architecture, of an unknown version, truncated or with a non-finite number is a `Left` whose
 * message names the place (`layers[0].outputs: expected 128, got 30`). Before predicting, `Model.describe`
 * prints what the file holds: its layers, parameter shapes and parameter count.
 *
 * The digits are spread evenly over the 10,000 of the `mnist` package (the first ten shown are the digits 0 to 9);
 * 04 trains on 80 % of them, so some of these were seen in training.
 *
 * Run: npm run example            (trains and writes examples/output/mnist-model.json)
 *      npx tsx examples/07-predict.ts [model.json] [--count 12]
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as E from 'fp-ts/lib/Either.js'
import { argmax, fromArray, Model, predict, toArray } from 'tensorial'

import { mnistNetwork } from './04-mnist.js'
import { loadMnist, MNIST_PIXELS } from './data/mnist.js'
import { isMain } from './lib/main.js'

const here = dirname(fileURLToPath(import.meta.url))

/** Where 04-mnist.ts writes its model. */
export const defaultModelPath = join(here, 'output', 'mnist-model.json')

/** One classified digit: its row in the data set, the predicted and the true label, the predicted probability. */
export interface Prediction {
  readonly row: number
  readonly predicted: number
  readonly actual: number
  readonly probability: number
}

/** What `runPredict` found: the file's description, the predictions and the lines `main` prints. */
export interface PredictReport {
  readonly description: Model.ModelDescription
  readonly predictions: ReadonlyArray<Prediction>
  readonly correct: number
  readonly lines: ReadonlyArray<string>
}

const describeLines = (path: string, d: Model.ModelDescription): Array<string> => [
  `model ${path}`,
  `  format version ${d.version}, ${d.inputs} inputs → ${d.outputs} outputs, cost ${d.cost?.name ?? '(none recorded)'}`,
  ...d.layers.map(
    (l, i) =>
      `  layer ${i + 1}  ${l.kind.padEnd(6)} ${`${l.inputs} → ${l.outputs}`.padEnd(11)} ${l.activation.padEnd(9)} ` +
      Object.entries(l.params)
        .map(([k, s]) => `${k} [${s.join(', ')}]`)
        .join('  '),
  ),
  `  ${d.parameterCount.toLocaleString('en-US')} parameters`,
]

/**
 * Loads the model at `path` against `mnistNetwork` and classifies `count` digits spread over the data set.
 * A missing file, a file that is not a model of this network, or a bad `count` is a `Left` with a message
 * for the user (no stack trace).
 */
export const runPredict = (path: string, count: number): E.Either<string, PredictReport> => {
  if (!existsSync(path))
    return E.left(
      `no model file at ${path}\nrun \`npm run example\` first: it trains the MNIST network and saves it there`,
    )
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    return E.left(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`)
  }
  const description = Model.describe(text)
  if (E.isLeft(description))
    return E.left(`${path} is not a tensorial model file:\n  ${description.left.messages.join('\n  ')}`)
  const loaded = Model.load(mnistNetwork, text)
  if (E.isLeft(loaded))
    return E.left(
      `${path} is not a model of the MNIST network (784 → 128 → 64 → 10):\n  ${loaded.left.messages.join('\n  ')}`,
    )

  const mnist = loadMnist()
  if (!Number.isSafeInteger(count) || count < 1 || count > mnist.count)
    return E.left(`count must be an integer from 1 to ${mnist.count}, got ${count}`)
  // Rows are interleaved by digit (row r of the first ~8,600 is digit r mod 10): step evenly, at a multiple of
  // 10 plus k mod 10, so that the k-th digit shown is k mod 10 (until the order ends, near row 8,600).
  const rows = Array.from({ length: count }, (_, k) =>
    Math.min(mnist.count - 1, Math.floor((k * mnist.count) / count / 10) * 10 + (k % 10)),
  )
  const pixels = new Float64Array(count * MNIST_PIXELS)
  rows.forEach((r, k) => pixels.set(mnist.images.subarray(r * MNIST_PIXELS, (r + 1) * MNIST_PIXELS), k * MNIST_PIXELS))
  const x = fromArray(pixels, [count, MNIST_PIXELS])
  if (E.isLeft(x)) return E.left(x.left.message)

  // loaded.right.theta has the type of init(mnistNetwork)'s Θ: no cast
  const probabilities = predict(mnistNetwork, loaded.right.theta, x.right)
  const predicted = argmax(probabilities)
  const p = toArray(probabilities)
  const predictions = rows.map((row, k): Prediction => ({
    row,
    predicted: predicted[k] as number,
    actual: mnist.labels[row] as number,
    probability: p[k]?.[predicted[k] as number] as number,
  }))
  const correct = predictions.filter((q) => q.predicted === q.actual).length
  const lines = [
    ...describeLines(path, description.right),
    '',
    `${count} digits (row: predicted, true label):`,
    ...predictions.map(
      (q) =>
        `  row ${String(q.row).padStart(4)}: predicted ${q.predicted} (p ${q.probability.toFixed(3)})  true ${q.actual}` +
        `  ${q.predicted === q.actual ? 'ok' : 'WRONG'}`,
    ),
    `${correct} of ${count} correct`,
  ]
  return E.right({ description: description.right, predictions, correct, lines })
}

const main = (): void => {
  const args = process.argv.slice(2)
  const i = args.indexOf('--count')
  const count = i >= 0 ? Number(args[i + 1]) : 10
  const path = args.find((a, j) => !a.startsWith('--') && (i < 0 || j !== i + 1)) ?? defaultModelPath
  E.match(
    (message: string) => {
      console.error(message)
      process.exitCode = 1
    },
    (r: PredictReport) => r.lines.forEach((l) => console.log(l)),
  )(runPredict(path, count))
}

if (isMain(import.meta.url)) main()
