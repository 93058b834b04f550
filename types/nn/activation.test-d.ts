import { expectError, expectType } from 'tsd'

import { type Activation, elu, type Matrix, relu, sigmoid, softmax, type Tensor, tanh } from 'tensorial'

// `Z` fixes B and N (NoInfer on `A` and `G`): an upstream gradient or an output of another width or batch is
// rejected instead of widening B or N to a union. Each negative sits below its positive twin.

declare const z23: Tensor<readonly [2, 3]>
declare const a23: Tensor<readonly [2, 3]>
declare const g23: Tensor<readonly [2, 3]>
declare const a24: Tensor<readonly [2, 4]>
declare const g24: Tensor<readonly [2, 4]>
declare const g33: Tensor<readonly [3, 3]>
declare const a33: Tensor<readonly [3, 3]>

// ---- apply (one operand) -----------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(sigmoid.apply(z23))
expectType<Tensor<readonly [2, 4]>>(softmax.apply(a24))

// ---- backward ----------------------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(sigmoid.backward(z23, a23, g23))
expectError(sigmoid.backward(z23, a23, g24)) // G of width 4
expectType<Tensor<readonly [2, 3]>>(tanh.backward(z23, a23, g23))
expectError(tanh.backward(z23, a24, g23)) // A of width 4
expectType<Tensor<readonly [2, 3]>>(softmax.backward(z23, a23, g23))
expectError(softmax.backward(z23, a23, g33)) // G of batch 3
expectType<Tensor<readonly [2, 3]>>(elu().backward(z23, a23, g23))
expectError(elu().backward(z23, a33, g23)) // A of batch 3
expectType<Tensor<readonly [2, 3]>>(relu.backward(z23, a23, g23))
expectError(relu.backward(z23, a23, g24)) // G of width 4

// ---- generic code still compiles ---------------------------------------------------------------------------------

export const hiddenError = <B extends number, N extends number>(
  act: Activation,
  z: Matrix<B, N>,
  g: Matrix<B, N>,
): Matrix<B, N> => act.backward(z, act.apply(z), g)
export const hiddenErrorBad = <B extends number, N extends number, M extends number>(
  act: Activation,
  z: Matrix<B, N>,
  g: Matrix<B, M>,
): Matrix<B, N> =>
  // @ts-expect-error: G has width M, not N
  act.backward(z, act.apply(z), g)
