// mlp: every width is in the type; each negative case sits below its positive twin.
import { type Dense, mlp, type Network, relu, softmax } from 'tensorial'

type Mnist = Network<readonly [Dense<784, 128>, Dense<128, 64>, Dense<64, 10>], 784, 10>

export const ok: Mnist = mlp(784, [128, 64, 10], relu, softmax)
// @expect-error TS2322 Type 'Network<readonly [Dense<784, 128>, Dense<128, 32>, Dense<32, 10>], 784, 10>' is not assignable to type 'Mnist'.
export const wrongWidth: Mnist = mlp(784, [128, 32, 10], relu, softmax)

export const widthsOk = mlp(3, [4, 2], relu, softmax)
// @expect-error TS2322 Type 'number' is not assignable to type '"mlp: width must be a positive integer, got 0"'.
export const zeroWidth = mlp(3, [4, 0], relu, softmax)
