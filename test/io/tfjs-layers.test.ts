/**
 * TensorFlow.js export of batch norm and dropout, loaded by `tf.loadLayersModel`: Keras `BatchNormalization`
 * with the running statistics and `Dropout`, predicting what `predict` does (inference mode).
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import * as tfl from '@tensorflow/tfjs-layers'
import { pipe } from 'fp-ts/lib/function.js'
import { beforeAll, describe, expect, it } from 'vitest'

import { batchNorm, dense, dropout, fromArray, init, input, predict, Random, relu, softmax, Tfjs } from 'tensorial'

import { unsafeRight } from '../util.js'

const load = (m: Tfjs.LayersModel): Promise<tfl.LayersModel> =>
  tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: JSON.parse(JSON.stringify(m.modelJson.modelTopology)) as object,
      weightSpecs: m.modelJson.weightsManifest[0]!.weights as Array<tf.io.WeightsManifestEntry>,
      weightData: m.weightData.slice().buffer,
    }),
  )

describe('Tfjs.encode of batch norm and dropout', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
    await tf.ready()
  })

  it('loads in tf.loadLayersModel and predicts what predict does', async () => {
    const net = pipe(
      input(4),
      batchNorm({ momentum: 0.2 }),
      dense(6, relu),
      batchNorm({ epsilon: 1e-3 }),
      dropout(0.4),
      dense(3, softmax),
    )
    const [t0] = init(net)(Random.seed(8))
    const v = <N extends number>(n: N, xs: ReadonlyArray<number>) => unsafeRight(fromArray(xs, [n]))
    const theta = [
      {
        gamma: v(4, [1.2, 0.8, 1, 1.5]),
        beta: v(4, [0.1, 0, -0.2, 0.3]),
        runningMean: v(4, [0.5, -0.5, 0, 1]),
        runningVar: v(4, [2, 0.5, 1, 3]),
      },
      t0[1],
      {
        gamma: v(6, [1, 2, 0.5, 1, 1, 0.7]),
        beta: v(6, [0, 0.1, 0.2, -0.1, 0, 0]),
        runningMean: v(6, [0.3, 0.2, 0.1, 0, 0.4, 0.5]),
        runningVar: v(6, [0.2, 0.5, 1, 1.5, 0.9, 0.4]),
      },
      t0[3],
      t0[4],
    ] as const
    const m = unsafeRight(Tfjs.encode(net, theta))
    const layers = m.modelJson.modelTopology.config.layers
    expect(layers.map((l) => l.class_name)).toEqual([
      'BatchNormalization',
      'Dense',
      'BatchNormalization',
      'Dropout',
      'Dense',
    ])
    expect(layers[0]!.config).toMatchObject({ momentum: 0.8, epsilon: 1e-5, batch_input_shape: [null, 4] })
    expect(layers[3]!.config).toMatchObject({ rate: 0.4 })
    const model = await load(m)
    const [xs] = Random.normals(40)(Random.seed(3))
    const x = unsafeRight(fromArray(xs, [10, 4]))
    const y = tf.tidy(() => model.predict(tf.tensor2d(Float32Array.from(x.data), [10, 4])) as tf.Tensor)
    const got = Float64Array.from(y.dataSync())
    y.dispose()
    model.dispose()
    const want = predict(net, theta, x).data
    let err = 0
    for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs((got[i] as number) - (want[i] as number)))
    expect(err).toBeLessThanOrEqual(1e-5)
  })
})
