import { pipe } from 'fp-ts/lib/function.js'
import { expectError, expectType } from 'tsd'

import {
  batchNorm,
  type BatchNorm,
  batchNormLayer,
  type BatchNormParams,
  type BatchNormState,
  type DenseParams,
  type StateOf,
  type TrainableOf,
  type Vector,
  type Dense,
  dense,
  denseLayer,
  dropout,
  type Dropout,
  dynamic,
  forward,
  forwardTraining,
  init,
  input,
  layer,
  type Matrix,
  type Network,
  predict,
  Random,
  relu,
  sequential,
  softmax,
  type Theta,
  zeros,
} from 'tensorial'

// BatchNorm<N>: N → N, with γ, β trainable and the running statistics as typed state
expectType<BatchNorm<16>>(batchNormLayer(16))
expectType<BatchNorm<number>>(batchNormLayer(dynamic(16)))
expectType<readonly ['runningMean', 'runningVar']>(batchNormLayer(16).nonTrainable)

// the pipeline of the brief infers every layer
const net = pipe(input(4), dense(16, relu), batchNorm(), dropout(0.2), dense(3, softmax))
expectType<Network<readonly [Dense<4, 16>, BatchNorm<16>, Dropout<16>, Dense<16, 3>], 4, 3>>(net)
const [theta] = init(net)(Random.seed(1))
expectType<BatchNormParams<16>>(theta[1])
expectType<Matrix<16, 3>>(theta[3].W)
expectType<Matrix<5, 3>>(predict(net, theta, zeros([5, 4])))
expectType<Matrix<5, 16>>(forward(net, theta, zeros([5, 4])).layers[1].z)
expectType<Matrix<5, 16>>(forwardTraining(net, theta, zeros([5, 4]))(Random.seed(0))[0].layers[2].a)
expectType<Theta<typeof net.layers>>(forwardTraining(net, theta, zeros([5, 4]))(Random.seed(0))[0].theta)

// the training-mode forward is typed like forward: its gradients have the parameters' shapes
const bn = batchNormLayer(3)
const t = bn.forwardTrain(theta[1] as unknown as BatchNormParams<3>, zeros([5, 3]), Random.seed(0))
expectType<Matrix<5, 3>>(t.z)
expectType<BatchNormParams<3>>(t.backward(zeros([5, 3])).grads)
expectType<Matrix<5, 3>>(t.backward(zeros([5, 3])).dx())
expectError(t.backward(zeros([5, 4])))
expectType<Matrix<5, 3>>(t.backward(zeros([5, 3])).dx())

// sequential checks the junctions around batch norm: positive twin, then the wrong width
expectType<Network<readonly [Dense<4, 16>, BatchNorm<16>, Dense<16, 3>], 4, 3>>(
  sequential(denseLayer(4, 16, relu), batchNormLayer(16), denseLayer(16, 3, softmax)),
)
expectError(sequential(denseLayer(4, 16, relu), batchNormLayer(15), denseLayer(16, 3, softmax)))
expectType<Network<readonly [Dense<4, 16>, BatchNorm<16>], 4, 16>>(
  pipe(input(4), dense(16, relu), layer(batchNormLayer(16))),
)
expectError(pipe(input(4), dense(16, relu), layer(batchNormLayer(15))))

// a width must be a literal or dynamic(n): positive twin, then a plain number
declare const n: number
expectType<BatchNorm<number>>(batchNormLayer(dynamic(n)))
expectError(batchNormLayer(n))
expectType<BatchNorm<2>>(batchNormLayer(2))
expectError(batchNormLayer(-2))

// Θ of a batch norm net of another width is rejected
const other = pipe(input(4), dense(8, relu), batchNorm(), dropout(0.2), dense(3, softmax))
const [thetaOther] = init(other)(Random.seed(1))
expectType<Matrix<5, 3>>(predict(other, thetaOther, zeros([5, 4])))
expectError(predict(net, thetaOther, zeros([5, 4])))

// the state is typed per layer: batch norm's running statistics, nothing for dense
expectType<{ readonly runningMean: Vector<16>; readonly runningVar: Vector<16> }>({} as StateOf<BatchNorm<16>>)
expectType<{ readonly gamma: Vector<16>; readonly beta: Vector<16> }>({} as TrainableOf<BatchNorm<16>>)
expectType<Record<never, never>>({} as StateOf<Dense<2, 3>>)
expectType<DenseParams<2, 3>>({} as TrainableOf<Dense<2, 3>>)
expectType<BatchNormState<16>>({} as StateOf<BatchNorm<16>>)
