/**
 * Data-parallel training (`workers`, src/train/plan.ts with src/internal/worker-*.ts): deterministic for a given
 * worker count, within 1e-12 (f64) of the one-thread run, f32 within float32 tolerance, every fallback reported
 * (and then the one-thread run bit for bit), purity, stops, `trainAsync`, invalid values.
 */
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'

import {
  addBias,
  binaryCrossEntropy,
  crossEntropy,
  defineLayer,
  fill,
  identity,
  kernels,
  type Matrix,
  mse,
  Optim,
  Random,
  relu,
  sigmoid,
  softmax,
  sumRows,
  tanh,
  type Cost,
  type ParamSet,
  type TrainResult,
  type Vector,
} from 'tensorial'

// eslint-disable-next-line no-restricted-imports -- the test hook that stands in for the global WebAssembly
import { restartKernels } from '../../src/internal/kernels.js'
import { probeEnvironment, setWorkerEnvironment, type WorkerEnvironment } from '../../src/train/workers.js'
import { dataFor, plain } from './helpers.js'
import {
  type AnyNet,
  type Config,
  denseNet as net,
  initAny,
  type Outcome,
  type Ps,
  trainAny,
  trainAsyncAny,
} from './untyped.js'

afterEach(() => void setWorkerEnvironment(undefined))

const result = (o: Outcome): TrainResult<Ps> =>
  E.isRight(o[0]) ? o[0].right : expect.fail(`expected a Right, got ${JSON.stringify(o[0].left)}`)

/** The largest |a − b| over every entry of Θ and the optimizer's slots. */
const maxDiff = (a: TrainResult<Ps>, b: TrainResult<Ps>): number => {
  let m = 0
  const cmp = (p: Ps, q: Ps) =>
    p.forEach((ps, l) => {
      for (const [k, t] of Object.entries(ps)) {
        const u = (q[l] as ParamSet)[k]?.data as ArrayLike<number>
        for (let i = 0; i < t.data.length; i++) m = Math.max(m, Math.abs((t.data[i] as number) - (u[i] as number)))
      }
    })
  cmp(a.theta, b.theta)
  a.optimizerState.slots.forEach((s, i) => cmp(s, b.optimizerState.slots[i] as Ps))
  return m
}

/** The largest |Θ entry|, to see that the runs moved somewhere. */
const withoutParallel = (o: Outcome): unknown => {
  const p = plain(o) as Record<string, unknown>
  delete p['parallel']
  return p
}

// an MNIST-like network whose slices take the WebAssembly kernels (16·32·64 multiply-adds and more)
const mnistish = net(64, [
  [32, relu],
  [16, tanh],
  [10, softmax],
])
const mnistData = dataFor(160, 64, 10, 'classification', 11)
const xorish = net(2, [
  [4, tanh],
  [1, sigmoid],
])
const xorData = dataFor(24, 2, 1, 'classification', 5)

const optimizers = [
  Optim.sgd(0.1),
  Optim.momentum({ eta: 0.05, gamma: 0.9, nesterov: true }),
  Optim.adagrad({ eta: 0.05 }),
  Optim.rmsprop({ eta: 0.01, weightDecay: 0.01 }),
  Optim.adam({ eta: 0.01 }),
]

describe('training on workers', () => {
  it('is deterministic for 2 and 3 workers and within 1e-12 of one thread (f64), for every optimizer', () => {
    const [theta] = initAny(mnistish)(Random.seed(3))
    for (const optimizer of optimizers) {
      const config: Config = {
        cost: crossEntropy,
        optimizer,
        epochs: 3,
        batchSize: 32,
        task: 'classification',
        l2: 1e-3,
      }
      const one = trainAny(mnistish, theta, mnistData, config)(Random.seed(4))
      expect(result(one).parallel).toStrictEqual({ requested: 1, used: 1 })
      for (const workers of [2, 3]) {
        const a = trainAny(mnistish, theta, mnistData, { ...config, workers })(Random.seed(4))
        const b = trainAny(mnistish, theta, mnistData, { ...config, workers })(Random.seed(4))
        expect(result(a).parallel).toStrictEqual({ requested: workers, used: workers })
        expect(plain(a)).toStrictEqual(plain(b))
        const d = maxDiff(result(a), result(one))
        expect(d).toBeLessThan(1e-12)
        // the history (losses and accuracies) agrees as closely
        result(a).history.forEach((h, i) => {
          expect(h.train.loss).toBeCloseTo(result(one).history[i]?.train.loss as number, 12)
          expect(h.train.accuracy).toBe(result(one).history[i]?.train.accuracy)
        })
      }
    }
  })

  it("a tiny network, a last batch smaller than the workers, 'sum' reduction, other costs", () => {
    const [theta] = initAny(xorish)(Random.seed(1))
    for (const [cost, reduction] of [
      [binaryCrossEntropy, 'sum'],
      [mse, 'mean'],
    ] as const) {
      const config: Config = {
        cost,
        optimizer: Optim.adam({ eta: 0.05 }),
        epochs: 4,
        batchSize: 7,
        task: 'classification',
        reduction,
      }
      const one = result(trainAny(xorish, theta, xorData, config)(Random.seed(2)))
      for (const workers of [2, 3, 5]) {
        const a = trainAny(xorish, theta, xorData, { ...config, workers })(Random.seed(2))
        expect(plain(a)).toStrictEqual(plain(trainAny(xorish, theta, xorData, { ...config, workers })(Random.seed(2))))
        expect(maxDiff(result(a), one)).toBeLessThan(1e-12)
        expect(result(a).parallel.used).toBe(workers)
      }
    }
  })

  it("precision 'f32' on 2 workers: deterministic, within float32 tolerance of one f32 thread", () => {
    const [theta] = initAny(mnistish)(Random.seed(3))
    const config: Config = {
      cost: crossEntropy,
      optimizer: Optim.adam({ eta: 0.01 }),
      epochs: 2,
      batchSize: 32,
      task: 'classification',
      precision: 'f32',
    }
    const one = result(trainAny(mnistish, theta, mnistData, config)(Random.seed(4)))
    const a = trainAny(mnistish, theta, mnistData, { ...config, workers: 2 })(Random.seed(4))
    expect(plain(a)).toStrictEqual(
      plain(trainAny(mnistish, theta, mnistData, { ...config, workers: 2 })(Random.seed(4))),
    )
    expect(maxDiff(result(a), one)).toBeLessThan(1e-5)
    for (const p of result(a).theta)
      for (const t of Object.values(p)) for (const v of t.data) expect(Math.fround(v)).toBe(v)
  })

  it('without WebAssembly SIMD (the JavaScript kernels here, so in the workers too)', () => {
    const [theta] = initAny(mnistish)(Random.seed(3))
    const config: Config = {
      cost: crossEntropy,
      optimizer: Optim.momentum({ eta: 0.05, gamma: 0.9 }),
      epochs: 2,
      batchSize: 32,
      task: 'classification',
    }
    const wasm = result(trainAny(mnistish, theta, mnistData, { ...config, workers: 2 })(Random.seed(4)))
    try {
      restartKernels(undefined)
      expect(kernels().matmul).toBe('js')
      const one = result(trainAny(mnistish, theta, mnistData, config)(Random.seed(4)))
      const a = trainAny(mnistish, theta, mnistData, { ...config, workers: 2 })(Random.seed(4))
      expect(plain(a)).toStrictEqual(
        plain(trainAny(mnistish, theta, mnistData, { ...config, workers: 2 })(Random.seed(4))),
      )
      expect(result(a).parallel).toStrictEqual({ requested: 2, used: 2 })
      expect(maxDiff(result(a), one)).toBeLessThan(1e-12)
      // the workers were sent no module, started the JavaScript kernels and trained (else `used` would be 1)
      expect(maxDiff(result(a), wasm)).toBeLessThan(1e-12)
    } finally {
      restartKernels()
    }
  })

  it("trainAsync on workers gives train's bits; so does a thread that may not block (spinning)", async () => {
    const [theta] = initAny(mnistish)(Random.seed(3))
    const config: Config = {
      cost: crossEntropy,
      optimizer: Optim.sgd(0.1),
      epochs: 2,
      batchSize: 32,
      task: 'classification',
      workers: 2,
    }
    const sync = trainAny(mnistish, theta, mnistData, config)(Random.seed(4))
    const asyncRun = await trainAsyncAny(mnistish, theta, mnistData, config)(Random.seed(4))()
    expect(plain(asyncRun)).toStrictEqual(plain(sync))
    // a browser's main thread: no Atomics.wait, so trainAsync waits for start-up by yielding and joins by spinning
    const real = probeEnvironment()
    const spinning: WorkerEnvironment = { ...real, canBlock: false }
    setWorkerEnvironment(() => spinning)
    const spun = await trainAsyncAny(mnistish, theta, mnistData, config)(Random.seed(4))()
    expect(plain(spun)).toStrictEqual(plain(sync))
    // and train there falls back, saying why
    const fell = trainAny(mnistish, theta, mnistData, config)(Random.seed(4))
    expect(result(fell).parallel.used).toBe(1)
    expect(result(fell).parallel.reason).toMatch(/may not block.*trainAsync/)
    expect(withoutParallel(fell)).toStrictEqual(
      withoutParallel(trainAny(mnistish, theta, mnistData, { ...config, workers: 1 })(Random.seed(4))),
    )
  })

  it("never writes the caller's Θ; abort and 'stop' from onBatch end the run as on one thread", () => {
    const [theta] = initAny(mnistish)(Random.seed(3))
    const before = theta.map((p) => Object.values(p).map((t) => Array.from(t.data)))
    const stopAt = (workers: number) =>
      trainAny(mnistish, theta, mnistData, {
        cost: crossEntropy,
        optimizer: Optim.sgd(0.1),
        epochs: 3,
        batchSize: 32,
        task: 'classification',
        workers,
        onBatch: (b) => (b.epoch === 2 && b.batch === 3 ? 'stop' : undefined),
      })(Random.seed(4))
    const one = result(stopAt(1))
    const two = result(stopAt(2))
    expect(two.stopReason).toBe('callback')
    expect(two.epochs).toBe(one.epochs)
    expect(maxDiff(two, one)).toBeLessThan(1e-12)
    expect(two.optimizerState.t).toBe(one.optimizerState.t)
    let batches = 0
    const signal = { aborted: false }
    const aborted = result(
      trainAny(mnistish, theta, mnistData, {
        cost: crossEntropy,
        optimizer: Optim.sgd(0.1),
        epochs: 3,
        batchSize: 32,
        task: 'classification',
        workers: 2,
        signal,
        onBatch: () => void (++batches === 4 && (signal.aborted = true)),
      })(Random.seed(4)),
    )
    expect(aborted.stopReason).toBe('aborted')
    expect(aborted.optimizerState.t).toBe(4)
    expect(theta.map((p) => Object.values(p).map((t) => Array.from(t.data)))).toStrictEqual(before)
  })
})

describe('when training cannot run on workers, it runs on one thread and says why', () => {
  const [theta] = initAny(xorish)(Random.seed(1))
  const config: Config = {
    cost: binaryCrossEntropy,
    optimizer: Optim.sgd(0.5),
    epochs: 3,
    batchSize: 8,
    task: 'classification',
  }
  const single = withoutParallel(trainAny(xorish, theta, xorData, config)(Random.seed(2)))
  const fallback = (env: WorkerEnvironment | undefined, reason: RegExp) => {
    setWorkerEnvironment(env === undefined ? undefined : () => env)
    const r = trainAny(xorish, theta, xorData, { ...config, workers: 3 })(Random.seed(2))
    expect(result(r).parallel).toStrictEqual({ requested: 3, used: 1, reason: expect.stringMatching(reason) })
    expect(withoutParallel(r)).toStrictEqual(single)
  }

  it('no SharedArrayBuffer (a page that is not crossOriginIsolated), no worker_threads', () => {
    fallback(
      { unavailable: 'SharedArrayBuffer is not available: the page is not crossOriginIsolated', canBlock: false },
      /not crossOriginIsolated/,
    )
    fallback({ unavailable: 'worker_threads is not available', canBlock: true }, /^worker_threads is not available/)
  })

  it('a worker that cannot start: refused at once (a CSP against blob: workers) or failing as it loads', () => {
    const refused: WorkerEnvironment = {
      canBlock: true,
      spawn: () => {
        throw new Error("Refused to create a worker from 'blob:…' (Content Security Policy)")
      },
    }
    fallback(refused, /^a worker could not start: Error: Refused to create a worker/)
    const broken: WorkerEnvironment = {
      canBlock: true,
      spawn: () => ({
        postMessage: () => undefined,
        error: () => 'the script failed to load',
        terminate: () => undefined,
      }),
    }
    fallback(broken, /^a worker could not start: the script failed to load/)
  })

  it('a worker that fails as it starts, or at its first step (its slice is then computed by the caller)', () => {
    const real = probeEnvironment()
    const spawn = real.spawn as NonNullable<WorkerEnvironment['spawn']>
    // a real worker sent a corrupted layout: an offset past the arena's end
    const corrupting = (corrupt: (m: Record<string, unknown>) => Record<string, unknown>): WorkerEnvironment => ({
      canBlock: true,
      spawn: (code) => {
        const w = spawn(code)
        return { ...w, postMessage: (m) => w.postMessage(corrupt(m as Record<string, unknown>)) }
      },
    })
    const badLayers = corrupting((m) => ({
      ...m,
      layers: (m['layers'] as ReadonlyArray<Record<string, unknown>>).map((l) => ({ ...l, w: 1e9 })),
    }))
    fallback(badLayers, /^a worker could not start: RangeError/)
    setWorkerEnvironment(() => corrupting((m) => ({ ...m, x: 1e9 })))
    const r = result(trainAny(xorish, theta, xorData, { ...config, workers: 2 })(Random.seed(2)))
    expect(r.parallel).toStrictEqual({
      requested: 2,
      used: 1,
      reason: expect.stringMatching(
        /^a worker failed during training \(.*RangeError.*\); the run went on in one thread$/,
      ),
    })
    const one = result(trainAny(xorish, theta, xorData, config)(Random.seed(2)))
    expect(maxDiff(r, one)).toBeLessThan(1e-12)
  })

  it('a network without a compiled plan', () => {
    type Shift = { readonly c: Vector<2> }
    const shift = defineLayer({
      kind: 'shift',
      inputs: 2,
      outputs: 2,
      activation: identity,
      shapes: { c: [2] },
      regularized: [],
      spec: { kind: 'shift', inputs: 2, outputs: 2, activation: identity.spec },
      init: (rng: Random.Rng) => [{ c: fill([2], 0.5) }, rng] as const,
      forward: <B extends number>(p: Shift, x: Matrix<B, 2>): Matrix<B, 2> => addBias(x, p.c),
      backward: <B extends number>(_p: Shift, _x: Matrix<B, 2>, delta: Matrix<B, 2>) => ({
        grads: { c: sumRows(delta) },
        dx: () => delta,
      }),
    })
    const mixed: AnyNet = { inputs: 2, outputs: 1, layers: [shift, ...net(2, [[1, sigmoid]]).layers] }
    const [th] = initAny(mixed)(Random.seed(1))
    const c: Config = {
      cost: binaryCrossEntropy as Cost,
      optimizer: Optim.sgd(0.1),
      epochs: 2,
      batchSize: 4,
      task: 'classification',
    }
    const r = trainAny(mixed, th, xorData, { ...c, workers: 2 })(Random.seed(1))
    expect(result(r).parallel).toStrictEqual({
      requested: 2,
      used: 1,
      reason: expect.stringMatching(/no compiled plan/),
    })
    expect(withoutParallel(r)).toStrictEqual(withoutParallel(trainAny(mixed, th, xorData, c)(Random.seed(1))))
  })

  it('workers must be an integer in [1, 64]', () => {
    for (const workers of [0, -1, 1.5, NaN, Infinity, 65, '2' as unknown as number]) {
      const [r] = trainAny(xorish, theta, xorData, { ...config, workers })(Random.seed(2))
      expect(E.isLeft(r) && r.left._tag === 'InvalidConfig' && r.left.field).toBe('workers')
      expect(E.isLeft(r) && r.left.message).toMatch(/workers.*an integer in \[1, 64\]/)
    }
  })
})
