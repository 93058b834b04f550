// Wrong: the right text with the wrong code. An annotated declaration fails with TS2322, not the TS2345 of an
// argument; the harness compares codes exactly.
import type { Tensor } from 'tensorial'
import { matmul, zeros } from 'tensorial'
// @expect-error TS2345 Type '3' is not assignable to type '5'.
export const m: Tensor<readonly [2, 5]> = matmul(zeros([2, 3]), zeros([3, 3]))
