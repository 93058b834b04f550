import { pipe } from 'fp-ts/lib/function.js'
import { expectError, expectType } from 'tsd'

import {
  avgPool2dLayer,
  type Conv2d,
  conv2d,
  conv2dLayer,
  dense,
  denseLayer,
  flattenImage,
  inputImage,
  maxPool2d,
  maxPool2dLayer,
  type Pool2d,
  sequential,
  softmax,
} from 'tensorial'

// every width is inferred from the image
const net = dense(10, softmax)(flattenImage(maxPool2d(2)(conv2d({ filters: 8, kernel: 3 })(inputImage([28, 28, 1])))))
expectType<784>(net.inputs)
expectType<10>(net.outputs)
expectType<Conv2d<784, 5408, 3, 3, 1, 8>>(net.layers[0])
expectType<Pool2d<5408, 1352>>(net.layers[1])
const im = maxPool2d(2)(conv2d({ filters: 8, kernel: 3, padding: 'same', stride: 2 })(inputImage([28, 28, 1])))
expectType<readonly [7, 7, 8]>(im.image)

// kernel too big: 3 fits a 4×4 image, 5 does not
expectType<Conv2d<16, 32, 3, 3, 1, 8>>(conv2dLayer([4, 4, 1], { filters: 8, kernel: 3 }))
expectError(conv2dLayer([4, 4, 1], { filters: 8, kernel: 5 }))
expectType<8>(conv2d({ filters: 2, kernel: 3 })(inputImage([4, 4, 1])).outputs)
expectError(conv2d({ filters: 2, kernel: 5 })(inputImage([4, 4, 1])))

// pool not dividing: 2 divides 26, not 13
expectType<Pool2d<5408, 1352>>(maxPool2dLayer([26, 26, 8], 2))
expectError(maxPool2dLayer([13, 13, 8], 2))
expectType<Pool2d<5408, 1352>>(avgPool2dLayer([26, 26, 8], 2))
expectError(avgPool2dLayer([13, 13, 8], 2))

// channels mismatch in sequential: the pool must take the conv's 8 channels
sequential(
  conv2dLayer([28, 28, 1], { filters: 8, kernel: 3 }),
  maxPool2dLayer([26, 26, 8], 2),
  denseLayer(1352, 10, softmax),
)
expectError(sequential(conv2dLayer([28, 28, 1], { filters: 8, kernel: 3 }), maxPool2dLayer([26, 26, 4], 2)))

// conv after flatten is rejected; before it, accepted
conv2d({ filters: 4, kernel: 3 })(maxPool2d(2)(conv2d({ filters: 8, kernel: 3 })(inputImage([28, 28, 1]))))
expectError(
  conv2d({ filters: 4, kernel: 3 })(
    flattenImage(maxPool2d(2)(conv2d({ filters: 8, kernel: 3 })(inputImage([28, 28, 1])))),
  ),
)

// the same network in fp-ts pipe infers every width
const piped = pipe(
  inputImage([28, 28, 1]),
  conv2d({ filters: 8, kernel: 3 }),
  maxPool2d(2),
  flattenImage,
  dense(10, softmax),
)
expectType<784>(piped.inputs)
expectType<10>(piped.outputs)
expectError(pipe(inputImage([28, 28, 1]), conv2d({ filters: 8, kernel: 3 }), maxPool2d(2), maxPool2d(2)))

// rectangular kernels [KH, KW] and strides [SH, SW]: output shape per axis
expectType<Conv2d<784, 2496, 4, 5, 1, 8>>(conv2dLayer([28, 28, 1], { filters: 8, kernel: [4, 5], stride: [2, 1] }))
expectError(conv2dLayer([28, 28, 1], { filters: 8, kernel: [4, 5], stride: [1, 2] }))
expectType<Conv2d<784, 2704, 3, 4, 1, 8>>(conv2dLayer([28, 28, 1], { filters: 8, kernel: [3, 4], stride: [1, 2] }))
expectError(conv2dLayer([28, 28, 1], { filters: 8, kernel: [3, 5], stride: [1, 2] }))
const rect = conv2d({ filters: 4, kernel: [3, 5], stride: [1, 2], padding: 'same' })(inputImage([28, 28, 1]))
expectType<readonly [28, 14, 4]>(rect.image)
expectType<Conv2d<784, 1568, 3, 5, 1, 4>>(rect.layers[0])
expectType<readonly [14, 7, 4]>(maxPool2d([2, 2])(rect).image)
expectType<readonly [14, 6, 4]>(maxPool2d([2, 4], [2, 2])(rect).image)
expectError(maxPool2d([2, 3])(rect))
expectType<Pool2d<2496, 416>>(maxPool2dLayer([26, 12, 8], [2, 3]))
expectError(maxPool2dLayer([26, 13, 8], [2, 3]))
expectType<Pool2d<2496, 1248>>(avgPool2dLayer([26, 12, 8], [2, 1]))
expectError(avgPool2dLayer([25, 12, 8], [2, 1]))
