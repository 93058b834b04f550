/**
 * The `python` section of `npm run bench`: numpy and PyTorch (float64 and float32, one thread each) on the work of
 * the `train` rows — the 784-128-64-10 MNIST network (ReLU, softmax + cross-entropy, SGD η = 0.1, batch 64), one
 * epoch of 30 batches from the shared initial weights — beside tensorial's compiled plan in float64 and float32,
 * measured in the same run, as ratios. The epoch's mean training loss is printed for each: float64 contenders
 * must agree with tensorial's float64 loss to rounding, which shows that the work is the same. tensorial runs on one
 * thread and on 2 workers, with the kernel this runtime chose and, in a child process (`bench-rates.ts`), with the
 * other one: relaxed SIMD (fused multiply-add; Node 20 needs `--experimental-wasm-relaxed-simd`, Chromium and
 * Node ≥ 22 have it) or plain SIMD (`TENSORIAL_RELAXED_SIMD=off`); and with this runtime's kernel once more with
 * the first layer's zero-column skip off (the plan then multiplies by every pixel, as the peers do; about 3/8 of
 * a batch's pixels are 0 in all its rows, and skipping them changes no bit). The targets are printed as
 * ratios.
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
import type * as PlanModule from '../src/train/plan.js'
import { checkData, initialParams, median, MNIST_LAYERS, mnistOptions } from './bench-baseline.js'
import { mnistNet, trainMnist } from './bench-train.js'

// the build, as bench-train.ts loads it (the same module instance)
const T = (await import(pathToFileURL(resolve('dist/index.js')).href)) as typeof Tensorial
// the build's plan module (the instance dist/index.js uses), for its internal switch of the zero-column skip
const Plan = (await import(pathToFileURL(resolve('dist/train/plan.js')).href)) as typeof PlanModule

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
/** Epochs per median of tensorial's rows (cheap: an epoch takes milliseconds). */
const OUR_RUNS = 11

interface PyRow {
  readonly samplesPerSecond: number
  readonly loss: number
}

const fmt = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)} k` : x.toFixed(0))

/** The V8 flag that gives Node 20 WebAssembly relaxed SIMD. */
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd'

/** tensorial's MNIST rates (samples/s) in this process: the plan in float64 and float32, on 1 thread and 2 workers. */
export interface OurRates {
  readonly backend: string
  readonly f64: number
  readonly f32: number
  readonly f64x2: number
  readonly f32x2: number
}

/** The first `BATCHES` batches of the digits as a data set, as the Python peers read them. */
export const mnistRows = async (): Promise<Tensorial.Dataset<784, 10>> => {
  const { loadMnist } = await import('../examples/data/mnist.js')
  const data = loadMnist()
  const { count, labels } = checkData(data.images, data.labels)
  const rows = Math.min(count, BATCHES * mnistOptions({}).batchSize)
  return orThrow(
    T.Dataset.dataset(
      orThrow(T.fromArray(data.images.subarray(0, rows * 784), [rows, 784])),
      orThrow(T.Dataset.oneHot(Array.from(labels.subarray(0, rows)), 10)),
    ),
  )
}

/**
 * {@link OurRates} on `ds`: each the median of three medians of `OUR_RUNS` epochs (an epoch of 30 batches takes
 * 15–40 ms, so one pause of the machine moves a median of a few; on 2 cores the 2-worker rows move most); with
 * `full`, with the first layer's
 * zero-column skip turned off (every product over all 784 pixels, as the peers compute them).
 */
export const ourRates = (ds: Tensorial.Dataset<784, 10>, full = false): OurRates => {
  const rate = (p: 'f64' | 'f32', workers: number): number =>
    median([0, 1, 2].map(() => trainMnist(ds, true, p, BATCHES, OUR_RUNS, workers)))
  const was = Plan.setZeroSkip(!full)
  try {
    return {
      backend: T.kernels().matmul,
      f64: rate('f64', 1),
      f32: rate('f32', 1),
      f64x2: rate('f64', 2),
      f32x2: rate('f32', 2),
    }
  } finally {
    Plan.setZeroSkip(was)
  }
}

/**
 * {@link OurRates} with the other kernel, from a child process running `bench-rates.ts` (with the relaxed-SIMD
 * flag where this runtime lacks relaxed SIMD, or with `TENSORIAL_RELAXED_SIMD=off` where it has it); a sentence
 * when the child fails.
 */
const otherRates = (): OurRates | string => {
  const relaxedHere = T.kernels().matmul === 'wasm-relaxed-simd'
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, ...(relaxedHere ? [] : [RELAXED_FLAG]), join(import.meta.dirname, 'bench-rates.ts')],
    {
      encoding: 'utf8',
      env: { ...process.env, TENSORIAL_RELAXED_SIMD: relaxedHere ? 'off' : 'on' },
    },
  )
  if (r.status !== 0) return `bench-rates.ts failed: ${r.stderr || String(r.error ?? r.signal)}`
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as OurRates
}

/** Runs the Python peers on the same rows and weights; the report as text. */
export const benchPython = async (): Promise<string> => {
  if (!existsSync(PYTHON)) return `skipped: ${PYTHON} not found (apt-get install python3-numpy python3-torch)`
  const { loadMnist } = await import('../examples/data/mnist.js')
  const data = loadMnist()
  const { count, labels } = checkData(data.images, data.labels)
  const other = otherRates()
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
    const ours = ourRates(ds)
    const full = ourRates(ds, true)
    const loss = { f64: mnistTrainLoss(ds, 'f64'), f32: mnistTrainLoss(ds, 'f32') }
    const py = spawnSync(PYTHON, [join(import.meta.dirname, 'bench_python.py'), dir, String(BATCHES), String(RUNS)], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    })
    if (py.status !== 0) return `skipped: ${PYTHON} bench_python.py failed:\n${py.stderr}`
    const out = JSON.parse(py.stdout) as Record<string, PyRow | string>
    const kernel = (b: string): string => (b === 'wasm-relaxed-simd' ? 'relaxed SIMD, fma' : b)
    const oursRows = (r: OurRates, where: string): Array<readonly [string, number, number, string]> => [
      [`tensorial plan f64`, r.f64, loss.f64, `compiled plan, float64; ${kernel(r.backend)}${where}`],
      [`tensorial plan f32`, r.f32, loss.f32, `precision: 'f32'; ${kernel(r.backend)}${where}`],
      [`tensorial plan f64 × 2 workers`, r.f64x2, loss.f64, `workers: 2; ${kernel(r.backend)}${where}`],
      [
        `tensorial plan f32 × 2 workers`,
        r.f32x2,
        loss.f32,
        `precision: 'f32', workers: 2; ${kernel(r.backend)}${where}`,
      ],
    ]
    const table: Array<readonly [string, number, number, string]> = [
      ...oursRows(ours, ''),
      ...oursRows(full, ', zero-column skip off'),
      ...(typeof other === 'string'
        ? []
        : oursRows(
            other,
            other.backend === 'wasm-relaxed-simd' ? ` (${RELAXED_FLAG})` : ' (TENSORIAL_RELAXED_SIMD=off)',
          )),
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
    const head = `contender                        samples/s  × plan f64  × plan f32  epoch loss          note`
    const lines = table.map(
      ([name, s, l, note]) =>
        `${name.padEnd(31)}  ${fmt(s).padStart(9)}  ${(s / ours.f64).toFixed(2).padStart(8)}×  ${(s / ours.f32).toFixed(2).padStart(8)}×  ${l.toPrecision(15).padEnd(18)}  ${note}`,
    )
    const missing = typeof out['torchMissing'] === 'string' ? `\n(PyTorch rows skipped: ${out['torchMissing']})` : ''
    const peer = (n: string): number => (typeof out[n] === 'object' ? (out[n] as PyRow).samplesPerSecond : NaN)
    const ratios = [
      [ours, ''] as const,
      [full, ', skip off'] as const,
      ...(typeof other === 'string' ? [] : [[other, ''] as const]),
    ].flatMap(([r, what]) => [
      `${(kernel(r.backend) + what).padEnd(27)}  f64 1 thread vs numpy f64: ${(r.f64 / peer('numpy f64')).toFixed(2)}× (target 0.6×)   f32 1 thread vs PyTorch f32: ${(r.f32 / peer('PyTorch f32')).toFixed(2)}× (0.5×)   f32 × 2 workers vs PyTorch f32: ${(r.f32x2 / peer('PyTorch f32')).toFixed(2)}× (0.9×)`,
    ])
    if (typeof other === 'string') ratios.push(`(no rows for the other kernel: ${other})`)
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
