// Messages of the convolution ops (src/core/conv.ts). Each negative case sits right below its positive twin,
// which differs only in the dim under test; each message names the op, the fault and the shapes.
import type { Tensor } from 'tensorial'
import { Conv, zeros } from 'tensorial'

const x28 = zeros([32, 28, 28, 1])

// conv2d: channels
export const cc = Conv.conv2d(zeros([32, 28, 28, 3]), zeros([3, 3, 3, 8]))
// @expect-error TS2345 conv2d: input has 3 channels but the kernel expects 1 in [32, 28, 28, 3]·[3, 3, 1, 8]
export const ccBad = Conv.conv2d(zeros([32, 28, 28, 3]), zeros([3, 3, 1, 8]))

// conv2d: kernel larger than the input
export const ck = Conv.conv2d(zeros([1, 4, 4, 1]), zeros([4, 4, 1, 8]))
// @expect-error TS2345 conv2d: kernel 5 is larger than the input 4 (the height) in [1, 4, 4, 1]·[5, 5, 1, 8]
export const ckBad = Conv.conv2d(zeros([1, 4, 4, 1]), zeros([5, 5, 1, 8]))
export const ckw = Conv.conv2d(zeros([1, 6, 4, 1]), zeros([3, 4, 1, 8]))
// @expect-error TS2345 conv2d: kernel 5 is larger than the input 4 (the width) in [1, 6, 4, 1]·[3, 5, 1, 8]
export const ckwBad = Conv.conv2d(zeros([1, 6, 4, 1]), zeros([3, 5, 1, 8]))

// conv2d: stride must divide H − K with 'valid' padding
export const cs = Conv.conv2d(zeros([32, 27, 27, 1]), zeros([3, 3, 1, 8]), { stride: 2 })
// @expect-error TS2345 conv2d: 28 − 3 = 25 is not divisible by the stride 2 (the height) in [32, 28, 28, 1]·[3, 3, 1, 8]
export const csBad = Conv.conv2d(zeros([32, 28, 28, 1]), zeros([3, 3, 1, 8]), { stride: 2 })

// conv2d: stride 0, dims outside the supported range
export const c0 = Conv.conv2d(x28, zeros([3, 3, 1, 8]), { stride: 1, padding: 'same' })
// @expect-error TS2345 conv2d: the stride must be at least 1, got 0 in [32, 28, 28, 1]·[3, 3, 1, 8]
export const c0Bad = Conv.conv2d(x28, zeros([3, 3, 1, 8]), { stride: 0, padding: 'same' })
export const cr = Conv.conv2d(zeros([1, 4096, 8, 1]), zeros([1, 1, 1, 1]))
// @expect-error TS2345 conv2d: the height 4097 is outside 0..4096, the range of compile-time dims (mark it dynamic(n) to check it at run time)
export const crBad = Conv.conv2d(zeros([1, 4097, 8, 1]), zeros([1, 1, 1, 1]))

// pooling: exact division, window fits
export const mp = Conv.maxPool2d(zeros([1, 14, 14, 8]), 2)
// @expect-error TS2345 maxPool2d: 13 is not divisible by 2 (the height) in [1, 13, 13, 8], window 2, stride 2
export const mpBad = Conv.maxPool2d(zeros([1, 13, 13, 8]), 2)
export const ap = Conv.avgPool2d(zeros([1, 13, 13, 8]), 3, 2)
// @expect-error TS2345 avgPool2d: 13 − 4 = 9 is not divisible by the stride 2 (the height) in [1, 13, 13, 8], window 4, stride 2
export const apBad = Conv.avgPool2d(zeros([1, 13, 13, 8]), 4, 2)
export const mw = Conv.maxPool2d(zeros([1, 4, 4, 8]), 4)
// @expect-error TS2345 maxPool2d: window 5 is larger than the input 4 (the height) in [1, 4, 4, 8], window 5, stride 5
export const mwBad = Conv.maxPool2d(zeros([1, 4, 4, 8]), 5)

// flatten: dims outside the supported range
export const fl = Conv.flatten(zeros([1, 4096, 2, 3]))
// @expect-error TS2345 flatten: the height 5000 is outside 0..4096, the range of compile-time dims in [1, 5000, 2, 3]
export const flBad = Conv.flatten(zeros([1, 5000, 2, 3]))

// denseHWC and addChannelBias
export const dh = Conv.denseHWC(zeros([32, 13, 13, 8]), zeros([13, 13, 8, 10]))
// @expect-error TS2345 denseHWC: weights [13, 12, 8, 10] take inputs [13, 12, 8], but the input is [32, 13, 13, 8]
export const dhBad = Conv.denseHWC(zeros([32, 13, 13, 8]), zeros([13, 12, 8, 10]))
export const cb = Conv.addChannelBias(zeros([32, 26, 26, 8]), zeros([8]))
// @expect-error TS2345 addChannelBias: bias length 7 != channel count 8 in [32, 26, 26, 8] + [7]
export const cbBad = Conv.addChannelBias(zeros([32, 26, 26, 8]), zeros([7]))

// generic code: channels may be type parameters; a height that is a type parameter cannot be computed with,
// so the check is printed as itself (the output shape of such a body must be stated, with a cast)
export const genericC = <B extends number, C extends number>(
  x: Tensor<readonly [B, 28, 28, C]>,
  k: Tensor<readonly [3, 3, C, 8]>,
) => Conv.conv2d(x, k)
export const genericH = <B extends number, H extends number>(x: Tensor<readonly [B, H, H, 1]>) =>
  // @expect-error TS2345 not assignable to parameter of type 'Conv2dFit<readonly [B, H, H, 1], readonly [3, 3, 1, 8], 1, "valid">'
  Conv.conv2d(x, zeros([3, 3, 1, 8]))

// strides per axis: the message names the axis whose stride does not divide
export const sw = Conv.conv2d(zeros([2, 7, 9, 1]), zeros([3, 3, 1, 3]), { stride: [1, 2] })
// @expect-error TS2345 conv2d: 8 − 3 = 5 is not divisible by the stride 2 (the width) in [2, 7, 8, 1]·[3, 3, 1, 3]
export const swBad = Conv.conv2d(zeros([2, 7, 8, 1]), zeros([3, 3, 1, 3]), { stride: [1, 2] })
export const sh = Conv.conv2d(zeros([2, 7, 9, 1]), zeros([3, 3, 1, 3]), { stride: [2, 1] })
// @expect-error TS2345 conv2d: 8 − 3 = 5 is not divisible by the stride 2 (the height) in [2, 8, 9, 1]·[3, 3, 1, 3]
export const shBad = Conv.conv2d(zeros([2, 8, 9, 1]), zeros([3, 3, 1, 3]), { stride: [2, 1] })
// a rectangular window: its width 3 (and stride 3) does not divide 13
export const mr = Conv.maxPool2d(zeros([1, 14, 12, 8]), [2, 3])
// @expect-error TS2345 maxPool2d: 13 is not divisible by 3 (the width) in [1, 14, 13, 8], window [2, 3], stride [2, 3]
export const mrBad = Conv.maxPool2d(zeros([1, 14, 13, 8]), [2, 3])
