// Messages of Cost and Activation methods: the first operand fixes B and N, so a second operand of another width
// or batch is reported against that operand, naming the method, its role and both shapes. Each negative case sits
// right below its positive twin.
import { crossEntropy, mse, quadratic, relu, sigmoid, softmax, type Tensor, tanh } from 'tensorial'

declare const z23: Tensor<readonly [2, 3]>
declare const a23: Tensor<readonly [2, 3]>
declare const y23: Tensor<readonly [2, 3]>
declare const a24: Tensor<readonly [2, 4]>
declare const y24: Tensor<readonly [2, 4]>
declare const g33: Tensor<readonly [3, 3]>

export const valueOk = quadratic.value(z23, a23, y23, sigmoid)
// @expect-error TS2345 cost.value: target shape [2, 4] != output shape [2, 3]
export const valueBad = quadratic.value(z23, a23, y24, sigmoid)

export const gradientOk = mse.gradient(a23, y23)
// @expect-error TS2345 cost.gradient: target shape [2, 4] != output shape [2, 3]
export const gradientBad = mse.gradient(a23, y24)

export const deltaOk = crossEntropy.delta(z23, a23, y23, softmax)
// @expect-error TS2345 cost.delta: activation shape [2, 4] != output shape [2, 3]
export const deltaBad = crossEntropy.delta(z23, a24, y23, softmax)

export const backwardOk = tanh.backward(z23, a23, a23)
// @expect-error TS2345 activation.backward: gradient shape [3, 3] != input shape [2, 3]
export const backwardBad = tanh.backward(z23, a23, g33)

export const backwardAOk = relu.backward(z23, a23, a23)
// @expect-error TS2345 activation.backward: output shape [2, 4] != input shape [2, 3]
export const backwardABad = relu.backward(z23, a24, a23)

export const valueAOk = crossEntropy.value(z23, a23, y23, softmax)
// @expect-error TS2345 cost.value: activation shape [2, 4] != output shape [2, 3]
export const valueABad = crossEntropy.value(z23, a24, y23, softmax)

export const deltaYOk = quadratic.delta(z23, a23, y23, sigmoid)
// @expect-error TS2345 cost.delta: target shape [2, 4] != output shape [2, 3]
export const deltaYBad = quadratic.delta(z23, a23, y24, sigmoid)

// a batch of another size is the same mismatch
declare const y33: Tensor<readonly [3, 3]>
export const valueBatchOk = mse.value(z23, a23, y23, sigmoid)
// @expect-error TS2345 cost.value: target shape [3, 3] != output shape [2, 3]
export const valueBatchBad = mse.value(z23, a23, y33, sigmoid)

// a dynamic batch or width is checked at run time
declare const yDyn: Tensor<readonly [number, 3]>
export const valueDynamic = mse.value(z23, a23, yDyn, sigmoid)

// in generic code the same shape passes and another is named by its type parameters
export const outputError = <B extends number, N extends number>(
  z: Tensor<readonly [B, N]>,
  a: Tensor<readonly [B, N]>,
  y: Tensor<readonly [B, N]>,
  yT: Tensor<readonly [N, B]>,
) => {
  const d = crossEntropy.delta(z, a, y, softmax)
  // @expect-error TS2345 SameShape<"cost.delta: target != output", [B, N], [N, B]
  const _dBad = crossEntropy.delta(z, a, yT, softmax)
  const g = softmax.backward(z, a, d)
  // @expect-error TS2345 SameShape<"activation.backward: gradient != input", [B, N], [N, B]
  const _gBad = softmax.backward(z, a, yT)
  return g
}
