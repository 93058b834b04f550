// Messages of the constructors and accessors: widened shapes, ragged and dynamic literals, the read-only buffer,
// forged tensors. Each negative case sits right below its positive twin.
import type { Tensor } from 'tensorial'
import { fill, fromArray, fromFunction, fromNested, get, ones, P, reshape, tensor, zeros } from 'tensorial'

declare const row: Array<number>
declare const rows: Array<Array<number>>

// a widened number[] shape (rank unknown) is an error for every shape-taking constructor; the twin is `as const`
const dims = [2, 3]
const dimsC = [2, 3] as const
const dimsRO: ReadonlyArray<number> = [2, 3]
export const zs = zeros(dimsC)
// @expect-error TS2345 zeros: shape must be a tuple of known rank such as [2, 3], got number[]
export const zsBad = zeros(dims)
// @expect-error TS2345 zeros: shape must be a tuple of known rank such as [2, 3], got number[]
export const zsBadRO = zeros(dimsRO)
export const os = ones(dimsC)
// @expect-error TS2345 ones: shape must be a tuple of known rank such as [2, 3], got number[]
export const osBad = ones(dims)
export const fs = fill(dimsC, 1)
// @expect-error TS2345 fill: shape must be a tuple of known rank such as [2, 3], got number[]
export const fsBad = fill(dims, 1)
export const ff = fromFunction(dimsC, () => 0)
// @expect-error TS2345 fromFunction: shape must be a tuple of known rank such as [2, 3], got number[]
export const ffBad = fromFunction(dims, () => 0)
export const fa = fromArray(row, dimsC)
// @expect-error TS2345 fromArray: shape must be a tuple of known rank such as [2, 3], got number[]
export const faBad = fromArray(row, dims)
export const fn = fromNested(rows, dimsC)
// @expect-error TS2345 fromNested: shape must be a tuple of known rank such as [2, 3], got number[]
export const fnBad = fromNested(rows, dims)
export const rs = reshape(zeros([6]), dimsC)
// @expect-error TS2345 reshape: shape must be a tuple of known rank such as [2, 3], got number[]
export const rsBad = reshape(zeros([6]), dims)
export const prs = P.reshape(dimsC)
// @expect-error TS2345 reshape: shape must be a tuple of known rank such as [2, 3], got number[]
export const prsBad = P.reshape(dims)
export const sp = zeros([4, ...dimsC])
// @expect-error TS2345 zeros: shape must be a tuple of known rank such as [2, 3], got number[]
export const spBad = zeros([4, ...dims])

// ragged literals
export const rg = tensor([
  [1, 2],
  [3, 4],
])
// @expect-error TS2345 tensor: ragged nested array (sub-arrays at one depth differ in length)
export const rgBad = tensor([[1, 2], [3]])
export const rg3 = tensor([
  [[1], [2]],
  [[3], [4]],
])
// prettier-ignore
// @expect-error TS2345 tensor: ragged nested array (sub-arrays at one depth differ in length)
export const rg3Bad = tensor([[[1], [2]], [[3], [4, 5]]])
export const rgd = tensor([[1], [2]])
// @expect-error TS2345 tensor: ragged nested array (sub-arrays at one depth differ in length)
export const rgdBad = tensor([1, [2]])
// Regression: an empty row used to be dropped from the union of row shapes and pass as [2, 2].
export const rgEmptyOk = tensor([
  [1, 2],
  [3, 4],
])
// @expect-error TS2345 tensor: ragged nested array (sub-arrays at one depth differ in length)
export const rgEmpty = tensor([[1, 2], []])

// dynamic lengths at compile time: tensor of non-literal arrays points to fromNested
const r2 = [1, 2] as const
export const dy = tensor([1, 2, 3])
// @expect-error TS2345 tensor: shape [number] is not known at compile time; use fromNested, which checks at run time
export const dyBad = tensor(row)
export const dy2 = tensor([r2, r2])
// @expect-error TS2345 tensor: shape [2, number] is not known at compile time; use fromNested
export const dy2Bad = tensor([row, row])
// @expect-error TS2345 tensor: shape [number, number] is not known at compile time; use fromNested
export const dy3Bad = tensor(rows)
export const dyOk = fromNested(rows, [2, 3])

// get takes one coordinate per dim
const t23 = zeros([2, 3])
export const g = get(t23, [1, 2])
// @expect-error TS2345 '[number]' is not assignable to parameter of type 'readonly [number, number]'
export const gBad = get(t23, [1])
// @expect-error TS2345 '[number, number, number]' is not assignable to parameter of type 'readonly [number, number]'
export const gBad3 = get(t23, [1, 2, 0])
export const fi = fromFunction([2, 2], ([i, j]) => i + j)
// @expect-error TS2493 Tuple type 'readonly [number, number]' of length '2' has no element at index '2'.
export const fiBad = fromFunction([2, 2], ([i, j, k]) => i + j + (k ?? 0))

// the buffer and the shape are read-only
export const rd = t23.data[0]
export const wr = () => {
  // @expect-error TS2542 Index signature in type 'ReadonlyFloat64Array' only permits reading.
  t23.data[0] = 1
  // @expect-error TS2339 Property 'fill' does not exist on type 'ReadonlyFloat64Array'.
  t23.data.fill(0)
  t23.data.slice().fill(0)
  // @expect-error TS2339 Property 'set' does not exist on type 'ReadonlyFloat64Array'.
  t23.data.set([1])
  t23.data.slice().set([1])
  // @expect-error TS2339 Property 'buffer' does not exist on type 'ReadonlyFloat64Array'.
  return new Float64Array(t23.data.buffer)
}
export const sub0 = t23.data.subarray(0, 2)[0]
export const wrSub = () => {
  // @expect-error TS2542 Index signature in type 'ReadonlyFloat64Array' only permits reading.
  t23.data.subarray(0, 2)[0] = 5
}
export const mut: ArrayLike<number> = t23.data
// @expect-error TS2740 is missing the following properties from type 'Float64Array<ArrayBufferLike>': buffer, copyWithin, fill, reverse
export const mutBad: Float64Array = t23.data
export const sh0 = t23.shape[0]
export const wrShape = () => {
  // @expect-error TS2540 Cannot assign to '0' because it is a read-only property.
  t23.shape[0] = 1
}

// tensors cannot be forged from object literals
export const real: Tensor<readonly [2]> = zeros([2])
// @expect-error TS2741 is missing in type '{ shape: readonly [2]; data: Float64Array<ArrayBuffer>; }'
export const forged: Tensor<readonly [2]> = { shape: [2] as const, data: new Float64Array(2) }
