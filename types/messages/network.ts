// Network composition, the update and the δ step: each negative case sits below its positive twin.
import { pipe } from 'fp-ts/lib/function.js'
import {
  addGradients,
  addBias,
  dense,
  denseLayer,
  type DenseParams,
  gradients,
  hadamard,
  init,
  input,
  layer,
  type Matrix,
  matmul,
  matmulTransA,
  matmulTransB,
  predict,
  quadratic,
  Random,
  relu,
  sequential,
  sigmoid,
  sumRows,
  transpose,
  update,
  zeros,
} from 'tensorial'

export const seqOk = sequential(denseLayer(2, 3, sigmoid), denseLayer(3, 1, sigmoid))
// @expect-error TS2345 "layer 2: input 4 != previous output 3"
export const seqBad = sequential(denseLayer(2, 3, sigmoid), denseLayer(4, 1, sigmoid))

export const seqOk3 = sequential(denseLayer(2, 3, sigmoid), denseLayer(3, 5, relu), denseLayer(5, 1, sigmoid))
// @expect-error TS2345 "layer 3: input 4 != previous output 5"
export const seqBad3 = sequential(denseLayer(2, 3, sigmoid), denseLayer(3, 5, relu), denseLayer(4, 1, sigmoid))

export const pipedOk = pipe(input(2), dense(3, relu), layer(denseLayer(3, 1, sigmoid)))
// @expect-error TS2345 'LayerStep<Dense<4, 1>>' is not assignable to parameter of type '(b: Network<readonly [Dense<2, 3>], 2, 3>)
export const pipedBad = pipe(input(2), dense(3, relu), layer(denseLayer(4, 1, sigmoid)))

export const widthOk = dense(3, relu)
// @expect-error TS2345 dense: width must be a positive integer, got -3
export const widthBad = dense(-3, relu)

const net = pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))
const [theta] = init(net)(Random.seed(1))
export const predOk = predict(net, theta, zeros([4, 2]))
// @expect-error TS2345 predict: input width 3 != network input 2
export const predBad = predict(net, theta, zeros([4, 3]))

const grads = gradients(net, theta, zeros([4, 2]), zeros([4, 1]), quadratic).grads
export const updOk = update(theta, grads, 0.1)
const other = pipe(input(2), dense(4, sigmoid), dense(1, sigmoid))
const [thetaOther] = init(other)(Random.seed(1))
const gradsOther = gradients(other, thetaOther, zeros([4, 2]), zeros([4, 1]), quadratic).grads
// @expect-error TS2345 update: the gradient set belongs to another network
export const updBad = update(theta, gradsOther, 0.1)

// The batched δ step written out, generic in B, I, O.
export function stepOk<B extends number, I extends number, O extends number>(
  p: DenseParams<I, O>,
  aPrev: Matrix<B, I>,
  delta: Matrix<B, O>,
  sigmaPrime: Matrix<B, I>,
) {
  const dW = matmul(transpose(aPrev), delta)
  const db = sumRows(delta)
  const deltaPrev = hadamard(matmul(delta, transpose(p.W)), sigmaPrime)
  const fused = { dW: matmulTransA(aPrev, delta), dx: matmulTransB(delta, p.W) }
  return { dW, db, deltaPrev, fused, z: addBias(matmul(aPrev, p.W), p.b) }
}
export function stepNoTransposeW<B extends number, I extends number, O extends number>(
  p: DenseParams<I, O>,
  delta: Matrix<B, O>,
) {
  // @expect-error TS2345 Operand<"matmul: inner dims differ", O, I, [B, O], [I, O]
  return matmul(delta, p.W)
}
export function stepNoTransposeA<B extends number, I extends number, O extends number>(
  aPrev: Matrix<B, I>,
  delta: Matrix<B, O>,
) {
  // @expect-error TS2345 Operand<"matmul: inner dims differ", I, B, [B, I], [B, O]
  return matmul(aPrev, delta)
}
export function forwardNoTranspose<B extends number, I extends number, O extends number>(
  p: DenseParams<I, O>,
  x: Matrix<B, I>,
) {
  // @expect-error TS2345 Operand<"matmul: inner dims differ", I, O, [B, I], [O, I]
  return matmul(x, transpose(p.W))
}

// targets: as many columns as the network has outputs (a one-hot of its class count) and as many rows as the batch
export const targetOk = gradients(net, theta, zeros([4, 2]), zeros([4, 1]), quadratic)
// @expect-error TS2345 gradients: target width 3 != network output 1
export const targetWide = gradients(net, theta, zeros([4, 2]), zeros([4, 3]), quadratic)
// @expect-error TS2345 gradients: the targets have 5 rows but the input batch has 4
export const targetRows = gradients(net, theta, zeros([4, 2]), zeros([5, 1]), quadratic)

// gradient sets of one network add up; of two networks they do not
export const addOk = addGradients(grads, grads)
// @expect-error TS2345 addGradients: the two gradient sets belong to different networks (their layer shapes differ)
export const addOther = addGradients(grads, gradsOther)

// a gradient set or Θ written as an array literal is accepted; the swapped one is not
const [g0, g1] = grads
export const updLiteral = update(theta, [g0, g1], 0.1)
// @expect-error TS2345 update: the gradient set belongs to another network (its layer shapes differ)
export const updSwapped = update(theta, [g1, g0], 0.1)
export const predLiteral = predict(net, [theta[0], theta[1]], zeros([4, 2]))
// @expect-error TS2345 predict: Θ belongs to another network (its layer shapes differ)
export const predSwapped = predict(net, [theta[1], theta[0]], zeros([4, 2]))

// layers spread from a tuple-typed array
const layers = [denseLayer(2, 3, relu), denseLayer(3, 1, sigmoid)] as const
export const spreadOk = sequential(...layers)
const layersBad = [denseLayer(2, 3, relu), denseLayer(4, 1, sigmoid)] as const
// @expect-error TS2345 layer 2: input 4 != previous output 3
export const spreadBad = sequential(...layersBad)
