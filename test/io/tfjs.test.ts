/**
 * The TensorFlow.js layers format (`Tfjs.encode`), read by TensorFlow.js itself: `tf.loadLayersModel` of the
 * model.json and weights (through `tf.io.fromMemory`, and through `tf.io.getModelArtifactsForJSON`, the routine
 * tfjs's own file and http loaders use) predicts what `predict` does, to 1e-5, for every activation.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import * as tfl from '@tensorflow/tfjs-layers'
import { beforeAll, describe, expect, it } from 'vitest'

import {
  type Activation,
  elu,
  fromArray,
  identity,
  init,
  leakyRelu,
  type Matrix,
  predict,
  Random,
  relu,
  sigmoid,
  softmax,
  tanh,
  Tfjs,
} from 'tensorial'

import { customNet } from '../../examples/08-custom-layer.js'
import { unsafeLeft, unsafeRight } from '../util.js'
import { maxAbs, mlp, thetaOf } from './interop-fixtures.js'

const ACTS: ReadonlyArray<Activation> = [
  identity,
  sigmoid,
  tanh,
  relu,
  leakyRelu(0.01),
  leakyRelu(0.3),
  elu(1),
  elu(0.6),
  softmax,
]

const batch = (rows: number, cols: number, seed: number): Matrix<number, number> => {
  const [xs] = Random.normals(rows * cols)(Random.seed(seed))
  return unsafeRight(
    fromArray(
      xs.map((v) => 2 * v),
      [rows, cols],
    ),
  )
}

/** `weightData` as the ArrayBuffer tfjs wants (a copy of exactly its bytes). */
const buffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer

/** Loads the model as tfjs's file/http loaders do: model.json, then the files its manifest names. */
const load = async (m: Tfjs.LayersModel): Promise<tfl.LayersModel> => {
  const json = JSON.parse(JSON.stringify(m.modelJson)) as tf.io.ModelJSON
  const files: Record<string, ArrayBuffer> = { 'weights.bin': buffer(m.weightData) }
  const handler: tf.io.IOHandler = {
    load: () =>
      tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((g) => g.weights)
        const paths = manifest.flatMap((g) => g.paths)
        return [specs, paths.map((p) => files[p] as ArrayBuffer)[0] as ArrayBuffer]
      }),
  }
  return tfl.loadLayersModel(handler)
}

const tfPredict = (model: tfl.LayersModel, x: Matrix<number, number>): Float64Array => {
  const y = tf.tidy(() => model.predict(tf.tensor2d(Float32Array.from(x.data), [x.shape[0], x.shape[1]])) as tf.Tensor)
  const out = Float64Array.from(y.dataSync())
  y.dispose()
  return out
}

describe('Tfjs.encode, loaded by tf.loadLayersModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
    await tf.ready()
  })

  it('predicts what predict does for every activation, hidden and output (batches of 1, 9, 40)', async () => {
    for (const [k, a] of ACTS.entries()) {
      const net = mlp(4, [
        [6, a],
        [3, a],
      ])
      const theta = thetaOf(net, 20 + k)
      const model = await load(unsafeRight(Tfjs.encode(net, theta as never)))
      for (const rows of [1, 9, 40]) {
        const x = batch(rows, 4, k * 50 + rows)
        const err = maxAbs(tfPredict(model, x), predict(net, theta as never, x as never).data)
        expect(err, JSON.stringify(a.spec)).toBeLessThanOrEqual(1e-5)
      }
      model.dispose()
    }
  })

  it('loads through tf.io.fromMemory too, for networks of depth 1 to 5', async () => {
    for (let depth = 1; depth <= 5; depth++) {
      const layers = Array.from(
        { length: depth },
        (_, i) => [2 + ((i * 3) % 5), ACTS[(i + depth) % ACTS.length] as Activation] as const,
      )
      const net = mlp(3, layers)
      const theta = thetaOf(net, depth)
      const { modelJson, weightData } = unsafeRight(Tfjs.encode(net, theta as never))
      const model = await tfl.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: JSON.parse(JSON.stringify(modelJson.modelTopology)),
          weightSpecs: modelJson.weightsManifest[0]!.weights as Array<tf.io.WeightsManifestEntry>,
          weightData: buffer(weightData),
        }),
      )
      const x = batch(12, 3, depth)
      expect(maxAbs(tfPredict(model, x), predict(net, theta as never, x as never).data)).toBeLessThanOrEqual(1e-5)
      model.dispose()
    }
  })

  it('writes Dense layers, with LeakyReLU layers carrying α (after leaky ReLU, and after ELU when α ≠ 1), and a manifest that names the weights file', () => {
    const net = mlp(2, [
      [3, leakyRelu(0.2)],
      [2, elu(0.5)],
      [2, softmax],
    ])
    const { modelJson, weightData } = unsafeRight(Tfjs.encode(net, thetaOf(net, 1) as never, { weightsPath: 'w.bin' }))
    expect(modelJson.format).toBe('layers-model')
    expect(
      modelJson.modelTopology.config.layers.map((l) => [l.class_name, l.config.activation ?? l.config.alpha]),
    ).toEqual([
      ['Dense', 'linear'],
      ['LeakyReLU', 0.2],
      ['Dense', 'elu'],
      ['LeakyReLU', 0.5],
      ['Dense', 'softmax'],
    ])
    expect(modelJson.modelTopology.config.layers[0]!.config.batch_input_shape).toEqual([null, 2])
    expect(modelJson.weightsManifest).toEqual([
      {
        paths: ['w.bin'],
        weights: [
          { name: 'dense_1/kernel', shape: [2, 3], dtype: 'float32' },
          { name: 'dense_1/bias', shape: [3], dtype: 'float32' },
          { name: 'dense_2/kernel', shape: [3, 2], dtype: 'float32' },
          { name: 'dense_2/bias', shape: [2], dtype: 'float32' },
          { name: 'dense_3/kernel', shape: [2, 2], dtype: 'float32' },
          { name: 'dense_3/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ])
    expect(weightData.length).toBe((6 + 3 + 6 + 2 + 4 + 2) * 4)
  })

  it('is a Left for a custom layer (1-based) and for bad options', () => {
    const [theta] = init(customNet)(Random.seed(1))
    expect(unsafeLeft(Tfjs.encode(customNet, theta))).toMatchObject({
      _tag: 'UnsupportedLayer',
      layer: 2,
      kind: 'gain',
    })
    expect(unsafeLeft(Tfjs.encode(customNet, theta, { weightsPath: '' })).message).toBe(
      'weightsPath: "" is not allowed (expected a non-empty string)',
    )
  })
})
