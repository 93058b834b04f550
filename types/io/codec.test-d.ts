// Type tests of Codec: decoded types (static and dynamic dims), t.TypeOf of nested codecs, and the
// declared-shape checks. Each negative case sits beside a positive twin that differs only in the point under test.
import type { Either } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd'

import { Codec, matmul, type Tensor } from 'tensorial'

declare const u: unknown

// ---- static shapes -------------------------------------------------------------------------------------------

const W = Codec.tensorCodec([784, 10])
expectType<Codec.TensorCodec<readonly [784, 10]>>(W)
expectType<t.Type<Tensor<readonly [784, 10]>, Codec.TensorJson, unknown>>(W)
expectType<Either<Codec.DecodeError, Tensor<readonly [784, 10]>>>(Codec.decode(W, u))
expectType<Either<Codec.DecodeError, Tensor<readonly [784, 10]>>>(Codec.decodeJson(W, '[]'))
expectType<t.Validation<Tensor<readonly [784, 10]>>>(W.decode(u))
expectType<Codec.TensorJson>(W.encode({} as Tensor<readonly [784, 10]>))
expectType<Codec.TensorCodec<readonly []>>(Codec.tensorCodec([]))

declare const w: t.TypeOf<typeof W>
expectType<Tensor<readonly [784, 10]>>(w)
expectAssignable<Tensor<readonly [784, 10]>>(w)
expectNotAssignable<Tensor<readonly [10, 784]>>(w)

// ---- dynamic dims: null in the spec, number in the type ------------------------------------------------------

const X = Codec.tensorCodec([null, 784])
expectType<Codec.TensorCodec<readonly [number, 784]>>(X)
declare const x: t.TypeOf<typeof X>
expectType<Tensor<readonly [number, 784]>>(x)
expectNotAssignable<Tensor<readonly [32, 784]>>(x)
expectAssignable<Tensor<readonly [number, number]>>(x)
expectType<Tensor<readonly [number, 10]>>(matmul(x, w))
expectType<Codec.TensorCodec<readonly [number, number, 3]>>(Codec.tensorCodec([null, null, 3]))
const n: number = 5
expectType<Codec.TensorCodec<readonly [number, 3]>>(Codec.tensorCodec([n, 3]))

// ---- nested in t.type ------------------------------------------------------------------------------------------

const Net = t.type({
  w1: Codec.tensorCodec([2, 3]),
  b1: Codec.tensorCodec([3]),
  layers: t.array(t.type({ W: Codec.tensorCodec([3, 1]) })),
  batch: Codec.tensorCodec([null, 2]),
})
declare const net: t.TypeOf<typeof Net>
expectType<Tensor<readonly [2, 3]>>(net.w1)
expectType<Tensor<readonly [3]>>(net.b1)
expectType<Array<{ W: Tensor<readonly [3, 1]> }>>(net.layers)
expectType<Tensor<readonly [number, 2]>>(net.batch)
expectType<Either<Codec.DecodeError, t.TypeOf<typeof Net>>>(Codec.decode(Net, u))
expectType<{
  w1: Codec.TensorJson
  b1: Codec.TensorJson
  layers: Array<{ W: Codec.TensorJson }>
  batch: Codec.TensorJson
}>(Net.encode(net))
expectNotAssignable<{ w1: Tensor<readonly [3, 2]> }>(net)
expectAssignable<{ w1: Tensor<readonly [2, 3]> }>(net)

// ---- reporting -------------------------------------------------------------------------------------------------

declare const errors: t.Errors
expectType<ReadonlyArray<string>>(Codec.formatErrors(errors))
expectType<string>(Codec.encodeJson(W, w))

// ---- disallowed declared shapes, each beside its twin ----------------------------------------------------------

const dims: Array<number> = [2, 3]
expectType<Codec.TensorCodec<readonly [2, 3]>>(Codec.tensorCodec([2, 3]))
expectError(Codec.tensorCodec(dims))

expectType<Codec.TensorCodec<readonly [1, 3]>>(Codec.tensorCodec([1, 3]))
expectError(Codec.tensorCodec([-1, 3]))

expectType<Codec.TensorCodec<readonly [2]>>(Codec.tensorCodec([2]))
expectError(Codec.tensorCodec([1.5]))

expectType<Codec.TensorCodec<readonly [number]>>(Codec.tensorCodec([null]))
expectError(Codec.tensorCodec(['?']))
