/**
 * Model files of networks with batch norm, dropout, conv and pooling layers: the running statistics and conv
 * kernels are saved and loaded with the trainable parameters, bit for bit, and `describe` checks the built-in
 * kinds' parameters.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  avgPool2d,
  batchNorm,
  conv2d,
  crossEntropy,
  dense,
  Dataset,
  dropout,
  flattenImage,
  fromArray,
  init,
  input,
  inputImage,
  maxPool2d,
  Model,
  Optim,
  predict,
  Random,
  relu,
  softmax,
  train,
} from 'tensorial'

import { unsafeLeft, unsafeRight } from '../util.js'

const net = pipe(input(3), dense(5, relu), batchNorm(), dropout(0.25), dense(2, softmax))

/** Θ after a short training run, so that the running statistics are not their initial values. */
const trained = () => {
  const [theta0, rng] = init(net)(Random.seed(1))
  const [xs] = Random.normals(60)(Random.seed(2))
  const x = unsafeRight(fromArray(xs, [20, 3]))
  const y = unsafeRight(
    fromArray(Array.from({ length: 20 }, (_, i) => ((xs[i * 3] as number) > 0 ? [1, 0] : [0, 1])).flat(), [20, 2]),
  )
  const ds = unsafeRight(Dataset.dataset(x, y))
  const [r] = train(net, theta0, ds, {
    cost: crossEntropy,
    optimizer: Optim.adam(0.01),
    epochs: 3,
    batchSize: 5,
    task: 'classification',
  })(rng)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return { theta: r.right.theta, x }
}

describe('model files of batch norm and dropout', () => {
  it('save and load round-trip Θ bit for bit, the running statistics included', () => {
    const { theta, x } = trained()
    expect(Array.from(theta[1].runningMean.data).some((v) => v !== 0)).toBe(true)
    const text = unsafeRight(Model.save(net, theta, crossEntropy))
    const back = unsafeRight(Model.load(net, text))
    expect(back.theta).toEqual(theta)
    expect(Array.from(predict(net, back.theta, x).data)).toEqual(Array.from(predict(net, theta, x).data))
    const json = JSON.parse(text) as { layers: Array<{ kind: string; params: Record<string, unknown> }> }
    expect(json.layers.map((l) => l.kind)).toEqual(['dense', 'batchNorm', 'dropout', 'dense'])
    expect(Object.keys(json.layers[1]!.params)).toEqual(['gamma', 'beta', 'runningMean', 'runningVar'])
    expect(json.layers[2]!.params).toEqual({})
  })

  it('describe lists the parameters and counts the state among them', () => {
    const { theta } = trained()
    const d = unsafeRight(Model.describe(unsafeRight(Model.save(net, theta))))
    expect(d.layers[1]).toMatchObject({
      kind: 'batchNorm',
      inputs: 5,
      outputs: 5,
      params: { gamma: [5], beta: [5], runningMean: [5], runningVar: [5] },
    })
    expect(d.layers[2]).toMatchObject({ kind: 'dropout', params: {} })
    expect(d.parameterCount).toBe(3 * 5 + 5 + 4 * 5 + 5 * 2 + 2)
  })

  it('rejects a negative running variance, a missing or extra entry, and a batch norm that changes width', () => {
    const { theta } = trained()
    interface File {
      layers: Array<{ outputs: number; params: Record<string, { shape: Array<number>; data: Array<number> }> }>
    }
    const edit = (f: (j: File) => void): string => {
      const j = JSON.parse(unsafeRight(Model.save(net, theta))) as File
      f(j)
      return JSON.stringify(j)
    }
    expect(
      unsafeLeft(
        Model.load(
          net,
          edit((j) => (j.layers[1]!.params.runningVar!.data[2] = -1)),
        ),
      ).message,
    ).toBe('layers[1].params.runningVar: entry 2 is -1; a variance is ≥ 0')
    expect(
      unsafeLeft(
        Model.load(
          net,
          edit((j) => delete j.layers[1]!.params.runningMean),
        ),
      ).message,
    ).toBe('layers[1].params.runningMean: missing')
    expect(unsafeLeft(Model.describe(edit((j) => delete j.layers[1]!.params.runningMean))).message).toContain(
      'layers[1].params.runningMean: expected shape [5], got nothing',
    )
    expect(
      unsafeLeft(Model.describe(edit((j) => (j.layers[2]!.params.mask = { shape: [1], data: [1] })))).message,
    ).toContain('layers[2].params')
    expect(unsafeLeft(Model.describe(edit((j) => (j.layers[1]!.outputs = 4)))).message).toContain(
      'layers[1].outputs: a batchNorm layer keeps its width 5, got 4',
    )
  })
})

describe('model files of conv and pooling layers', () => {
  const cnn = pipe(
    inputImage([8, 8, 2]),
    conv2d({ filters: 3, kernel: 3, padding: 'same' }),
    maxPool2d(2),
    conv2d({ filters: 2, kernel: 2, stride: 2 }),
    avgPool2d(2),
    flattenImage,
    dense(2, softmax),
  )
  const [theta] = init(cnn)(Random.seed(5))
  interface File {
    layers: Array<{ kind: string; params: Record<string, { shape: Array<number>; data: Array<number> }> }>
  }
  const edit = (f: (j: File) => void): string => {
    const j = JSON.parse(unsafeRight(Model.save(cnn, theta, crossEntropy))) as File
    f(j)
    return JSON.stringify(j)
  }

  it('save and load round-trip K [KH, KW, C, F] and b [F] bit for bit; pooling layers have no params', () => {
    const text = unsafeRight(Model.save(cnn, theta, crossEntropy))
    expect(unsafeRight(Model.load(cnn, text)).theta).toEqual(theta)
    const d = unsafeRight(Model.describe(text))
    expect(d.layers.map((l) => [l.kind, l.params])).toEqual([
      ['conv2d', { K: [3, 3, 2, 3], b: [3] }],
      ['maxPool2d', {}],
      ['conv2d', { K: [2, 2, 3, 2], b: [2] }],
      ['avgPool2d', {}],
      ['dense', { W: [2, 2], b: [2] }],
    ])
  })

  it('names a kernel of another shape, a missing bias and a pooling layer with params', () => {
    expect(
      unsafeLeft(
        Model.load(
          cnn,
          edit((j) => (j.layers[0]!.params.K!.shape = [3, 3, 3, 2])),
        ),
      ).message,
    ).toBe('layers[0].params.K: expected shape [3, 3, 2, 3], got [3, 3, 3, 2]')
    expect(
      unsafeLeft(
        Model.load(
          cnn,
          edit((j) => delete j.layers[2]!.params.b),
        ),
      ).message,
    ).toBe('layers[2].params.b: missing')
    expect(
      unsafeLeft(
        Model.load(
          cnn,
          edit((j) => (j.layers[1]!.params.K = { shape: [1], data: [1] })),
        ),
      ).message,
    ).toBe('layers[1].params: unknown key "K"; allowed: none')
    expect(
      unsafeLeft(
        Model.load(
          cnn,
          edit((j) => (j.layers[1]!.kind = 'avgPool2d')),
        ),
      ).message,
    ).toBe('layers[1].kind: expected "maxPool2d", got "avgPool2d"')
  })
  // twins that differ only in what widths and kernel shapes cannot show: the image's height and width, a window
  it("records each image layer's geometry: a file loads only into the same images, windows and strides", () => {
    const tall = pipe(inputImage([4, 8, 1]), conv2d({ filters: 2, kernel: 3, padding: 'same' }), maxPool2d(2))
    const wide = pipe(inputImage([8, 4, 1]), conv2d({ filters: 2, kernel: 3, padding: 'same' }), maxPool2d(2))
    const [t] = init(tall)(Random.seed(2))
    const file = unsafeRight(Model.save(tall, t))
    expect(unsafeRight(Model.load(tall, file)).theta).toEqual(t)
    expect(unsafeLeft(Model.load(wide, file)).message).toBe(
      'layers[0].geometry.image: expected [8, 4, 1], got [4, 8, 1]',
    )
    expect((JSON.parse(file) as { layers: Array<{ geometry?: unknown }> }).layers[1]?.geometry).toEqual({
      image: [4, 8, 2],
      outputImage: [2, 4, 2],
      window: [2, 2],
      strides: [2, 2],
      pads: [0, 0, 0, 0],
    })
    // a 2×2 window with stride 2 and a 3×3 window with stride 1 both take [4, 4, 1] to [2, 2, 1]
    const two = pipe(inputImage([4, 4, 1]), maxPool2d(2))
    const three = pipe(inputImage([4, 4, 1]), maxPool2d(3, 1))
    const pooled = unsafeRight(Model.save(two, [{}]))
    expect(E.isRight(Model.load(two, pooled))).toBe(true)
    expect(unsafeLeft(Model.load(three, pooled)).message).toBe('layers[0].geometry.window: expected [3, 3], got [2, 2]')
  })

  it('names a missing, malformed or unexpected geometry', () => {
    expect(
      unsafeLeft(
        Model.load(
          cnn,
          edit((j) => delete (j.layers[0] as { geometry?: unknown }).geometry),
        ),
      ).message,
    ).toBe('layers[0].geometry: missing: a conv2d layer records its images, window, strides and padding')
    const bad = edit(
      (j) => ((j.layers[2] as unknown as { geometry: { strides: Array<number> } }).geometry.strides = [0, 2]),
    )
    expect(unsafeLeft(Model.describe(bad)).message).toBe(
      'layers[2].geometry.strides: expected 2 positive integers, got [0, 2]',
    )
    expect(unsafeLeft(Model.load(cnn, bad)).message).toBe('layers[2].geometry.strides: expected [2, 2], got [0, 2]')
    const onDense = edit((j) => ((j.layers[4] as { geometry?: unknown }).geometry = {}))
    expect(unsafeLeft(Model.load(cnn, onDense)).message).toBe(
      'layers[4].geometry: unexpected: a dense layer has no image geometry',
    )
    expect(unsafeLeft(Model.describe(onDense)).message).toBe(
      'layers[4].geometry: unexpected: a dense layer has no image geometry',
    )
  })
})
