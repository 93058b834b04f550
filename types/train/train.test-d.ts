// Type tests of Optim and train: the result of train carries the network's Θ tuple; data sets, validation data and
// gradient sets of another shape are compile errors; optimizer states mirror Θ. Negative cases sit beside positive
// twins.
import type { Either } from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { State } from 'fp-ts/lib/State.js'
import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd'

import {
  crossEntropy,
  type Dataset,
  type Dim,
  type Matrix,
  type Dense,
  type DenseParams,
  dense,
  type EpochMetrics,
  gradients,
  init,
  input,
  Optim,
  quadratic,
  Random,
  sigmoid,
  softmax,
  type Theta,
  train,
  trainStep,
  type TrainError,
  type TrainResult,
  zeros,
} from 'tensorial'

type Ps = readonly [DenseParams<2, 3>, DenseParams<3, 2>]

const net = pipe(input(2), dense(3, sigmoid), dense(2, softmax))
const [theta] = init(net)(Random.seed(1))
declare const ds22: Dataset.Dataset<2, 2>
declare const ds32: Dataset.Dataset<3, 2>
declare const ds23: Dataset.Dataset<2, 3>
const config = {
  cost: crossEntropy,
  optimizer: Optim.adam(),
  epochs: 3,
  batchSize: 2,
  task: 'classification',
} as const

// ---- the result type of train ----------------------------------------------------------------------------------

const run = train(net, theta, ds22, config)
expectType<State<Random.Rng, Either<TrainError, TrainResult<Theta<readonly [Dense<2, 3>, Dense<3, 2>]>>>>>(run)
expectAssignable<State<Random.Rng, Either<TrainError, TrainResult<Ps>>>>(run)
const [result] = run(Random.seed(1))
if (result._tag === 'Right') {
  expectType<Theta<readonly [Dense<2, 3>, Dense<3, 2>]>>(result.right.theta)
  expectAssignable<Ps>(result.right.theta)
  expectType<Optim.OptimizerState<Theta<readonly [Dense<2, 3>, Dense<3, 2>]>>>(result.right.optimizerState)
  expectType<ReadonlyArray<EpochMetrics>>(result.right.history)
  expectType<number>(result.right.bestEpoch)
  expectType<number>(result.right.epochs)
  expectType<'completed' | 'early-stopping' | 'aborted' | 'callback'>(result.right.stopReason)
  // the trained Θ feeds back into the same network
  expectType<typeof run>(train(net, result.right.theta, ds22, config))
} else {
  expectType<'InvalidConfig' | 'InvalidInput' | 'Diverged'>(result.left._tag)
  if (result.left._tag === 'Diverged') expectType<number | undefined>(result.left.layer)
}

// ---- data sets of the wrong width ------------------------------------------------------------------------------

expectType<typeof run>(train(net, theta, ds22, config))
expectError(train(net, theta, ds32, config))
expectError(train(net, theta, ds23, config))

expectType<typeof run>(train(net, theta, ds22, { ...config, validation: ds22 }))
expectError(train(net, theta, ds22, { ...config, validation: ds32 }))
expectType<typeof run>(train(net, theta, ds22, { ...config, validation: { split: 0.2 } }))

// a Θ of another network
const other = pipe(input(2), dense(4, sigmoid), dense(2, softmax))
const [thetaOther] = init(other)(Random.seed(1))
expectType<typeof run>(train(net, theta, ds22, config))
expectError(train(net, thetaOther, ds22, config))

// a task that does not exist
expectError(train(net, theta, ds22, { ...config, task: 'clustering' }))

// ---- optimizer states mirror Θ -----------------------------------------------------------------------------------

const opt = Optim.momentum({ gamma: 0.9, nesterov: true })
const s0 = Optim.initState(opt, theta)
expectType<Optim.OptimizerState<Theta<readonly [Dense<2, 3>, Dense<3, 2>]>>>(s0)
expectAssignable<Optim.OptimizerState<Ps>>(s0)
expectType<ReadonlyArray<Theta<readonly [Dense<2, 3>, Dense<3, 2>]>>>(s0.slots)
expectType<number>(s0.t)
expectNotAssignable<Optim.OptimizerState<readonly [DenseParams<2, 4>, DenseParams<4, 2>]>>(s0)

const grads = gradients(net, theta, zeros([4, 2]), zeros([4, 2]), crossEntropy).grads
const [s1, theta1] = Optim.step(opt, s0, theta, grads)
expectType<Optim.OptimizerState<Theta<readonly [Dense<2, 3>, Dense<3, 2>]>>>(s1)
expectType<Theta<readonly [Dense<2, 3>, Dense<3, 2>]>>(theta1)

// ---- step rejects a gradient set of another network --------------------------------------------------------------

const gradsOther = gradients(other, thetaOther, zeros([4, 2]), zeros([4, 2]), quadratic).grads
expectType<readonly [typeof s0, typeof theta]>(Optim.step(opt, s0, theta, grads))
expectError(Optim.step(opt, s0, theta, gradsOther))

// a state for another network
const sOther = Optim.initState(opt, thetaOther)
expectError(Optim.step(opt, sOther, theta, grads))

// ---- optimizers and schedules ------------------------------------------------------------------------------------

expectType<Optim.Optimizer>(Optim.adam({ eta: Optim.inverseTime(1, 10), weightDecay: 1e-4 }))
expectType<Optim.Schedule>(Optim.stepDecay(0.1, 0.5, 10))
expectType<Optim.Schedule>(Optim.exponential(0.1, 0.99))
expectType<Optim.Schedule>(Optim.constant(0.1))
expectError(Optim.sgd({ eta: '0.1' }))
expectError(Optim.momentum({ nesterov: 'yes' }))

// ---- named rows follow the data set into training ---------------------------------------------------------

declare const dsNamed: Dataset.Dataset<2, 2, Dim<'examples'>>
declare const dsNamed32: Dataset.Dataset<3, 2, Dim<'examples'>>
const stepFn = trainStep(net, crossEntropy, Optim.sgd(0.1))
declare const carry: Parameters<typeof stepFn>[0]
const stepped = stepFn(carry, dsNamed)
if (stepped._tag === 'Right') expectType<Matrix<Dim<'examples'>, 2>>(stepped.right.output)
// twin: a named data set of the wrong width is still rejected
expectError(stepFn(carry, dsNamed32))
// train takes a named data set as any other
expectType<State<Random.Rng, Either<TrainError, TrainResult<Ps>>>>(train(net, theta, dsNamed, config))
expectError(train(net, theta, dsNamed32, config))
