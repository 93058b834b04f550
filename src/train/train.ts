/**
 * Training: a pure fold over epochs and minibatches.
 *
 * `train(net, Θ, data, config)` is a `State<Rng, Either<TrainError, TrainResult>>`: give it a seeded generator
 * and it returns a new Θ (the input Θ is never modified), the optimizer state and the per-epoch history, or a
 * `Left` that says why no step was taken (bad data) or where training diverged (epoch, batch and layer). The
 * same seed gives a bit-identical model.
 *
 * Each epoch shuffles the examples (features and targets move together: they are one `Dataset`), folds the
 * optimizer step over the minibatches, and records metrics: the loss (averaged over the epoch's examples);
 * accuracy for classification; MSE and R² for regression; on the training batches as they were seen, and on
 * the validation data after the epoch. Early stopping watches the validation loss (the training loss when
 * there is no validation data) and can restore the best Θ.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { State } from 'fp-ts/lib/State.js'

import type { GradientOptions } from '../nn/backprop.js'
import { gradients, l2Penalty } from '../nn/backprop.js'
import type { Cost } from '../nn/cost.js'
import type { Dataset } from '../io/dataset.js'
import { batches, shuffle, size, trainTestSplit } from '../io/dataset.js'
import type { AnyLayer, ParamSet } from '../nn/layer.js'
import type { Network, Theta, ThetaFor } from '../nn/network.js'
import { forward } from '../nn/network.js'
import type { Optimizer, OptimizerState } from './optimizer.js'
import { initState, step } from './optimizer.js'
import type { Rng } from '../core/random.js'
import type { Shape } from '../core/shape.js'
import type { Matrix, Tensor } from '../core/tensor.js'

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
export interface Metrics {
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
  readonly train: Metrics
  readonly validation?: Metrics
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
 * Early stopping: stop when the monitored loss has not improved by more than `minDelta` for `patience`
 * epochs; with `restoreBest`, return the Θ of the best epoch.
 *
 * @category model
 * @since 0.1.0
 */
export interface EarlyStopping {
  readonly patience: number
  readonly minDelta?: number
  readonly restoreBest?: boolean
}

/**
 * How to train.
 *
 * @category model
 * @since 0.1.0
 */
export interface TrainConfig<In extends number, Out extends number> {
  readonly cost: Cost
  readonly optimizer: Optimizer
  readonly epochs: number
  readonly batchSize: number
  readonly task: Task
  /** `λ` of the L2 penalty on the weights (see `gradients`). */
  readonly l2?: number
  /** Validation data, or the fraction of `data` to hold out (a seeded random split). */
  readonly validation?: Dataset<In, Out> | { readonly split: number }
  readonly earlyStopping?: EarlyStopping
  /** Shuffle the training examples before each epoch (default true). */
  readonly shuffle?: boolean
  readonly onBatch?: (info: BatchInfo) => void
  readonly onEpoch?: (metrics: EpochMetrics) => void
}

/**
 * What training returns.
 *
 * @category model
 * @since 0.1.0
 */
export interface TrainResult<Ps extends ReadonlyArray<ParamSet>> {
  readonly theta: Ps
  readonly optimizerState: OptimizerState<Ps>
  readonly history: ReadonlyArray<EpochMetrics>
  /** The epoch whose Θ is returned (the last one, or the best one with `restoreBest`). */
  readonly bestEpoch: number
  readonly stoppedEarly: boolean
}

/**
 * Why training returned no model: the data or the configuration was unusable (no step ran), or a loss or a
 * parameter became NaN or infinite (where: epoch, batch and, for parameters, layer).
 *
 * @category model
 * @since 0.1.0
 */
export type TrainError =
  | { readonly _tag: 'InvalidInput'; readonly message: string }
  | {
      readonly _tag: 'Diverged'
      readonly message: string
      readonly epoch: number
      readonly batch: number
      readonly layer?: number
    }

// -------------------------------------------------------------------------------------
// validation of the input
// -------------------------------------------------------------------------------------

const invalid = (message: string): TrainError => ({ _tag: 'InvalidInput', message })

const firstNonFinite = (t: Tensor<Shape>): number => {
  const d = t.data
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i] as number)) return i
  return -1
}

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
    const i = firstNonFinite(m)
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

const checkConfig = (config: TrainConfig<number, number>): E.Either<TrainError, void> => {
  if (!Number.isSafeInteger(config.epochs) || config.epochs < 0)
    return E.left(invalid(`epochs must be a non-negative integer, got ${config.epochs}`))
  if (!Number.isSafeInteger(config.batchSize) || config.batchSize < 1)
    return E.left(invalid(`batchSize must be a positive integer, got ${config.batchSize}`))
  const es = config.earlyStopping
  if (es !== undefined && (!Number.isSafeInteger(es.patience) || es.patience < 1))
    return E.left(invalid(`earlyStopping.patience must be a positive integer, got ${es.patience}`))
  const v = config.validation
  if (v !== undefined && 'split' in v && !(v.split > 0 && v.split < 1))
    return E.left(invalid(`validation.split must be in (0, 1), got ${v.split}`))
  return E.right(undefined)
}

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

const record = (acc: Tally, a: Matrix<number, number>, y: Matrix<number, number>, loss: number, task: Task): void => {
  const [b, n] = a.shape
  const as = a.data
  const ys = y.data
  acc.n += b
  acc.loss += loss * b
  for (let i = 0; i < b; i++) {
    const o = i * n
    if (task === 'classification' && n === 1) {
      // one output: the predicted class is 1 when a ≥ ½
      if (((as[o] as number) >= 0.5 ? 1 : 0) === (ys[o] as number)) acc.correct++
    } else if (task === 'classification') {
      let ja = 0
      let jy = 0
      for (let j = 1; j < n; j++) {
        if ((as[o + j] as number) > (as[o + ja] as number)) ja = j
        if ((ys[o + j] as number) > (ys[o + jy] as number)) jy = j
      }
      if (ja === jy) acc.correct++
    } else {
      for (let j = 0; j < n; j++) {
        const yv = ys[o + j] as number
        const d = (as[o + j] as number) - yv
        if (acc.n === b && i === 0) acc.shift[j] = yv
        const yc = yv - (acc.shift[j] as number)
        acc.sq += d * d
        acc.sy[j] = (acc.sy[j] as number) + yc
        acc.syy[j] = (acc.syy[j] as number) + yc * yc
        acc.sres[j] = (acc.sres[j] as number) + d * d
      }
    }
  }
}

const summarise = (acc: Tally, task: Task): Metrics => {
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
): Metrics => {
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
    for (const [k, t] of Object.entries(theta[l] as ParamSet)) if (firstNonFinite(t) >= 0) return { layer: l, param: k }
  return undefined
}

interface Carry<Ps extends ReadonlyArray<ParamSet>> {
  readonly theta: Ps
  readonly opt: OptimizerState<Ps>
}

/**
 * The step folded over minibatches: gradients of the batch, then one optimizer step. A non-finite loss or
 * parameter is a `Left` naming the epoch, batch and layer.
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
  (
    carry: Carry<Theta<Ls>>,
    batch: Dataset<In, Out>,
    where: { readonly epoch: number; readonly batch: number } = { epoch: 0, batch: 0 },
  ): E.Either<TrainError, Carry<Theta<Ls>> & { readonly loss: number; readonly output: Matrix<number, Out> }> => {
    const g = gradients(net, carry.theta, cost, batch.x as Matrix<number, In>, batch.y, options)
    if (!Number.isFinite(g.cost))
      return E.left({
        _tag: 'Diverged',
        message: `diverged at epoch ${where.epoch}, batch ${where.batch}: the loss is ${g.cost}`,
        ...where,
      })
    const [opt, theta] = step(
      optimizer,
      carry.opt as OptimizerState<ReadonlyArray<ParamSet>>,
      carry.theta as ReadonlyArray<ParamSet>,
      g.grads as ReadonlyArray<ParamSet>,
    )
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
      loss: g.cost,
      output: g.trace.output as Matrix<number, Out>,
    })
  }

/**
 * Trains `net` from `theta` on `data`: see the module doc. A pure function of its arguments and the generator.
 *
 * @category training
 * @since 0.1.0
 */
export const train =
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
    net: Network<Ls, In, Out>,
    theta: ThetaFor<'train', Ls, T>,
    data: Dataset<NoInfer<In>, NoInfer<Out>>,
    config: TrainConfig<NoInfer<In>, NoInfer<Out>>,
  ): State<Rng, E.Either<TrainError, TrainResult<Theta<Ls>>>> =>
  (rng0) => {
    const bad = E.chain(() => checkData(net, data, config.task))(checkConfig(config))
    if (E.isLeft(bad)) return [bad, rng0]
    // Validation: given, held out by a seeded split, or none.
    let rng = rng0
    let trainData: Dataset<In, Out> = data
    let valData: Dataset<In, Out> | undefined
    const v = config.validation
    if (v !== undefined && 'split' in v) {
      const [split, r] = trainTestSplit(data, v.split)(rng)
      rng = r
      if (E.isLeft(split)) return [E.left(invalid(split.left.message)), rng0]
      ;[trainData, valData] = split.right
      if (size(trainData) === 0 || size(valData) === 0)
        return [E.left(invalid(`validation.split ${v.split} leaves an empty training or validation set`)), rng0]
    } else if (v !== undefined) {
      const vb = checkData(net, v, config.task, 'validation data')
      if (E.isLeft(vb)) return [vb, rng0]
      valData = v
    }
    const stepFn = trainStep(net, config.cost, config.optimizer, config.l2 === undefined ? {} : { l2: config.l2 })
    let carry: Carry<Theta<Ls>> = {
      theta: theta as Theta<Ls>,
      opt: initState(config.optimizer, theta as ReadonlyArray<ParamSet>) as OptimizerState<Theta<Ls>>,
    }
    const history: Array<EpochMetrics> = []
    let best = { loss: Infinity, epoch: 0, theta: carry.theta }
    let since = 0
    let stoppedEarly = false
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      let ordered = trainData
      if (config.shuffle ?? true) {
        const [s, r] = shuffle(trainData)(rng)
        ordered = s
        rng = r
      }
      const bs = E.getOrElseW(() => [] as ReadonlyArray<Dataset<In, Out>>)(batches(ordered, config.batchSize))
      const acc = tally(net.outputs)
      // The fold over minibatches: a Left short-circuits the rest of the epoch.
      const folded = bs.reduce<E.Either<TrainError, Carry<Theta<Ls>>>>(
        (state, batch, b) =>
          E.chain((c: Carry<Theta<Ls>>) =>
            E.map((r: Carry<Theta<Ls>> & { loss: number; output: Matrix<number, Out> }) => {
              record(acc, r.output, batch.y, r.loss, config.task)
              config.onBatch?.({ epoch, batch: b + 1, batches: bs.length, loss: r.loss })
              return { theta: r.theta, opt: r.opt }
            })(stepFn(c, batch, { epoch, batch: b + 1 })),
          )(state),
        E.right(carry),
      )
      if (E.isLeft(folded)) return [folded, rng]
      carry = folded.right
      const metrics: EpochMetrics =
        valData === undefined
          ? { epoch, train: summarise(acc, config.task) }
          : {
              epoch,
              train: summarise(acc, config.task),
              validation: evaluateWithL2(net, carry.theta, valData, config),
            }
      history.push(metrics)
      config.onEpoch?.(metrics)
      const monitored = (metrics.validation ?? metrics.train).loss
      if (monitored < best.loss - (config.earlyStopping?.minDelta ?? 0)) {
        best = { loss: monitored, epoch, theta: carry.theta }
        since = 0
      } else since++
      if (config.earlyStopping !== undefined && since >= config.earlyStopping.patience) {
        stoppedEarly = true
        break
      }
    }
    const restore = config.earlyStopping?.restoreBest === true && history.length > 0
    return [
      E.right({
        theta: restore ? best.theta : carry.theta,
        optimizerState: carry.opt,
        history,
        bestEpoch: restore ? best.epoch : history.length,
        stoppedEarly,
      }),
      rng,
    ]
  }

const evaluateWithL2 = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  theta: Theta<Ls>,
  data: Dataset<In, Out>,
  config: TrainConfig<In, Out>,
): Metrics => {
  const m = evaluate(net, theta, data, config.cost, config.task)
  if (config.l2 === undefined || config.l2 === 0) return m
  return { ...m, loss: m.loss + l2Penalty(net, theta, config.l2) }
}
