// Every dim that appears twice in a public signature of src/nn/{network,layer,backprop}.ts is inferred from its
// first occurrence only: a mismatched second operand is rejected, not merged into a union such as `3 | 2`. Each
// negative case sits beside its positive twin, which differs only in the dim under test.
import { pipe } from 'fp-ts/lib/function.js'
import { expectError, expectType } from 'tsd'

import {
  addGradients,
  backStep,
  backward,
  denseBackward,
  denseForward,
  type DenseParams,
  dense,
  forward,
  gradients,
  init,
  input,
  type LayerGradients,
  type Matrix,
  predict,
  quadratic,
  Random,
  sigmoid,
  update,
  zeros,
} from 'tensorial'

const net = pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))
const [theta] = init(net)(Random.seed(1))
const other = pipe(input(2), dense(4, sigmoid), dense(1, sigmoid))
const [thetaOther] = init(other)(Random.seed(1))
const l0 = net.layers[0]

// denseForward: the input width of x is the In of W
expectType<Matrix<5, 3>>(denseForward(theta[0], zeros([5, 2])))
expectError(denseForward(theta[0], zeros([5, 3])))

// denseBackward: x and Δ share the batch; Δ has the Out of W
expectType<LayerGradients<5, 2, DenseParams<2, 3>>>(denseBackward(theta[0], zeros([5, 2]), zeros([5, 3])))
expectError(denseBackward(theta[0], zeros([5, 2]), zeros([6, 3])))
expectError(denseBackward(theta[0], zeros([5, 4]), zeros([5, 3])))

// Layer.forward / Layer.backward
expectType<Matrix<5, 3>>(l0.forward(theta[0], zeros([5, 2])))
expectError(l0.forward(theta[0], zeros([5, 3])))
expectType<LayerGradients<5, 2, DenseParams<2, 3>>>(l0.backward(theta[0], zeros([5, 2]), zeros([5, 3])))
expectError(l0.backward(theta[0], zeros([5, 2]), zeros([5, 4])))

// backStep: params, Aˡ⁻¹ and Δˡ are checked against the layer
expectType<DenseParams<2, 3>>(backStep(l0, theta[0], zeros([5, 2]), zeros([5, 3])).grads)
expectError(backStep(l0, theta[1], zeros([5, 2]), zeros([5, 3])))
expectError(backStep(l0, theta[0], zeros([5, 3]), zeros([5, 3])))
expectError(backStep(l0, theta[0], zeros([5, 2]), zeros([6, 3])))
expectError(backStep(l0, theta[0], zeros([5, 2]), zeros([5, 2])))

// forward / predict: x has the network's input width; Θ is this network's
expectType<Matrix<4, 1>>(predict(net, theta, zeros([4, 2])))
expectError(predict(net, theta, zeros([4, 3])))
expectError(predict(net, thetaOther, zeros([4, 2])))
const tr = forward(net, theta, zeros([4, 2]))
expectError(forward(net, theta, zeros([4, 1])))

// backward: the trace and Δᴸ of this network and batch
expectType<readonly [DenseParams<2, 3>, DenseParams<3, 1>]>(backward(net, theta, tr, zeros([4, 1])))
expectError(backward(net, theta, tr, zeros([5, 1])))
expectError(backward(net, theta, forward(other, thetaOther, zeros([4, 2])), zeros([4, 1])))

// gradients: Y has the batch of X and the network's output width
expectType<number>(gradients(net, theta, zeros([4, 2]), zeros([4, 1]), quadratic).cost)
expectError(gradients(net, theta, zeros([4, 2]), zeros([4, 2]), quadratic))
expectError(gradients(net, theta, zeros([4, 2]), zeros([3, 1]), quadratic))

// update / addGradients: the second set belongs to the first one's network
const g = gradients(net, theta, zeros([4, 2]), zeros([4, 1]), quadratic).grads
const gOther = gradients(other, thetaOther, zeros([4, 2]), zeros([4, 1]), quadratic).grads
expectType<readonly [DenseParams<2, 3>, DenseParams<3, 1>]>(update(theta, g, 0.1))
expectError(update(theta, gOther, 0.1))
expectType<readonly [DenseParams<2, 3>, DenseParams<3, 1>]>(addGradients(g, g))
expectError(addGradients(g, gOther))
