import { pipe } from 'fp-ts/lib/function.js'
import { expectAssignable, expectError, expectType } from 'tsd'

import {
  backward,
  type Dense,
  denseBackward,
  type DenseParams,
  dense,
  denseLayer,
  forward,
  gradients,
  init,
  input,
  type LayerGradients,
  layer,
  type Matrix,
  type Network,
  predict,
  quadratic,
  Random,
  relu,
  sequential,
  sigmoid,
  type Theta,
  type Trace,
  update,
  zeros,
} from 'tensorial'

// ---- composition ----------------------------------------------------------------------

const net = pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))
expectType<Network<readonly [Dense<2, 3>, Dense<3, 1>], 2, 1>>(net)

const seq = sequential(denseLayer(2, 3, sigmoid), denseLayer(3, 1, sigmoid))
expectType<Network<readonly [Dense<2, 3>, Dense<3, 1>], 2, 1>>(seq)
// the twin with layer 1's input 4 instead of 3
expectError(sequential(denseLayer(2, 3, sigmoid), denseLayer(4, 1, sigmoid)))

const piped = pipe(input(2), dense(3, relu), layer(denseLayer(3, 1, sigmoid)))
expectType<Network<readonly [Dense<2, 3>, Dense<3, 1>], 2, 1>>(piped)
expectError(pipe(input(2), dense(3, relu), layer(denseLayer(4, 1, sigmoid))))

// ---- Θ, forward, backward --------------------------------------------------------------

const [theta] = init(net)(Random.seed(1))
expectType<Theta<readonly [Dense<2, 3>, Dense<3, 1>]>>(theta)
expectType<readonly [DenseParams<2, 3>, DenseParams<3, 1>]>(theta)
expectType<Matrix<2, 3>>(theta[0].W)
expectType<Matrix<3, 1>>(theta[1].W)

const x4 = zeros([4, 2])
const y4 = zeros([4, 1])
expectType<Matrix<4, 1>>(predict(net, theta, x4))
expectError(predict(net, theta, zeros([4, 3])))
const tr = forward(net, theta, x4)
expectType<Trace<readonly [Dense<2, 3>, Dense<3, 1>], 4, 2, 1>>(tr)
expectType<Matrix<4, 3>>(tr.layers[0].z)
expectType<Matrix<4, 1>>(tr.layers[1].a)
expectType<Matrix<4, 1>>(tr.output)

// a dynamic batch flows through
declare const xb: Matrix<number, 2>
expectType<Matrix<number, 1>>(predict(net, theta, xb))

// the batch dim is generic
const run = <B extends number>(x: Matrix<B, 2>): Matrix<B, 1> => predict(net, theta, x)
expectType<Matrix<7, 1>>(run(zeros([7, 2])))

const g = gradients(net, theta, x4, y4, quadratic)
expectType<readonly [DenseParams<2, 3>, DenseParams<3, 1>]>(g.grads)
expectType<readonly [DenseParams<2, 3>, DenseParams<3, 1>]>(backward(net, theta, tr, zeros([4, 1])))
expectError(backward(net, theta, tr, zeros([4, 2])))

// ---- the update: only gradients of the same network ---------------------------------------

expectType<readonly [DenseParams<2, 3>, DenseParams<3, 1>]>(update(theta, g.grads, 0.1))
const other = pipe(input(2), dense(4, sigmoid), dense(1, sigmoid))
const [thetaOther] = init(other)(Random.seed(1))
const gOther = gradients(other, thetaOther, x4, y4, quadratic)
expectError(update(theta, gOther.grads, 0.1))

// ---- the generic, dimension-checked δ step ---------------------------------------------------

expectType<LayerGradients<5, 2, DenseParams<2, 3>>>(denseBackward(theta[0], zeros([5, 2]), zeros([5, 3])))
expectError(denseBackward(theta[0], zeros([5, 2]), zeros([5, 4])))
expectType<LayerGradients<5, 2, DenseParams<2, 3>>>(net.layers[0].backward(theta[0], zeros([5, 2]), zeros([5, 3])))
expectError(net.layers[0].backward(theta[0], zeros([5, 2]), zeros([6, 3])))
expectType<Matrix<4, 1>>(predict(net, theta, x4))
expectError(predict(net, thetaOther, x4))
expectAssignable<Dense<2, 3>>(denseLayer(2, 3, relu))
