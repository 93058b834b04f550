/**
 * Training throughput of the peers on the tasks that `scripts/bench-baseline.ts` defines: TensorFlow.js
 * (`@tensorflow/tfjs-core` + `@tensorflow/tfjs-layers`, on the pure-JS `cpu` backend and on the `wasm` backend)
 * and brain.js (`NeuralNetwork`), next to the plain-JS baseline. All peers are devDependencies, loaded with a
 * dynamic `import()` so that a peer that cannot load is reported and skipped, not fatal.
 *
 * Run standalone: `npx tsx scripts/bench-peers.ts` (optionally with peer ids to run only some:
 * `npx tsx scripts/bench-peers.ts baseline tfjs-wasm`). `scripts/bench.ts` can call `runPeers()` and print
 * ratios against tensorial's own trainer.
 *
 * Every peer starts from the baseline's seeded initial weights (`initialParams`), set through its own API, so
 * no run depends on `Math.random` and, where the maths agree, the losses can be compared.
 *
 * How each peer does "the same work":
 * - **tfjs**: a `tf.sequential` of three dense layers (Glorot-uniform kernels, zero biases, ReLU, ReLU, linear
 *   logits), `tf.losses.softmaxCrossEntropy` (the fused, stable softmax + cross-entropy, averaged over the
 *   batch) and `tf.train.sgd(η).minimize(…)` per batch: the usual custom training loop, lighter than
 *   `model.fit`. Each batch is copied into a fresh `tf.tensor2d` inside the timed loop (the data are converted
 *   to float32 once, untimed). `tf.enableProdMode()` is on (the fastest documented setting). XOR: the same
 *   2-2-1 sigmoid model, `tf.losses.meanSquaredError` (`(a − y)²`, so η is halved to match `½(a − y)²`) and
 *   one `minimize` per example. The wasm backend runs its SIMD binary, single-threaded (tfjs disables wasm
 *   threads in Node); the note prints what `tf.getBackend()` and the SIMD flag say.
 * - **brain.js** `NeuralNetwork` cannot do what the task asks exactly, so it does the closest thing it can:
 *   it has no mini-batches (it updates the weights after every example: online SGD) and no softmax or
 *   cross-entropy (the output layer uses the hidden layers' activation, trained on the squared error against
 *   one-hot targets). Its MNIST run is a 784-128-64-10 ReLU network with learning rate η/64 per example
 *   (the online equivalent of η on the batch mean); each batch of 64 is one `train(batch, { iterations: 1 })`
 *   call. Its momentum must be in (0, 1), so it is set to 1e-12 (plain SGD). Its reported loss is its own
 *   mean squared error, not a cross-entropy. XOR: 2-2-1 sigmoid, η = 0.5 (brain.js trains on `½(a − y)²`),
 *   `train(xor, { iterations })` over the four examples, which steps once per example.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

import type * as TfCore from '@tensorflow/tfjs-core'
import type * as TfLayers from '@tensorflow/tfjs-layers'
import type * as BrainJs from 'brain.js'

import { loadMnist } from '../examples/data/mnist.js'
import type { MnistBenchOptions, MnistBenchResult, XorBenchResult } from './bench-baseline.js'
import {
  baselineMnist,
  baselineXor,
  batchStart,
  checkData,
  initialParams,
  MNIST_LAYERS,
  timeMnistSteps,
  mnistOptions,
  rates,
  timed,
  XOR_INPUTS,
  XOR_LAYERS,
  XOR_LEARNING_RATE,
  XOR_SEED,
  XOR_TARGETS,
  XOR_WARMUP_STEPS,
  xorChunks,
} from './bench-baseline.js'

type Tf = typeof TfCore
type Tfl = typeof TfLayers
type Brain = typeof BrainJs

/** A TensorFlow.js backend measured here. */
export type TfBackend = 'cpu' | 'wasm'

const require = createRequire(import.meta.url)

/** The installed version of a package, read from its `package.json`. */
const versionOf = (pkg: string): string => {
  try {
    return (require(`${pkg}/package.json`) as { readonly version: string }).version
  } catch {
    return '?'
  }
}

// -------------------------------------------------------------------------------------
// TensorFlow.js
// -------------------------------------------------------------------------------------

interface TfHandle {
  readonly tf: Tf
  readonly tfl: Tfl
  /** What the running backend reports about itself. */
  readonly describe: string
}

let tfLoaded: Promise<{ readonly tf: Tf; readonly tfl: Tfl }> | undefined

/** Loads tfjs-core, the cpu backend and tfjs-layers once, in production mode. */
const loadTf = (): Promise<{ readonly tf: Tf; readonly tfl: Tfl }> =>
  (tfLoaded ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core')
    await import('@tensorflow/tfjs-backend-cpu')
    const tfl = await import('@tensorflow/tfjs-layers')
    tf.enableProdMode()
    return { tf, tfl }
  })())

/** Switches tfjs to `backend` (loading the wasm backend on first use) and checks that it really runs there. */
const useBackend = async (backend: TfBackend): Promise<TfHandle> => {
  const { tf, tfl } = await loadTf()
  // The wasm backend finds its .wasm files inside its own package in Node (no setWasmPaths needed).
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm')
  const ok = await tf.setBackend(backend)
  await tf.ready()
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(`tfjs: could not switch to the ${backend} backend (running on ${tf.getBackend()})`)
  }
  const simd = backend === 'wasm' && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true
  const threads = backend === 'wasm' && (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true
  const describe =
    backend === 'wasm'
      ? `tf.getBackend() = ${tf.getBackend()}, ${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'threaded' : '1 thread'}`
      : `tf.getBackend() = ${tf.getBackend()}`
  return { tf, tfl, describe: `tfjs ${tf.version_core}, ${describe}, prod mode` }
}

/** The 784-128-64-10 model with linear logits (the softmax is fused into the loss). */
const tfMnistModel = (tfl: Tfl) => {
  const [n0, n1, n2, n3] = MNIST_LAYERS
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [n0], units: n1, activation: 'relu' }),
      tfl.layers.dense({ units: n2, activation: 'relu' }),
      tfl.layers.dense({ units: n3 }),
    ],
  })
}

/** Sets a dense model's weights to `params` (`[W¹, b¹, …]` as from `initialParams(widths, …)`). */
const setTfWeights = (
  tf: Tf,
  model: TfLayers.LayersModel,
  widths: ReadonlyArray<number>,
  params: ReadonlyArray<Float64Array>,
): void => {
  const tensors = params.map((p, i) =>
    i % 2 === 0
      ? tf.tensor2d(Float32Array.from(p), [widths[i / 2], widths[i / 2 + 1]])
      : tf.tensor1d(Float32Array.from(p)),
  )
  model.setWeights(tensors)
  for (const t of tensors) t.dispose()
}

/** One-hot float32 rows of `labels`. */
const oneHot = (labels: Int32Array, classes: number): Float32Array => {
  const out = new Float32Array(labels.length * classes)
  labels.forEach((y, r) => (out[r * classes + y] = 1))
  return out
}

/** Trains the MNIST task with TensorFlow.js on `backend`; see the module doc. */
export const tfjsMnist = async (
  backend: TfBackend,
  images: Float64Array,
  labelsIn: Int32Array | ReadonlyArray<number>,
  opts: MnistBenchOptions = {},
): Promise<MnistBenchResult & { readonly note: string }> => {
  const { batchSize: bs, batches, warmupBatches, learningRate, seed } = mnistOptions(opts)
  const { count, labels } = checkData(images, labelsIn)
  const { tf, tfl, describe } = await useBackend(backend)
  const [n0, , , n3] = MNIST_LAYERS
  const x32 = Float32Array.from(images)
  const y32 = oneHot(labels, n3)
  const tensorsBefore = tf.memory().numTensors
  const model = tfMnistModel(tfl)
  setTfWeights(tf, model, MNIST_LAYERS, initialParams(MNIST_LAYERS, seed))
  const optimizer = tf.train.sgd(learningRate)

  const step = (k: number): number => {
    const start = batchStart(k, bs, count)
    const cost = tf.tidy(() => {
      const x = tf.tensor2d(x32.subarray(start * n0, (start + bs) * n0), [bs, n0])
      const y = tf.tensor2d(y32.subarray(start * n3, (start + bs) * n3), [bs, n3])
      const c = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as typeof x), true)
      if (c === null) throw new Error('tfjs: minimize returned no cost')
      return c
    })
    const loss = cost.dataSync()[0]
    cost.dispose()
    return loss
  }

  const result = timeMnistSteps(step, bs, warmupBatches, batches)
  model.dispose()
  optimizer.dispose()
  const leaked = tf.memory().numTensors - tensorsBefore
  return {
    ...result,
    note: `${describe}${leaked !== 0 ? `, ${leaked} tensors leaked` : ''}`,
  }
}

/** Single-example XOR steps with TensorFlow.js on `backend`; see the module doc. */
export const tfjsXor = async (
  backend: TfBackend,
  steps: number,
): Promise<XorBenchResult & { readonly note: string }> => {
  const { tf, tfl, describe } = await useBackend(backend)
  const tensorsBefore = tf.memory().numTensors
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [2], units: 2, activation: 'sigmoid' }),
      tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  })
  setTfWeights(tf, model, XOR_LAYERS, initialParams(XOR_LAYERS, XOR_SEED))
  // tf.losses.meanSquaredError is (a − y)², whose gradient is twice that of ½(a − y)²: halve η to match.
  const optimizer = tf.train.sgd(XOR_LEARNING_RATE / 2)
  const xs = XOR_INPUTS.map((x) => tf.tensor2d([x[0], x[1]], [1, 2]))
  const ys = XOR_TARGETS.map((y) => tf.tensor2d([y], [1, 1]))
  const allX = tf.tensor2d(XOR_INPUTS.flat(), [XOR_INPUTS.length, 2])
  const meanLoss = (): number => {
    const out = tf.tidy(() => model.apply(allX) as typeof allX)
    const a = out.dataSync()
    out.dispose()
    return XOR_TARGETS.reduce((s, y, i) => s + 0.5 * (a[i] - y) ** 2, 0) / XOR_TARGETS.length
  }
  const step = (s: number): void => {
    const i = s % XOR_INPUTS.length
    tf.tidy(() => {
      optimizer.minimize(() => tf.losses.meanSquaredError(ys[i], model.apply(xs[i]) as typeof allX))
    })
  }

  const initialLoss = meanLoss()
  for (let s = 0; s < XOR_WARMUP_STEPS; s++) step(s)
  const chunks = xorChunks(steps)
  let next = XOR_WARMUP_STEPS
  const times = chunks.map((len) =>
    timed(() => {
      for (const end = next + len; next < end; next++) step(next)
    }),
  )
  const finalLoss = meanLoss()
  for (const t of [...xs, ...ys, allX]) t.dispose()
  model.dispose()
  optimizer.dispose()
  const leaked = tf.memory().numTensors - tensorsBefore
  const r = rates(chunks[0], times)
  return {
    stepsPerSecond: r.median,
    meanStepsPerSecond: r.mean,
    initialLoss,
    finalLoss,
    steps: chunks[0] * chunks.length,
    seconds: r.total,
    note: `${describe}${leaked !== 0 ? `, ${leaked} tensors leaked` : ''}`,
  }
}

// -------------------------------------------------------------------------------------
// brain.js
// -------------------------------------------------------------------------------------

/** brain.js requires a momentum in (0, 1); this one makes its update plain SGD to 12 digits. */
const BRAIN_MOMENTUM = 1e-12

/** brain.js stops when its error falls to `errorThresh`, which must be in (0, 1); this one is never reached. */
const BRAIN_ERROR_THRESH = 1e-12

let brainLoaded: Promise<Brain> | undefined

const loadBrain = (): Promise<Brain> => (brainLoaded ??= import('brain.js'))

/**
 * Sets a brain.js network's weights to `params` (`[W¹, b¹, …]` as from `initialParams(widths, …)`). brain.js
 * keeps one weight row per node, `weights[l][node][k]` from input `k`: the transpose of `Wˡ`.
 */
const setBrainWeights = (
  net: { readonly weights: Array<Array<Float32Array>>; readonly biases: Array<Float32Array> },
  widths: ReadonlyArray<number>,
  params: ReadonlyArray<Float64Array>,
): void => {
  for (let l = 1; l < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l - 1], widths[l]]
    const [w, b] = [params[2 * (l - 1)], params[2 * (l - 1) + 1]]
    for (let node = 0; node < fanOut; node++) {
      const row = net.weights[l][node]
      for (let k = 0; k < fanIn; k++) row[k] = w[k * fanOut + node]
      net.biases[l][node] = b[node]
    }
  }
}

/** Trains the MNIST task (as closely as brain.js can; see the module doc) with brain.js `NeuralNetwork`. */
export const brainMnist = async (
  images: Float64Array,
  labelsIn: Int32Array | ReadonlyArray<number>,
  opts: MnistBenchOptions = {},
): Promise<MnistBenchResult & { readonly note: string }> => {
  const { batchSize: bs, batches, warmupBatches, learningRate, seed } = mnistOptions(opts)
  const { count, labels } = checkData(images, labelsIn)
  const brain = await loadBrain()
  const [n0, n1, n2, n3] = MNIST_LAYERS
  const trainOpts = {
    activation: 'relu',
    learningRate: learningRate / bs,
    momentum: BRAIN_MOMENTUM,
    errorThresh: BRAIN_ERROR_THRESH,
    iterations: 1,
  } as const
  const net = new brain.NeuralNetwork<Array<number>, Array<number>>({
    inputSize: n0,
    hiddenLayers: [n1, n2],
    outputSize: n3,
    ...trainOpts,
  })
  net.initialize()
  setBrainWeights(net, MNIST_LAYERS, initialParams(MNIST_LAYERS, seed))
  // brain.js takes plain arrays of numbers (a typed array would be read as a key-value object).
  const batchData = (k: number) => {
    const start = batchStart(k, bs, count)
    return Array.from({ length: bs }, (_, r) => {
      const row = start + r
      const output = new Array<number>(n3).fill(0)
      output[labels[row]] = 1
      return { input: Array.from(images.subarray(row * n0, (row + 1) * n0)), output }
    })
  }
  const data = Array.from({ length: warmupBatches + batches }, (_, k) => batchData(k))
  const step = (k: number): number => net.train(data[k], trainOpts).error

  const result = timeMnistSteps(step, bs, warmupBatches, batches)
  return {
    ...result,
    note: `brain.js ${versionOf('brain.js')}, online SGD η/${bs} per example, ReLU output, loss = its MSE`,
  }
}

/** Single-example XOR steps with brain.js `NeuralNetwork`; `steps` is rounded to whole passes over the 4 examples. */
export const brainXor = async (steps: number): Promise<XorBenchResult & { readonly note: string }> => {
  const brain = await loadBrain()
  const trainOpts = {
    activation: 'sigmoid',
    learningRate: XOR_LEARNING_RATE,
    momentum: BRAIN_MOMENTUM,
    errorThresh: BRAIN_ERROR_THRESH,
  } as const
  const net = new brain.NeuralNetwork<Array<number>, Array<number>>({
    inputSize: 2,
    hiddenLayers: [2],
    outputSize: 1,
    ...trainOpts,
  })
  net.initialize()
  setBrainWeights(net, XOR_LAYERS, initialParams(XOR_LAYERS, XOR_SEED))
  const data = XOR_INPUTS.map((x, i) => ({ input: [x[0], x[1]], output: [XOR_TARGETS[i]] }))
  const meanLoss = (): number =>
    data.reduce((s, d) => s + 0.5 * (net.run(d.input)[0] - d.output[0]) ** 2, 0) / data.length
  const n = data.length
  const train = (stepCount: number): void => {
    net.train(data, { ...trainOpts, iterations: stepCount / n })
  }

  const initialLoss = meanLoss()
  train(Math.ceil(XOR_WARMUP_STEPS / n) * n)
  const chunks = xorChunks(steps, n)
  const times = chunks.map((len) => timed(() => train(len)))
  const r = rates(chunks[0], times)
  return {
    stepsPerSecond: r.median,
    meanStepsPerSecond: r.mean,
    initialLoss,
    finalLoss: meanLoss(),
    steps: chunks[0] * chunks.length,
    seconds: r.total,
    note: `brain.js ${versionOf('brain.js')}, train() over the 4 examples, one update per example`,
  }
}

// -------------------------------------------------------------------------------------
// all peers
// -------------------------------------------------------------------------------------

/** The contenders `runPeers` knows. */
export const PEER_IDS = ['baseline', 'tfjs-cpu', 'tfjs-wasm', 'brain'] as const

/** A contender id. */
export type PeerId = (typeof PEER_IDS)[number]

/** One contender's figures; a figure is `undefined` when the contender could not run (the note says why). */
export interface PeerRow {
  readonly id: PeerId
  readonly name: string
  readonly mnistSamplesPerSecond: number | undefined
  readonly xorStepsPerSecond: number | undefined
  readonly note: string
  readonly mnist: MnistBenchResult | undefined
  readonly xor: XorBenchResult | undefined
}

/** Options of `runPeers`. */
export interface RunPeersOptions {
  /** Which contenders to run, in this order (all of `PEER_IDS`). */
  readonly peers?: ReadonlyArray<PeerId>
  /** The MNIST run's options (`MNIST_DEFAULTS`). */
  readonly mnist?: MnistBenchOptions
  /** Timed XOR steps per contender (`XOR_STEPS`); the rates do not depend on it, only their noise does. */
  readonly xorSteps?: Partial<Record<PeerId, number>>
  /** The MNIST data (`loadMnist()`). */
  readonly data?: { readonly images: Float64Array; readonly labels: Int32Array | ReadonlyArray<number> }
  /** Progress lines (none). */
  readonly log?: (line: string) => void
}

/** Default timed XOR steps per contender: each takes well under a few seconds on a 2-core machine. */
export const XOR_STEPS: Readonly<Record<PeerId, number>> = {
  baseline: 1_000_000,
  'tfjs-cpu': 2_000,
  'tfjs-wasm': 2_000,
  brain: 400_000,
}

const PEER_NAMES: Readonly<Record<PeerId, string>> = {
  baseline: 'plain JS (hand-written)',
  'tfjs-cpu': 'tfjs cpu',
  'tfjs-wasm': 'tfjs wasm',
  brain: 'brain.js',
}

/** A result with a note on how it was obtained. */
type Noted<R> = R & { readonly note: string }

const BASELINE_NOTE = 'Float64Array, 4×4 register-blocked strided gemm, no library'

const errorText = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0] : String(e))

/** Runs `f`, turning a throw into `{ error }`. */
const attempt = async <A>(f: () => Promise<A> | A): Promise<{ readonly ok: A } | { readonly error: string }> => {
  try {
    return { ok: await f() }
  } catch (e) {
    return { error: errorText(e) }
  }
}

/**
 * Runs the baseline and every peer on MNIST and XOR, one after another, and returns one row each. A peer
 * that throws (cannot load, cannot switch backend) gets `undefined` figures and the error in its note.
 */
export const runPeers = async (options: RunPeersOptions = {}): Promise<Array<PeerRow>> => {
  const { images, labels } = options.data ?? loadMnist()
  const mnist = options.mnist ?? {}
  const log = options.log ?? (() => undefined)
  const xorSteps = (id: PeerId): number => options.xorSteps?.[id] ?? XOR_STEPS[id]
  const runners: Readonly<
    Record<
      PeerId,
      {
        readonly mnist: () => Promise<Noted<MnistBenchResult>> | Noted<MnistBenchResult>
        readonly xor: () => Promise<Noted<XorBenchResult>> | Noted<XorBenchResult>
      }
    >
  > = {
    baseline: {
      mnist: () => ({ ...baselineMnist(images, labels, mnist), note: BASELINE_NOTE }),
      xor: () => ({ ...baselineXor(xorSteps('baseline')), note: BASELINE_NOTE }),
    },
    'tfjs-cpu': {
      mnist: () => tfjsMnist('cpu', images, labels, mnist),
      xor: () => tfjsXor('cpu', xorSteps('tfjs-cpu')),
    },
    'tfjs-wasm': {
      mnist: () => tfjsMnist('wasm', images, labels, mnist),
      xor: () => tfjsXor('wasm', xorSteps('tfjs-wasm')),
    },
    brain: {
      mnist: () => brainMnist(images, labels, mnist),
      xor: () => brainXor(xorSteps('brain')),
    },
  }
  const rows: Array<PeerRow> = []
  for (const id of options.peers ?? PEER_IDS) {
    log(`${PEER_NAMES[id]}: MNIST…`)
    const m = await attempt(runners[id].mnist)
    log(`${PEER_NAMES[id]}: XOR…`)
    const x = await attempt(runners[id].xor)
    const mnistResult = 'ok' in m ? m.ok : undefined
    const xorResult = 'ok' in x ? x.ok : undefined
    const notes = [
      'ok' in m ? m.ok.note : `MNIST failed: ${m.error}`,
      'ok' in x ? ('ok' in m ? undefined : x.ok.note) : `XOR failed: ${x.error}`,
    ]
    rows.push({
      id,
      name: PEER_NAMES[id],
      mnistSamplesPerSecond: mnistResult?.samplesPerSecond,
      xorStepsPerSecond: xorResult?.stepsPerSecond,
      note: notes.filter((n) => n !== undefined).join('; '),
      mnist: mnistResult,
      xor: xorResult,
    })
  }
  return rows
}

// -------------------------------------------------------------------------------------
// report
// -------------------------------------------------------------------------------------

const fmtRate = (x: number | undefined): string =>
  x === undefined ? 'n/a' : x >= 1e5 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(2)} k`

/** A ratio with two decimals, or two significant digits when it is below 0.1 (tfjs XOR is ~0.0003×). */
const fmtRatio = (x: number | undefined, ref: number | undefined): string => {
  if (x === undefined || ref === undefined) return ''
  const q = x / ref
  return `${q >= 0.1 ? q.toFixed(2) : q.toPrecision(2)}×`
}

const fmtLoss = (r: { readonly initialLoss: number; readonly finalLoss: number } | undefined): string =>
  r === undefined ? '' : `${r.initialLoss.toFixed(3)} → ${r.finalLoss.toFixed(3)}`

/** Renders rows of cells as a left-aligned text table with a rule under the header. */
const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((x, c) => x.padEnd(widths[c]))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/**
 * The rows as a text table, with each rate also as a ratio to the row with id `reference` (`baseline`).
 * Losses are the first warm-up batch's → the mean of the last five timed batches (MNIST), and the mean over
 * the four examples before → after training (XOR).
 */
export const peersTable = (rows: ReadonlyArray<PeerRow>, reference: PeerId = 'baseline'): string => {
  const ref = rows.find((r) => r.id === reference)
  return table(
    [
      'contender',
      'MNIST samples/s',
      `× ${reference}`,
      'MNIST loss',
      'XOR steps/s',
      `× ${reference}`,
      'XOR loss',
      'note',
    ],
    rows.map((r) => [
      r.name,
      fmtRate(r.mnistSamplesPerSecond),
      fmtRatio(r.mnistSamplesPerSecond, ref?.mnistSamplesPerSecond),
      fmtLoss(r.mnist),
      fmtRate(r.xorStepsPerSecond),
      fmtRatio(r.xorStepsPerSecond, ref?.xorStepsPerSecond),
      fmtLoss(r.xor),
      r.note,
    ]),
  )
}

/** Standalone entry point: `npx tsx scripts/bench-peers.ts [peer ids…]`. */
const main = async (args: ReadonlyArray<string>): Promise<void> => {
  const unknown = args.filter((a) => !(PEER_IDS as ReadonlyArray<string>).includes(a))
  if (unknown.length > 0) throw new Error(`unknown peer ${unknown.join(', ')}; known: ${PEER_IDS.join(', ')}`)
  const peers = args.length > 0 ? (args as ReadonlyArray<PeerId>) : PEER_IDS
  const o = mnistOptions()
  console.log(`node ${process.version}, ${process.arch}`)
  console.log(
    `MNIST 784-128-64-10, batch ${o.batchSize}, SGD η = ${o.learningRate}, ${o.warmupBatches} warm-up + ` +
      `${o.batches} timed batches; XOR 2-2-1 sigmoid, single-example steps; rates from the median batch/chunk`,
  )
  const rows = await runPeers({ peers, log: (line) => console.error(line) })
  console.log(`\n${peersTable(rows)}`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2))
}
