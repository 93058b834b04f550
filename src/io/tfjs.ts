/**
 * The TensorFlow.js layers format: `model.json` (a Keras `Sequential` topology and a weights manifest) and one
 * binary weights file, as `tf.loadLayersModel` reads them (`tf.io.fromMemory`, or `file://` / `http://` with the
 * files side by side).
 *
 * Each dense layer is a Keras `Dense` layer (kernel `[In, Out]`, as tensorial holds `W`, and a bias) with
 * activation `sigmoid`, `tanh`, `relu`, `softmax`, `elu` or `linear`. Leaky ReLU carries α, which `Dense`
 * cannot express, so it follows a linear `Dense` as a `LeakyReLU` layer; tfjs's `ELU` layer accepts only α = 1,
 * so ELU with another α is `Dense` with `elu` followed by `LeakyReLU(α)` (`elu_α(z) = leakyRelu_α(elu_1(z))`,
 * as `elu_1(z) < 0` exactly when `z < 0`). A batch-norm layer is a Keras `BatchNormalization` (`gamma`,
 * `beta`, `moving_mean`, `moving_variance`; Keras's `momentum` is `1 − m`), a dropout layer a `Dropout` with
 * its `rate`. A conv layer is a Keras `Conv2D` (`kernel` `[KH, KW, C, F]`, exactly tensorial's `K`; `strides`,
 * `padding` 'valid' or 'same', which Keras splits as conv2d does; channels last), a pooling layer a
 * `MaxPooling2D` or `AveragePooling2D`; a `Reshape` to `[H, W, C]` turns the rows into images before the first
 * image layer and a `Flatten` turns them back after the last (both channels-last row-major, the rows' layout).
 * A conv layer's softmax is over the whole row, so it is an `Activation` after the `Flatten` (Keras's softmax
 * would be over the channels). TensorFlow.js computes in float32, so the weights are stored as float32.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'

import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig } from '../core/errors.js'
import type { Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'
import type { ImageGeometry } from '../internal/interop.js'
import { imageGeometry, LIBRARY_VERSION, leBytes } from '../internal/interop.js'
import type { ActivationSpec } from '../nn/activation.js'
import type { AnyLayer, ParamSet } from '../nn/layer.js'
import type { Network, Theta, ThetaFor } from '../nn/network.js'
import type { UnsupportedLayer } from './onnx.js'
import { unsupportedLayer } from './onnx.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One entry of a weights manifest: a tensor's name, shape and dtype.
 *
 * @category model
 * @since 0.2.0
 */
export interface WeightSpec {
  readonly name: string
  readonly shape: ReadonlyArray<number>
  readonly dtype: 'float32'
}

/**
 * A Keras layer in the topology: its class and config.
 *
 * @category model
 * @since 0.2.0
 */
export interface KerasLayer {
  readonly class_name: string
  readonly config: { readonly name: string; readonly [key: string]: unknown }
}

/**
 * The `model.json` of a layers model.
 *
 * @category model
 * @since 0.2.0
 */
export interface ModelJson {
  readonly format: 'layers-model'
  readonly generatedBy: string
  readonly convertedBy: null
  readonly modelTopology: {
    readonly class_name: 'Sequential'
    readonly config: { readonly name: string; readonly layers: ReadonlyArray<KerasLayer> }
    readonly keras_version: string
    readonly backend: 'tensor_flow.js'
  }
  readonly weightsManifest: ReadonlyArray<{
    readonly paths: ReadonlyArray<string>
    readonly weights: ReadonlyArray<WeightSpec>
  }>
}

/**
 * What `encode` returns: `model.json`'s object and the bytes of the weights file it names.
 *
 * @category model
 * @since 0.2.0
 */
export interface LayersModel {
  readonly modelJson: ModelJson
  readonly weightData: Uint8Array
}

/**
 * Options of `encode`: the model's name (default `tensorial`) and the weights file's name in the manifest
 * (default `weights.bin`, relative to `model.json`).
 *
 * @category model
 * @since 0.2.0
 */
export interface EncodeOptions {
  readonly name?: string
  readonly weightsPath?: string
}

const KERAS_ACTIVATION: Record<ActivationSpec['name'], string | undefined> = {
  identity: 'linear',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'relu',
  softmax: 'softmax',
  leakyRelu: undefined,
  elu: 'elu',
}

// -------------------------------------------------------------------------------------
// writing
// -------------------------------------------------------------------------------------

/**
 * A TensorFlow.js layers model of a network and its Θ: `modelJson` (write it as `model.json`) and
 * `weightData` (write it beside, as `weightsPath`). A layer other than dense, batch norm, dropout, conv2d,
 * maxPool2d or avgPool2d is an `UnsupportedLayer`.
 *
 * @example
 * const { modelJson, weightData } = orThrow(Tfjs.encode(net, theta))
 * // in a tfjs app:
 * // tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology,
 * //   weightSpecs: modelJson.weightsManifest[0].weights, weightData: weightData.buffer }))
 * @category encoding
 * @since 0.2.0
 */
export const encode = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'Tfjs.encode', Ls, T>,
  options: EncodeOptions = {},
): E.Either<UnsupportedLayer | InvalidConfig, LayersModel> => {
  for (const k of ['name', 'weightsPath'] as const) {
    const v = options[k]
    if (v !== undefined && (typeof v !== 'string' || v.length === 0))
      return E.left(invalidConfig(k, v, 'a non-empty string'))
  }
  const u = unsupportedLayer(net, 'TensorFlow.js', [
    'dense',
    'batchNorm',
    'dropout',
    'conv2d',
    'maxPool2d',
    'avgPool2d',
  ])
  if (u !== undefined) return E.left(u)
  const ps = theta as ReadonlyArray<ParamSet>
  const layers: Array<KerasLayer> = []
  const weights: Array<WeightSpec> = []
  const chunks: Array<Uint8Array> = []
  const store = (name: string, t: Tensor<Shape>): void => {
    weights.push({ name, shape: Array.from(t.shape), dtype: 'float32' })
    chunks.push(leBytes(t.data, 4))
  }
  // The image the Keras tensor holds as [H, W, C] (between image layers), or undefined for rows [In].
  let image: ImageGeometry['out'] | undefined
  const toRows = (i: number): void => {
    if (image === undefined) return
    layers.push({
      class_name: 'Flatten',
      config: { name: `flatten_${i}`, trainable: true, data_format: 'channels_last' },
    })
    image = undefined
  }
  const activation = (a: ActivationSpec, i: number): void => {
    // Dense and Conv2D take every activation but leaky ReLU, and ELU only with α = 1 (see the module doc)
    if (a.name === 'leakyRelu' || (a.name === 'elu' && a.alpha !== 1))
      layers.push({
        class_name: 'LeakyReLU',
        config: { name: `leaky_re_lu_${i + 1}`, trainable: true, alpha: a.alpha },
      })
  }
  net.layers.forEach((l: AnyLayer, i) => {
    const first = i === 0 ? { batch_input_shape: [null, net.inputs] } : {}
    const g = imageGeometry(l)
    if (g !== undefined) {
      if (image === undefined || image.join() !== g.image.join()) {
        layers.push({
          class_name: 'Reshape',
          config: { name: `reshape_${i + 1}`, trainable: true, ...first, dtype: 'float32', target_shape: g.image },
        })
      }
      image = g.out
      const a = l.activation.spec as ActivationSpec
      const window = { strides: [g.sh, g.sw], data_format: 'channels_last' }
      if (g.kind === 'conv2d') {
        const name = `conv2d_${i + 1}`
        // Keras's softmax is over the channels; the layer's is over the whole row: it follows a Flatten
        const act = a.name === 'softmax' ? 'linear' : (KERAS_ACTIVATION[a.name] ?? 'linear')
        layers.push({
          class_name: 'Conv2D',
          config: {
            name,
            trainable: true,
            dtype: 'float32',
            filters: g.out[2],
            kernel_size: [g.kh, g.kw],
            ...window,
            padding: l.spec.padding,
            dilation_rate: [1, 1],
            activation: act,
            use_bias: true,
          },
        })
        const p = ps[i] as ParamSet
        store(`${name}/kernel`, p.K as Tensor<Shape>)
        store(`${name}/bias`, p.b as Tensor<Shape>)
        if (a.name === 'softmax') {
          toRows(i + 1)
          layers.push({
            class_name: 'Activation',
            config: { name: `activation_${i + 1}`, trainable: true, activation: 'softmax' },
          })
        } else activation(a, i)
        return
      }
      layers.push({
        class_name: g.kind === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D',
        config: {
          name: `${g.kind === 'maxPool2d' ? 'max' : 'average'}_pooling2d_${i + 1}`,
          trainable: true,
          dtype: 'float32',
          pool_size: [g.kh, g.kw],
          ...window,
          padding: 'valid',
        },
      })
      return
    }
    toRows(i)
    if (l.kind === 'dropout') {
      layers.push({
        class_name: 'Dropout',
        config: { name: `dropout_${i + 1}`, trainable: true, ...first, dtype: 'float32', rate: l.spec.rate },
      })
      return
    }
    if (l.kind === 'batchNorm') {
      const name = `batch_normalization_${i + 1}`
      // Keras's momentum is PyTorch's 1 − m: moving = moving·momentum + batch·(1 − momentum)
      layers.push({
        class_name: 'BatchNormalization',
        config: {
          name,
          trainable: true,
          ...first,
          dtype: 'float32',
          axis: -1,
          momentum: 1 - (l.spec.momentum as number),
          epsilon: l.spec.epsilon,
          center: true,
          scale: true,
        },
      })
      const p = ps[i] as ParamSet
      for (const [suffix, k] of [
        ['gamma', 'gamma'],
        ['beta', 'beta'],
        ['moving_mean', 'runningMean'],
        ['moving_variance', 'runningVar'],
      ] as const)
        store(`${name}/${suffix}`, p[k] as Tensor<Shape>)
      return
    }
    const a = l.activation.spec as ActivationSpec
    const name = `dense_${i + 1}`
    layers.push({
      class_name: 'Dense',
      config: {
        name,
        trainable: true,
        ...first,
        dtype: 'float32',
        units: l.outputs,
        activation: KERAS_ACTIVATION[a.name] ?? 'linear',
        use_bias: true,
      },
    })
    // ELU with α: tfjs's ELU layer refuses α ≠ 1, but elu_α(z) = leakyRelu_α(elu_1(z)), since elu_1(z) < 0 ⇔ z < 0.
    activation(a, i)
    const p = ps[i] as ParamSet
    for (const [suffix, t] of [
      ['kernel', p.W],
      ['bias', p.b],
    ] as const)
      store(`${name}/${suffix}`, t as Tensor<Shape>)
  })
  toRows(net.layers.length)
  const weightData = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  chunks.reduce((o, c) => {
    weightData.set(c, o)
    return o + c.length
  }, 0)
  return E.right({
    modelJson: {
      format: 'layers-model',
      generatedBy: `tensorial ${LIBRARY_VERSION}`,
      convertedBy: null,
      modelTopology: {
        class_name: 'Sequential',
        config: { name: options.name ?? 'tensorial', layers },
        keras_version: `tensorial ${LIBRARY_VERSION}`,
        backend: 'tensor_flow.js',
      },
      weightsManifest: [{ paths: [options.weightsPath ?? 'weights.bin'], weights }],
    },
    weightData,
  })
}
