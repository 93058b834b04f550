// Messages of trainAsync, stopping and resuming. Each negative case sits right below its positive twin.
import { pipe } from 'fp-ts/lib/function.js'
import { crossEntropy, type Dataset, dense, init, input, Optim, Random, sigmoid, softmax, trainAsync } from 'tensorial'

const net = pipe(input(2), dense(3, sigmoid), dense(2, softmax))
const [theta] = init(net)(Random.seed(1))
const other = pipe(input(2), dense(4, sigmoid), dense(2, softmax))
const [thetaOther] = init(other)(Random.seed(1))
declare const ds22: Dataset.Dataset<2, 2>
const opt = Optim.adam()
const config = { cost: crossEntropy, optimizer: opt, epochs: 10, batchSize: 2, task: 'classification' } as const

// resuming with the optimizer state of this network, then of another
const state = Optim.initState(opt, theta)
const stateOther = Optim.initState(opt, thetaOther)
export const resumeOk = trainAsync(net, theta, ds22, { ...config, resume: { optimizerState: state, epoch: 4 } })
// @expect-error TS2322 train: resume.optimizerState belongs to another network (its layer shapes differ)
export const resumeBad = trainAsync(net, theta, ds22, { ...config, resume: { optimizerState: stateOther, epoch: 4 } })

// a callback may return 'stop' or nothing
export const stopOk = trainAsync(net, theta, ds22, { ...config, onEpoch: (m) => (m.epoch > 3 ? 'stop' : undefined) })
// @expect-error TS2322 Type '(m: EpochMetrics) => "Stop" | undefined' is not assignable to type 'TrainCallback<EpochMetrics>'.
export const stopBad = trainAsync(net, theta, ds22, { ...config, onEpoch: (m) => (m.epoch > 3 ? 'Stop' : undefined) })

// a monitor named as in Keras, then a misspelt one
export const monitorOk = trainAsync(net, theta, ds22, { ...config, earlyStopping: { monitor: 'loss', patience: 2 } })
// @expect-error TS2322 Type '"acc"' is not assignable to type 'Monitor | undefined'
export const monitorBad = trainAsync(net, theta, ds22, { ...config, earlyStopping: { monitor: 'acc', patience: 2 } })
