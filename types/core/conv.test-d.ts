// Type tests for src/core/conv.ts: the output shape of every conv, pool and flatten rule computed at compile
// time, and each negative case directly below a positive twin that differs only in the dim under test.
// tsd cannot see an error's text; types/messages/conv.ts asserts the messages.
import type { Tensor } from 'tensorial'
import { Conv, dynamic, zeros } from 'tensorial'
import { expectError, expectType } from 'tsd'

declare const n: number

const x28 = zeros([32, 28, 28, 1])

// -------------------------------------------------------------------------------------
// conv2d: 'valid' (H − K) / S + 1, 'same' ⌈H / S⌉
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [32, 26, 26, 8]>>(Conv.conv2d(x28, zeros([3, 3, 1, 8])))
expectType<Tensor<readonly [32, 24, 24, 8]>>(Conv.conv2d(x28, zeros([5, 5, 1, 8])))
expectType<Tensor<readonly [32, 28, 28, 8]>>(Conv.conv2d(x28, zeros([1, 1, 1, 8])))
expectType<Tensor<readonly [32, 28, 28, 8]>>(Conv.conv2d(x28, zeros([3, 3, 1, 8]), { padding: 'same' }))
expectType<Tensor<readonly [32, 14, 14, 4]>>(Conv.conv2d(x28, zeros([5, 5, 1, 4]), { stride: 2, padding: 'same' }))
expectType<Tensor<readonly [32, 10, 10, 4]>>(Conv.conv2d(x28, zeros([3, 3, 1, 4]), { stride: 3, padding: 'same' }))
expectType<Tensor<readonly [32, 13, 13, 8]>>(Conv.conv2d(x28, zeros([4, 4, 1, 8]), { stride: 2 }))
// non-square kernels and inputs
expectType<Tensor<readonly [2, 5, 2, 3]>>(Conv.conv2d(zeros([2, 7, 5, 2]), zeros([3, 4, 2, 3])))
expectType<Tensor<readonly [1, 4089, 1, 1]>>(Conv.conv2d(zeros([1, 4096, 1, 1]), zeros([8, 1, 1, 1])))

// channels must agree
expectType<Tensor<readonly [32, 26, 26, 8]>>(Conv.conv2d(zeros([32, 28, 28, 3]), zeros([3, 3, 3, 8])))
expectError(Conv.conv2d(zeros([32, 28, 28, 3]), zeros([3, 3, 1, 8])))
// the kernel must fit the input
expectType<Tensor<readonly [1, 1, 1, 8]>>(Conv.conv2d(zeros([1, 4, 4, 1]), zeros([4, 4, 1, 8])))
expectError(Conv.conv2d(zeros([1, 4, 4, 1]), zeros([5, 5, 1, 8])))
expectType<Tensor<readonly [1, 1, 2, 8]>>(Conv.conv2d(zeros([1, 4, 5, 1]), zeros([4, 4, 1, 8])))
expectError(Conv.conv2d(zeros([1, 4, 3, 1]), zeros([4, 4, 1, 8])))
// ... unless padded: 'same' takes any kernel
expectType<Tensor<readonly [1, 4, 4, 8]>>(Conv.conv2d(zeros([1, 4, 4, 1]), zeros([5, 5, 1, 8]), { padding: 'same' }))
// 'valid' needs the stride to divide H − K
expectType<Tensor<readonly [32, 13, 13, 8]>>(Conv.conv2d(zeros([32, 27, 27, 1]), zeros([3, 3, 1, 8]), { stride: 2 }))
expectError(Conv.conv2d(zeros([32, 28, 28, 1]), zeros([3, 3, 1, 8]), { stride: 2 }))
expectType<Tensor<readonly [32, 13, 14, 8]>>(Conv.conv2d(zeros([32, 27, 29, 1]), zeros([3, 3, 1, 8]), { stride: 2 }))
expectError(Conv.conv2d(zeros([32, 27, 28, 1]), zeros([3, 3, 1, 8]), { stride: 2 }))
// stride 0 and dims beyond 4096 are reported, never a silent number
expectType<Tensor<readonly [32, 28, 28, 8]>>(Conv.conv2d(x28, zeros([3, 3, 1, 8]), { stride: 1, padding: 'same' }))
expectError(Conv.conv2d(x28, zeros([3, 3, 1, 8]), { stride: 0, padding: 'same' }))
expectType<Tensor<readonly [1, 4096, 1, 1]>>(Conv.conv2d(zeros([1, 4096, 1, 1]), zeros([1, 1, 1, 1])))
expectError(Conv.conv2d(zeros([1, 4097, 1, 1]), zeros([1, 1, 1, 1])))

// dynamic dims flow through as number and are checked at run time
expectType<Tensor<readonly [number, 26, 26, 8]>>(
  Conv.conv2d(zeros([n, 28, 28, 1]) as Tensor<readonly [number, 28, 28, 1]>, zeros([3, 3, 1, 8])),
)
expectType<Tensor<readonly [32, number, 26, 8]>>(Conv.conv2d(zeros([32, dynamic(n), 28, 1]), zeros([3, 3, 1, 8])))
expectType<Tensor<readonly [32, number, number, 8]>>(Conv.conv2d(x28, zeros([3, 3, 1, 8]), { stride: n }))
expectType<Tensor<readonly [32, 26, 26, 8]>>(Conv.conv2d(zeros([32, 28, 28, dynamic(n)]), zeros([3, 3, 1, 8])))

// generic batch: the batch dim of a layer body flows through
export const layer = <B extends number>(x: Tensor<readonly [B, 28, 28, 1]>) => Conv.conv2d(x, zeros([3, 3, 1, 8]))
expectType<Tensor<readonly [7, 26, 26, 8]>>(layer(zeros([7, 28, 28, 1])))

// backward ops: the upstream gradient has the output shape
const k38 = zeros([3, 3, 1, 8])
expectType<Tensor<readonly [32, 28, 28, 1]>>(Conv.conv2dBackwardInput(x28, k38, zeros([32, 26, 26, 8])))
expectError(Conv.conv2dBackwardInput(x28, k38, zeros([32, 26, 27, 8])))
expectType<Tensor<readonly [3, 3, 1, 8]>>(Conv.conv2dBackwardKernel(x28, k38, zeros([32, 26, 26, 8])))
expectError(Conv.conv2dBackwardKernel(x28, k38, zeros([32, 26, 26, 9])))
expectType<Tensor<readonly [3, 3, 1, 8]>>(
  Conv.conv2dBackwardKernel(x28, k38, zeros([32, 14, 14, 8]), { stride: 2, padding: 'same' }),
)
expectError(Conv.conv2dBackwardKernel(x28, k38, zeros([32, 13, 14, 8]), { stride: 2, padding: 'same' }))

// bias per channel
expectType<Tensor<readonly [32, 26, 26, 8]>>(Conv.addChannelBias(zeros([32, 26, 26, 8]), zeros([8])))
expectError(Conv.addChannelBias(zeros([32, 26, 26, 8]), zeros([7])))
expectType<Tensor<readonly [8]>>(Conv.channelSums(zeros([32, 26, 26, 8])))

// -------------------------------------------------------------------------------------
// pooling: (H − Z) / S + 1, exact
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [1, 14, 14, 8]>>(Conv.maxPool2d(zeros([1, 28, 28, 8]), 2))
expectError(Conv.maxPool2d(zeros([1, 13, 28, 8]), 2))
expectType<Tensor<readonly [1, 14, 7, 8]>>(Conv.maxPool2d(zeros([1, 28, 14, 8]), 2))
expectError(Conv.maxPool2d(zeros([1, 28, 13, 8]), 2))
expectType<Tensor<readonly [1, 6, 6, 8]>>(Conv.avgPool2d(zeros([1, 13, 13, 8]), 3, 2))
expectError(Conv.avgPool2d(zeros([1, 13, 13, 8]), 4, 2))
expectType<Tensor<readonly [1, 11, 11, 8]>>(Conv.avgPool2d(zeros([1, 13, 13, 8]), 3, 1))
expectType<Tensor<readonly [1, 1, 1, 8]>>(Conv.maxPool2d(zeros([1, 4, 4, 8]), 4))
expectError(Conv.maxPool2d(zeros([1, 4, 4, 8]), 5))
expectType<Tensor<readonly [1, number, 14, 8]>>(Conv.maxPool2d(zeros([1, dynamic(n), 28, 8]), 2))
expectType<Tensor<readonly [1, 28, 28, 8]>>(Conv.maxPool2dBackward(zeros([1, 28, 28, 8]), zeros([1, 14, 14, 8]), 2))
expectError(Conv.maxPool2dBackward(zeros([1, 28, 28, 8]), zeros([1, 14, 13, 8]), 2))
expectType<Tensor<readonly [1, 28, 28, 8]>>(Conv.avgPool2dBackward(zeros([1, 28, 28, 8]), zeros([1, 14, 14, 8]), 2))
expectError(Conv.avgPool2dBackward(zeros([1, 28, 28, 8]), zeros([1, 14, 14, 9]), 2))

// -------------------------------------------------------------------------------------
// to dense: flatten (bounded multiplication) or denseHWC (no arithmetic)
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [32, 1352]>>(Conv.flatten(zeros([32, 13, 13, 8])))
expectType<Tensor<readonly [32, 3136]>>(Conv.flatten(zeros([32, 7, 7, 64])))
expectType<Tensor<readonly [1, 68719476736]>>(Conv.flatten(zeros([1, 4096, 4096, 4096])))
expectError(Conv.flatten(zeros([1, 4097, 4096, 4096])))
expectType<Tensor<readonly [32, number]>>(Conv.flatten(zeros([32, dynamic(n), 13, 8])))
expectType<Tensor<readonly [32, 13, 13, 8]>>(Conv.flattenBackward(zeros([32, 13, 13, 8]), zeros([32, 1352])))
expectError(Conv.flattenBackward(zeros([32, 13, 13, 8]), zeros([32, 1351])))

expectType<Tensor<readonly [32, 10]>>(Conv.denseHWC(zeros([32, 13, 13, 8]), zeros([13, 13, 8, 10])))
expectError(Conv.denseHWC(zeros([32, 13, 13, 8]), zeros([13, 12, 8, 10])))
expectType<Tensor<readonly [32, 10]>>(Conv.denseHWC(zeros([32, 13, 12, 8]), zeros([13, 12, 8, 10])))
expectError(Conv.denseHWC(zeros([32, 13, 12, 8]), zeros([13, 12, 7, 10])))
const hwc = Conv.denseHWCBackward(zeros([32, 13, 13, 8]), zeros([13, 13, 8, 10]), zeros([32, 10]))
expectType<Tensor<readonly [32, 13, 13, 8]>>(hwc.dx)
expectType<Tensor<readonly [13, 13, 8, 10]>>(hwc.dw)
expectError(Conv.denseHWCBackward(zeros([32, 13, 13, 8]), zeros([13, 13, 8, 10]), zeros([32, 11])))

// the whole chain of the issue: conv 3×3 → pool 2 → flatten, every shape inferred
const z = Conv.flatten(Conv.maxPool2d(Conv.conv2d(x28, zeros([3, 3, 1, 8])), 2))
expectType<Tensor<readonly [32, 1352]>>(z)

// a layer body generic in its channels type-checks (the channel check compares identical parameters)
export const generic = <B extends number, C extends number, F extends number>(
  x: Tensor<readonly [B, 28, 28, C]>,
  k: Tensor<readonly [3, 3, C, F]>,
) => Conv.conv2d(x, k)
expectType<Tensor<readonly [2, 26, 26, 4]>>(generic(zeros([2, 28, 28, 3]), zeros([3, 3, 3, 4])))

// -------------------------------------------------------------------------------------
// strides per axis [SH, SW] and rectangular windows [ZH, ZW]
// -------------------------------------------------------------------------------------

// conv2d: (H − KH) / SH + 1 and (W − KW) / SW + 1, each checked on its own axis
expectType<Tensor<readonly [2, 5, 4, 3]>>(Conv.conv2d(zeros([2, 7, 9, 1]), zeros([3, 3, 1, 3]), { stride: [1, 2] }))
expectError(Conv.conv2d(zeros([2, 7, 8, 1]), zeros([3, 3, 1, 3]), { stride: [1, 2] }))
expectType<Tensor<readonly [2, 3, 7, 3]>>(Conv.conv2d(zeros([2, 7, 9, 1]), zeros([3, 3, 1, 3]), { stride: [2, 1] }))
expectError(Conv.conv2d(zeros([2, 8, 9, 1]), zeros([3, 3, 1, 3]), { stride: [2, 1] }))
// a rectangular kernel with unequal strides, and 'same' ⌈H / SH⌉, ⌈W / SW⌉
expectType<Tensor<readonly [1, 4, 3, 2]>>(Conv.conv2d(zeros([1, 8, 9, 1]), zeros([2, 3, 1, 2]), { stride: [2, 3] }))
expectError(Conv.conv2d(zeros([1, 8, 9, 1]), zeros([2, 4, 1, 2]), { stride: [2, 3] }))
expectType<Tensor<readonly [1, 4, 3, 2]>>(
  Conv.conv2d(zeros([1, 8, 9, 1]), zeros([2, 4, 1, 2]), { stride: [2, 3], padding: 'same' }),
)
// the number form is both axes: [2, 2] and 2 are the same stride
expectType<Tensor<readonly [32, 13, 13, 8]>>(
  Conv.conv2d(zeros([32, 27, 27, 1]), zeros([3, 3, 1, 8]), { stride: [2, 2] }),
)
expectType<Tensor<readonly [32, 27, 27, 1]>>(
  Conv.conv2dBackwardInput(zeros([32, 27, 27, 1]), zeros([3, 3, 1, 8]), zeros([32, 13, 13, 8]), { stride: [2, 2] }),
)
expectError(
  Conv.conv2dBackwardInput(zeros([32, 27, 27, 1]), zeros([3, 3, 1, 8]), zeros([32, 13, 14, 8]), { stride: [2, 2] }),
)
expectType<Tensor<readonly [3, 3, 1, 8]>>(
  Conv.conv2dBackwardKernel(zeros([1, 7, 9, 1]), zeros([3, 3, 1, 8]), zeros([1, 5, 4, 8]), { stride: [1, 2] }),
)
expectError(
  Conv.conv2dBackwardKernel(zeros([1, 7, 9, 1]), zeros([3, 3, 1, 8]), zeros([1, 5, 5, 8]), { stride: [1, 2] }),
)

// pooling: a [ZH, ZW] window and a [SH, SW] stride
expectType<Tensor<readonly [1, 7, 4, 8]>>(Conv.maxPool2d(zeros([1, 14, 12, 8]), [2, 3]))
expectError(Conv.maxPool2d(zeros([1, 14, 13, 8]), [2, 3]))
expectType<Tensor<readonly [1, 6, 11, 8]>>(Conv.avgPool2d(zeros([1, 13, 13, 8]), [3, 3], [2, 1]))
expectError(Conv.avgPool2d(zeros([1, 14, 13, 8]), [3, 3], [2, 1]))
expectType<Tensor<readonly [1, 14, 12, 8]>>(Conv.maxPool2dBackward(zeros([1, 14, 12, 8]), zeros([1, 7, 4, 8]), [2, 3]))
expectError(Conv.maxPool2dBackward(zeros([1, 14, 12, 8]), zeros([1, 7, 6, 8]), [2, 3]))
