import { pipe } from 'fp-ts/lib/function.js'
import { expectError, expectType } from 'tsd'

import {
  type Dense,
  dense,
  denseLayer,
  dropout,
  type Dropout,
  dropoutLayer,
  dynamic,
  init,
  input,
  layer,
  type Matrix,
  type Network,
  type NoParams,
  Random,
  relu,
  sequential,
  softmax,
  zeros,
} from 'tensorial'

// Dropout<N>: N → N, no parameters
expectType<Dropout<6>>(dropoutLayer(6, 0.5))
expectType<Dropout<number>>(dropoutLayer(dynamic(6), 0.5))
const net = pipe(input(4), dense(6, relu), dropout(0.5), dense(2, softmax))
expectType<Network<readonly [Dense<4, 6>, Dropout<6>, Dense<6, 2>], 4, 2>>(net)
const [theta] = init(net)(Random.seed(1))
expectType<NoParams>(theta[1])
const t = dropoutLayer(6, 0.5).forwardTrain({}, zeros([3, 6]), Random.seed(0))
expectType<Matrix<3, 6>>(t.z)
expectType<Random.Rng>(t.rng)
expectType<Matrix<3, 6>>(t.backward(zeros([3, 6])).dx())
expectError(t.backward(zeros([3, 5])))

// the junctions: positive twin, then the wrong width
expectType<Network<readonly [Dense<4, 6>, Dropout<6>, Dense<6, 2>], 4, 2>>(
  sequential(denseLayer(4, 6, relu), dropoutLayer(6, 0.1), denseLayer(6, 2, softmax)),
)
expectError(sequential(denseLayer(4, 6, relu), dropoutLayer(5, 0.1), denseLayer(6, 2, softmax)))
expectType<Network<readonly [Dense<4, 6>, Dropout<6>], 4, 6>>(pipe(input(4), dense(6, relu), layer(dropoutLayer(6, 0))))
expectError(pipe(input(4), dense(6, relu), layer(dropoutLayer(7, 0))))

// a width must be a literal or dynamic(n)
declare const n: number
expectType<Dropout<number>>(dropoutLayer(dynamic(n), 0.2))
expectError(dropoutLayer(n, 0.2))
