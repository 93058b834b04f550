import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  avgPool2dLayer,
  Conv,
  conv2d,
  conv2dLayer,
  crossEntropy,
  dense,
  denseLayer,
  flattenImage,
  gradientCheck,
  init,
  inputImage,
  maxPool2d,
  maxPool2dLayer,
  Model,
  predict,
  Random,
  relu,
  sequential,
  softmax,
  fromArray,
  orThrow,
  toArray,
} from 'tensorial'

const make = (shape: ReadonlyArray<number>, d: Float64Array) => orThrow(fromArray(d, shape as never)) as never

const rand = (shape: ReadonlyArray<number>, seed: number) => {
  const n = shape.reduce((a, b) => a * b, 1)
  const [d] = Random.normals(n)(Random.seed(seed))
  return make(shape as never, d) as never
}

describe('conv2dLayer', () => {
  const l = conv2dLayer([6, 5, 2], { filters: 3, kernel: 3, padding: 'same', stride: 2 })
  it('has flat widths and kernel shapes', () => {
    expect([l.inputs, l.outputs]).toEqual([60, 3 * 3 * 3])
    expect(l.shapes).toEqual({ K: [3, 3, 2, 3], b: [3] })
    expect(l.outputImage).toEqual([3, 3, 3])
  })
  it('forward and backward equal the Conv ops on the [B, H, W, C] view', () => {
    const x4 = rand([2, 6, 5, 2], 1)
    const K = rand([3, 3, 2, 3], 2)
    const b = rand([3], 3)
    const g4 = rand([2, 3, 3, 3], 4)
    const o = { stride: 2, padding: 'same' } as const
    const x = Conv.flatten(x4 as never) as never
    const z = l.forward({ K, b }, x)
    const want = Conv.addChannelBias(Conv.conv2d(x4 as never, K as never, o as never) as never, b as never)
    expect(Array.from(z.data)).toEqual(Array.from((want as unknown as { data: Float64Array }).data))
    expect(z.shape).toEqual([2, 27])
    const back = l.backward({ K, b }, x, Conv.flatten(g4 as never) as never)
    const dK = Conv.conv2dBackwardKernel(x4 as never, K as never, g4 as never, o as never) as unknown as {
      data: Float64Array
    }
    const dX = Conv.conv2dBackwardInput(x4 as never, K as never, g4 as never, o as never) as unknown as {
      data: Float64Array
    }
    expect(Array.from(back.grads.K.data)).toEqual(Array.from(dK.data))
    expect(Array.from(back.grads.b.data)).toEqual(Array.from(Conv.channelSums(g4 as never).data))
    expect(Array.from(back.dx().data)).toEqual(Array.from(dX.data))
    expect(back.dx().shape).toEqual([2, 60])
  })
  it('draws He weights with fanIn = KH·KW·C', () => {
    const [p] = l.init(Random.seed(1))
    const d = p.K.data
    const v = d.reduce((s, a) => s + a * a, 0) / d.length
    expect(v).toBeGreaterThan((2 / 18) * 0.6)
    expect(v).toBeLessThan((2 / 18) * 1.4)
  })
  it('throws a ShapeError on a kernel that does not fit at run time', () => {
    expect(() => conv2dLayer([4, 4, 1] as never, { filters: 1, kernel: 5 })).toThrow(
      /kernel 5 is larger than the input 4/,
    )
  })
})

describe('pooling layers', () => {
  it('maxPool2dLayer and avgPool2dLayer equal the Conv ops', () => {
    const x4 = rand([2, 4, 6, 3], 5)
    const g4 = rand([2, 2, 3, 3], 6)
    const x = Conv.flatten(x4 as never) as never
    const g = Conv.flatten(g4 as never) as never
    const mp = maxPool2dLayer([4, 6, 3], 2)
    const ap = avgPool2dLayer([4, 6, 3], 2)
    expect(Array.from(mp.forward({}, x).data)).toEqual(Array.from(Conv.maxPool2d(x4 as never, 2 as never).data))
    expect(Array.from(ap.forward({}, x).data)).toEqual(Array.from(Conv.avgPool2d(x4 as never, 2 as never).data))
    expect(Array.from(mp.backward({}, x, g).dx().data)).toEqual(
      Array.from(Conv.maxPool2dBackward(x4 as never, g4 as never, 2 as never).data),
    )
    expect(Array.from(ap.backward({}, x, g).dx().data)).toEqual(
      Array.from(Conv.avgPool2dBackward(x4 as never, g4 as never, 2 as never).data),
    )
    expect([mp.inputs, mp.outputs]).toEqual([72, 18])
  })
  it('rejects a window that does not divide at run time', () => {
    expect(() => maxPool2dLayer([5, 5, 1] as never, 2)).toThrow(/not divisible/)
  })
})

describe('a small CNN', () => {
  // conv 3×3×2 relu → maxPool 2 → flatten → dense 3 softmax, on 6×6×1 images
  const net = dense(3, softmax)(flattenImage(maxPool2d(2)(conv2d({ filters: 2, kernel: 3 })(inputImage([6, 6, 1])))))
  const [theta] = init(net)(Random.seed(3))
  const x = rand([4, 36], 7) as never
  const y = make([4, 3] as const, Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0])) as never

  it('infers every width', () => {
    expect([net.inputs, net.outputs, net.layers.map((l) => l.outputs)]).toEqual([36, 3, [32, 8, 3]])
    expect(predict(net, theta, x).shape).toEqual([4, 3])
  })
  it('passes the float64 gradient check (cross-entropy)', () => {
    const r = gradientCheck(net, theta, x, y, crossEntropy)
    expect(r.map((e) => `${e.layer}.${e.param}`)).toEqual(['1.K', '1.b', '3.W', '3.b'])
    for (const e of r) expect(e.maxRelativeError).toBeLessThan(1e-6)
  })
  it('round-trips through a model file', () => {
    const file = Model.save(net, theta, crossEntropy)
    expect(E.isRight(file)).toBe(true)
    const text = (file as E.Right<string>).right
    const back = Model.load(net, text)
    expect(E.isRight(back)).toBe(true)
    const t2 = (back as E.Right<{ theta: typeof theta }>).right.theta
    expect(toArray(predict(net, t2, x))).toEqual(toArray(predict(net, theta, x)))
    const d = Model.describe(text)
    expect(E.isRight(d) && d.right.layers.map((l) => l.kind)).toEqual(['conv2d', 'maxPool2d', 'dense'])
  })
  it('is the same network built with sequential', () => {
    const s = sequential(
      conv2dLayer([6, 6, 1], { filters: 2, kernel: 3 }),
      maxPool2dLayer([4, 4, 2], 2),
      denseLayer(8, 3, softmax),
    )
    expect(toArray(predict(s, theta, x))).toEqual(toArray(predict(net, theta, x)))
    expect(relu.spec.name).toBe(s.layers[0].activation.spec.name)
  })
})

describe('rectangular kernels, windows and strides per axis', () => {
  const l = conv2dLayer([7, 8, 2], { filters: 3, kernel: [3, 2], stride: [2, 3] })
  it('compute each axis with its own kernel size and stride, and keep the square fields readable', () => {
    expect(l.outputImage).toEqual([3, 3, 3])
    expect(l.shapes).toEqual({ K: [3, 2, 2, 3], b: [3] })
    expect([l.kernelSize, l.strides, l.stride]).toEqual([[3, 2], [2, 3], 2])
    expect([l.spec['kernel'], l.spec['stride']]).toEqual([
      [3, 2],
      [2, 3],
    ])
    const square = conv2dLayer([6, 6, 1], { filters: 2, kernel: [3, 3], stride: [1, 1] })
    expect([square.spec['kernel'], square.spec['stride'], square.kernelSize, square.strides]).toEqual([
      3,
      1,
      [3, 3],
      [1, 1],
    ])
  })
  it('forward and backward equal the Conv ops with stride [SH, SW]', () => {
    const x4 = rand([2, 7, 8, 2], 1)
    const K = rand([3, 2, 2, 3], 2)
    const b = rand([3], 3)
    const g4 = rand([2, 3, 3, 3], 4)
    const o = { stride: [2, 3] } as const
    const x = Conv.flatten(x4 as never) as never
    const want = Conv.addChannelBias(Conv.conv2d(x4 as never, K as never, o as never) as never, b as never)
    expect(Array.from(l.forward({ K, b }, x).data)).toEqual(
      Array.from((want as unknown as { data: Float64Array }).data),
    )
    const back = l.backward({ K, b }, x, Conv.flatten(g4 as never) as never)
    const dK = Conv.conv2dBackwardKernel(x4 as never, K as never, g4 as never, o as never) as unknown as {
      data: Float64Array
    }
    const dX = Conv.conv2dBackwardInput(x4 as never, K as never, g4 as never, o as never) as unknown as {
      data: Float64Array
    }
    expect(Array.from(back.grads.K.data)).toEqual(Array.from(dK.data))
    expect(Array.from(back.dx().data)).toEqual(Array.from(dX.data))
  })
  it('a CNN of them passes the float64 gradient check', () => {
    const net = dense(
      3,
      softmax,
    )(
      flattenImage(
        maxPool2d(
          [2, 1],
          [1, 2],
        )(conv2d({ filters: 2, kernel: [3, 2], stride: [1, 2], padding: 'same' })(inputImage([5, 6, 1]))),
      ),
    )
    expect(net.layers[1].outputImage).toEqual([4, 2, 2])
    const [theta] = init(net)(Random.seed(5))
    const x = rand([3, 30], 8) as never
    const y = make([3, 3] as const, Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1])) as never
    const r = gradientCheck(net, theta, x, y, crossEntropy)
    expect(r.map((e) => `${e.layer}.${e.param}`)).toEqual(['1.K', '1.b', '3.W', '3.b'])
    for (const e of r) expect(e.maxRelativeError).toBeLessThan(1e-6)
  })
  it('reject a pair that does not fit at run time, naming the axis', () => {
    expect(() => conv2dLayer([7, 8, 2] as never, { filters: 3, kernel: [3, 2], stride: [3, 3] } as never)).toThrow(
      /is not divisible by the stride 3 \(the height\)/,
    )
    expect(() => conv2dLayer([7, 8, 2], { filters: 3, kernel: [3, 0] as never })).toThrow(
      /kernel \(the width\) must be a positive integer, got 0/,
    )
  })
})
