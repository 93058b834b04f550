// Messages of Cost and Activation methods: the first operand fixes B and N, so a second operand of another width
// or batch is reported against that operand. Each negative case sits right below its positive twin.
import { crossEntropy, mse, quadratic, sigmoid, softmax, type Tensor, tanh } from 'tensorial'

declare const z23: Tensor<readonly [2, 3]>
declare const a23: Tensor<readonly [2, 3]>
declare const y23: Tensor<readonly [2, 3]>
declare const a24: Tensor<readonly [2, 4]>
declare const y24: Tensor<readonly [2, 4]>
declare const g33: Tensor<readonly [3, 3]>

export const valueOk = quadratic.value(z23, a23, y23, sigmoid)
// @expect-error TS2345 Argument of type 'Tensor<readonly [2, 4]>' is not assignable to parameter of type 'Tensor<readonly [2, 3]>'.
export const valueBad = quadratic.value(z23, a23, y24, sigmoid)

export const gradientOk = mse.gradient(a23, y23)
// @expect-error TS2345 Argument of type 'Tensor<readonly [2, 4]>' is not assignable to parameter of type 'Tensor<readonly [2, 3]>'.
export const gradientBad = mse.gradient(a23, y24)

export const deltaOk = crossEntropy.delta(z23, a23, y23, softmax)
// @expect-error TS2345 Argument of type 'Tensor<readonly [2, 4]>' is not assignable to parameter of type 'Tensor<readonly [2, 3]>'.
export const deltaBad = crossEntropy.delta(z23, a24, y23, softmax)

export const backwardOk = tanh.backward(z23, a23, a23)
// @expect-error TS2345 Argument of type 'Tensor<readonly [3, 3]>' is not assignable to parameter of type 'Tensor<readonly [2, 3]>'.
export const backwardBad = tanh.backward(z23, a23, g33)
