/**
 * TensorFlow.js export of conv and pooling layers, loaded by `tf.loadLayersModel`: `Reshape` to `[H, W, C]`,
 * Keras `Conv2D` / `MaxPooling2D` / `AveragePooling2D`, `Flatten`, predicting what `predict` does.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import * as tfl from '@tensorflow/tfjs-layers'
import { pipe } from 'fp-ts/lib/function.js'
import { beforeAll, describe, expect, it } from 'vitest'

import {
  type AnyLayer,
  avgPool2d,
  avgPool2dLayer,
  batchNorm,
  conv2d,
  conv2dLayer,
  dense,
  denseLayer,
  dropout,
  elu,
  flattenImage,
  fromArray,
  init,
  inputImage,
  leakyRelu,
  maxPool2d,
  maxPool2dLayer,
  type Network,
  predict,
  Random,
  sequential,
  sigmoid,
  softmax,
  tanh,
  Tfjs,
  type Theta,
} from 'tensorial'

import { customNet } from '../../examples/08-custom-layer.js'
import { unsafeLeft, unsafeRight } from '../util.js'

const load = (m: Tfjs.LayersModel): Promise<tfl.LayersModel> =>
  tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: JSON.parse(JSON.stringify(m.modelJson.modelTopology)) as object,
      weightSpecs: m.modelJson.weightsManifest[0]!.weights as Array<tf.io.WeightsManifestEntry>,
      weightData: m.weightData.slice().buffer,
    }),
  )

type AnyNet = Network<ReadonlyArray<AnyLayer>, number, number>
const rows = (n: number) => ({ inputs: n, outputs: n, layers: [] }) as unknown as Network<readonly [], number, number>

const cnn = pipe(
  inputImage([14, 10, 2]),
  conv2d({ filters: 4, kernel: 3, padding: 'same' }),
  maxPool2d(2),
  conv2d({ filters: 3, kernel: 3, stride: 2, activation: tanh }),
  avgPool2d(2, 1),
  flattenImage,
  dense(3, softmax),
)
const odd = pipe(
  inputImage([7, 6, 3]),
  conv2d({ filters: 3, kernel: 2, padding: 'same', stride: 2, activation: leakyRelu(0.2) }),
  conv2d({ filters: 2, kernel: 4, padding: 'same', activation: elu(0.7) }),
  maxPool2d(2, 1),
  avgPool2d(2, 1),
  conv2d({ filters: 2, kernel: 1, activation: softmax }),
)
// rectangular kernels, windows and unequal strides: every axis its own geometry
const rect = pipe(
  inputImage([9, 8, 2]),
  conv2d({ filters: 3, kernel: [3, 2], stride: [2, 1], padding: 'same' }),
  maxPool2d([1, 2]),
  conv2d({ filters: 2, kernel: [2, 2], stride: [1, 2], activation: tanh }),
  avgPool2d([2, 1], [2, 1]),
  flattenImage,
  dense(3, softmax),
)
const mixed = sequential(
  denseLayer(8, 32, sigmoid),
  conv2dLayer([4, 4, 2], { filters: 2, kernel: 3, padding: 'same', activation: elu() }),
  batchNorm({ epsilon: 1e-3 })(rows(32)).layers[0] as AnyLayer,
  maxPool2dLayer([4, 4, 2], 2),
  dropout(0.5)(rows(8)).layers[0] as AnyLayer,
  avgPool2dLayer([2, 2, 2], 2),
  maxPool2dLayer([1, 1, 2], 1),
  avgPool2dLayer([2, 1, 1], 1),
)

describe('Tfjs.encode of conv and pooling layers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
    await tf.ready()
  })

  for (const [name, net, classes] of [
    [
      'rectangular kernels and windows, unequal strides',
      rect,
      ['Reshape', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'AveragePooling2D', 'Flatten', 'Dense'],
    ],
    [
      'conv same → max pool → conv stride 2 → avg pool → dense softmax',
      cnn,
      ['Reshape', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'AveragePooling2D', 'Flatten', 'Dense'],
    ],
    [
      "even kernels 'same', overlapping pools, leaky ReLU, ELU(0.7) and a softmax conv",
      odd,
      [
        'Reshape',
        'Conv2D',
        'LeakyReLU',
        'Conv2D',
        'LeakyReLU',
        'MaxPooling2D',
        'AveragePooling2D',
        'Conv2D',
        'Flatten',
        'Activation',
      ],
    ],
    [
      'dense → conv → batch norm → pools → dropout, images re-read between layers',
      mixed,
      [
        'Dense',
        'Reshape',
        'Conv2D',
        'Flatten',
        'BatchNormalization',
        'Reshape',
        'MaxPooling2D',
        'Flatten',
        'Dropout',
        'Reshape',
        'AveragePooling2D',
        'MaxPooling2D',
        'Reshape',
        'AveragePooling2D',
        'Flatten',
      ],
    ],
  ] as const)
    it(`${name}: loads in tf.loadLayersModel and predicts what predict does`, async () => {
      const n = net as unknown as AnyNet
      const [t] = init(n)(Random.seed(6))
      const theta = t as Theta<ReadonlyArray<AnyLayer>>
      const m = unsafeRight(Tfjs.encode(n, theta))
      expect(m.modelJson.modelTopology.config.layers.map((l) => l.class_name)).toEqual(classes)
      const model = await load(m)
      const [xs] = Random.normals(6 * n.inputs)(Random.seed(3))
      const x = unsafeRight(fromArray(xs, [6, n.inputs]))
      const y = tf.tidy(() => model.predict(tf.tensor2d(Float32Array.from(x.data), [6, n.inputs])) as tf.Tensor)
      expect(y.shape).toEqual([6, n.outputs])
      const got = Float64Array.from(y.dataSync())
      y.dispose()
      model.dispose()
      const want = predict(n, theta, x).data
      let err = 0
      for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs((got[i] as number) - (want[i] as number)))
      expect(err).toBeLessThanOrEqual(1e-5)
    })

  it('stores the kernel as [KH, KW, C, F] and the bias as [F], as Keras holds them', () => {
    const [t] = init(cnn)(Random.seed(1))
    const m = unsafeRight(Tfjs.encode(cnn, t))
    expect(m.modelJson.weightsManifest[0]!.weights.slice(0, 4)).toEqual([
      { name: 'conv2d_1/kernel', shape: [3, 3, 2, 4], dtype: 'float32' },
      { name: 'conv2d_1/bias', shape: [4], dtype: 'float32' },
      { name: 'conv2d_3/kernel', shape: [3, 3, 4, 3], dtype: 'float32' },
      { name: 'conv2d_3/bias', shape: [3], dtype: 'float32' },
    ])
    expect(m.modelJson.modelTopology.config.layers[0]!.config).toMatchObject({
      batch_input_shape: [null, 280],
      target_shape: [14, 10, 2],
    })
    expect(m.modelJson.modelTopology.config.layers[3]!.config).toMatchObject({
      kernel_size: [3, 3],
      strides: [2, 2],
      padding: 'valid',
      activation: 'tanh',
    })
  })

  it('refuses a custom layer that reuses the name maxPool2d', () => {
    const net = sequential(customNet.layers[0], { ...customNet.layers[1], kind: 'maxPool2d' }, customNet.layers[2])
    const [theta] = init(net)(Random.seed(1))
    expect(unsafeLeft(Tfjs.encode(net, theta)).message).toMatch(
      /^layer 2 \("maxPool2d"\): TensorFlow.js has no mapping/,
    )
  })
})
