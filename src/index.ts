/**
 * tensorial: tensors whose shapes live in their types, so that `z = Wᵀa + b`, the backpropagation recursion
 * and the gradient update are dimension-checked by the compiler.
 *
 * @module tensorial
 * @since 0.1.0
 */
export * from './core/backend.js'
export * from './core/errors.js'
export { defaultMaxElements, type SizeOptions } from './core/limits.js'
export * from './core/ops.js'
export * from './core/shape.js'
export * from './core/tensor.js'
/**
 * Data-last twins of the ops, for `pipe(t, P.map(f), P.add(u))`.
 *
 * @since 0.1.0
 */
export * as P from './core/pipeable.js'
/**
 * Convolution and pooling on channels-last `[B, H, W, C]` tensors, with output shapes computed at compile time: `conv2d`, `maxPool2d`, `avgPool2d`, `flatten`, each with its backward ops.
 *
 * @since 0.2.0
 */
export * as Conv from './core/conv.js'
/**
 * A seeded, splittable random generator `Rng` (xoshiro128**) and pure draws `State<Rng, …>`: uniform, normal, permutations.
 *
 * @since 0.1.0
 */
export * as Random from './core/random.js'
export * from './nn/activation.js'
export * from './nn/cost.js'
/**
 * Initialisers of weights and biases (Xavier/Glorot, He, normal, zeros, …) as seeded, pure draws.
 *
 * @since 0.1.0
 */
export * as Init from './nn/init.js'
export * from './nn/layer.js'
export * from './nn/dropout.js'
export * from './nn/batch-norm.js'
export * from './nn/conv-layers.js'
export * from './nn/network.js'
export * from './nn/backprop.js'
/**
 * io-ts codecs of tensors whose shapes are checked when decoding, and their JSON form.
 *
 * @since 0.1.0
 */
export * as Codec from './io/codec.js'
/**
 * Data sets `{ x: [N, F], y: [N, T] }`: one-hot targets, batches, shuffles, train/test and stratified splits, standardisation and decoding.
 *
 * @since 0.1.0
 */
export * as Dataset from './io/dataset.js'
/**
 * Typed CSV reading: a spec of columns and targets, strings or streams in, a `Dataset` or a `Left` naming the row and column out.
 *
 * @since 0.1.0
 */
export * as Csv from './io/csv.js'
/**
 * Optimizers with options objects (`sgd`, `momentum`, `adagrad`, `rmsprop`, `adam`, …), learning-rate schedules and their specs.
 *
 * @since 0.1.0
 */
export * as Optim from './train/optimizer.js'
export * from './train/train.js'
// `Model` is both the namespace of model files and model values and the type of a model value.
import * as ModelModule from './train/model.js'
import type { Model as ModelValue } from './train/model-value.js'
import type { AnyLayer as AnyLayerType } from './nn/layer.js'
/**
 * Models: `Model.of(net, Θ, { cost })`, the model value with `fit`, `evaluate`, `predict` and `save`, and the model file functions `save`, `load`, `encode` and `describe`.
 *
 * @since 0.1.0
 */
export { ModelModule as Model }
/**
 * A model value (see `Model.of`): a network with its Θ, cost, task and standardiser, and its `fit`,
 * `fitAsync`, `evaluate`, `predict` and `save`; the namespace of the same name holds `Model.of` and the model
 * file functions (`Model.save`, `Model.load`, …).
 *
 * @category model
 * @since 0.2.0
 */
export type Model<Ls extends ReadonlyArray<AnyLayerType>, In extends number, Out extends number> = ModelValue<
  Ls,
  In,
  Out
>

export { orThrow } from './core/or-throw.js'
export * from './nn/mlp.js'
export * from './train/report.js'
/**
 * SVG plots as strings: training curves from a history and a confusion-matrix heatmap.
 *
 * @since 0.2.0
 */
export * as Plot from './train/plot.js'
// `Metrics` is both the namespace of classification metrics and (as before) the type of one pass's metrics.
import * as MetricsModule from './train/metrics.js'
import type { PassMetrics } from './train/train.js'
/**
 * Classification metrics: the confusion matrix, per-class precision, recall and F1.
 *
 * @since 0.2.0
 */
export { MetricsModule as Metrics }
/**
 * Metrics of one pass over a data set (see `train`); the namespace of the same name holds the classification
 * metrics (confusion matrix, precision, recall, F1).
 *
 * @category model
 * @since 0.1.0
 */
export type Metrics = PassMetrics

// Flat type exports: the types users write in signatures, next to their namespaces.
import type { Dataset as DatasetType } from './io/dataset.js'
/**
 * A data set: features `x: [N, F]` and targets `y: [N, T]`, row `i` of each belonging to example `i`; the
 * rows dim `N` is `number`, or a named dim (`Dim<'examples'>`) that follows the rows into batches and training.
 * The namespace of the same name holds its constructors and operations.
 *
 * @category model
 * @since 0.2.0
 */
export type Dataset<F extends number, T extends number, N extends number = number> = DatasetType<F, T, N>
export type { DatasetJson, DatasetOptions, Standardizer } from './io/dataset.js'
export type { Rng } from './core/random.js'
export type { Optimizer, OptimizerSpec, OptimizerState, Schedule, ScheduleSpec } from './train/optimizer.js'
export type { Column, CsvSpec, Target } from './io/csv.js'
export type { NamedDimSpec, TensorCodec, TensorJson } from './io/codec.js'
export type { InitSpec, Initializer } from './nn/init.js'
export type { Loaded, ModelJson } from './io/model.js'
export type { FitConfig, Fitted, ModelOptions, Predict } from './train/model-value.js'
export type { ClassificationReport, ClassScores } from './train/metrics.js'
export type { ConfusionOptions, CurvesOptions } from './train/plot.js'
/**
 * ONNX models: export a network and its Θ for any ONNX runtime, and read the weights of an MLP exported elsewhere (PyTorch's `torch.onnx.export`) into a typed network.
 *
 * @since 0.2.0
 */
export * as Onnx from './io/onnx.js'
/**
 * safetensors weights (the Hugging Face format): Θ written and read, checked against the typed network.
 *
 * @since 0.2.0
 */
export * as Safetensors from './io/safetensors.js'
/**
 * The TensorFlow.js layers format (`model.json` and a weights file): Θ exported for `tf.loadLayersModel` and read back.
 *
 * @since 0.2.0
 */
export * as Tfjs from './io/tfjs.js'
