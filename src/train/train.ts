/**
 * Training: a pure fold over epochs and minibatches.
 *
 * `train(net, Θ, data, config)` is a `State<Rng, Either<TrainError, TrainResult>>`: give it a seeded generator
 * and it returns a new Θ (the input Θ is never modified), the optimizer state and the per-epoch history, or a
 * `Left` that says why no step was taken (`InvalidConfig` naming the field, `InvalidInput` for bad data) or
 * where training diverged (`Diverged`: the epoch, and the batch and layer or the metric). The same seed gives a
 * bit-identical model. `trainAsync` is the same run as a `Task` that gives the event loop back every
 * `yieldEvery` ms (for pages): both drain one step machine, so they return the same bits.
 *
 * Each epoch shuffles the examples (features and targets move together: they are one `Dataset`), folds the
 * optimizer step over the minibatches, and records metrics: the loss (averaged over the epoch's examples);
 * accuracy for classification; MSE and R² for regression; on the training batches as they were seen, and on
 * the validation data after the epoch. A metric that is not finite is divergence. Early stopping watches a
 * metric (`monitor`, Keras's names: `val_loss`, `accuracy`, …) against the best value so far and can restore
 * the best Θ.
 *
 * A run ends early with a `Right` when `signal` is aborted (checked before each batch) or `onBatch`/`onEpoch`
 * returns `'stop'`; `stopReason` says why. It can be continued: `resume: { optimizerState, epoch }` with the
 * returned Θ and generator, and `epochs` still the number of the last epoch (Keras's `initial_epoch`), so that
 * 4 epochs, then 6 resumed, equal 10 epochs bit for bit. That holds for a run stopped at the end of an epoch
 * (completed, or stopped from `onEpoch`); aborted mid-epoch, Θ holds a part of an epoch. Early stopping starts
 * afresh in a resumed run (its best value and patience count are not carried over), as in Keras.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { State } from 'fp-ts/lib/State.js'
import type { Task as FpTask } from 'fp-ts/lib/Task.js'

import type { GradientOptions, Reduction } from '../nn/backprop.js'
import { l2Penalty, trainingGradients, validateGradientOptions } from '../nn/backprop.js'
import type { Cost } from '../nn/cost.js'
import type { Dataset } from '../io/dataset.js'
import { batches, shuffle, size, trainTestSplit } from '../io/dataset.js'
import type { AnyLayer, ParamSet } from '../nn/layer.js'
import type { Network, Theta, ThetaFor } from '../nn/network.js'
import { forward, nonTrainable } from '../nn/network.js'
import type { Optimizer, OptimizerState } from './optimizer.js'
import { initState, step, validateOptimizer } from './optimizer.js'
import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig } from '../core/errors.js'
import type { Rng } from '../core/random.js'
import { seed } from '../core/random.js'
import type { Shape } from '../core/shape.js'
import { showShape } from '../core/shape.js'
import { drainAsync, drainSync, now, yieldToEventLoop } from './drive.js'
import type { EarlyStopping, Monitor } from './early-stopping.js'
import { direction, startWatch, watchEpoch } from './early-stopping.js'
import type { Planner } from './plan.js'
import { planFor } from './plan.js'
import { recordBatch } from '../internal/plan-ops.js'
import type { Matrix, Tensor } from '../core/tensor.js'

export type { EarlyStopping, Monitor, MonitorMode } from './early-stopping.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Metrics of one pass over a data set. `loss` is the cost averaged over the examples (plus the L2 penalty when
 * configured); `accuracy` (classification) is the fraction of rows whose output argmax equals the target
 * argmax (with one output: whose output rounded at ½ equals the 0/1 target); `mse` and `r2` (regression) are `(1/BN) Σ (a − y)²` and `1 − SS_res/SS_tot` averaged over the outputs.
 *
 * @category model
 * @since 0.1.0
 */
export interface PassMetrics {
  readonly loss: number
  readonly accuracy?: number
  readonly mse?: number
  readonly r2?: number
}

/**
 * The metrics of one epoch.
 *
 * @category model
 * @since 0.1.0
 */
export interface EpochMetrics {
  readonly epoch: number
  readonly train: PassMetrics
  readonly validation?: PassMetrics
}

/**
 * What a batch-end callback is told.
 *
 * @category model
 * @since 0.1.0
 */
export interface BatchInfo {
  readonly epoch: number
  readonly batch: number
  readonly batches: number
  readonly loss: number
}

/**
 * The task, which decides the metrics.
 *
 * @category model
 * @since 0.1.0
 */
export type Task = 'classification' | 'regression'

/**
 * A callback of training: return `'stop'` to end training after this batch or epoch (with a `Right` whose
 * `stopReason` is `'callback'`), or nothing to go on. Any other return value is a compile error, so a
 * misspelt `'Stop'` cannot be silently ignored; write `(b) => void log.push(b)` for an expression whose value
 * is not meant.
 *
 * @category model
 * @since 0.2.0
 */
export type TrainCallback<A> = (a: A) => void | 'stop'

/**
 * What `signal` needs of an `AbortSignal` (an `AbortController`'s `signal` is one): `aborted`, read between
 * batches.
 *
 * @category model
 * @since 0.2.0
 */
export interface AbortSignalLike {
  readonly aborted: boolean
}

/**
 * Where a resumed run starts: the optimizer state returned by a run that completed `epoch` epochs (its
 * `optimizerState` and `epochs`), with that run's Θ as `theta` and its returned generator as the `Rng`.
 *
 * @category model
 * @since 0.2.0
 */
export interface Resume<Ps extends ReadonlyArray<ParamSet>, S = never> {
  /**
   * A state for this network's Θ. `S` is the state's type as `train` infers it (`never`: not inferred); a state
   * of another network reads `train: resume.optimizerState belongs to another network (its layer shapes differ)`.
   */
  readonly optimizerState: [S] extends [never]
    ? OptimizerState<Ps>
    : [S] extends [OptimizerState<Ps>]
      ? S
      : 'train: resume.optimizerState belongs to another network (its layer shapes differ)'
  /** The number of epochs already run: an integer in `[0, epochs]`. */
  readonly epoch: number
}

/**
 * How to train. Every field is checked when training starts; a value out of range is a `Left` of kind
 * `InvalidConfig` naming the field (`earlyStopping.minDelta`), its value and the allowed range.
 *
 * @category model
 * @since 0.1.0
 */
export interface TrainConfig<
  In extends number,
  Out extends number,
  Ps extends ReadonlyArray<ParamSet> = ReadonlyArray<ParamSet>,
  S = never,
> {
  readonly cost: Cost
  readonly optimizer: Optimizer
  /** The number of the last epoch: an integer ≥ 0 (with `resume`, the epochs already run count too). */
  readonly epochs: number
  /** Examples per minibatch: an integer ≥ 1 (the last batch of an epoch may be smaller). */
  readonly batchSize: number
  readonly task: Task
  /**
   * `α` of the L2 penalty on the weights, as scikit-learn's MLP `alpha` (see `gradients`): a batch of `B`
   * examples adds `½α Σ‖W‖² / B` to its mean cost. A finite number ≥ 0.
   */
  readonly l2?: number
  /**
   * How a batch's per-example costs are reduced (see `gradients`): `'mean'` (default) or `'sum'`. Metrics are
   * reported per example either way.
   */
  readonly reduction?: Reduction
  /**
   * Validation data, or the fraction of `data` to hold out, in `(0, 1)`. The split is drawn from the generator
   * before epoch 1, as `Dataset.trainTestSplit(data, split)` would draw it, so
   * `train(net, θ, data, { …, validation: { split } })(rng)` equals
   * `train(net, θ, trainPart, { …, validation: heldOut })(rng1)` where
   * `[E.right([trainPart, heldOut]), rng1] = Dataset.trainTestSplit(data, split)(rng)`. A resumed run must be
   * given those two sets: with `resume`, a `split` is an `InvalidConfig` (a second draw would mix the sets).
   */
  readonly validation?: Dataset<In, Out> | { readonly split: number }
  readonly earlyStopping?: EarlyStopping
  /** Shuffle the training examples before each epoch (default true). */
  readonly shuffle?: boolean
  /** Called after each batch; `'stop'` ends training there (see {@link TrainCallback}). */
  readonly onBatch?: TrainCallback<BatchInfo>
  /** Called after each epoch's metrics; `'stop'` ends training there. */
  readonly onEpoch?: TrainCallback<EpochMetrics>
  /** Checked before each batch: once aborted, training ends with a `Right` whose `stopReason` is `'aborted'`. */
  readonly signal?: AbortSignalLike
  /** `trainAsync` gives the event loop back between batches once this many ms of work have passed (default 16). */
  readonly yieldEvery?: number
  /** Continue a run (see {@link Resume}): the optimizer state must be one for this network's Θ. */
  readonly resume?: Resume<Ps, S>
  /**
   * The arithmetic of training: `'f64'` (default: float64 throughout, the reference path's bits and PyTorch's
   * float64 results) or `'f32'`: the compiled plan in a `Float32Array` arena. Θ and the optimizer state are
   * rounded to float32 when training starts; the products `Zˡ = Aˡ⁻¹Wˡ`, `∂C/∂Wˡ = (Aˡ⁻¹)ᵀΔˡ` and `ΔˡWˡᵀ` run in
   * the float32 WebAssembly kernels (every product and sum rounded to float32; relative error about `k·2⁻²⁴` of
   * `Σ|ab|` over an inner dimension `k`; small and single-row products are computed in float64 and rounded once);
   * every other entry (bias, activation `σ`, `σ'`, the cost's `∂C/∂Zᴸ`,
   * the optimizer's rule) is computed in float64 from float32 operands and rounded to float32 once, as it is
   * stored. Training metrics are summed in float64 from the float32 outputs; validation metrics are the
   * float64 forward pass of the float32 Θ. The returned Θ and optimizer state are
   * ordinary (float64) tensors holding float32 values (`Math.fround(x) === x`). Measured: the loss of a few
   * epochs within 1e-6 relative of `'f64'`'s, one step's gradient within 1e-5 of its largest entry, MNIST
   * accuracy within one percentage point (test/train/precision.test.ts). Only networks of `dense` layers with
   * built-in activations and a built-in cost have a float32 plan; any other network with `'f32'` is an
   * `InvalidConfig` (never a silent float64 run). A parameter that overflows float32 is `Diverged`.
   * @since 0.2.0
   */
  readonly precision?: 'f64' | 'f32'
  /**
   * Threads that train together, data-parallel (default 1): an integer in `[1, 64]`. With `workers: n > 1` the
   * calling thread and `n − 1` workers (Node `worker_threads`; Web Workers in a page that is
   * `crossOriginIsolated`) share one arena holding Θ (a shared `WebAssembly.Memory` that every thread's kernels
   * work in, or a `SharedArrayBuffer` where that is refused). Each batch of `B` rows is cut into
   * `m = min(n, B)` fixed slices, slice `k` the rows `⌊kB/m⌋ … ⌊(k+1)B/m⌋ − 1`; thread `k` computes its slice's
   * forward and backward pass with the batch's scaling (`1/B` under `'mean'`): its gradients `G_k = ∂C_k/∂Θ`
   * and its cost share `C_k`. The calling thread sums `C = Σ_k C_k` in slice order; then each thread takes a
   * fixed range of every parameter tensor's entries, sums `G = G₀ + G₁ + … + G_{m−1}` there in slice order and
   * applies the optimizer's update to it (each entry's update depends on that entry alone). So a run is deterministic for a given `n` (bit for bit, run
   * after run), and it differs from the one-thread run only in how the sums over the batch's rows are grouped:
   * Θ within about 1e-12 of it after many steps in `'f64'` (test/train/workers.test.ts). Dropout-free dense
   * networks only (those with a compiled plan, as `precision: 'f32'` needs); for any other network, or where
   * threads cannot run (no `SharedArrayBuffer`, no workers, a page that is not `crossOriginIsolated`, a
   * Content Security Policy that refuses `blob:` workers, `train` on a page's main thread, which may not block
   * while workers start: use `trainAsync` there), training runs on one thread, bit for bit as `workers: 1`, and
   * {@link TrainResult.parallel} says why. The workers start with a run's first epoch (about 0.1 s) and are kept,
   * idle, for the next run with as many (Node's are unref'd, so they never keep a process alive).
   * @since 0.2.0
   */
  readonly workers?: number
}

/**
 * How many threads trained (see {@link TrainConfig.workers}): the `requested` count, the `used` one (the
 * calling thread and its workers; fewer than requested when a batch has fewer rows), and, when fewer than
 * requested, the `reason` as a sentence (`'SharedArrayBuffer is not available: the page is not
 * crossOriginIsolated'`, `'the network has no compiled plan: …'`, `'a worker could not start: …'`).
 *
 * @category model
 * @since 0.2.0
 */
export interface ParallelReport {
  readonly requested: number
  readonly used: number
  readonly reason?: string
}

/**
 * Why training ended: every epoch ran (`completed`), early stopping, the `signal` was aborted, or a callback
 * returned `'stop'`.
 *
 * @category model
 * @since 0.2.0
 */
export type StopReason = 'completed' | 'early-stopping' | 'aborted' | 'callback'

/**
 * What training returns. A run stopped before its last epoch is a `Right` too: `stopReason` says why, and Θ,
 * the optimizer state and the history are those so far. Aborted (or stopped from `onBatch`) in the middle of an
 * epoch, Θ and the optimizer state include that epoch's steps so far, which `history` and `epochs` do not count.
 *
 * @category model
 * @since 0.1.0
 */
export interface TrainResult<Ps extends ReadonlyArray<ParamSet>> {
  readonly theta: Ps
  readonly optimizerState: OptimizerState<Ps>
  /** The metrics of each completed epoch (of this run: a resumed run starts at `resume.epoch + 1`). */
  readonly history: ReadonlyArray<EpochMetrics>
  /** The epoch whose Θ is returned (the last completed one, or the best one with `restoreBest`). */
  readonly bestEpoch: number
  /** The number of the last completed epoch (`resume.epoch` when none ran). */
  readonly epochs: number
  readonly stopReason: StopReason
  /** How many threads trained, and why fewer than {@link TrainConfig.workers} asked for, if fewer. */
  readonly parallel: ParallelReport
}

/**
 * Why training returned no model: the configuration (`InvalidConfig`, naming the field) or the data
 * (`InvalidInput`) was unusable and no step ran, or a loss, a parameter or an epoch's metric became NaN or
 * infinite (`Diverged`: the epoch, and the batch and layer, or the metric, e.g. `val_loss`).
 *
 * @category model
 * @since 0.1.0
 */
export type TrainError =
  | InvalidConfig
  | { readonly _tag: 'InvalidInput'; readonly message: string }
  | {
      readonly _tag: 'Diverged'
      readonly message: string
      readonly epoch: number
      /** The batch whose step diverged; absent when an epoch's metric did. */
      readonly batch?: number
      /** The layer whose parameters became non-finite, numbered from 1 as in the notes (`W¹` is layer 1). */
      readonly layer?: number
      /** The metric that became non-finite at the end of the epoch, named as a {@link Monitor}. */
      readonly metric?: Monitor
    }

// -------------------------------------------------------------------------------------
// validation of the input
// -------------------------------------------------------------------------------------

const invalid = (message: string): TrainError => ({ _tag: 'InvalidInput', message })

/** Entries scanned per chunk by {@link firstNonFinite}. */
const FINITE_CHUNK = 1024

/**
 * The index of the first entry of `t` that is not finite, or -1. A chunk at a time: `x·0` is 0 for a finite `x`
 * and NaN otherwise, so a chunk's sum of them (in four running sums, which the CPU overlaps) is 0 exactly when
 * every entry is finite; only a chunk whose sum is not 0 is searched entry by entry. (2.5× the speed of one
 * `Number.isFinite` test per entry on a batch of MNIST rows.)
 */
const firstNonFinite = (t: Tensor<Shape>): number => {
  const d = t.data
  const n = d.length
  for (let c = 0; c < n; c += FINITE_CHUNK) {
    const e = Math.min(n, c + FINITE_CHUNK)
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    let i = c
    for (; i + 3 < e; i += 4) {
      s0 += (d[i] as number) * 0
      s1 += (d[i + 1] as number) * 0
      s2 += (d[i + 2] as number) * 0
      s3 += (d[i + 3] as number) * 0
    }
    for (; i < e; i++) s0 += (d[i] as number) * 0
    if (s0 + s1 + s2 + s3 !== 0) for (let j = c; j < e; j++) if (!Number.isFinite(d[j] as number)) return j
  }
  return -1
}

/**
 * The data buffers `checkData` has found finite. A tensor's data never changes (it is read-only by its type, and
 * nothing in the library writes a tensor it has handed out), so a data set given to `train` again (another run,
 * a sweep, `trainAsync` resumed, an epoch at a time) is not scanned again: the scan reads every entry, ~3 ms for
 * the 1.5 M numbers of 1,920 MNIST rows when they are not in the caches.
 */
const finiteData = new WeakSet<object>()

/**
 * Checks a data set against a network and a task before any step: widths, emptiness, finite values, and for
 * classification that every target row is a probability row (non-negative, summing to 1), as one-hot rows are,
 * or, for a network with one output (binary classification), that every target is 0 or 1.
 *
 * @category training
 * @since 0.1.0
 */
export const checkData = (
  net: Network<ReadonlyArray<AnyLayer>, number, number>,
  data: Dataset<number, number>,
  task: Task,
  what = 'training data',
): E.Either<TrainError, void> => {
  const [n, f] = data.x.shape
  const t = data.y.shape[1]
  if (f !== net.inputs)
    return E.left(invalid(`${what}: ${f} features per example, but the network takes ${net.inputs}`))
  if (t !== net.outputs)
    return E.left(invalid(`${what}: ${t} targets per example, but the network gives ${net.outputs}`))
  if (n === 0) return E.left(invalid(`${what}: the data set is empty`))
  for (const [name, m, w] of [
    ['x', data.x, f],
    ['y', data.y, t],
  ] as const) {
    const i = finiteData.has(m.data) ? -1 : firstNonFinite(m)
    if (i < 0) finiteData.add(m.data)
    if (i >= 0)
      return E.left(
        invalid(`${what}: ${name}[${Math.floor(i / w)}][${i % w}] is ${String(m.data[i])}, not a finite number`),
      )
  }
  if (task === 'classification' && t === 1) {
    // binary classification with one output (a sigmoid unit): targets are 0 or 1
    const y = data.y.data
    for (let r = 0; r < n; r++) {
      const v = y[r] as number
      if (v !== 0 && v !== 1)
        return E.left(invalid(`${what}: y[${r}][0] is ${v}; a one-output classifier takes targets 0 or 1`))
    }
  } else if (task === 'classification') {
    const y = data.y.data
    for (let r = 0; r < n; r++) {
      let s = 0
      for (let j = 0; j < t; j++) {
        const v = y[r * t + j] as number
        if (v < 0) return E.left(invalid(`${what}: y[${r}][${j}] is ${v}; class targets must be one-hot rows`))
        s += v
      }
      if (Math.abs(s - 1) > 1e-9)
        return E.left(
          invalid(`${what}: y[${r}] sums to ${s}; class targets must be one-hot rows (labels out of range?)`),
        )
    }
  }
  return E.right(undefined)
}

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null
const isCount = (u: unknown, min: number): u is number => Number.isSafeInteger(u) && (u as number) >= min
const isFiniteAtLeast0 = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u) && u >= 0
const monitors: ReadonlyArray<Monitor> = [
  'loss',
  'accuracy',
  'mse',
  'r2',
  'val_loss',
  'val_accuracy',
  'val_mse',
  'val_r2',
]
/** The most threads `workers` may ask for. */
const MAX_WORKERS = 64
const quoted = (xs: ReadonlyArray<string>): string => xs.map((x) => `'${x}'`).join(', ')

/**
 * The first field of `config` out of range, as an `InvalidConfig`; otherwise the optimizer as validated
 * (rebuilt from its spec by `Optim.validateOptimizer`).
 */
const checkConfig = (
  config: TrainConfig<number, number>,
  theta: ReadonlyArray<ParamSet>,
): E.Either<TrainError, Optimizer> => {
  const checked = E.chainW(() => validateOptimizer(config.optimizer))(checkFields(config, theta))
  return E.chainW((optimizer: Optimizer) =>
    E.map(() => optimizer)(validateGradientOptions({ l2: config.l2, reduction: config.reduction })),
  )(checked)
}

/** Every field of `config` but the optimizer's hyper-parameters and the gradient options. */
const checkFields = (
  config: TrainConfig<number, number>,
  theta: ReadonlyArray<ParamSet>,
): E.Either<TrainError, void> => {
  const bad = (field: string, value: unknown, allowed: string) => E.left(invalidConfig(field, value, allowed))
  const c = config as unknown as Readonly<Record<string, unknown>>
  if (!isObject(c.cost) || typeof c.cost.value !== 'function' || typeof c.cost.delta !== 'function')
    return bad('cost', c.cost, 'a Cost such as crossEntropy or mse')
  if (!isCount(c.epochs, 0)) return bad('epochs', c.epochs, 'an integer ≥ 0')
  if (!isCount(c.batchSize, 1)) return bad('batchSize', c.batchSize, 'an integer ≥ 1')
  if (c.task !== 'classification' && c.task !== 'regression')
    return bad('task', c.task, "'classification' or 'regression'")
  const v = c.validation
  if (v !== undefined) {
    if (!isObject(v)) return bad('validation', v, 'a Dataset or { split }')
    if ('split' in v) {
      if (typeof v.split !== 'number' || !(v.split > 0 && v.split < 1))
        return bad('validation.split', v.split, 'a number in (0, 1)')
      if (c.resume !== undefined)
        return bad(
          'validation.split',
          v.split,
          'validation data rather than a split when resuming: split once with Dataset.trainTestSplit and pass both parts to every run',
        )
    } else if (!isObject(v.x) || !isObject(v.y)) return bad('validation', v, 'a Dataset or { split }')
  }
  if (c.shuffle !== undefined && typeof c.shuffle !== 'boolean') return bad('shuffle', c.shuffle, 'true or false')
  for (const k of ['onBatch', 'onEpoch'] as const)
    if (c[k] !== undefined && typeof c[k] !== 'function') return bad(k, c[k], 'a function')
  if (c.signal !== undefined && (!isObject(c.signal) || typeof c.signal.aborted !== 'boolean'))
    return bad('signal', c.signal, 'an AbortSignal')
  if (c.yieldEvery !== undefined && !isFiniteAtLeast0(c.yieldEvery))
    return bad('yieldEvery', c.yieldEvery, 'a finite number of milliseconds ≥ 0')
  const es = c.earlyStopping
  if (es !== undefined) {
    if (!isObject(es)) return bad('earlyStopping', es, 'an object with patience')
    if (!isCount(es.patience, 1)) return bad('earlyStopping.patience', es.patience, 'an integer ≥ 1')
    if (es.minDelta !== undefined && !isFiniteAtLeast0(es.minDelta))
      return bad('earlyStopping.minDelta', es.minDelta, 'a finite number ≥ 0')
    if (es.mode !== undefined && es.mode !== 'min' && es.mode !== 'max' && es.mode !== 'auto')
      return bad('earlyStopping.mode', es.mode, "'min', 'max' or 'auto'")
    if (es.restoreBest !== undefined && typeof es.restoreBest !== 'boolean')
      return bad('earlyStopping.restoreBest', es.restoreBest, 'true or false')
    const m = es.monitor
    if (m !== undefined) {
      if (!monitors.includes(m as Monitor)) return bad('earlyStopping.monitor', m, `one of ${quoted(monitors)}`)
      const mon = m as Monitor
      if (mon.startsWith('val_') && v === undefined)
        return bad('earlyStopping.monitor', m, "a training metric ('loss', …), since there is no validation data")
      const metric = mon.replace('val_', '')
      if (c.task === 'classification' && (metric === 'mse' || metric === 'r2'))
        return bad(
          'earlyStopping.monitor',
          m,
          `a metric of classification: ${quoted(monitors.filter((x) => !/mse|r2/.test(x)))}`,
        )
      if (c.task === 'regression' && metric === 'accuracy')
        return bad(
          'earlyStopping.monitor',
          m,
          `a metric of regression: ${quoted(monitors.filter((x) => !x.endsWith('accuracy')))}`,
        )
    }
  }
  if (c.precision !== undefined && c.precision !== 'f64' && c.precision !== 'f32')
    return bad('precision', c.precision, "'f64' or 'f32'")
  if (c.workers !== undefined && (!isCount(c.workers, 1) || c.workers > MAX_WORKERS))
    return bad('workers', c.workers, `an integer in [1, ${MAX_WORKERS}]`)
  const r = c.resume
  if (r !== undefined) {
    if (!isObject(r)) return bad('resume', r, 'an object with optimizerState and epoch')
    if (!isCount(r.epoch, 0) || r.epoch > (c.epochs as number))
      return bad('resume.epoch', r.epoch, `an integer in [0, ${c.epochs as number}] (epochs)`)
    return checkOptimizerState(r.optimizerState, config.optimizer, theta)
  }
  return E.right(undefined)
}

/** A resumed optimizer state must be one of this optimizer, with slots shaped like Θ and finite entries. */
const checkOptimizerState = (
  state: unknown,
  optimizer: Optimizer,
  theta: ReadonlyArray<ParamSet>,
): E.Either<TrainError, void> => {
  const bad = (field: string, value: unknown, allowed: string) =>
    E.left(invalidConfig(`resume.optimizerState${field}`, value, allowed))
  if (!isObject(state) || !Array.isArray(state.slots)) return bad('', state, 'an OptimizerState { t, slots }')
  if (!isCount(state.t, 0)) return bad('.t', state.t, 'an integer ≥ 0 (the steps taken)')
  const want = initState(optimizer, theta).slots.length
  const slots = state.slots as ReadonlyArray<unknown>
  if (slots.length !== want)
    return bad(
      '.slots',
      slots,
      `${want} slot${want === 1 ? '' : 's'}, as ${optimizer.spec.name} keeps (a state of another optimizer?)`,
    )
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s]
    if (!Array.isArray(slot) || slot.length !== theta.length)
      return bad(`.slots[${s}]`, slot, `${theta.length} layers, as Θ has (a state of another network?)`)
    for (let l = 0; l < theta.length; l++) {
      const ps = slot[l] as unknown
      const th = theta[l] as ParamSet
      for (const [k, w] of Object.entries(th)) {
        const t = isObject(ps) ? ps[k] : undefined
        const field = `.slots[${s}][${l}].${k}`
        if (
          !isObject(t) ||
          !Array.isArray(t.shape) ||
          !(t.data instanceof Float64Array) ||
          !sameShape(t.shape, w.shape)
        )
          return bad(
            field,
            isObject(t) && Array.isArray(t.shape) ? showShape(t.shape) : t,
            `a tensor of shape ${showShape(w.shape)}, as in Θ (a state of another network?)`,
          )
        const i = firstNonFinite(t as unknown as Tensor<Shape>)
        if (i >= 0) return bad(`${field}[${i}]`, t.data[i], 'a finite number')
      }
    }
  }
  return E.right(undefined)
}

const sameShape = (a: ReadonlyArray<unknown>, b: ReadonlyArray<number>): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i])

// -------------------------------------------------------------------------------------
// metrics
// -------------------------------------------------------------------------------------

/** Running sums from which a pass's metrics are computed. */
interface Tally {
  n: number
  loss: number
  correct: number
  sq: number
  // per output column, with y shifted by the column's first target c (so large offsets do not cancel):
  // Σ(y − c), Σ(y − c)², Σ(a − y)²
  shift: Float64Array
  sy: Float64Array
  syy: Float64Array
  sres: Float64Array
}

const tally = (outputs: number): Tally => ({
  n: 0,
  loss: 0,
  correct: 0,
  sq: 0,
  shift: new Float64Array(outputs),
  sy: new Float64Array(outputs),
  syy: new Float64Array(outputs),
  sres: new Float64Array(outputs),
})

/** Adds a batch to the tally: the loop the compiled plan runs too (`recordBatch`), on the output's and targets' rows. */
const record = (acc: Tally, a: Matrix<number, number>, y: Matrix<number, number>, loss: number, task: Task): void =>
  recordBatch(
    acc,
    a.data as unknown as Float64Array,
    y.data as unknown as Float64Array,
    0,
    a.shape[0],
    a.shape[1],
    loss,
    task === 'classification',
  )

const summarise = (acc: Tally, task: Task): PassMetrics => {
  const loss = acc.n === 0 ? 0 : acc.loss / acc.n
  if (task === 'classification') return { loss, accuracy: acc.n === 0 ? 0 : acc.correct / acc.n }
  const outs = acc.sy.length
  let r2 = 0
  for (let j = 0; j < outs; j++) {
    const mean = (acc.sy[j] as number) / acc.n
    const tot = (acc.syy[j] as number) - acc.n * mean * mean // Σ(y − ȳ)², from sums of y − c
    r2 += tot > 0 ? 1 - (acc.sres[j] as number) / tot : (acc.sres[j] as number) === 0 ? 1 : 0
  }
  return { loss, mse: acc.n * outs === 0 ? 0 : acc.sq / (acc.n * outs), r2: outs === 0 ? 0 : r2 / outs }
}

/**
 * The metrics of a network on a data set (in batches of `batchSize`, default 1024, to bound memory; one that
 * is not a positive integer means a single batch).
 *
 * @category training
 * @since 0.1.0
 */
export const evaluate = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'evaluate', Ls, T>,
  data: Dataset<NoInfer<In>, NoInfer<Out>>,
  cost: Cost,
  task: Task,
  batchSize = 1024,
): PassMetrics => {
  const acc = tally(net.outputs)
  const last = net.layers.length - 1
  const act = (net.layers[last] as AnyLayer).activation
  // The batch size only bounds memory (the metrics do not depend on it): one that is not a positive integer
  // means the whole set in one batch.
  const bs = E.getOrElseW(() => [data] as ReadonlyArray<Dataset<In, Out>>)(batches(data, batchSize))
  for (const b of bs) {
    const tr = forward(net, theta as Theta<Ls>, b.x as Matrix<number, In>)
    const top = (tr.layers as ReadonlyArray<{ z: Matrix<number, Out>; a: Matrix<number, Out> }>)[last]
    if (top === undefined) continue
    record(acc, top.a, b.y, cost.value(top.z, top.a, b.y, act), task)
  }
  return summarise(acc, task)
}

// -------------------------------------------------------------------------------------
// training
// -------------------------------------------------------------------------------------

const nonFiniteLayer = (theta: ReadonlyArray<ParamSet>): { layer: number; param: string } | undefined => {
  for (let l = 0; l < theta.length; l++)
    for (const [k, t] of Object.entries(theta[l] as ParamSet))
      if (firstNonFinite(t) >= 0) return { layer: l + 1, param: k }
  return undefined
}

/**
 * What {@link trainStep} folds over the minibatches: Θ and the optimizer state.
 *
 * @category training
 * @since 0.2.0
 */
export interface TrainCarry<Ps extends ReadonlyArray<ParamSet>> {
  readonly theta: Ps
  readonly opt: OptimizerState<Ps>
  /**
   * The generator of the training-mode forward pass (dropout masks); the step returns the next one. Absent:
   * `Random.seed(0)`. A network without dropout never draws from it.
   */
  readonly rng?: Rng
}

/**
 * The step folded over minibatches: training-mode gradients of the batch (`trainingGradients`, with the
 * carry's generator), then one optimizer step on the trainable entries, then the new running statistics
 * written into Θ. A non-finite loss or parameter is a `Left` naming the epoch, batch and layer.
 *
 * @category training
 * @since 0.1.0
 */
export const trainStep =
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
    net: Network<Ls, In, Out>,
    cost: Cost,
    optimizer: Optimizer,
    options: GradientOptions = {},
  ) =>
  <N extends number = number>(
    carry: TrainCarry<Theta<Ls>>,
    batch: Dataset<In, Out, N>,
    where: { readonly epoch: number; readonly batch: number } = { epoch: 0, batch: 0 },
  ): E.Either<
    TrainError,
    TrainCarry<Theta<Ls>> & { readonly rng: Rng; readonly loss: number; readonly output: Matrix<N, Out> }
  > => {
    const [g, rng] = trainingGradients(
      net,
      carry.theta,
      batch.x as Matrix<number, In>,
      batch.y,
      cost,
      options,
    )(carry.rng ?? seed(0))
    const frozen = nonTrainable(net)
    if (!Number.isFinite(g.cost))
      return E.left({
        _tag: 'Diverged',
        message: `diverged at epoch ${where.epoch}, batch ${where.batch}: the loss is ${g.cost}`,
        ...where,
      })
    const [opt, stepped] = step(
      optimizer,
      carry.opt as OptimizerState<ReadonlyArray<ParamSet>>,
      carry.theta as ReadonlyArray<ParamSet>,
      g.grads as ReadonlyArray<ParamSet>,
      frozen,
    )
    const theta = withState(stepped, g.theta as ReadonlyArray<ParamSet>, frozen)
    const bad = nonFiniteLayer(theta)
    if (bad !== undefined)
      return E.left({
        _tag: 'Diverged',
        message: `diverged at epoch ${where.epoch}, batch ${where.batch}: layer ${bad.layer} (${bad.param}) has a non-finite entry`,
        ...where,
        layer: bad.layer,
      })
    return E.right({
      theta: theta as Theta<Ls>,
      opt: opt as OptimizerState<Theta<Ls>>,
      rng,
      loss: g.cost,
      output: g.trace.output as Matrix<N, Out>,
    })
  }

/** Θ after a step with the non-trainable entries taken from `state` (the running statistics of the pass). */
const withState = (
  theta: ReadonlyArray<ParamSet>,
  state: ReadonlyArray<ParamSet>,
  frozen: ReadonlyArray<ReadonlyArray<string>>,
): ReadonlyArray<ParamSet> =>
  frozen.every((ks) => ks.length === 0)
    ? theta
    : theta.map((p, l) => {
        const ks = frozen[l] ?? []
        if (ks.length === 0) return p
        const s = state[l] as ParamSet
        return { ...p, ...Object.fromEntries(ks.map((k) => [k, s[k] as Tensor<Shape>])) }
      })

type Outcome<Ps extends ReadonlyArray<ParamSet>> = [E.Either<TrainError, TrainResult<Ps>>, Rng]

/** The metric fields of an epoch, named as monitors, with their values. */
const metricValues = (m: EpochMetrics): ReadonlyArray<readonly [Monitor, number | undefined]> => {
  const out: Array<readonly [Monitor, number | undefined]> = []
  for (const [prefix, ms] of [
    ['', m.train],
    ['val_', m.validation],
  ] as const)
    if (ms !== undefined)
      for (const k of ['loss', 'accuracy', 'mse', 'r2'] as const)
        if (k in ms) out.push([`${prefix}${k}` as Monitor, ms[k]])
  return out
}

/**
 * The training and validation sets: the validation data given, held out by a seeded split (drawn before
 * epoch 1, exactly as `trainTestSplit` draws it), or none.
 */
const holdOut = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  data: Dataset<In, Out>,
  config: TrainConfig<In, Out, Theta<Ls>>,
  rng: Rng,
): E.Either<TrainError, { trainData: Dataset<In, Out>; valData: Dataset<In, Out> | undefined; rng: Rng }> => {
  const v = config.validation
  if (v === undefined) return E.right({ trainData: data, valData: undefined, rng })
  if (!('split' in v))
    return E.map(() => ({ trainData: data, valData: v, rng }))(checkData(net, v, config.task, 'validation data'))
  const [split, next] = trainTestSplit(data, v.split)(rng)
  if (E.isLeft(split)) return E.left(invalid(split.left.message))
  const [trainData, valData] = split.right
  if (size(trainData) === 0 || size(valData) === 0)
    return E.left(
      invalidConfig(
        'validation.split',
        v.split,
        `a fraction that leaves examples in both parts (round(${size(data)} · split) is ${size(valData)} of ${size(data)})`,
      ),
    )
  return E.right({ trainData, valData, rng: next })
}

/**
 * The training run as a step machine: it yields after every batch and after every epoch's metrics, and
 * returns the outcome. `train` drains it at once (`mode: 'sync'`), `trainAsync` in time slices (`'async'`): the
 * same steps in the same order, so the same bits. The plan's workers, if any, end with the run.
 */
function* run<Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  theta0: Theta<Ls>,
  data: Dataset<In, Out>,
  config: TrainConfig<In, Out, Theta<Ls>>,
  rng0: Rng,
  mode: 'sync' | 'async',
  open: { plan?: Planner<Theta<Ls>> | undefined } = {},
): Generator<void, Outcome<Theta<Ls>>, undefined> {
  try {
    return yield* runPlanned(net, theta0, data, config, rng0, mode, open)
  } finally {
    open.plan?.close()
  }
}

function* runPlanned<Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  theta0: Theta<Ls>,
  data: Dataset<In, Out>,
  config: TrainConfig<In, Out, Theta<Ls>>,
  rng0: Rng,
  mode: 'sync' | 'async',
  open: { plan?: Planner<Theta<Ls>> | undefined },
): Generator<void, Outcome<Theta<Ls>>, undefined> {
  const checked = checkConfig(config as unknown as TrainConfig<number, number>, theta0 as ReadonlyArray<ParamSet>)
  const bad = E.chain((o: Optimizer) => E.map(() => o)(checkData(net, data, config.task)))(checked)
  if (E.isLeft(bad)) return [bad, rng0]
  const optimizer = bad.right
  const sets = holdOut(net, data, config, rng0)
  if (E.isLeft(sets)) return [sets, rng0]
  const { trainData, valData } = sets.right
  let rng = sets.right.rng
  const reduction = config.reduction ?? 'mean'
  const stepFn = trainStep(net, config.cost, optimizer, {
    reduction,
    ...(config.l2 === undefined ? {} : { l2: config.l2 }),
  })
  let carry: TrainCarry<Theta<Ls>> = {
    theta: theta0,
    opt:
      config.resume?.optimizerState ??
      (initState(optimizer, theta0 as ReadonlyArray<ParamSet>) as OptimizerState<Theta<Ls>>),
  }
  const f32 = config.precision === 'f32'
  const workers = config.workers ?? 1
  const plan = planFor(net, carry, optimizer, config, f32 ? 'f32' : 'f64', { workers, mode })
  open.plan = plan
  const parallel = (): ParallelReport =>
    plan !== undefined
      ? plan.parallel()
      : workers === 1
        ? { requested: 1, used: 1 }
        : {
            requested: workers,
            used: 1,
            reason:
              'the network has no compiled plan: only networks of dense layers with built-in activations and cost train on workers',
          }
  if (f32 && plan === undefined)
    return [
      E.left(
        invalidConfig(
          'precision',
          'f32',
          "'f64' for this network: precision: 'f32' needs a network of dense layers with built-in activations and cost",
        ),
      ),
      rng0,
    ]
  const start = config.resume?.epoch ?? 0
  const es = config.earlyStopping
  const monitor: Monitor = es?.monitor ?? (valData === undefined ? 'loss' : 'val_loss')
  const dir = direction(monitor, es?.mode)
  let watch = startWatch(dir, start)
  let bestTheta = carry.theta
  const history: Array<EpochMetrics> = []
  let last = start
  let stopReason: StopReason = 'completed'
  const aborted = (): boolean => config.signal?.aborted === true
  training: for (let epoch = start + 1; epoch <= config.epochs; epoch++) {
    if (aborted()) {
      stopReason = 'aborted'
      break
    }
    let ordered = trainData
    if (config.shuffle ?? true) {
      const [s, r] = shuffle(trainData)(rng)
      ordered = s
      rng = r
    }
    const bs =
      plan !== undefined
        ? []
        : E.getOrElseW(() => [] as ReadonlyArray<Dataset<In, Out>>)(batches(ordered, config.batchSize))
    const acc = tally(net.outputs)
    if (plan !== undefined) {
      // the compiled plan (./plan.ts) runs this epoch's batches, bit for bit as the loop below would
      const end = yield* plan.epoch(carry, ordered, epoch, acc, aborted)
      carry = end.carry
      if (end.error !== undefined) return [E.left(end.error), rng]
      if (end.stop !== undefined) {
        stopReason = end.stop
        break training
      }
    }
    for (let b = 0; b < bs.length; b++) {
      if (b > 0 && aborted()) {
        stopReason = 'aborted'
        break training
      }
      const batch = bs[b] as Dataset<In, Out>
      const r = stepFn({ ...carry, rng }, batch, { epoch, batch: b + 1 })
      if (E.isLeft(r)) return [r, rng]
      rng = r.right.rng
      // per example, whatever the reduction
      const loss = reduction === 'sum' ? r.right.loss / size(batch) : r.right.loss
      record(acc, r.right.output, batch.y, loss, config.task)
      carry = { theta: r.right.theta, opt: r.right.opt }
      const request = config.onBatch?.({ epoch, batch: b + 1, batches: bs.length, loss })
      yield
      if (request === 'stop') {
        stopReason = 'callback'
        break training
      }
    }
    const metrics: EpochMetrics =
      valData === undefined
        ? { epoch, train: summarise(acc, config.task) }
        : { epoch, train: summarise(acc, config.task), validation: evaluateWithL2(net, carry.theta, valData, config) }
    // A metric that overflowed is divergence, never a Right holding Infinity.
    for (const [name, value] of metricValues(metrics))
      if (value === undefined || !Number.isFinite(value))
        return [
          E.left({
            _tag: 'Diverged',
            message: `diverged at epoch ${epoch}: ${name} is ${String(value)}`,
            epoch,
            metric: name,
          }),
          rng,
        ]
    history.push(metrics)
    last = epoch
    const request = config.onEpoch?.(metrics)
    let stopNow = false
    if (es !== undefined) {
      const value = metricValues(metrics).find(([name]) => name === monitor)?.[1] as number
      const w = watchEpoch(watch, value, epoch, dir, es.minDelta ?? 0, es.patience)
      watch = w.watch
      if (w.newBest) bestTheta = carry.theta
      stopNow = w.stop
    }
    yield
    if (request === 'stop') {
      stopReason = 'callback'
      break
    }
    if (stopNow) {
      stopReason = 'early-stopping'
      break
    }
  }
  const restore = es?.restoreBest === true
  return [
    E.right({
      theta: restore ? bestTheta : carry.theta,
      optimizerState: carry.opt,
      history,
      bestEpoch: restore ? watch.bestEpoch : last,
      epochs: last,
      stopReason,
      parallel: parallel(),
    }),
    rng,
  ]
}

/**
 * Trains `net` from `theta` on `data`: see the module doc. A pure function of its arguments and the generator;
 * it runs to the end before returning (in a page, use {@link trainAsync}).
 *
 * @category training
 * @since 0.1.0
 */
export const train =
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>, S = never>(
    net: Network<Ls, In, Out>,
    theta: ThetaFor<'train', Ls, T>,
    data: Dataset<NoInfer<In>, NoInfer<Out>>,
    config: TrainConfig<NoInfer<In>, NoInfer<Out>, NoInfer<Theta<Ls>>, S>,
  ): State<Rng, E.Either<TrainError, TrainResult<Theta<Ls>>>> =>
  (rng) =>
    drainSync(run(net, theta as Theta<Ls>, data, config as unknown as TrainConfig<In, Out, Theta<Ls>>, rng, 'sync'))

/**
 * {@link train} that gives the event loop back while it runs, so that a page stays responsive and can repaint
 * its progress: between batches, once `config.yieldEvery` ms (default 16, a frame at 60 Hz) of work have
 * passed since it last did. The same steps in the same order as `train`, so the same result, bit for bit, for
 * the same arguments and generator. Stop it with `config.signal` (an `AbortController`'s signal) or by
 * returning `'stop'` from `onBatch` or `onEpoch`.
 *
 * A `Task`: nothing runs until it is called.
 *
 * @example
 * const controller = new AbortController()
 * const [result, rng1] = await trainAsync(net, theta, ds, { ...config, signal: controller.signal })(rng)()
 *
 * @category training
 * @since 0.2.0
 */
export const trainAsync =
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>, S = never>(
    net: Network<Ls, In, Out>,
    theta: ThetaFor<'trainAsync', Ls, T>,
    data: Dataset<NoInfer<In>, NoInfer<Out>>,
    config: TrainConfig<NoInfer<In>, NoInfer<Out>, NoInfer<Theta<Ls>>, S>,
  ) =>
  (rng: Rng): FpTask<readonly [E.Either<TrainError, TrainResult<Theta<Ls>>>, Rng]> =>
  () => {
    const open: { plan?: Planner<Theta<Ls>> | undefined } = {}
    const c = config as unknown as TrainConfig<In, Out, Theta<Ls>>
    return drainAsync(run(net, theta as Theta<Ls>, data, c, rng, 'async', open), {
      every: config.yieldEvery ?? 16,
      now,
      // while workers start, a timer: a page starts a worker in a task of its own, which the prioritised
      // continuations of scheduler.yield() would keep waiting
      pause: () => (open.plan?.starting() === true ? sleep(1) : yieldToEventLoop()),
    })
  }

/** A promise resolved after `ms` ms (a timer task). */
const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    const g = globalThis as { readonly setTimeout?: (f: () => void, ms: number) => unknown }
    if (g.setTimeout !== undefined) g.setTimeout(resolve, ms)
    else resolve()
  })

const evaluateWithL2 = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  theta: Theta<Ls>,
  data: Dataset<In, Out>,
  config: TrainConfig<In, Out, Theta<Ls>>,
): PassMetrics => {
  const m = evaluate(net, theta, data, config.cost, config.task)
  if (config.l2 === undefined || config.l2 === 0) return m
  // the penalty of one pass over n examples, per example: ½α Σ‖W‖² / n
  return { ...m, loss: m.loss + l2Penalty(net, theta, config.l2) / size(data) }
}
