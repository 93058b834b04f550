// Type tests of the model value Model.of: its type carries the network's Θ; predict maps a vector to a vector and
// a batch to a batch of the same rows; a Θ of another network, data of another width and a vector of another width
// are compile errors. Negative cases sit beside positive twins.
import type { Either } from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { expectError, expectType } from 'tsd'

import {
  crossEntropy,
  type Dataset,
  type Dense,
  dense,
  type EncodeError,
  init,
  input,
  type Matrix,
  Model,
  Optim,
  Random,
  sigmoid,
  softmax,
  type Theta,
  type TrainError,
  type TrainResult,
  type Vector,
  zeros,
} from 'tensorial'

type Ls = readonly [Dense<2, 3>, Dense<3, 2>]
const net = pipe(input(2), dense(3, sigmoid), dense(2, softmax))
const other = pipe(input(2), dense(4, sigmoid), dense(2, softmax))
const [theta] = init(net)(Random.seed(1))
const [thetaOther] = init(other)(Random.seed(1))
declare const ds22: Dataset.Dataset<2, 2>
declare const ds32: Dataset.Dataset<3, 2>

// ---- Θ is carried, and must be the network's ------------------------------------------------------------------

const model = Model.of(net, theta, { cost: crossEntropy })
expectType<Model<Ls, 2, 2>>(model)
expectType<Model.Model<Ls, 2, 2>>(model)
expectType<Theta<Ls>>(model.theta)
expectError(Model.of(net, thetaOther, { cost: crossEntropy }))
expectType<Model<readonly [Dense<2, 4>, Dense<4, 2>], 2, 2>>(Model.of(other, thetaOther, { cost: crossEntropy }))

// ---- predict: one sample as a vector, or a batch ---------------------------------------------------------------

expectType<Vector<2>>(model.predict(zeros([2])))
expectType<Matrix<5, 2>>(model.predict(zeros([5, 2])))
expectError(model.predict(zeros([3])))
expectError(model.predict(zeros([5, 3])))

// ---- fit returns a new model of the same type ------------------------------------------------------------------

const config = { optimizer: Optim.adam(0.01), epochs: 3, batchSize: 2 } as const
const [fitted] = model.fit(ds22, config)(Random.seed(2))
expectType<Either<TrainError, readonly [Model<Ls, 2, 2>, TrainResult<Theta<Ls>>]>>(fitted)
expectError(model.fit(ds32, config))
// the cost and the task belong to the model, not to the fit config
expectError(model.fit(ds22, { ...config, cost: crossEntropy }))
expectError(model.fit(ds22, { ...config, validation: ds32 }))

// ---- evaluate and save ------------------------------------------------------------------------------------------

expectType<number>(model.evaluate(ds22).loss)
expectError(model.evaluate(ds32))
expectType<Either<EncodeError, string>>(model.save())
