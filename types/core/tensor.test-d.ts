// Type tests for the constructors and accessors of src/core/tensor.ts.
// Every negative case (expectError, expectNotAssignable, expectNotType) sits directly below its positive twin,
// which differs only in the dim (or the one property) under test. The messages themselves are asserted by the
// harness fixtures in types/messages/tensor.ts.
import type { Either } from 'fp-ts/lib/Either.js'
import type { Option } from 'fp-ts/lib/Option.js'
import type { ReadonlyFloat64Array, ShapeError, Tensor } from 'tensorial'
import {
  add,
  eye,
  fill,
  fromArray,
  fromFunction,
  fromNested,
  get,
  isTensor,
  matmul,
  ones,
  scalar,
  tensor,
  toArray,
  toFlat,
  zeros,
} from 'tensorial'
import { expectAssignable, expectError, expectNotAssignable, expectNotType, expectType } from 'tsd'

declare const n: number
declare const row: Array<number>
declare const rows: Array<Array<number>>

// -------------------------------------------------------------------------------------
// tensor: the shape of a nested literal, rank 0 to 3
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly []>>(tensor(5))
expectType<Tensor<readonly [3]>>(tensor([1, 2, 3]))
expectType<Tensor<readonly [2, 3]>>(
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]),
)
expectType<Tensor<readonly [2, 1, 2]>>(tensor([[[1, 2]], [[3, 4]]]))
expectType<Tensor<readonly [1, 1, 1, 1]>>(tensor([[[[1]]]]))
// the literal's values do not leak into the shape
expectType<Tensor<readonly [2]>>(tensor([n, 3]))

// ragged: the second row is one shorter
expectType<Tensor<readonly [2, 2]>>(
  tensor([
    [1, 2],
    [3, 4],
  ]),
)
expectError(tensor([[1, 2], [3]]))
// ragged at depth 3
expectType<Tensor<readonly [2, 2, 1]>>(
  tensor([
    [[1], [2]],
    [[3], [4]],
  ]),
)
expectError(
  tensor([
    [[1], [2]],
    [[3], [4, 5]],
  ]),
)
// ragged in depth: a number where a row is expected
expectType<Tensor<readonly [2, 1]>>(tensor([[1], [2]]))
expectError(tensor([1, [2]]))

// Regressions: an empty row among full ones is ragged, and the empty literal is a Tensor<readonly [0]>.
expectType<Tensor<readonly [2, 2]>>(
  tensor([
    [1, 2],
    [3, 4],
  ]),
)
expectError(tensor([[1, 2], []]))
expectType<Tensor<readonly [0]>>(tensor([]))
expectType<Tensor<readonly [2, 0]>>(tensor([[], []]))

// dynamic lengths (non-literal arrays) are compile errors: fromNested checks them at run time
expectType<Tensor<readonly [3]>>(tensor([1, 2, 3]))
expectError(tensor(row))
const row2 = [1, 2] as const
expectType<Tensor<readonly [2, 2]>>(tensor([row2, row2]))
expectError(tensor([row, row]))
expectType<Tensor<readonly [2, 2]>>(tensor([row2, row2] as const))
expectError(tensor(rows))

// -------------------------------------------------------------------------------------
// fromArray, fromNested: Either at the boundary
// -------------------------------------------------------------------------------------

expectType<Either<ShapeError, Tensor<readonly [2, 3]>>>(fromArray([1, 2, 3, 4, 5, 6], [2, 3]))
expectType<Either<ShapeError, Tensor<readonly [6]>>>(fromArray(new Float64Array(6), [6]))
expectType<Either<ShapeError, Tensor<readonly [number, 3]>>>(fromArray(row, [n, 3]))
expectType<Either<ShapeError, Tensor<readonly []>>>(fromArray([1], []))
expectType<Either<ShapeError, Tensor<readonly [2, 3]>>>(fromNested(rows, [2, 3]))
expectType<Either<ShapeError, Tensor<readonly [number, number]>>>(fromNested(rows, [n, n]))
expectType<Either<ShapeError, Tensor<readonly [number]>>>(fromNested(row, [row.length]))

// -------------------------------------------------------------------------------------
// a widened number[] shape (rank unknown) is a compile error for every shape-taking constructor;
// the positive twin is the same array `as const`
// -------------------------------------------------------------------------------------

const dims = [2, 3]
const dimsC = [2, 3] as const
const dimsRO: ReadonlyArray<number> = [2, 3]

expectType<Tensor<readonly [2, 3]>>(zeros(dimsC))
expectError(zeros(dims))
expectError(zeros(dimsRO))
expectType<Tensor<readonly [2, 3]>>(ones(dimsC))
expectError(ones(dims))
expectType<Tensor<readonly [2, 3]>>(fill(dimsC, 7))
expectError(fill(dims, 7))
expectType<Tensor<readonly [2, 3]>>(fromFunction(dimsC, () => 0))
expectError(fromFunction(dims, () => 0))
expectType<Either<ShapeError, Tensor<readonly [2, 3]>>>(fromArray(row, dimsC))
expectError(fromArray(row, dims))
expectType<Either<ShapeError, Tensor<readonly [2, 3]>>>(fromNested(rows, dimsC))
expectError(fromNested(rows, dims))
// a spread of a widened array loses the rank too
expectType<Tensor<readonly [4, 2, 3]>>(zeros([4, ...dimsC]))
expectError(zeros([4, ...dims]))

// -------------------------------------------------------------------------------------
// zeros, ones, fill, eye, scalar, fromFunction
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(zeros([2, 3]))
expectType<Tensor<readonly []>>(zeros([]))
expectType<Tensor<readonly [number, 784]>>(zeros([n, 784]))
expectType<Tensor<readonly [4]>>(ones([4]))
expectType<Tensor<readonly [2, 2, 2]>>(fill([2, 2, 2], 0.5))
expectType<Tensor<readonly [3, 3]>>(eye(3))
expectType<Tensor<readonly [number, number]>>(eye(n))
expectType<Tensor<readonly []>>(scalar(2))
expectType<Tensor<readonly [2, 2]>>(fromFunction([2, 2], ([i, j]) => i * 10 + j))

// the constructed shape is what the ops check: eye(3) is [3, 3], not [2, 2]
expectType<Tensor<readonly [3, 2]>>(matmul(eye(3), zeros([3, 2])))
expectError(matmul(eye(2), zeros([3, 2])))
// zeros / ones / fill keep every dim
expectType<Tensor<readonly [2, 3]>>(add(ones([2, 3]), fill([2, 3], 1)))
expectError(add(ones([2, 3]), fill([2, 4], 1)))
// a scalar is rank 0, not [1]
expectType<Tensor<readonly []>>(add(scalar(1), scalar(2)))
expectError(add(scalar(1), zeros([1])))

// fromFunction's index has one coordinate per dim
expectType<Tensor<readonly [2, 2]>>(fromFunction([2, 2], (ix: readonly [number, number]) => ix[0]))
expectError(fromFunction([2, 2], (ix: readonly [number, number, number]) => ix[0]))

// -------------------------------------------------------------------------------------
// accessors: get is an Option, toArray nests by rank
// -------------------------------------------------------------------------------------

const t23 = zeros([2, 3])

expectType<Option<number>>(get(t23, [1, 2]))
expectError(get(t23, [1]))
expectError(get(t23, [1, 2, 0]))
expectType<Option<number>>(get(scalar(1), []))
expectError(get(scalar(1), [0]))
expectType<Option<number>>(get(zeros([n]), [5]))

expectType<number>(toArray(scalar(1)))
expectType<Array<number>>(toArray(zeros([3])))
expectType<Array<Array<number>>>(toArray(t23))
expectNotType<Array<Array<Array<number>>>>(toArray(t23))
expectType<Array<Array<Array<number>>>>(toArray(zeros([2, 3, 4])))
expectType<Array<number>>(toFlat(t23))

expectType<readonly [2, 3]>(t23.shape)
expectType<2>(t23.shape[0])
expectType<3>(t23.shape[1])

// -------------------------------------------------------------------------------------
// the buffer and the shape are read-only; every negative has a read (or a copy) as its twin
// -------------------------------------------------------------------------------------

expectType<number>(t23.data[0])
expectError((t23.data[0] = 1))
expectType<Float64Array<ArrayBuffer>>(t23.data.slice().fill(0))
expectError(t23.data.fill(0))
expectType<Float64Array<ArrayBuffer>>(t23.data.slice().sort())
expectError(t23.data.sort())
expectType<Float64Array<ArrayBuffer>>(t23.data.slice().reverse())
expectError(t23.data.reverse())
expectType<Float64Array<ArrayBuffer>>(t23.data.slice().copyWithin(0, 1))
expectError(t23.data.copyWithin(0, 1))
expectType<void>(t23.data.slice().set([1]))
expectError(t23.data.set([1]))
expectType<number>(t23.data.subarray(0, 2)[0])
expectError((t23.data.subarray(0, 2)[0] = 5))
expectType<ArrayBuffer>(t23.data.slice().buffer)
expectError(t23.data.buffer)
expectAssignable<ArrayLike<number>>(t23.data)
expectNotAssignable<Float64Array>(t23.data)
expectType<ReadonlyFloat64Array>(t23.data)

expectType<2>(t23.shape[0])
expectError((t23.shape[0] = 1))
expectType<readonly [2, 3]>(t23.shape)
expectError((t23.shape = [2, 3]))

// -------------------------------------------------------------------------------------
// tensors cannot be forged from object literals
// -------------------------------------------------------------------------------------

expectAssignable<Tensor<readonly [2]>>(zeros([2]))
expectNotAssignable<Tensor<readonly [2]>>({ shape: [2] as const, data: new Float64Array(2) })
expectNotAssignable<Tensor<readonly [2]>>({ shape: [2] as const, data: zeros([2]).data })
expectType<boolean>(isTensor(zeros([2])))
