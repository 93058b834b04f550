// Messages of Codec's declared-shape check. Each negative case sits right below its positive twin.
import * as t from 'io-ts'
import { Codec, type Tensor } from 'tensorial'

const dims: Array<number> = [2, 3]
export const ok = Codec.tensorCodec([2, 3])
// @expect-error TS2345 tensorCodec: shape must be a tuple of known rank such as [2, 3] or [null, 784], got an array
export const widened = Codec.tensorCodec(dims)

export const nonNeg = Codec.tensorCodec([1, 3])
// @expect-error TS2345 tensorCodec: dim -1 is not a non-negative integer
export const negative = Codec.tensorCodec([-1, 3])

export const whole = Codec.tensorCodec([2, 784])
// @expect-error TS2345 tensorCodec: dim 1.5 is not a non-negative integer
export const fractional = Codec.tensorCodec([1.5, 784])

export const dynamic = Codec.tensorCodec([null, 784])
// @expect-error TS2345 tensorCodec: dim '?' is not a number, null or { name }
export const marker = Codec.tensorCodec(['?', 784])

// a dynamic dim does not pass for a static one; the static one does
declare const batch: t.TypeOf<typeof dynamic>
declare const fixed: Tensor<readonly [32, 784]>
export const stat: Tensor<readonly [32, 784]> = fixed
// @expect-error TS2322 'Tensor<readonly [number, 784]>' is not assignable to type 'Tensor<readonly [32, 784]>'
export const dyn: Tensor<readonly [32, 784]> = batch

// a nested weights file: its fields keep their shapes
export const Weights = t.type({ w1: Codec.tensorCodec([2, 3]), b1: Codec.tensorCodec([3]) })
declare const weights: t.TypeOf<typeof Weights>
export const w1: Tensor<readonly [2, 3]> = weights.w1
// @expect-error TS2322 'Tensor<readonly [2, 3]>' is not assignable to type 'Tensor<readonly [3, 2]>'
export const w1T: Tensor<readonly [3, 2]> = weights.w1
