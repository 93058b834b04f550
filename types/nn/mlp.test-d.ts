import { pipe } from 'fp-ts/lib/function.js'
import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd'

import {
  dynamic,
  type Dense,
  type DenseChain,
  type DenseParams,
  dense,
  init,
  input,
  mlp,
  type Network,
  Random,
  relu,
  softmax,
} from 'tensorial'

type Mnist = Network<readonly [Dense<784, 128>, Dense<128, 64>, Dense<64, 10>], 784, 10>

// ---- every width is in the type ------------------------------------------------------------

const net = mlp(784, [128, 64, 10], relu, softmax)
expectType<Mnist>(net)
// the same type as the hand-written pipeline
expectType<Mnist>(pipe(input(784), dense(128, relu), dense(64, relu), dense(10, softmax)))
expectType<Network<readonly [Dense<4, 3>], 4, 3>>(mlp(4, [3], relu, softmax))
expectType<readonly [Dense<784, 128>, Dense<128, 10>]>({} as DenseChain<784, readonly [128, 10]>)

// the twin with a wrong hidden width (32 instead of 64) is another network
expectAssignable<Mnist>(mlp(784, [128, 64, 10], relu, softmax))
expectNotAssignable<Mnist>(mlp(784, [128, 32, 10], relu, softmax))
// and a wrong input width (785)
expectNotAssignable<Mnist>(mlp(785, [128, 64, 10], relu, softmax))

// Θ carries the widths too
const [theta] = init(net)(Random.seed(1))
expectType<readonly [DenseParams<784, 128>, DenseParams<128, 64>, DenseParams<64, 10>]>(theta)

// ---- widths must be positive integers --------------------------------------------------------

expectType<Network<readonly [Dense<3, 4>, Dense<4, 2>], 3, 2>>(mlp(3, [4, 2], relu, softmax))
expectError(mlp(3, [0, 2], relu, softmax))
expectError(mlp(3, [4, 2.5], relu, softmax))
expectError(mlp(-3, [4, 2], relu, softmax))
// at least one width
expectError(mlp(3, [], relu, softmax))

// ---- run-time widths: written dynamic(n), they stay number; a plain number is refused ---------

declare const w: number
expectType<Network<readonly [Dense<number, number>, Dense<number, 10>], number, 10>>(
  mlp(dynamic(w), [dynamic(w), 10], relu, softmax),
)
expectError(mlp(w, [dynamic(w), 10], relu, softmax))
expectError(mlp(dynamic(w), [w, 10], relu, softmax))
