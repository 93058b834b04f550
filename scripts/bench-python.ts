/**
 * The `python` section of `npm run bench`: numpy and PyTorch (float64 and float32, one thread each) on the work of
 * the `train` rows — the 784-128-64-10 MNIST network (ReLU, softmax + cross-entropy, SGD η = 0.1, batch 64), one
 * epoch of 30 batches from the shared initial weights — beside tensorial's compiled plan in float64 and float32,
 * measured in the same run, as ratios. The epoch's mean training loss is printed for each: float64 contenders
 * must agree with tensorial's float64 loss to rounding, which shows that the work is the same.
 *
 * Needs `/usr/bin/python3` with numpy (and torch for the PyTorch rows; Debian's `python3-numpy`,
 * `python3-torch`); without them the section says so and skips.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import * as E from 'fp-ts/lib/Either.js'

import type * as Tensorial from '../src/index.js'
import { checkData, initialParams, median, MNIST_LAYERS, mnistOptions } from './bench-baseline.js'
import { mnistNet, trainMnist } from './bench-train.js'

// the build, as bench-train.ts loads it (the same module instance)
const T = (await import(pathToFileURL(resolve('dist/index.js')).href)) as typeof Tensorial

const orThrow = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

/** The mean training loss of one epoch of `train` (each batch's cost before its update), as Python reports it. */
const mnistTrainLoss = (ds: Tensorial.Dataset<784, 10>, precision: 'f64' | 'f32'): number => {
  const { batchSize, learningRate, seed } = mnistOptions({})
  const flat = initialParams(MNIST_LAYERS, seed)
  const theta = orThrow(
    T.fromArrays(
      mnistNet,
      MNIST_LAYERS.slice(1).map((out, l) => {
        const w = flat[2 * l] as Float64Array
        const inn = MNIST_LAYERS[l] as number
        return {
          W: Array.from({ length: inn }, (_, i) => Array.from(w.subarray(i * out, (i + 1) * out))),
          b: Array.from(flat[2 * l + 1] as Float64Array),
        }
      }),
    ),
  )
  const [r] = T.train(mnistNet, theta, ds, {
    cost: T.crossEntropy,
    optimizer: T.Optim.sgd(learningRate),
    epochs: 1,
    batchSize,
    task: 'classification',
    shuffle: false,
    precision,
  })(T.Random.seed(1))
  return orThrow(r).history[0]?.train.loss ?? NaN
}

const PYTHON = '/usr/bin/python3'
const BATCHES = 30
const RUNS = 5

interface PyRow {
  readonly samplesPerSecond: number
  readonly loss: number
}

const fmt = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)} k` : x.toFixed(0))

/** Runs the Python peers on the same rows and weights; the report as text. */
export const benchPython = async (): Promise<string> => {
  if (!existsSync(PYTHON)) return `skipped: ${PYTHON} not found (apt-get install python3-numpy python3-torch)`
  const { loadMnist } = await import('../examples/data/mnist.js')
  const data = loadMnist()
  const { count, labels } = checkData(data.images, data.labels)
  const { batchSize, seed } = mnistOptions({})
  const rows = Math.min(count, BATCHES * batchSize)
  const dir = mkdtempSync(join(tmpdir(), 'tensorial-bench-'))
  try {
    writeFileSync(join(dir, 'images.f64'), data.images.subarray(0, rows * 784))
    writeFileSync(join(dir, 'labels.i32'), labels.subarray(0, rows))
    const flat = initialParams(MNIST_LAYERS, seed)
    const all = new Float64Array(flat.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of flat) {
      all.set(p, at)
      at += p.length
    }
    writeFileSync(join(dir, 'params.f64'), all)

    const ds = orThrow(
      T.Dataset.dataset(
        orThrow(T.fromArray(data.images.subarray(0, rows * 784), [rows, 784])),
        orThrow(T.Dataset.oneHot(Array.from(labels.subarray(0, rows)), 10)),
      ),
    )
    const ours = {
      f64: median([trainMnist(ds, true, 'f64', BATCHES, RUNS), trainMnist(ds, true, 'f64', BATCHES, RUNS)]),
      f32: median([trainMnist(ds, true, 'f32', BATCHES, RUNS), trainMnist(ds, true, 'f32', BATCHES, RUNS)]),
    }
    const loss = { f64: mnistTrainLoss(ds, 'f64'), f32: mnistTrainLoss(ds, 'f32') }
    const py = spawnSync(PYTHON, [join(import.meta.dirname, 'bench_python.py'), dir, String(BATCHES), String(RUNS)], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    })
    if (py.status !== 0) return `skipped: ${PYTHON} bench_python.py failed:\n${py.stderr}`
    const out = JSON.parse(py.stdout) as Record<string, PyRow | string>
    const table: Array<readonly [string, number, number, string]> = [
      ['tensorial train (plan) f64', ours.f64, loss.f64, 'compiled plan, float64'],
      ['tensorial train (plan) f32', ours.f32, loss.f32, "precision: 'f32'"],
    ]
    for (const name of ['numpy f64', 'numpy f32', 'PyTorch f64', 'PyTorch f32']) {
      const r = out[name]
      if (typeof r === 'object')
        table.push([
          name,
          r.samplesPerSecond,
          r.loss,
          `${name.startsWith('numpy') ? 'numpy' : 'torch'} ${String(out[name.startsWith('numpy') ? 'numpy' : 'torch'])}, 1 thread`,
        ])
    }
    const head = `contender                    samples/s  × plan f64  × plan f32  epoch loss          note`
    const lines = table.map(
      ([name, s, l, note]) =>
        `${name.padEnd(27)}  ${fmt(s).padStart(9)}  ${(s / ours.f64).toFixed(2).padStart(8)}×  ${(s / ours.f32).toFixed(2).padStart(8)}×  ${l.toPrecision(15).padEnd(18)}  ${note}`,
    )
    const missing = typeof out['torchMissing'] === 'string' ? `\n(PyTorch rows skipped: ${out['torchMissing']})` : ''
    const ratios = ['numpy f64', 'PyTorch f32']
      .filter((n) => typeof out[n] === 'object')
      .map((n) => {
        const r = out[n] as PyRow
        return `tensorial f64 vs ${n}: ${(ours.f64 / r.samplesPerSecond).toFixed(2)}×   f32 vs ${n}: ${(ours.f32 / r.samplesPerSecond).toFixed(2)}×`
      })
    return (
      [
        `MNIST 784-128-64-10 ReLU, softmax + cross-entropy, SGD 0.1, batch 64, ${BATCHES} batches per epoch, median of ${RUNS} epochs`,
        `BLAS loaded by ${PYTHON}: ${String(out['blas'])} (Debian's numpy and torch call the system libblas.so.3: the reference BLAS of libblas3 is several times slower than libopenblas0-pthread)`,
        '',
        head,
        '-'.repeat(head.length),
        ...lines,
        '',
        ...ratios,
      ].join('\n') + missing
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
