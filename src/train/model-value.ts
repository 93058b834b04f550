/**
 * A model value: a network, its Θ, its cost and task, and optionally the standardiser of its inputs, carried as
 * one immutable value with `fit`, `fitAsync`, `evaluate`, `predict` and `save`. Each is the typed function of
 * the same purpose (`train`, `trainAsync`, `evaluate`, `predict`, `Model.save`) with these arguments filled in,
 * so a model value gives up none of their checks: its type carries the network's layers and widths, and `fit`
 * returns a new value rather than changing this one.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { State } from 'fp-ts/lib/State.js'
import type { Task as FpTask } from 'fp-ts/lib/Task.js'

import type { EncodeError } from '../core/errors.js'
import type { Rng } from '../core/random.js'
import type { Matrix, Vector } from '../core/tensor.js'
import { buf, make } from '../internal/make.js'
import type { Dataset, Standardizer } from '../io/dataset.js'
import { standardize, standardizeDataset } from '../io/dataset.js'
import { save as saveModel } from '../io/model.js'
import type { Cost, CostSpec } from '../nn/cost.js'
import type { AnyLayer, ParamSet } from '../nn/layer.js'
import type { Network, Theta, ThetaFor } from '../nn/network.js'
import { predict as predictNet } from '../nn/network.js'
import type { PassMetrics, Task, TrainConfig, TrainError, TrainResult } from './train.js'
import { evaluate as evaluateNet, train, trainAsync } from './train.js'

/**
 * The configuration of {@link Model.fit}: a {@link TrainConfig} without `cost` and `task`, which the model holds.
 *
 * @category model
 * @since 0.2.0
 */
export type FitConfig<
  In extends number,
  Out extends number,
  Ps extends ReadonlyArray<ParamSet> = ReadonlyArray<ParamSet>,
> = Omit<TrainConfig<In, Out, Ps>, 'cost' | 'task'>

/**
 * What {@link Model.fit} returns on success: the trained model and the training result (history, stop reason,
 * optimizer state for `resume`).
 *
 * @category model
 * @since 0.2.0
 */
export type Fitted<Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number> = readonly [
  Model<Ls, In, Out>,
  TrainResult<Theta<Ls>>,
]

/**
 * The output of {@link Model.predict}: one sample `Vector<Out>` for a `Vector<In>`, a batch `Matrix<B, Out>` for
 * a `Matrix<B, In>`.
 *
 * @category model
 * @since 0.2.0
 */
export interface Predict<In extends number, Out extends number> {
  /** One sample: `x: [In]` → `a: [Out]`. */
  (x: Vector<In>): Vector<Out>
  /** A batch: `x: [B, In]` → `Aᴸ: [B, Out]`. */
  <B extends number>(x: Matrix<B, In>): Matrix<B, Out>
}

/**
 * A network with its Θ, cost, task and (optionally) input standardiser, as one immutable value (see
 * {@link of}). Every operation is pure: `fit` returns a new model and leaves this one as it was.
 *
 * When a `standardizer` is given, the model takes inputs in their raw units: `fit`, `evaluate` and `predict`
 * standardise `x` (and a validation data set) with it before the network sees them.
 *
 * @category model
 * @since 0.2.0
 */
export interface Model<Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number> {
  readonly net: Network<Ls, In, Out>
  readonly theta: Theta<Ls>
  readonly cost: Cost
  /** The task: the one given to {@link of}, else the one {@link taskOf} infers from the cost. */
  readonly task: Task
  readonly standardizer?: Standardizer<In>
  /**
   * `train(net, Θ, data, { ...config, cost, task })`, the result's Θ in a new model: bit for bit what `train`
   * returns for the same arguments and generator.
   */
  readonly fit: (
    data: Dataset<In, Out>,
    config: FitConfig<In, Out, Theta<Ls>>,
  ) => State<Rng, E.Either<TrainError, Fitted<Ls, In, Out>>>
  /** {@link fit} through `trainAsync`: the same result, giving the event loop back between batches. */
  readonly fitAsync: (
    data: Dataset<In, Out>,
    config: FitConfig<In, Out, Theta<Ls>>,
  ) => (rng: Rng) => FpTask<readonly [E.Either<TrainError, Fitted<Ls, In, Out>>, Rng]>
  /** `evaluate(net, Θ, data, cost, task, batchSize)`. */
  readonly evaluate: (data: Dataset<In, Out>, batchSize?: number) => PassMetrics
  /** `predict(net, Θ, x)` for a batch, or for one sample as a vector. */
  readonly predict: Predict<In, Out>
  /**
   * `Model.save(net, Θ, cost)`: the model file's text, or an `EncodeError` for a non-finite Θ. The standardiser
   * is not part of the file; keep its `mean` and `std` beside it.
   */
  readonly save: () => E.Either<EncodeError, string>
}

/**
 * Options of {@link of}: the cost, and optionally the task (else inferred from the cost, see {@link taskOf}) and
 * the standardiser of the inputs.
 *
 * @category model
 * @since 0.2.0
 */
export interface ModelOptions<In extends number> {
  readonly cost: Cost
  readonly task?: Task
  readonly standardizer?: Standardizer<In>
}

const tasks: Readonly<Record<CostSpec['name'], Task>> = {
  crossEntropy: 'classification',
  binaryCrossEntropy: 'classification',
  mse: 'regression',
  quadratic: 'regression',
}

/**
 * The task a cost implies: `crossEntropy` and `binaryCrossEntropy` → `'classification'`; `mse` and `quadratic`
 * → `'regression'`.
 *
 * @category model
 * @since 0.2.0
 */
export const taskOf = (cost: Cost): Task => tasks[cost.spec.name]

/**
 * A model value from a network, its Θ and its cost (see {@link Model}). The task is `options.task` if given,
 * else inferred from the cost by {@link taskOf} (cross-entropies classify, squared errors regress).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { crossEntropy, Dataset, init, mlp, Model, Optim, orThrow, Random, relu, softmax, tensor } from 'tensorial'
 * const net = mlp(2, [8, 2], relu, softmax)
 * const [theta, rng] = init(net)(Random.seed(1))
 * const model = Model.of(net, theta, { cost: crossEntropy }) // task: 'classification', from the cost
 * const data = orThrow(Dataset.dataset(tensor([[0, 0], [1, 1]]), tensor([[1, 0], [0, 1]])))
 * const [fitted] = model.fit(data, { optimizer: Optim.adam(0.01), epochs: 20, batchSize: 2 })(rng)
 * if (E.isRight(fitted)) {
 *   const [trained, result] = fitted.right // a new model, and the history
 *   console.log(trained.predict(tensor([1, 1])).data, result.stopReason) // one sample: Vector<2> → Vector<2>
 * }
 *
 * @category constructors
 * @since 0.2.0
 */
export const of = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'Model.of', Ls, T>,
  options: ModelOptions<NoInfer<In>>,
): Model<Ls, In, Out> =>
  build(net, theta as Theta<Ls>, options.cost, options.task ?? taskOf(options.cost), options.standardizer)

const build = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  theta: Theta<Ls>,
  cost: Cost,
  task: Task,
  standardizer: Standardizer<In> | undefined,
): Model<Ls, In, Out> => {
  const prepare = (data: Dataset<In, Out>): Dataset<In, Out> =>
    standardizer === undefined ? data : standardizeDataset<In, In, Out>(standardizer, data as never)
  const trainConfig = (config: FitConfig<In, Out, Theta<Ls>>): TrainConfig<In, Out, Theta<Ls>> => {
    const v = config.validation
    const validation = v === undefined || 'split' in v ? v : prepare(v)
    return { ...config, ...(validation === undefined ? {} : { validation }), cost, task }
  }
  const next = (r: E.Either<TrainError, TrainResult<Theta<Ls>>>): E.Either<TrainError, Fitted<Ls, In, Out>> =>
    E.map((res: TrainResult<Theta<Ls>>): Fitted<Ls, In, Out> => [build(net, res.theta, cost, task, standardizer), res])(
      r,
    )
  const predictBatch = <B extends number>(x: Matrix<B, In>): Matrix<B, Out> =>
    predictNet(
      net,
      theta,
      (standardizer === undefined ? x : standardize<In, B, In>(standardizer, x as never)) as Matrix<B, In>,
    ) as Matrix<B, Out>
  const predict = ((x: Vector<In> | Matrix<number, In>) => {
    if (x.shape.length !== 1) return predictBatch(x as Matrix<number, In>)
    const row = make([1, x.shape[0]] as const, buf(x)) as unknown as Matrix<1, In>
    const out = predictBatch(row)
    return make([out.shape[1]] as const, buf(out))
  }) as Predict<In, Out>
  return Object.freeze({
    net,
    theta,
    cost,
    task,
    ...(standardizer === undefined ? {} : { standardizer }),
    fit: (data: Dataset<In, Out>, config: FitConfig<In, Out, Theta<Ls>>) => (rng: Rng) => {
      const [r, rng1] = train(net, theta, prepare(data), trainConfig(config))(rng)
      return [next(r), rng1] as [E.Either<TrainError, Fitted<Ls, In, Out>>, Rng]
    },
    fitAsync: (data: Dataset<In, Out>, config: FitConfig<In, Out, Theta<Ls>>) => (rng: Rng) => async () => {
      const [r, rng1] = await trainAsync(net, theta, prepare(data), trainConfig(config))(rng)()
      return [next(r), rng1] as const
    },
    evaluate: (data: Dataset<In, Out>, batchSize?: number) =>
      evaluateNet(net, theta, prepare(data), cost, task, batchSize),
    predict,
    save: () => saveModel(net, theta, cost),
  })
}
