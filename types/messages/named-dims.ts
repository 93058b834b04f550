// Named dynamic dims: two run-time dims of different names are a compile-time mismatch, while the same name, or a
// name against a literal or `number`, passes (checked at run time). Each negative case sits below its twin.
import type { Dim, Tensor } from 'tensorial'
import { add, addBias, Dataset, dim, fromArray, hadamard, matmul, zeros } from 'tensorial'

declare const batch: Tensor<readonly [Dim<'batch'>, 3]>
declare const batch2: Tensor<readonly [Dim<'batch'>, 3]>
declare const seq: Tensor<readonly [Dim<'seq'>, 3]>
declare const dyn: Tensor<readonly [number, 3]>
declare const n: number

export const same: Tensor<readonly [Dim<'batch'>, 3]> = add(batch, batch2)
// @expect-error TS2345 add: shapes differ, [batch, 3] vs [seq, 3]
export const other = add(batch, seq)
export const withNumber = add(batch, dyn)
export const withLiteral = hadamard(batch, zeros([4, 3]))
// @expect-error TS2345 hadamard: shapes differ, [batch, 3] vs [seq, 3]
export const otherH = hadamard(batch, seq)

declare const wB: Tensor<readonly [3, Dim<'batch'>]>
declare const wS: Tensor<readonly [3, Dim<'seq'>]>
declare const xS: Tensor<readonly [Dim<'seq'>, 5]>
declare const xB: Tensor<readonly [Dim<'batch'>, 5]>
export const inner: Tensor<readonly [3, 5]> = matmul(wB, xB)
// @expect-error TS2345 matmul: inner dims differ (batch vs seq) in [3, batch]·[seq, 5]
export const innerBad = matmul(wB, xS)
export const innerS = matmul(wS, xS)
export const bias = addBias(batch, zeros([3]))
// @expect-error TS2345 addBias: bias length 4 != row width 3 in [batch, 3] + [4]
export const biasBad = addBias(batch, zeros([4]))

// names come from the data boundary
export const named = fromArray([1, 2, 3, 4, 5, 6], [dim('batch', n), 3])

// data sets keep the rows' name, so x and y rows of different names do not pair up
declare const xe: Tensor<readonly [Dim<'examples'>, 4]>
declare const ye: Tensor<readonly [Dim<'examples'>, 3]>
declare const ys: Tensor<readonly [Dim<'seq'>, 3]>
export const paired = Dataset.dataset(xe, ye)
// @expect-error TS2345 dataset: x has examples rows but y has seq
export const unpaired = Dataset.dataset(xe, ys)
