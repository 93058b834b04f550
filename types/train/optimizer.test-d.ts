import { pipe } from 'fp-ts/lib/function.js'
import type * as E from 'fp-ts/lib/Either.js'
import { expectAssignable, expectError, expectType } from 'tsd'

import {
  dense,
  gradients,
  init,
  input,
  type InvalidConfig,
  Optim,
  quadratic,
  Random,
  sigmoid,
  type Theta,
  zeros,
} from 'tensorial'

const net = pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))
type Ps = Theta<typeof net.layers>
const [theta] = init(net)(Random.seed(1))
const other = pipe(input(2), dense(4, sigmoid), dense(1, sigmoid))
const [thetaOther] = init(other)(Random.seed(1))
const grads = gradients(net, theta, zeros([4, 2]), zeros([4, 1]), quadratic).grads
const gradsOther = gradients(other, thetaOther, zeros([4, 2]), zeros([4, 1]), quadratic).grads

// ---- options objects, learning rate first; the short form is η --------------------------------------------------

expectType<Optim.Optimizer>(Optim.adam(0.01))
expectType<Optim.Optimizer>(Optim.adam({ eta: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 }))
expectType<Optim.Optimizer>(Optim.sgd(Optim.inverseTime(5, 50)))
expectType<Optim.Optimizer>(Optim.momentum({ eta: 0.1, gamma: 0.9, nesterov: true, weightDecay: 1e-4 }))
expectType<Optim.Optimizer>(Optim.rmsprop({ rho: 0.9, decayBiases: true }))
expectType<Optim.Optimizer>(Optim.adagrad({ epsilon: 1e-10 }))
// the names of other libraries are rejected in TypeScript too (JavaScript gets an InvalidConfig)
expectError(Optim.adam({ lr: 0.01 }))
expectError(Optim.adam({ learningRate: 0.01 }))
expectType<Optim.Optimizer>(Optim.adam({ beta1: 0.5 }))
expectError(Optim.sgd({ beta1: 0.5 })) // not an option of sgd
// the positional form of 0.1 is gone
expectError(Optim.adam(0.9, 0.999))

// ---- validation and specs ----------------------------------------------------------------------------------------

expectType<E.Either<InvalidConfig, Optim.Optimizer>>(Optim.validateOptimizer(Optim.adam()))
expectType<E.Either<InvalidConfig, Optim.Optimizer>>(Optim.optimizerFromSpec({ name: 'adamw' }))
expectAssignable<Optim.OptimizerSpec>(Optim.adam().spec)

// ---- step: Θ fixes the parameter set; a state or gradients of another network are rejected ----------------------

const opt = Optim.adam()
const s0 = Optim.initState(opt, theta)
const sOther = Optim.initState(opt, thetaOther)
expectType<readonly [Optim.OptimizerState<Ps>, Ps]>(Optim.step(opt, s0, theta, grads))
expectError(Optim.step(opt, sOther, theta, grads)) // the state of another network
expectType<readonly [Optim.OptimizerState<Ps>, Ps]>(Optim.step(opt, s0, theta, grads))
expectError(Optim.step(opt, s0, theta, gradsOther)) // the gradients of another network
