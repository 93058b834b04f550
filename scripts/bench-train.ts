/**
 * tensorial's side of the training benchmark: the same work as `bench-baseline.ts` and the peers — the
 * 784-128-64-10 MNIST network (ReLU, softmax + cross-entropy, batch 64, plain SGD η = 0.1) from the shared
 * initial weights, and single-example 2-2-1 sigmoid XOR steps (½(a − y)², η = 0.5) — through the public API:
 * `gradients` then `update`, every step pure; and the same work through `train`, once with its compiled
 * training plan (src/train/plan.ts) and once on the reference path (plans switched off), as a ratio; and the
 * plan with `precision: 'f32'` (a float32 arena and the f32 kernels) beside the float64 plan, as a ratio.
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'

import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import type * as Tensorial from '../src/index.js'
import type * as PlanModule from '../src/train/plan.js'

// The library as users get it: the build in dist/ (tsc output), loaded at run time, typed by the sources.
// (`npm run bench` builds first; through tsx the sources would carry esbuild's keep-names wrappers.)
const T = (await import(pathToFileURL(resolve('dist/index.js')).href)) as typeof Tensorial
const {
  crossEntropy,
  Dataset,
  dense,
  fromArray,
  fromArrays,
  gradients,
  input,
  Optim,
  quadratic,
  relu,
  sigmoid,
  softmax,
  tensor,
  train,
  Random,
  update,
} = T
// The switch between the compiled training plan and the reference path (internal; the same module instance
// dist/index.js uses).
const Plan = (await import(pathToFileURL(resolve('dist/train/plan.js')).href)) as typeof PlanModule
import {
  batchStart,
  checkData,
  median,
  initialParams,
  timeMnistSteps,
  MNIST_LAYERS,
  type MnistBenchOptions,
  type MnistBenchResult,
  mnistOptions,
  rates,
  timed,
  XOR_CHUNKS,
  XOR_INPUTS,
  XOR_LAYERS,
  XOR_LEARNING_RATE,
  XOR_SEED,
  XOR_TARGETS,
  XOR_WARMUP_STEPS,
  type XorBenchResult,
  xorChunks,
} from './bench-baseline.js'

const orThrow = <A>(e: E.Either<{ readonly message: string }, A>): A =>
  E.getOrElse<{ readonly message: string }, A>((err) => {
    throw new Error(err.message)
  })(e)

/** Θ in tensorial's layout (`W: [in, out]` row-major, as the baseline stores it) from the shared weights. */
const thetaFrom = (
  widths: ReadonlyArray<number>,
  seed: number,
): ReadonlyArray<{ W: Array<Array<number>>; b: Array<number> }> => {
  const flat = initialParams(widths, seed)
  return widths.slice(1).map((out, l) => {
    const inn = widths[l] as number
    const w = flat[2 * l] as Float64Array
    return {
      W: Array.from({ length: inn }, (_, i) => Array.from(w.subarray(i * out, (i + 1) * out))),
      b: Array.from(flat[2 * l + 1] as Float64Array),
    }
  })
}

export const mnistNet = pipe(input(784), dense(128, relu), dense(64, relu), dense(10, softmax))

/** MNIST training throughput of tensorial, protocol of `baselineMnist`. */
export const tensorialMnist = (
  images: Float64Array,
  labelsIn: Int32Array | ReadonlyArray<number>,
  opts: MnistBenchOptions = {},
): MnistBenchResult => {
  const { batchSize: bs, batches, warmupBatches, learningRate: eta, seed } = mnistOptions(opts)
  const { count, labels } = checkData(images, labelsIn)
  const ds = orThrow(
    Dataset.dataset(
      orThrow(fromArray(images.subarray(0, count * 784), [count, 784])),
      orThrow(Dataset.oneHot(Array.from(labels), 10)),
    ),
  )
  let theta = orThrow(fromArrays(mnistNet, thetaFrom(MNIST_LAYERS, seed)))
  const step = (k: number): number => {
    const start = batchStart(k, bs, count)
    const batch = Dataset.slice(ds, start, start + bs)
    const g = gradients(mnistNet, theta, batch.x, batch.y, crossEntropy)
    theta = update(theta, g.grads, eta)
    return g.cost
  }
  const result = timeMnistSteps(step, bs, warmupBatches, batches)
  return {
    ...result,
  }
}

export const xorNet = pipe(input(2), dense(2, sigmoid), dense(1, sigmoid))

/** Single-example XOR steps per second, protocol of `baselineXor`. */
export const tensorialXor = (steps: number, seed = XOR_SEED): XorBenchResult => {
  let theta = orThrow(fromArrays(xorNet, thetaFrom(XOR_LAYERS, seed)))
  const xs = XOR_INPUTS.map((p) => tensor([[p[0], p[1]]]))
  const ys = XOR_TARGETS.map((t) => tensor([[t]]))
  const xsD = xs.map((x) => x as (typeof xs)[number])
  let i = 0
  const run = (n: number): number => {
    let loss = 0
    for (let s = 0; s < n; s++) {
      const k = i++ % 4
      const g = gradients(xorNet, theta, xsD[k] as (typeof xs)[number], ys[k] as (typeof ys)[number], quadratic)
      theta = update(theta, g.grads, XOR_LEARNING_RATE)
      loss = g.cost
    }
    return loss
  }
  const initialLoss = run(1)
  run(XOR_WARMUP_STEPS - 1)
  const chunks = xorChunks(steps)
  const times: Array<number> = []
  const losses: Array<number> = []
  for (const c of chunks) times.push(timed(() => losses.push(run(c))))
  const r = rates(chunks[0] as number, times)
  return {
    stepsPerSecond: r.median,
    meanStepsPerSecond: steps / r.total,
    initialLoss,
    finalLoss: losses[losses.length - 1] as number,
    steps,
    seconds: r.total,
  } as unknown as XorBenchResult
}

export { XOR_CHUNKS }

/** Runs `f` with the compiled plan on (`plan`) or forced off (the reference path), and restores the switch. */
const withPlan = <A>(plan: boolean, f: () => A): A => {
  const was = Plan.setPlanEnabled(plan)
  try {
    return f()
  } finally {
    Plan.setPlanEnabled(was)
  }
}

/** What `train` throughput rows report: MNIST samples/s and XOR µs per single-example step (medians). */
export interface TrainRow {
  readonly mnistSamplesPerSecond: number
  readonly xorMicrosPerStep: number
}

/**
 * MNIST through `train` (the same network, weights and SGD η = 0.1, batch 64, no shuffling): `runs` timed
 * one-epoch runs of `batches` batches after one untimed run, samples/s of the median run.
 */
export const trainMnist = (
  ds: Tensorial.Dataset<784, 10>,
  plan: boolean,
  precision: 'f64' | 'f32' = 'f64',
  batches = 30,
  runs = 5,
  workers = 1,
): number => {
  const { batchSize: bs, learningRate: eta, seed } = mnistOptions({})
  const theta = orThrow(fromArrays(mnistNet, thetaFrom(MNIST_LAYERS, seed)))
  const part = Dataset.slice(ds, 0, bs * batches)
  const config = {
    cost: crossEntropy,
    optimizer: Optim.sgd(eta),
    epochs: 1,
    batchSize: bs,
    task: 'classification',
    shuffle: false,
    precision,
    workers,
  } as const
  const once = () => {
    const [r] = train(mnistNet, theta, part, config)(Random.seed(1))
    if (E.isLeft(r)) throw new Error(r.left.message)
    if (r.right.parallel.used !== workers) throw new Error(`workers: ${JSON.stringify(r.right.parallel)}`)
  }
  return withPlan(plan, () => {
    once()
    const times = Array.from({ length: runs }, () => timed(once))
    return rates(bs * batches, times).median
  })
}

/**
 * XOR through `train`: the four examples repeated to `steps` rows, batch 1, no shuffling, one epoch (so the
 * steps cycle through the examples as the pure-step protocol does), SGD η = 0.5 on ½(a − y)²; µs per step of
 * the median of `runs` timed runs after one untimed run.
 */
const trainXor = (plan: boolean, precision: 'f64' | 'f32' = 'f64', steps = 100_000, runs = 7): number => {
  const theta = orThrow(fromArrays(xorNet, thetaFrom(XOR_LAYERS, XOR_SEED)))
  const xs: Array<number> = []
  const ys: Array<number> = []
  for (let i = 0; i < steps; i++) {
    const k = i % 4
    xs.push(...(XOR_INPUTS[k] as ReadonlyArray<number>))
    ys.push(XOR_TARGETS[k] as number)
  }
  const ds = orThrow(Dataset.dataset(orThrow(fromArray(xs, [steps, 2])), orThrow(fromArray(ys, [steps, 1]))))
  const config = {
    cost: quadratic,
    optimizer: Optim.sgd(XOR_LEARNING_RATE),
    epochs: 1,
    batchSize: 1,
    task: 'classification',
    shuffle: false,
    precision,
  } as const
  const once = () => {
    const [r] = train(xorNet, theta, ds, config)(Random.seed(1))
    if (E.isLeft(r)) throw new Error(r.left.message)
  }
  return withPlan(plan, () => {
    once()
    const times = Array.from({ length: runs }, () => timed(once))
    return 1e6 / rates(steps, times).median
  })
}

/**
 * The synchronisation cost of a data-parallel step: µs per step of a tiny network (4-8-2, tanh and softmax,
 * batch 8, SGD) with `workers` threads, whose arithmetic is negligible, so that the difference between 2 threads
 * and 1 is what handing out the slices, joining them and reducing the gradients costs per step. Also the
 * start-up of a run's workers: the first run (threads started) against later ones (an idle pool re-used).
 */
export const syncCost = (
  steps = 20_000,
  runs = 5,
): {
  readonly oneMicros: number
  readonly twoMicros: number
  readonly firstRunMs: number
  readonly laterRunMs: number
} => {
  const net = {
    inputs: 4,
    outputs: 2,
    layers: [T.denseLayer(T.dynamic(4), T.dynamic(8), T.tanh), T.denseLayer(T.dynamic(8), T.dynamic(2), T.softmax)],
  } as const
  const [theta] = T.init(net)(Random.seed(3))
  const xs: Array<number> = []
  const ys: Array<number> = []
  for (let i = 0; i < steps * 8; i++) {
    xs.push(Math.sin(i), Math.cos(i * 0.7), Math.sin(i * 0.3), 0.5)
    ys.push(i % 2, 1 - (i % 2))
  }
  const n = steps * 8
  const ds = orThrow(Dataset.dataset(orThrow(fromArray(xs, [n, 4])), orThrow(fromArray(ys, [n, 2]))))
  const small = Dataset.slice(ds, 0, 64)
  const run = (d: typeof ds, workers: number) => () => {
    const config = {
      cost: crossEntropy,
      optimizer: Optim.sgd(0.1),
      epochs: 1,
      batchSize: 8,
      task: 'classification',
      shuffle: false,
      workers,
    } as const
    const [r] = T.train(net, theta, d, config)(Random.seed(1))
    if (E.isLeft(r)) throw new Error(r.left.message)
    if (r.right.parallel.used !== workers) throw new Error(`workers: ${JSON.stringify(r.right.parallel)}`)
  }
  const perStep = (workers: number): number => {
    run(ds, workers)()
    const times = Array.from({ length: runs }, () => timed(run(ds, workers)))
    return 1e6 / rates(steps, times).median
  }
  // a pool of 3 workers (workers: 4) is started for this measure only: its first run starts the threads
  const firstRunMs = timed(run(small, 4)) * 1000
  const laterRunMs = median(Array.from({ length: 5 }, () => timed(run(small, 4)) * 1000))
  const one = [perStep(1)]
  const two = [perStep(2)]
  one.push(perStep(1))
  two.push(perStep(2))
  return { oneMicros: median(one), twoMicros: median(two), firstRunMs, laterRunMs }
}

/**
 * The `train` rows: the compiled plan against the reference path (the same call with plans switched off), on
 * the same MNIST and XOR work, interleaved so that load drifts hit both alike.
 */
export const trainRows = (
  images: Float64Array,
  labelsIn: Int32Array | ReadonlyArray<number>,
): {
  readonly plan: TrainRow
  readonly reference: TrainRow
  readonly f32: TrainRow
  readonly plan2: number
  readonly f32x2: number
} => {
  const { count, labels } = checkData(images, labelsIn)
  const ds = orThrow(
    Dataset.dataset(
      orThrow(fromArray(images.subarray(0, count * 784), [count, 784])),
      orThrow(Dataset.oneHot(Array.from(labels), 10)),
    ),
  )
  const xorRef = [trainXor(false)]
  const xorPlan = [trainXor(true)]
  const xorF32 = [trainXor(true, 'f32')]
  xorRef.push(trainXor(false))
  xorPlan.push(trainXor(true))
  xorF32.push(trainXor(true, 'f32'))
  const mnistRef = [trainMnist(ds, false)]
  const mnistPlan = [trainMnist(ds, true)]
  const mnistF32 = [trainMnist(ds, true, 'f32')]
  mnistRef.push(trainMnist(ds, false))
  mnistPlan.push(trainMnist(ds, true))
  mnistF32.push(trainMnist(ds, true, 'f32'))
  mnistPlan.push(trainMnist(ds, true))
  mnistF32.push(trainMnist(ds, true, 'f32'))
  // 2 workers: the same runs, interleaved with the 1-thread ones above; the idle pool is re-used from run to
  // run, so a run's timing holds no thread start (see syncCost for that)
  const mnist2 = [trainMnist(ds, true, 'f64', 30, 5, 2)]
  const mnistF32x2 = [trainMnist(ds, true, 'f32', 30, 5, 2)]
  mnistF32.push(trainMnist(ds, true, 'f32'))
  mnist2.push(trainMnist(ds, true, 'f64', 30, 5, 2))
  mnistF32x2.push(trainMnist(ds, true, 'f32', 30, 5, 2))
  mnistPlan.push(trainMnist(ds, true))
  mnist2.push(trainMnist(ds, true, 'f64', 30, 5, 2))
  mnistF32x2.push(trainMnist(ds, true, 'f32', 30, 5, 2))
  return {
    plan2: median(mnist2),
    f32x2: median(mnistF32x2),
    plan: { mnistSamplesPerSecond: median(mnistPlan), xorMicrosPerStep: median(xorPlan) },
    reference: { mnistSamplesPerSecond: median(mnistRef), xorMicrosPerStep: median(xorRef) },
    f32: { mnistSamplesPerSecond: median(mnistF32), xorMicrosPerStep: median(xorF32) },
  }
}

/**
 * The `training` section of `npm run bench`: tensorial, the plain-JS baseline, tfjs (cpu, wasm) and brain.js
 * on the same MNIST and XOR work, with tensorial's speed as a ratio to each.
 */
export const benchTraining = async (): Promise<string> => {
  const { loadMnist } = await import('../examples/data/mnist.js')
  const { runPeers, peersTable } = await import('./bench-peers.js')
  const data = loadMnist()
  // XOR first: after the MNIST run in the same process its rate sometimes drops fivefold (JIT state left by
  // the large workload), which says nothing about per-op overhead.
  const oursXor = tensorialXor(400_000)
  const trained = trainRows(data.images, data.labels)
  const sync = syncCost()
  const ours = tensorialMnist(data.images, data.labels)
  const peers = await runPeers({ data, log: (line) => console.error(line) })
  const rows = [
    {
      id: 'baseline' as const,
      name: 'tensorial',
      mnistSamplesPerSecond: ours.samplesPerSecond,
      xorStepsPerSecond: oursXor.stepsPerSecond,
      note: 'public API: gradients + update, every step pure',
      mnist: ours,
      xor: oursXor,
    },
    // `train` (every step of the run): the compiled plan, and the reference path (plans switched off)
    ...(
      [
        ['tensorial train (plan)', trained.plan, 'train, compiled plan (arena, in-place steps); runs incl. GC'],
        ['tensorial train f32 (plan)', trained.f32, "train, precision: 'f32': float32 arena, f32 SIMD kernels"],
        [
          'tensorial train f64 × 2 workers',
          { mnistSamplesPerSecond: trained.plan2, xorMicrosPerStep: NaN },
          'train, workers: 2: the plan on 2 threads, batch rows sliced, G = G₀ + G₁',
        ],
        [
          'tensorial train f32 × 2 workers',
          { mnistSamplesPerSecond: trained.f32x2, xorMicrosPerStep: NaN },
          "train, precision: 'f32', workers: 2",
        ],
        ['tensorial train (reference)', trained.reference, 'train with plans switched off: the path before the plan'],
      ] as const
    ).map(([name, r, note]) => ({
      id: 'baseline' as const,
      name,
      mnistSamplesPerSecond: r.mnistSamplesPerSecond,
      xorStepsPerSecond: Number.isFinite(r.xorMicrosPerStep) ? 1e6 / r.xorMicrosPerStep : undefined,
      note,
      mnist: undefined,
      xor: undefined,
    })),
    ...peers,
  ]
  const ratio = (a: number | undefined, b: number | undefined): string =>
    a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(a / b >= 100 ? 0 : 2)}×`
  const planLines = peers.map(
    (p) =>
      `train (plan) vs ${p.name.padEnd(24)} MNIST ${ratio(trained.plan.mnistSamplesPerSecond, p.mnistSamplesPerSecond).padStart(8)}   XOR ${ratio(1e6 / trained.plan.xorMicrosPerStep, p.xorStepsPerSecond).padStart(8)}`,
  )
  const lines = peers.map(
    (p) =>
      `tensorial vs ${p.name.padEnd(24)} MNIST ${ratio(ours.samplesPerSecond, p.mnistSamplesPerSecond).padStart(8)}   XOR ${ratio(oursXor.stepsPerSecond, p.xorStepsPerSecond).padStart(8)}`,
  )
  const p = trained.plan
  const q = trained.reference
  const trainLines = [
    `train (compiled plan)       MNIST ${p.mnistSamplesPerSecond.toFixed(0).padStart(7)} samples/s   XOR ${p.xorMicrosPerStep.toFixed(3)} µs/step`,
    `train (reference path)      MNIST ${q.mnistSamplesPerSecond.toFixed(0).padStart(7)} samples/s   XOR ${q.xorMicrosPerStep.toFixed(3)} µs/step`,
    `plan vs reference           MNIST ${ratio(p.mnistSamplesPerSecond, q.mnistSamplesPerSecond).padStart(8)}   XOR ${ratio(q.xorMicrosPerStep, p.xorMicrosPerStep).padStart(8)} (speed)`,
    `train f32 (compiled plan)   MNIST ${trained.f32.mnistSamplesPerSecond.toFixed(0).padStart(7)} samples/s   XOR ${trained.f32.xorMicrosPerStep.toFixed(3)} µs/step`,
    `f32 vs f64 (both plans)     MNIST ${ratio(trained.f32.mnistSamplesPerSecond, p.mnistSamplesPerSecond).padStart(8)}   XOR ${ratio(p.xorMicrosPerStep, trained.f32.xorMicrosPerStep).padStart(8)} (speed)`,
    `train f64 × 2 workers       MNIST ${trained.plan2.toFixed(0).padStart(7)} samples/s   (${ratio(trained.plan2, p.mnistSamplesPerSecond)} the 1-thread plan)`,
    `train f32 × 2 workers       MNIST ${trained.f32x2.toFixed(0).padStart(7)} samples/s   (${ratio(trained.f32x2, trained.f32.mnistSamplesPerSecond)} the 1-thread f32 plan)`,
    `sync cost per step          ${(sync.twoMicros - sync.oneMicros).toFixed(1)} µs (4-8-2 net, batch 8: ${sync.oneMicros.toFixed(1)} µs/step on 1 thread, ${sync.twoMicros.toFixed(1)} on 2)`,
    `workers start-up            ${sync.firstRunMs.toFixed(1)} ms first run with 3 workers, ${sync.laterRunMs.toFixed(1)} ms later runs (idle pool re-used)`,
    `plan vs gradients + update  MNIST ${ratio(p.mnistSamplesPerSecond, ours.samplesPerSecond).padStart(8)}   XOR ${ratio(1e6 / p.xorMicrosPerStep, oursXor.stepsPerSecond).padStart(8)}`,
  ]
  // The reference of the ratio columns is the first row with id 'baseline': tensorial's.
  return `${peersTable(rows, 'baseline').replace(/× baseline/g, '× tensorial')}\n\n${lines.join('\n')}\n\n${trainLines.join('\n')}\n\n${planLines.join('\n')}`
}
