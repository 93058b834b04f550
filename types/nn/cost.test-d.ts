import { expectError, expectType } from 'tsd'

import {
  binaryCrossEntropy,
  type Cost,
  crossEntropy,
  type Matrix,
  mse,
  quadratic,
  sigmoid,
  softmax,
  type Tensor,
} from 'tensorial'

// The first operand fixes B and N (NoInfer on the others): a second operand of another width or batch is
// rejected instead of widening B or N to a union. Each negative sits below its positive twin.

declare const z23: Tensor<readonly [2, 3]>
declare const a23: Tensor<readonly [2, 3]>
declare const y23: Tensor<readonly [2, 3]>
declare const a24: Tensor<readonly [2, 4]>
declare const y24: Tensor<readonly [2, 4]>
declare const a33: Tensor<readonly [3, 3]>
declare const y33: Tensor<readonly [3, 3]>

// ---- value -------------------------------------------------------------------------------------------------------

expectType<number>(quadratic.value(z23, a23, y23, sigmoid))
expectError(quadratic.value(z23, a24, y23, sigmoid)) // A of width 4
expectType<number>(crossEntropy.value(z23, a23, y23, softmax))
expectError(crossEntropy.value(z23, a23, y24, softmax)) // Y of width 4
expectType<number>(mse.value(z23, a23, y23, sigmoid))
expectError(mse.value(z23, a33, y23, sigmoid)) // A of batch 3
expectType<number>(mse.value(z23, a23, y23, sigmoid))
expectError(mse.value(z23, a23, y33, sigmoid)) // Y of batch 3

// ---- gradient ----------------------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(mse.gradient(a23, y23))
expectError(mse.gradient(a23, y24)) // Y of width 4
expectType<Tensor<readonly [2, 3]>>(binaryCrossEntropy.gradient(a23, y23))
expectError(binaryCrossEntropy.gradient(a23, y33)) // Y of batch 3

// ---- delta -------------------------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(crossEntropy.delta(z23, a23, y23, softmax))
expectError(crossEntropy.delta(z23, a23, y24, softmax)) // Y of width 4
expectType<Tensor<readonly [2, 3]>>(quadratic.delta(z23, a23, y23, sigmoid))
expectError(quadratic.delta(z23, a24, y23, sigmoid)) // A of width 4
expectType<Tensor<readonly [2, 3]>>(quadratic.delta(z23, a23, y23, sigmoid))
expectError(quadratic.delta(z23, a33, y23, sigmoid)) // A of batch 3

// ---- generic code still compiles ---------------------------------------------------------------------------------

export const outputError = <B extends number, N extends number>(
  cost: Cost,
  z: Matrix<B, N>,
  a: Matrix<B, N>,
  y: Matrix<B, N>,
): Matrix<B, N> => cost.delta(z, a, y, sigmoid)
export const outputErrorBad = <B extends number, N extends number, M extends number>(
  cost: Cost,
  z: Matrix<B, N>,
  a: Matrix<B, N>,
  y: Matrix<B, M>,
): Matrix<B, N> =>
  // @ts-expect-error: Y has width M, not N
  cost.delta(z, a, y, sigmoid)
