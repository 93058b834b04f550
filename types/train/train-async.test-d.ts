// Type tests of trainAsync, stopping and resuming: trainAsync returns a Task of what train returns; a resumed
// optimizer state must belong to this network's Θ; callbacks may return 'stop' or nothing, and nothing else.
// Negative cases sit beside positive twins.
import type { Either } from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Task } from 'fp-ts/lib/Task.js'
import { expectAssignable, expectError, expectType } from 'tsd'

import {
  crossEntropy,
  type Dataset,
  type Dense,
  dense,
  init,
  input,
  type Monitor,
  Optim,
  Random,
  sigmoid,
  softmax,
  type StopReason,
  type Theta,
  train,
  trainAsync,
  type TrainError,
  type TrainResult,
} from 'tensorial'

type Th = Theta<readonly [Dense<2, 3>, Dense<3, 2>]>

const net = pipe(input(2), dense(3, sigmoid), dense(2, softmax))
const [theta] = init(net)(Random.seed(1))
declare const ds22: Dataset.Dataset<2, 2>
declare const ds32: Dataset.Dataset<3, 2>
const config = {
  cost: crossEntropy,
  optimizer: Optim.adam(),
  epochs: 10,
  batchSize: 2,
  task: 'classification',
} as const

// ---- trainAsync: a Task of train's result ----------------------------------------------------------------------

const run = trainAsync(net, theta, ds22, config)
expectType<(rng: Random.Rng) => Task<readonly [Either<TrainError, TrainResult<Th>>, Random.Rng]>>(run)
expectAssignable<() => Promise<readonly [Either<TrainError, TrainResult<Th>>, Random.Rng]>>(run(Random.seed(1)))
expectError(trainAsync(net, theta, ds32, config))

const other = pipe(input(2), dense(4, sigmoid), dense(2, softmax))
const [thetaOther] = init(other)(Random.seed(1))
expectType<typeof run>(trainAsync(net, theta, ds22, config))
expectError(trainAsync(net, thetaOther, ds22, config))

// ---- the result says why it stopped, and where --------------------------------------------------------------------

const [result] = train(net, theta, ds22, config)(Random.seed(1))
if (result._tag === 'Right') {
  expectType<StopReason>(result.right.stopReason)
  expectType<'completed' | 'early-stopping' | 'aborted' | 'callback'>(result.right.stopReason)
  expectType<number>(result.right.epochs)
} else if (result.left._tag === 'Diverged') {
  expectType<number | undefined>(result.left.batch)
  expectType<Monitor | undefined>(result.left.metric)
} else if (result.left._tag === 'InvalidConfig') {
  expectType<string>(result.left.field)
  expectType<string>(result.left.allowed)
}

// ---- resume: the optimizer state of this network's Θ --------------------------------------------------------------

declare const done: TrainResult<Th>
const resume = { optimizerState: done.optimizerState, epoch: done.epochs }
expectType<ReturnType<typeof train<typeof net.layers, 2, 2>>>(train(net, done.theta, ds22, { ...config, resume }))
expectType<typeof run>(trainAsync(net, done.theta, ds22, { ...config, resume }))
expectType<typeof run>(
  trainAsync(net, theta, ds22, {
    ...config,
    resume: { optimizerState: Optim.initState(config.optimizer, theta), epoch: 0 },
  }),
)
// the twin: a state made for another network's Θ
const stateOther = Optim.initState(config.optimizer, thetaOther)
expectError(trainAsync(net, theta, ds22, { ...config, resume: { optimizerState: stateOther, epoch: 0 } }))
expectError(train(net, theta, ds22, { ...config, resume: { optimizerState: stateOther, epoch: 0 } }))
// the epoch is a number
expectError(train(net, theta, ds22, { ...config, resume: { optimizerState: done.optimizerState, epoch: '4' } }))

// ---- callbacks return 'stop' or nothing ---------------------------------------------------------------------------

const log: Array<number> = []
expectType<typeof run>(trainAsync(net, theta, ds22, { ...config, onBatch: (b) => (b.loss < 0.1 ? 'stop' : undefined) }))
expectError(trainAsync(net, theta, ds22, { ...config, onBatch: (b) => (b.loss < 0.1 ? 'halt' : undefined) }))
expectType<typeof run>(trainAsync(net, theta, ds22, { ...config, onEpoch: (m) => void log.push(m.train.loss) }))
expectError(trainAsync(net, theta, ds22, { ...config, onEpoch: (m) => log.push(m.train.loss) }))

// ---- signal, yieldEvery and early stopping -------------------------------------------------------------------------

declare const signal: { readonly aborted: boolean }
expectType<typeof run>(trainAsync(net, theta, ds22, { ...config, signal, yieldEvery: 8 }))
expectError(trainAsync(net, theta, ds22, { ...config, signal: true }))
expectError(trainAsync(net, theta, ds22, { ...config, yieldEvery: '8' }))

expectType<typeof run>(
  trainAsync(net, theta, ds22, {
    ...config,
    validation: ds22,
    earlyStopping: { monitor: 'val_accuracy', mode: 'max', patience: 3, minDelta: 0.01, restoreBest: true },
  }),
)
expectError(trainAsync(net, theta, ds22, { ...config, earlyStopping: { monitor: 'val_acc', patience: 3 } }))
expectError(trainAsync(net, theta, ds22, { ...config, earlyStopping: { mode: 'down', patience: 3 } }))
expectError(trainAsync(net, theta, ds22, { ...config, earlyStopping: { monitor: 'loss' } }))
