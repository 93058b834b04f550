// CNN layers: a kernel, window or stride that does not fit the image, and a conv step after flattenImage, are
// rejected in words naming the op, the image and the window. Each negative case sits below its positive twin.
import { pipe } from 'fp-ts/lib/function.js'
import {
  conv2d,
  conv2dLayer,
  denseLayer,
  flattenImage,
  inputImage,
  maxPool2d,
  maxPool2dLayer,
  sequential,
  softmax,
} from 'tensorial'

export const fits = conv2dLayer([4, 4, 1], { filters: 8, kernel: 3 })
// @expect-error TS2345 conv2d: kernel 5 is larger than the input 4 (the height) in [4, 4, 1], kernel 5, stride 1
export const tooBig = conv2dLayer([4, 4, 1], { filters: 8, kernel: 5 })

export const divides = maxPool2dLayer([26, 26, 8], 2)
// @expect-error TS2345 maxPool2d: 13 is not divisible by 2 (the height) in [13, 13, 8], window 2, stride 2
export const notDividing = maxPool2dLayer([13, 13, 8], 2)

const conv = conv2d({ filters: 8, kernel: 3 })(inputImage([28, 28, 1]))
export const pooled = maxPool2d(2)(conv)
// @expect-error TS2345 maxPool2d: 13 is not divisible by 2 (the height) in [13, 13, 8], window 2, stride 2
export const pooledTwice = maxPool2d(2)(maxPool2d(2)(conv))

export const seq = sequential(
  conv2dLayer([28, 28, 1], { filters: 8, kernel: 3 }),
  maxPool2dLayer([26, 26, 8], 2),
  denseLayer(1352, 10, softmax),
)
export const seqBad = sequential(
  conv2dLayer([28, 28, 1], { filters: 8, kernel: 3 }),
  // @expect-error TS2345 "layer 2: input 2704 != previous output 5408"
  maxPool2dLayer([26, 26, 4], 2),
)

export const beforeFlatten = conv2d({ filters: 4, kernel: 3 })(pooled)
// @expect-error TS2345 conv2d: the network's output is not an image; start it with inputImage([H, W, C]) and put conv2d before flattenImage
export const afterFlatten = conv2d({ filters: 4, kernel: 3 })(flattenImage(pooled))

// the same in fp-ts pipe: the first line names the step and the image flowing in, the sentence is the last line
export const piped = pipe(inputImage([28, 28, 1]), conv2d({ filters: 8, kernel: 3 }), maxPool2d(2), flattenImage)
// @expect-error TS2345 'Pool2dStep<"maxPool2d", 2, 2>' is not assignable to parameter of type '(c: ImageNetwork<readonly [Conv2d<784, 5408, 3, 3, 1, 8>, Pool2d<5408, 1352>], 784, 1352, readonly [13, 13, 8]>)
export const pipedBad = pipe(inputImage([28, 28, 1]), conv2d({ filters: 8, kernel: 3 }), maxPool2d(2), maxPool2d(2))

// rectangular kernels and strides per axis: the message names the axis and prints the pairs
export const rect = conv2dLayer([28, 28, 1], { filters: 8, kernel: [4, 5], stride: [2, 1] })
// @expect-error TS2345 conv2d: 28 − 5 = 23 is not divisible by the stride 2 (the width) in [28, 28, 1], kernel [4, 5], stride [1, 2]
export const rectBad = conv2dLayer([28, 28, 1], { filters: 8, kernel: [4, 5], stride: [1, 2] })
export const rectPool = maxPool2dLayer([26, 12, 8], [2, 3])
// @expect-error TS2345 maxPool2d: 13 is not divisible by 3 (the width) in [26, 13, 8], window [2, 3], stride [2, 3]
export const rectPoolBad = maxPool2dLayer([26, 13, 8], [2, 3])
