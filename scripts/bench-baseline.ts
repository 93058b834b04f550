/**
 * Benchmark reference: a plain hand-written JavaScript MLP trainer, no library, on `Float64Array`s. It is the
 * yardstick for "how fast can straightforward JS go" in the training benchmark (`scripts/bench-peers.ts`), and
 * it defines the shared task, options and result types that every contender (tensorial, TensorFlow.js,
 * brain.js) follows:
 *
 * - **MNIST**: a 784-128-64-10 network, ReLU hidden layers, softmax output with the cross-entropy averaged over
 *   the batch, Glorot-uniform weights and zero biases (`initialParams`, seeded; every contender starts from
 *   them), plain SGD (`W ← W − η ∂C/∂W`, η = 0.1), batches of 64 consecutive rows of the data (rows
 *   `k·64 … k·64 + 63` for batch `k`, wrapping around), a few untimed warm-up batches then a fixed number of
 *   timed ones. Reports samples per second over the timed batches.
 * - **XOR**: a 2-2-1 sigmoid network, the squared error `½(a − y)²`, one forward + backward + update on a
 *   single example per step, cycling through the four examples. Reports steps per second; exposes per-step
 *   overhead rather than arithmetic.
 *
 * The matrix products are one strided kernel with 4×4 register blocks (`gemm` below), all dense: zeros (most
 * MNIST pixels, dead ReLUs) are multiplied like any other number, as the peers do.
 */

// -------------------------------------------------------------------------------------
// shared task definition
// -------------------------------------------------------------------------------------

/** Layer widths of the MNIST task. */
export const MNIST_LAYERS: ReadonlyArray<number> = [784, 128, 64, 10]

/** Options of an MNIST training run; every field has a default (`MNIST_DEFAULTS`). */
export interface MnistBenchOptions {
  /** Rows per batch (64). */
  readonly batchSize?: number
  /** Timed batches (40). */
  readonly batches?: number
  /** Untimed warm-up batches run first, on the first rows (3). */
  readonly warmupBatches?: number
  /** SGD learning rate η (0.1). */
  readonly learningRate?: number
  /** Seed of the initial weights (`initialParams`), which every contender starts from (1). */
  readonly seed?: number
}

/** The defaults of `MnistBenchOptions`. */
export const MNIST_DEFAULTS: Required<MnistBenchOptions> = {
  batchSize: 64,
  batches: 40,
  warmupBatches: 3,
  learningRate: 0.1,
  seed: 1,
}

/**
 * The result of an MNIST training run. Each timed batch is timed on its own; `samplesPerSecond` comes from the
 * median batch time, which is robust to other processes stealing the CPU for a while, and
 * `meanSamplesPerSecond` from the total.
 */
export interface MnistBenchResult {
  /** Training throughput: batch size over the median batch time. */
  readonly samplesPerSecond: number
  /** Training throughput: all timed samples over the total time. */
  readonly meanSamplesPerSecond: number
  /** The loss of the first warm-up batch, before any update. */
  readonly initialLoss: number
  /** The mean loss of the last (up to 5) timed batches, measured during their own step. */
  readonly finalLoss: number
  /** Samples in the timed batches and the seconds they took. */
  readonly samples: number
  readonly seconds: number
}

/** The result of an XOR run; the steps are timed in `XOR_CHUNKS` chunks, reported like `MnistBenchResult`. */
export interface XorBenchResult {
  /** Single-example training steps per second: chunk length over the median chunk time. */
  readonly stepsPerSecond: number
  /** Single-example training steps per second: all timed steps over the total time. */
  readonly meanStepsPerSecond: number
  /** Mean loss over the four examples before and after training. */
  readonly initialLoss: number
  readonly finalLoss: number
  /** Timed steps and the seconds they took. */
  readonly steps: number
  readonly seconds: number
}

/** Layer widths of the XOR task. */
export const XOR_LAYERS: ReadonlyArray<number> = [2, 2, 1]

/** Seed of the XOR task's initial weights. */
export const XOR_SEED = 1

/** The four XOR examples, inputs and targets. */
export const XOR_INPUTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]
export const XOR_TARGETS: ReadonlyArray<number> = [0, 1, 1, 0]

/** Learning rate of the XOR task for the loss `½(a − y)²`. */
export const XOR_LEARNING_RATE = 0.5

/** Untimed XOR warm-up steps run before the timed ones. */
export const XOR_WARMUP_STEPS = 200

/** The timed XOR steps are run and timed in this many equal chunks. */
export const XOR_CHUNKS = 20

/** Fills in the defaults. */
export const mnistOptions = (opts: MnistBenchOptions = {}): Required<MnistBenchOptions> => ({
  ...MNIST_DEFAULTS,
  ...opts,
})

/** The first row of batch `k` of size `batchSize` over `count` rows, wrapping around to the start. */
export const batchStart = (k: number, batchSize: number, count: number): number => {
  const perEpoch = Math.floor(count / batchSize)
  if (perEpoch < 1) throw new Error(`batch size ${batchSize} exceeds the ${count} rows of data`)
  return (k % perEpoch) * batchSize
}

/** The labels as an `Int32Array`, and the row count implied by `images` (checked against the labels). */
export const checkData = (
  images: Float64Array,
  labels: Int32Array | ReadonlyArray<number>,
): { readonly count: number; readonly labels: Int32Array } => {
  const inputs = MNIST_LAYERS[0]
  const count = images.length / inputs
  if (!Number.isInteger(count) || count !== labels.length) {
    throw new Error(`expected ${labels.length} images of ${inputs} pixels, got ${images.length} values`)
  }
  return { count, labels: labels instanceof Int32Array ? labels : Int32Array.from(labels) }
}

/** `len` uniform numbers in `[−limit, limit)` from a seeded 32-bit LCG (never `Math.random`). */
export const uniformWeights = (len: number, limit: number, seed: number): Float64Array => {
  const out = new Float64Array(len)
  let s = seed >>> 0
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = (s / 2 ** 32) * 2 * limit - limit
  }
  return out
}

/** Glorot-uniform weights `[fanIn × fanOut]` (row-major), as TensorFlow.js initializes dense kernels. */
export const glorot = (fanIn: number, fanOut: number, seed: number): Float64Array =>
  uniformWeights(fanIn * fanOut, Math.sqrt(6 / (fanIn + fanOut)), seed)

/**
 * The initial parameters `[W¹, b¹, W², b², …]` of a dense network with layer `widths`: Glorot-uniform weights
 * `Wˡ: [widths[l−1] × widths[l]]` (row-major, layer `l` seeded with `seed + l − 1`) and zero biases. Every
 * contender that lets us set its weights starts from these, so their losses can be compared step for step.
 */
export const initialParams = (widths: ReadonlyArray<number>, seed: number): ReadonlyArray<Float64Array> =>
  widths.slice(1).flatMap((out, l) => [glorot(widths[l], out, seed + l), new Float64Array(out)])

/** Seconds since `t0` (a `performance.now()` reading). */
export const secondsSince = (t0: number): number => (performance.now() - t0) / 1000

/** Runs `f` and returns the seconds it took. */
export const timed = (f: () => void): number => {
  const t0 = performance.now()
  f()
  return secondsSince(t0)
}

/** The median of `xs` (not empty). */
export const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Median-based and mean rates of `units` units of work done in each chunk that took `seconds[i]`. */
export const rates = (
  units: number,
  seconds: ReadonlyArray<number>,
): { readonly median: number; readonly mean: number; readonly total: number } => {
  const total = seconds.reduce((a, b) => a + b, 0)
  return { median: units / median(seconds), mean: (units * seconds.length) / total, total }
}

/** The chunk lengths that split `steps` into `XOR_CHUNKS` (nearly) equal multiples of `multiple`. */
export const xorChunks = (steps: number, multiple = 1): ReadonlyArray<number> => {
  const per = Math.max(multiple, Math.round(steps / XOR_CHUNKS / multiple) * multiple)
  return Array.from({ length: XOR_CHUNKS }, () => per)
}

/** The mean of the last `n` entries. */
export const meanOfLast = (xs: ReadonlyArray<number>, n: number): number => {
  const tail = xs.slice(-n)
  return tail.reduce((a, b) => a + b, 0) / tail.length
}

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/**
 * `C = A·B` into `c: [m × n]` (row-major from index 0), where `A(i, p) = a[aOff + i·aRow + p·aCol]` and
 * `B(p, j) = b[bOff + p·bRow + j·bCol]`: the strides give `Xᵀ·D` and `D·Wᵀ` without copying. Each 4×4 block
 * of `C` is accumulated in 16 local variables over the whole inner dimension (eight loads per 16 products);
 * the rows and columns left over when `m` or `n` is not a multiple of 4 are plain dot products.
 */
const gemm = (
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRow: number,
  aCol: number,
  b: Float64Array,
  bOff: number,
  bRow: number,
  bCol: number,
  c: Float64Array,
): void => {
  const m4 = m - (m % 4)
  const n4 = n - (n % 4)
  const dot = (i: number, j: number): number => {
    let s = 0
    for (let p = 0, ai = aOff + i * aRow, bj = bOff + j * bCol; p < k; p++, ai += aCol, bj += bRow) s += a[ai] * b[bj]
    return s
  }
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0
      let ai = aOff + i * aRow
      let bj = bOff + j * bCol
      for (let p = 0; p < k; p++) {
        const a0 = a[ai]
        const a1 = a[ai + aRow]
        const a2 = a[ai + 2 * aRow]
        const a3 = a[ai + 3 * aRow]
        const b0 = b[bj]
        const b1 = b[bj + bCol]
        const b2 = b[bj + 2 * bCol]
        const b3 = b[bj + 3 * bCol]
        c00 += a0 * b0
        c01 += a0 * b1
        c02 += a0 * b2
        c03 += a0 * b3
        c10 += a1 * b0
        c11 += a1 * b1
        c12 += a1 * b2
        c13 += a1 * b3
        c20 += a2 * b0
        c21 += a2 * b1
        c22 += a2 * b2
        c23 += a2 * b3
        c30 += a3 * b0
        c31 += a3 * b1
        c32 += a3 * b2
        c33 += a3 * b3
        ai += aCol
        bj += bRow
      }
      const o = i * n + j
      c[o] = c00
      c[o + 1] = c01
      c[o + 2] = c02
      c[o + 3] = c03
      c[o + n] = c10
      c[o + n + 1] = c11
      c[o + n + 2] = c12
      c[o + n + 3] = c13
      c[o + 2 * n] = c20
      c[o + 2 * n + 1] = c21
      c[o + 2 * n + 2] = c22
      c[o + 2 * n + 3] = c23
      c[o + 3 * n] = c30
      c[o + 3 * n + 1] = c31
      c[o + 3 * n + 2] = c32
      c[o + 3 * n + 3] = c33
    }
    for (let j = n4; j < n; j++) for (let r = i; r < i + 4; r++) c[r * n + j] = dot(r, j)
  }
  for (let i = m4; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] = dot(i, j)
}

/** `Z = X·W + b` for `X: [rows × k]` (row-major from `xOff`), `W: [k × n]`, `b: [n]`, `Z: [rows × n]`. */
const linearForward = (
  rows: number,
  k: number,
  n: number,
  x: Float64Array,
  xOff: number,
  w: Float64Array,
  b: Float64Array,
  z: Float64Array,
): void => {
  gemm(rows, n, k, x, xOff, k, 1, w, 0, n, 1, z)
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) z[r * n + j] += b[j]
}

/** `dW = Xᵀ·D` and `db = Σ_rows D` for `X: [rows × k]` (from `xOff`), `D: [rows × n]`, `dW: [k × n]`. */
const linearGrads = (
  rows: number,
  k: number,
  n: number,
  x: Float64Array,
  xOff: number,
  d: Float64Array,
  dw: Float64Array,
  db: Float64Array,
): void => {
  gemm(k, n, rows, x, xOff, 1, k, d, 0, n, 1, dw)
  db.fill(0)
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) db[j] += d[r * n + j]
}

/** `dX = (D·Wᵀ) ⊙ relu'(Z)` for `D: [rows × n]`, `W: [k × n]`, `Z, dX: [rows × k]`. */
const reluBackward = (
  rows: number,
  k: number,
  n: number,
  d: Float64Array,
  w: Float64Array,
  z: Float64Array,
  dx: Float64Array,
): void => {
  gemm(rows, k, n, d, 0, n, 1, w, 0, 1, n, dx)
  for (let i = 0; i < rows * k; i++) if (!(z[i] > 0)) dx[i] = 0
}

/** `A = max(0, Z)`. */
const relu = (z: Float64Array, a: Float64Array): void => {
  for (let i = 0; i < z.length; i++) a[i] = z[i] > 0 ? z[i] : 0
}

/** `p ← p − η g`. */
const sgd = (p: Float64Array, g: Float64Array, eta: number): void => {
  for (let i = 0; i < p.length; i++) p[i] -= eta * g[i]
}

/**
 * Softmax of each row of `z: [rows × n]` and the cross-entropy against `labels[start + r]`, averaged over the
 * rows; writes `∂C/∂Z = (P − Y) / rows` into `dz` and returns the loss.
 */
const softmaxCrossEntropy = (
  rows: number,
  n: number,
  z: Float64Array,
  labels: Int32Array,
  start: number,
  dz: Float64Array,
): number => {
  let loss = 0
  for (let r = 0; r < rows; r++) {
    const o = r * n
    let max = -Infinity
    for (let j = 0; j < n; j++) if (z[o + j] > max) max = z[o + j]
    let sum = 0
    for (let j = 0; j < n; j++) {
      const e = Math.exp(z[o + j] - max)
      dz[o + j] = e
      sum += e
    }
    const y = labels[start + r]
    loss -= z[o + y] - max - Math.log(sum)
    for (let j = 0; j < n; j++) dz[o + j] = (dz[o + j] / sum - (j === y ? 1 : 0)) / rows
  }
  return loss / rows
}

// -------------------------------------------------------------------------------------
// MNIST
// -------------------------------------------------------------------------------------

/**
 * The MNIST timing protocol shared by every contender: `warmupBatches` untimed steps, then `batches` steps each
 * timed on its own; the rate comes from the median batch time. `step(k)` trains on batch `k`, returns its loss.
 */
export const timeMnistSteps = (
  step: (k: number) => number,
  bs: number,
  warmupBatches: number,
  batches: number,
): MnistBenchResult => {
  let initialLoss = NaN
  for (let k = 0; k < warmupBatches; k++) {
    const loss = step(k)
    if (k === 0) initialLoss = loss
  }
  const losses: Array<number> = []
  const times: Array<number> = []
  for (let k = warmupBatches; k < warmupBatches + batches; k++) times.push(timed(() => losses.push(step(k))))
  if (warmupBatches === 0) initialLoss = losses[0] as number
  const r = rates(bs, times)
  return {
    samplesPerSecond: r.median,
    meanSamplesPerSecond: r.mean,
    initialLoss,
    finalLoss: meanOfLast(losses, 5),
    samples: batches * bs,
    seconds: r.total,
  }
}

/**
 * Trains the 784-128-64-10 MNIST network with the hand-written loops (see the module doc for the task) and
 * returns its throughput and losses. `images` is `N × 784` row-major in `[0, 1]`, `labels` are `0…9`.
 */
export const baselineMnist = (
  images: Float64Array,
  labelsIn: Int32Array | ReadonlyArray<number>,
  opts: MnistBenchOptions = {},
): MnistBenchResult => {
  const { batchSize: bs, batches, warmupBatches, learningRate: eta, seed } = mnistOptions(opts)
  const { count, labels } = checkData(images, labelsIn)
  const [n0, n1, n2, n3] = MNIST_LAYERS
  const [w1, b1, w2, b2, w3, b3] = initialParams(MNIST_LAYERS, seed)
  const [gw1, gw2, gw3] = [w1, w2, w3].map((w) => new Float64Array(w.length))
  const [gb1, gb2, gb3] = [b1, b2, b3].map((b) => new Float64Array(b.length))
  const z1 = new Float64Array(bs * n1)
  const a1 = new Float64Array(bs * n1)
  const z2 = new Float64Array(bs * n2)
  const a2 = new Float64Array(bs * n2)
  const z3 = new Float64Array(bs * n3)
  const d3 = new Float64Array(bs * n3)
  const d2 = new Float64Array(bs * n2)
  const d1 = new Float64Array(bs * n1)

  const step = (k: number): number => {
    const start = batchStart(k, bs, count)
    const xOff = start * n0
    linearForward(bs, n0, n1, images, xOff, w1, b1, z1)
    relu(z1, a1)
    linearForward(bs, n1, n2, a1, 0, w2, b2, z2)
    relu(z2, a2)
    linearForward(bs, n2, n3, a2, 0, w3, b3, z3)
    const loss = softmaxCrossEntropy(bs, n3, z3, labels, start, d3)
    linearGrads(bs, n2, n3, a2, 0, d3, gw3, gb3)
    reluBackward(bs, n2, n3, d3, w3, z2, d2)
    linearGrads(bs, n1, n2, a1, 0, d2, gw2, gb2)
    reluBackward(bs, n1, n2, d2, w2, z1, d1)
    linearGrads(bs, n0, n1, images, xOff, d1, gw1, gb1)
    sgd(w1, gw1, eta)
    sgd(b1, gb1, eta)
    sgd(w2, gw2, eta)
    sgd(b2, gb2, eta)
    sgd(w3, gw3, eta)
    sgd(b3, gb3, eta)
    return loss
  }

  const result = timeMnistSteps(step, bs, warmupBatches, batches)
  return {
    ...result,
  }
}

// -------------------------------------------------------------------------------------
// XOR
// -------------------------------------------------------------------------------------

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

/**
 * `steps` single-example SGD steps of the 2-2-1 sigmoid XOR network (loss `½(a − y)²`, η = 0.5), after
 * `XOR_WARMUP_STEPS` untimed ones; the loops are written for any widths, not unrolled for 2-2-1.
 */
export const baselineXor = (steps: number, seed = XOR_SEED): XorBenchResult => {
  const [nIn, nHid, nOut] = XOR_LAYERS
  const [w1, b1, w2, b2] = initialParams(XOR_LAYERS, seed)
  const x = new Float64Array(nIn)
  const h = new Float64Array(nHid)
  const o = new Float64Array(nOut)
  const dh = new Float64Array(nHid)
  const dO = new Float64Array(nOut)
  const eta = XOR_LEARNING_RATE

  const forward = (i: number): void => {
    const example = XOR_INPUTS[i]
    for (let p = 0; p < nIn; p++) x[p] = example[p]
    for (let j = 0; j < nHid; j++) {
      let s = b1[j]
      for (let p = 0; p < nIn; p++) s += x[p] * w1[p * nHid + j]
      h[j] = sigmoid(s)
    }
    for (let j = 0; j < nOut; j++) {
      let s = b2[j]
      for (let p = 0; p < nHid; p++) s += h[p] * w2[p * nOut + j]
      o[j] = sigmoid(s)
    }
  }
  const meanLoss = (): number => {
    let sum = 0
    for (let i = 0; i < XOR_INPUTS.length; i++) {
      forward(i)
      sum += 0.5 * (o[0] - XOR_TARGETS[i]) ** 2
    }
    return sum / XOR_INPUTS.length
  }
  const step = (s: number): void => {
    const i = s % XOR_INPUTS.length
    forward(i)
    for (let j = 0; j < nOut; j++) dO[j] = (o[j] - XOR_TARGETS[i]) * o[j] * (1 - o[j])
    for (let p = 0; p < nHid; p++) {
      let s2 = 0
      for (let j = 0; j < nOut; j++) s2 += dO[j] * w2[p * nOut + j]
      dh[p] = s2 * h[p] * (1 - h[p])
    }
    for (let p = 0; p < nHid; p++) for (let j = 0; j < nOut; j++) w2[p * nOut + j] -= eta * h[p] * dO[j]
    for (let j = 0; j < nOut; j++) b2[j] -= eta * dO[j]
    for (let p = 0; p < nIn; p++) for (let j = 0; j < nHid; j++) w1[p * nHid + j] -= eta * x[p] * dh[j]
    for (let j = 0; j < nHid; j++) b1[j] -= eta * dh[j]
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
  const r = rates(chunks[0], times)
  const timedSteps = chunks[0] * chunks.length
  return {
    stepsPerSecond: r.median,
    meanStepsPerSecond: r.mean,
    initialLoss,
    finalLoss: meanLoss(),
    steps: timedSteps,
    seconds: r.total,
  }
}
