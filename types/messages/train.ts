// Messages of Optim and train. Each negative case sits right below its positive twin.
import { pipe } from 'fp-ts/lib/function.js'
import {
  crossEntropy,
  type Dataset,
  dense,
  gradients,
  init,
  input,
  Optim,
  quadratic,
  Random,
  sigmoid,
  softmax,
  train,
  zeros,
} from 'tensorial'

const net = pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))
const [theta] = init(net)(Random.seed(1))
const opt = Optim.adam()
const state = Optim.initState(opt, theta)
const grads = gradients(net, theta, zeros([4, 2]), zeros([4, 1]), quadratic).grads
const other = pipe(input(2), dense(4, sigmoid), dense(1, sigmoid))
const [thetaOther] = init(other)(Random.seed(1))
const gradsOther = gradients(other, thetaOther, zeros([4, 2]), zeros([4, 1]), quadratic).grads

export const stepOk = Optim.step(opt, state, theta, grads)
// @expect-error TS2345 update: the gradient set belongs to another network
export const stepBad = Optim.step(opt, state, theta, gradsOther)

// an optimizer state of another network is reported against the state, not against Θ
const stateOther = Optim.initState(opt, thetaOther)
export const stepStateOk = Optim.step(opt, state, theta, grads)
// @expect-error TS2345 step: the optimizer state belongs to another network (its layer shapes differ)
export const stepStateBad = Optim.step(opt, stateOther, theta, grads)

const cls = pipe(input(2), dense(3, sigmoid), dense(2, softmax))
const [clsTheta] = init(cls)(Random.seed(1))
declare const ds22: Dataset.Dataset<2, 2>
declare const ds32: Dataset.Dataset<3, 2>
declare const ds23: Dataset.Dataset<2, 3>
const config = { cost: crossEntropy, optimizer: opt, epochs: 1, batchSize: 2, task: 'classification' } as const

export const trainOk = train(cls, clsTheta, ds22, config)
// @expect-error TS2345 'Dataset<3, 2, number>' is not assignable to parameter of type 'Dataset<2, 2, number>'
export const trainWideX = train(cls, clsTheta, ds32, config)

export const trainOkY = train(cls, clsTheta, ds22, config)
// @expect-error TS2345 'Dataset<2, 3, number>' is not assignable to parameter of type 'Dataset<2, 2, number>'
export const trainWideY = train(cls, clsTheta, ds23, config)

export const trainOkVal = train(cls, clsTheta, ds22, { ...config, validation: ds22 })
// @expect-error TS2322 'Dataset<3, 2, number>' is not assignable to type
export const trainValBad = train(cls, clsTheta, ds22, { ...config, validation: ds32 })

// training from a Θ of another network
declare const ds21: Dataset.Dataset<2, 1>
const cfg = { cost: quadratic, optimizer: Optim.sgd(), epochs: 1, batchSize: 2, task: 'regression' } as const
export const trainThetaOk = train(net, theta, ds21, cfg)
// @expect-error TS2345 train: Θ belongs to another network (its layer shapes differ)
export const trainThetaBad = train(net, thetaOther, ds21, cfg)

// resuming with the optimizer state of another network is reported against that state (written in the call)
const stateFor = Optim.initState(cfg.optimizer, theta)
const stateForOther = Optim.initState(cfg.optimizer, thetaOther)
export const trainResumeOk = train(net, theta, ds21, { ...cfg, resume: { optimizerState: stateFor, epoch: 0 } })
// @expect-error TS2322 train: resume.optimizerState belongs to another network (its layer shapes differ)
export const trainResumeBad = train(net, theta, ds21, { ...cfg, resume: { optimizerState: stateForOther, epoch: 0 } })
