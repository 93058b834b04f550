/**
 * `train`, `trainAsync` and `init` without their static checks, and dense networks whose widths are drawn at run
 * time: the training tests that compare paths over random architectures (plan, precision, workers) build them.
 */
import type * as E from 'fp-ts/lib/Either.js'

import {
  type Activation,
  type Dataset,
  denseLayer,
  dynamic,
  init,
  type ParamSet,
  type Random,
  train,
  trainAsync,
  type TrainConfig,
  type TrainError,
  type TrainResult,
} from 'tensorial'

export type AnyNet = { readonly inputs: number; readonly outputs: number; readonly layers: ReadonlyArray<unknown> }
export type Ps = ReadonlyArray<ParamSet>
export type Config = TrainConfig<number, number, Ps>
export type Outcome = readonly [E.Either<TrainError, TrainResult<Ps>>, Random.Rng]

export const trainAny = train as unknown as (
  net: AnyNet,
  theta: Ps,
  d: Dataset.Dataset<number, number>,
  config: Config,
) => (rng: Random.Rng) => Outcome
export const trainAsyncAny = trainAsync as unknown as (
  net: AnyNet,
  theta: Ps,
  d: Dataset.Dataset<number, number>,
  config: Config,
) => (rng: Random.Rng) => () => Promise<Outcome>
export const initAny = init as unknown as (net: AnyNet) => (rng: Random.Rng) => readonly [Ps, Random.Rng]

/** A network of dense layers `[width, activation]` after `inputs` features, every width dynamic. */
export const denseNet = (inputs: number, layers: ReadonlyArray<readonly [number, Activation]>): AnyNet => {
  let prev = inputs
  return {
    inputs,
    outputs: layers.at(-1)?.[0] ?? inputs,
    layers: layers.map(([w, act]) => {
      const l = denseLayer(dynamic(prev), dynamic(w), act)
      prev = w
      return l
    }),
  }
}
