// The flat type exports: what users write in their own signatures, importable next to the namespaces. Each is
// the same type as the namespaced one (`Optimizer` is `Optim.Optimizer`), and both spellings keep working.
import { expectType } from 'tsd'

import type { Codec, Csv, Init, Model, Optim, Plot, Random } from 'tensorial'
import {
  type ClassificationReport,
  type ClassScores,
  type Column,
  type ConfusionOptions,
  type CsvSpec,
  Dataset,
  type DatasetJson,
  type DatasetOptions,
  type Initializer,
  type InitSpec,
  type Loaded,
  type Matrix,
  Metrics,
  type ModelJson,
  type Optimizer,
  type OptimizerSpec,
  type OptimizerState,
  orThrow,
  type Rng,
  type Schedule,
  type ScheduleSpec,
  type Standardizer,
  type Target,
  tensor,
  type TensorCodec,
  type TensorJson,
  type CurvesOptions,
  type Theta,
  type Dense,
} from 'tensorial'

type Ps = Theta<readonly [Dense<2, 3>]>

expectType<Optim.Optimizer>({} as Optimizer)
expectType<Optim.OptimizerState<Ps>>({} as OptimizerState<Ps>)
expectType<Optim.OptimizerSpec>({} as OptimizerSpec)
expectType<Optim.Schedule>({} as Schedule)
expectType<Optim.ScheduleSpec>({} as ScheduleSpec)
expectType<Random.Rng>({} as Rng)
expectType<Dataset.Dataset<4, 3>>({} as Dataset<4, 3>)
expectType<Dataset.Standardizer<4>>({} as Standardizer<4>)
expectType<Dataset.DatasetJson>({} as DatasetJson)
expectType<Dataset.DatasetOptions>({} as DatasetOptions)
expectType<Csv.CsvSpec<4, 3>>({} as CsvSpec<4, 3>)
expectType<Csv.Column>({} as Column)
expectType<Csv.Target<3>>({} as Target<3>)
expectType<Codec.TensorCodec<readonly [2, 3]>>({} as TensorCodec<readonly [2, 3]>)
expectType<Codec.TensorJson>({} as TensorJson)
expectType<Init.Initializer>({} as Initializer)
expectType<Init.InitSpec>({} as InitSpec)
expectType<Model.ModelJson>({} as ModelJson)
expectType<Model.Loaded<readonly [Dense<2, 3>]>>({} as Loaded<readonly [Dense<2, 3>]>)
expectType<Metrics.ClassificationReport>({} as ClassificationReport)
expectType<Metrics.ClassScores>({} as ClassScores)
expectType<Plot.CurvesOptions>({} as CurvesOptions)
expectType<Plot.ConfusionOptions>({} as ConfusionOptions)

// `Dataset` is the type and the namespace: both in one signature
const sizeOf = (d: Dataset<2, 1>): number => Dataset.size(d)
expectType<number>(sizeOf(orThrow(Dataset.dataset(tensor([[1, 2]]), tensor([[0]])))))

// `Metrics` is the type of one pass's metrics and the namespace of classification metrics
const m: Metrics = { loss: 0.5, accuracy: 0.9 }
expectType<number>(m.loss)
const cm = orThrow(Metrics.confusionMatrix([0, 1], [0, 1], 2))
expectType<Matrix<2, 2>>(cm)
expectType<ClassificationReport>(Metrics.classificationReport(cm))
