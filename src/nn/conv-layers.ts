/**
 * Convolution and pooling as network layers. Features stay flat: a batch is `X: [B, H·W·C]`, each row an
 * image in channels-last row-major order (exactly the layout of `Conv.flatten`), and a conv layer views it as
 * `[B, H, W, C]` without copying, so training, backprop, gradients and model files treat it like any layer.
 * The spatial shape travels in the pipeline type: `inputImage([28, 28, 1])` is a network with
 * `image: [28, 28, 1]`, each `conv2d`/`maxPool2d`/`avgPool2d` step computes the next image at compile time,
 * and `flattenImage` drops it:
 *
 * `pipe(inputImage([28, 28, 1]), conv2d({ filters: 8, kernel: 3 }), maxPool2d(2), flattenImage, dense(10, softmax))`.
 *
 * A kernel, window or stride that does not fit is a compile error in words
 * (`maxPool2d: 13 is not divisible by 2 (the height) in [13, 13, 8], window 2, stride 2`), and a conv or pool
 * step after `flatten` is rejected with `conv2d: the network's output is not an image; …`.
 *
 * Conv2d: `Z = conv2d(X, K) + b` with `K: [KH, KW, C, F]`, `b: [F]`, `A = σ(Z)` (ReLU by default); backward
 * `∂C/∂K = conv2dBackwardKernel(X, Δ)`, `∂C/∂b = Σ_{b,i,j} Δ`, `∂C/∂X = conv2dBackwardInput(K, Δ)`.
 * Pooling: `Z = maxPool2d(X)` or `avgPool2d(X)` (no parameters, identity activation), `∂C/∂X` routes `Δ` to
 * each window's maximum or spreads it evenly.
 *
 * @since 0.2.0
 */
import type { Activation } from './activation.js'
import { identity, relu } from './activation.js'
import type { LengthOf, OutLength, Padding, Product3, ShowSize, Size2, SizeAt } from '../core/conv-shape.js'
import { ShapeError } from '../core/errors.js'
import type { Initializer } from './init.js'
import { constant, he, xavierNormal } from './init.js'
import {
  addBias,
  avgPoolBackward,
  avgPoolForward,
  axis,
  convBackwardInput,
  convBackwardKernel,
  convForward,
  maxPoolBackward,
  maxPoolForward,
  sumChannels,
} from '../internal/im2col.js'
import { buf, make } from '../internal/make.js'
import type { AnyLayer, Layer, LayerGradients } from './layer.js'
import type { AnyNetwork, Network } from './network.js'
import type { Rng } from '../core/random.js'
import type { Shape } from '../core/shape.js'
import type { Matrix, Tensor, Vector } from '../core/tensor.js'
import type { NoParams } from './dropout.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The shape `[H, W, C]` of one image: height, width, channels (channels last).
 *
 * @category model
 * @since 0.2.0
 */
export type ImageShape = readonly [number, number, number]

/**
 * A network whose output rows are images of shape `Im` (flattened channels-last, `Out = H·W·C`): what
 * `inputImage`, `conv2d`, `maxPool2d` and `avgPool2d` return, and what `flatten` turns back into a plain network.
 *
 * @category model
 * @since 0.2.0
 */
export type ImageNetwork<
  Ls extends ReadonlyArray<AnyLayer>,
  In extends number,
  Out extends number,
  Im extends ImageShape,
> = Network<Ls, In, Out> & { readonly image: Im }

/**
 * The parameters of a conv layer: the kernel `K: [KH, KW, C, F]` and a bias per filter `b: [F]`.
 *
 * @category model
 * @since 0.2.0
 */
export type Conv2dParams<KH extends number, KW extends number, C extends number, F extends number> = {
  readonly K: Tensor<readonly [KH, KW, C, F]>
  readonly b: Vector<F>
}

/**
 * A conv layer from `In = H·W·C` to `Out = H'·W'·F` features with a `KH × KW` kernel on `C` channels and `F`
 * filters.
 *
 * @category model
 * @since 0.2.0
 */
export interface Conv2d<
  In extends number,
  Out extends number,
  KH extends number,
  KW extends number,
  C extends number,
  F extends number,
> extends Layer<In, Out, Conv2dParams<KH, KW, C, F>> {
  readonly kind: 'conv2d'
  /** The input image `[H, W, C]`. */
  readonly image: ImageShape
  /** The output image `[H', W', F]`. */
  readonly outputImage: ImageShape
  /** The stride (the height's, when the two axes have different strides: see `strides`). */
  readonly stride: number
  /** The kernel's height and width `[KH, KW]` (also the first two dims of `shapes.K`). */
  readonly kernelSize: readonly [number, number]
  /** The strides along the height and the width `[SH, SW]`. */
  readonly strides: readonly [number, number]
  readonly padding: Padding
}

/**
 * A pooling layer (`maxPool2d` or `avgPool2d`) from `In = H·W·C` to `Out = H'·W'·C` features, without
 * parameters.
 *
 * @category model
 * @since 0.2.0
 */
export interface Pool2d<In extends number, Out extends number> extends Layer<In, Out, NoParams> {
  readonly kind: 'maxPool2d' | 'avgPool2d'
  /** The input image `[H, W, C]`. */
  readonly image: ImageShape
  /** The output image `[H', W', C]`. */
  readonly outputImage: ImageShape
  /** The window size (the height's, when the window is not square: see `windowSize`). */
  readonly size: number
  /** The stride (the height's, when the two axes have different strides: see `strides`). */
  readonly stride: number
  /** The window's height and width `[ZH, ZW]`. */
  readonly windowSize: readonly [number, number]
  /** The strides along the height and the width `[SH, SW]`. */
  readonly strides: readonly [number, number]
}

/**
 * The options of a conv layer: `filters` `F`, a square `kernel` size, `stride` (default 1), `padding`
 * (default `'valid'`), `activation` (default ReLU), and the initialisers of `K` (default He for the ReLU
 * family with `fanIn = KH·KW·C`, Xavier otherwise) and `b` (default the constant 0.01, as for dense).
 *
 * @category model
 * @since 0.2.0
 */
export interface Conv2dLayerOptions<
  F extends number,
  K extends Size2,
  S extends Size2 = 1,
  P extends Padding = 'valid',
> {
  readonly filters: F
  readonly kernel: K
  readonly stride?: S
  readonly padding?: P
  readonly activation?: Activation
  readonly weights?: Initializer
  readonly bias?: Initializer
}

// -------------------------------------------------------------------------------------
// shape rules (types)
// -------------------------------------------------------------------------------------

type Len<
  Op extends string,
  Axis extends 'height' | 'width',
  H extends number,
  K extends Size2,
  S extends Size2,
  P extends Padding,
> = LenOf<Op, Axis, H, SizeAt<K, AxisIndex<Axis>>, SizeAt<S, AxisIndex<Axis>>, P>

type AxisIndex<Axis extends 'height' | 'width'> = Axis extends 'height' ? 0 : 1

type LenOf<
  Op extends string,
  Axis extends string,
  H extends number,
  K extends number,
  S extends number,
  P extends Padding,
> = 0 extends 1 & (H | K | S) ? number : OutLength<Op, Axis, Win<Op>, H, K, S, P>

type Win<Op extends string> = Op extends 'conv2d' ? 'kernel' : 'window'

type Msg<L> = L extends string ? L : never

/** The first fault of a window `K`, stride `S` on `[H, W, ·]`, or `never`. */
type Fault<Op extends string, H extends number, W extends number, K extends Size2, S extends Size2, P extends Padding> =
  Msg<Len<Op, 'height', H, K, S, P>> extends infer M extends string
    ? [M] extends [never]
      ? Msg<Len<Op, 'width', W, K, S, P>>
      : M
    : never

/**
 * The output image of a conv layer on `[H, W, C]`: `[H', W', F]`, each axis with its own kernel size and
 * stride when `K` or `S` is a pair `[height, width]`.
 *
 * @category model
 * @since 0.2.0
 */
export type Conv2dImage<
  Im extends ImageShape,
  F extends number,
  K extends Size2,
  S extends Size2,
  P extends Padding,
> = readonly [LengthOf<Len<'conv2d', 'height', Im[0], K, S, P>>, LengthOf<Len<'conv2d', 'width', Im[1], K, S, P>>, F]

/**
 * The output image of a pooling layer with window `Z` and stride `S` on `[H, W, C]`: `[H', W', C]`.
 *
 * @category model
 * @since 0.2.0
 */
export type Pool2dImage<Op extends string, Im extends ImageShape, Z extends Size2, S extends Size2> = readonly [
  LengthOf<Len<Op, 'height', Im[0], Z, S, 'valid'>>,
  LengthOf<Len<Op, 'width', Im[1], Z, S, 'valid'>>,
  Im[2],
]

/**
 * The flat width `H·W·C` of an image.
 *
 * @category model
 * @since 0.2.0
 */
export type ImageWidth<Im extends ImageShape> = true extends IsUnion<Im[0]> | IsUnion<Im[1]> | IsUnion<Im[2]>
  ? number
  : LengthOf<Product3<'image', Im[0], Im[1], Im[2]>>

/** Whether `T` is a union (a dim that is one of several literals: its product is not computed). */
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never

/**
 * The checked argument of a conv or pooling step or layer: `X` when the network's output (or the declared
 * input) is an image that window `K` and stride `S` fit, else the message naming the fault, the image and
 * the window: `conv2d: kernel 5 is larger than the input 4 (the height) in [4, 4, 1], kernel 5, stride 1`,
 * or, after `flatten`, `conv2d: the network's output is not an image; …`.
 *
 * @category model
 * @since 0.2.0
 */
export type WindowFits<Op extends string, Im, K extends Size2, S extends Size2, P extends Padding, X> = [Im] extends [
  readonly [infer H extends number, infer W extends number, number],
]
  ? [Fault<Op, H, W, K, S, P>] extends [never]
    ? X
    : `${Fault<Op, H, W, K, S, P>} in ${ShowImage<Im>}, ${Op extends 'conv2d' ? 'kernel' : 'window'} ${ShowSize<K>}, stride ${ShowSize<S>}`
  : `${Op}: the network's output is not an image; start it with inputImage([H, W, C]) and put ${Op} before flattenImage`

type ShowImage<Im> = Im extends readonly [infer H extends number, infer W extends number, infer C extends number]
  ? `[${H}, ${W}, ${C}]`
  : 'an image'

type ImageArg<N> = [N] extends [{ readonly image: infer Im extends ImageShape }] ? Im : 'none'

// -------------------------------------------------------------------------------------
// run-time checks
// -------------------------------------------------------------------------------------

const positiveInt = (op: string, what: string, n: unknown): number => {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw new ShapeError(op, `${what} must be a positive integer, got ${String(n)}`, [])
  return n
}

/** A kernel, window or stride size as `[height, width]`: a positive integer for both, or a pair of them. */
const sizePair = (op: string, what: string, n: unknown): readonly [number, number] => {
  if (Array.isArray(n)) {
    if (n.length !== 2)
      throw new ShapeError(op, `${what} must be a positive integer or [height, width], got [${n.join(', ')}]`, [])
    return [positiveInt(op, `${what} (the height)`, n[0]), positiveInt(op, `${what} (the width)`, n[1])]
  }
  const k = positiveInt(op, what, n)
  return [k, k]
}

const checkImage = (op: string, image: unknown): readonly [number, number, number] => {
  if (!Array.isArray(image) || image.length !== 3)
    throw new ShapeError(op, `the image shape must be [H, W, C], got ${String(image)}`, [])
  return [
    positiveInt(op, 'the height', image[0]),
    positiveInt(op, 'the width', image[1]),
    positiveInt(op, 'the channel count', image[2]),
  ]
}

/** One spatial output length at run time, as `OutLength` computes it at compile time. */
const outLength = (
  op: string,
  axis: string,
  h: number,
  k: number,
  s: number,
  p: Padding,
  image: ImageShape,
): number => {
  if (p === 'same') return Math.ceil(h / s)
  const win = op === 'conv2d' ? 'kernel' : 'window'
  if (k > h)
    throw new ShapeError(op, `${win} ${k} is larger than the input ${h} (the ${axis}) in [${image.join(', ')}]`, [])
  if ((h - k) % s !== 0)
    throw new ShapeError(
      op,
      `${h} − ${k} = ${h - k} is not divisible by the stride ${s} (the ${axis}) in [${image.join(', ')}]`,
      [],
    )
  return (h - k) / s + 1
}

/** The batch size of `x: [B, n]`, or a `ShapeError` when its rows are not `n` wide. */
const rows = (op: string, x: Tensor<Shape>, n: number): number => {
  if (x.shape.length !== 2 || x.shape[1] !== n)
    throw new ShapeError(op, `the rows must be ${n} wide (the flattened image), got shape [${x.shape.join(', ')}]`, [
      x.shape,
    ])
  return x.shape[0] as number
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * A conv layer on images of shape `image = [H, W, C]`, for `sequential` or `layer`:
 * `conv2dLayer([28, 28, 1], { filters: 8, kernel: 3 })` is a `Conv2d<784, 5408, 3, 3, 1, 8>`. A kernel or
 * stride that does not fit is a compile error naming it (see {@link WindowFits}); at run time an invalid
 * option throws a `ShapeError`. Forward `Z = conv2d(X, K) + b` on the rows of `X: [B, H·W·C]` viewed as
 * `[B, H, W, C]`; backward `∂C/∂K = conv2dBackwardKernel`, `∂C/∂b = channelSums(Δ)`,
 * `∂C/∂X = conv2dBackwardInput` (see the module doc).
 *
 * @category layers
 * @since 0.2.0
 */
export const conv2dLayer = <
  const Im extends ImageShape,
  F extends number,
  const K extends Size2,
  const S extends Size2 = 1,
  P extends Padding = 'valid',
>(
  image: WindowFits<'conv2d', Im, K, S, P, Im>,
  options: Conv2dLayerOptions<F, K, S, P>,
): Conv2d<ImageWidth<Im>, ImageWidth<Conv2dImage<Im, F, K, S, P>>, SizeAt<K, 0>, SizeAt<K, 1>, Im[2], F> => {
  const [h, w, c] = checkImage('conv2dLayer', image)
  const f = positiveInt('conv2dLayer', 'filters', options.filters)
  const [kh, kw] = sizePair('conv2dLayer', 'kernel', options.kernel)
  const [sh, sw] = sizePair('conv2dLayer', 'stride', options.stride ?? 1)
  const padding: Padding = options.padding ?? 'valid'
  if (padding !== 'valid' && padding !== 'same')
    throw new ShapeError('conv2dLayer', `padding must be 'valid' or 'same', got ${String(padding)}`, [])
  const im = [h, w, c] as const
  const oh = outLength('conv2d', 'height', h, kh, sh, padding, im)
  const ow = outLength('conv2d', 'width', w, kw, sw, padding, im)
  const out = [oh, ow, f] as const
  const activation = options.activation ?? relu
  const name = activation.spec.name
  const weights = options.weights ?? (name === 'relu' || name === 'leakyRelu' || name === 'elu' ? he : xavierNormal)
  const bias = options.bias ?? constant(0.01)
  const kShape = [kh, kw, c, f] as const
  const pad = (n: number, k: number, s: number): number => {
    const a = axis(n, k, s, padding, 'height', 'kernel')
    return typeof a === 'string' ? 0 : a.before
  }
  // The geometry of Conv.conv2d on [B, h, w, c]·[kh, kw, c, f], less the batch: the layer calls the same
  // kernels as the op (so its results are the op's, bit for bit), without re-checking and re-allocating.
  const geo = { h, w, c, kh, kw, sh, sw, oh, ow, pt: pad(h, kh, sh), pl: pad(w, kw, sw) }
  const fan = kh * kw
  type Params = Conv2dParams<number, number, number, number>
  const layer: Conv2d<number, number, number, number, number, number> = {
    kind: 'conv2d',
    inputs: h * w * c,
    outputs: oh * ow * f,
    activation,
    image: im,
    outputImage: out,
    stride: sh,
    kernelSize: [kh, kw],
    strides: [sh, sw],
    padding,
    shapes: { K: kShape, b: [f] as const },
    regularized: ['K'],
    spec: {
      kind: 'conv2d',
      inputs: h * w * c,
      outputs: oh * ow * f,
      activation: activation.spec,
      image: im,
      filters: f,
      kernel: kh === kw ? kh : [kh, kw],
      stride: sh === sw ? sh : [sh, sw],
      padding,
      weights: weights.spec,
      bias: bias.spec,
    },
    init: (rng: Rng) => {
      const [kd, r1] = weights.draw(fan * c, fan * f, fan * c * f)(rng)
      const [bd, r2] = bias.draw(fan * c, fan * f, f)(r1)
      return [{ K: make(kShape, kd), b: make([f] as const, bd) }, r2]
    },
    forward: <B extends number>(p: Params, x: Matrix<B, number>): Matrix<B, number> => {
      const b = rows('conv2d', x, h * w * c)
      const z = new Float64Array(b * oh * ow * f)
      convForward({ b, ...geo }, f, buf(x), buf(p.K), z)
      addBias(z, buf(p.b), f, z)
      return make([b, oh * ow * f] as const, z) as unknown as Matrix<B, number>
    },
    backward: <B extends number>(
      p: Params,
      x: Matrix<B, number>,
      delta: Matrix<B, number>,
    ): LayerGradients<B, number, Params> => {
      const b = rows('conv2d', x, h * w * c)
      rows('conv2d', delta, oh * ow * f)
      const g = { b, ...geo }
      const dK = new Float64Array(fan * c * f)
      convBackwardKernel(g, f, buf(x), buf(delta), dK)
      const db = new Float64Array(f)
      sumChannels(buf(delta), f, db)
      return {
        grads: { K: make(kShape, dK) as Params['K'], b: make([f] as const, db) },
        dx: () => {
          const dx = new Float64Array(b * h * w * c)
          convBackwardInput(g, f, buf(delta), buf(p.K), dx)
          return make([b, h * w * c] as const, dx) as unknown as Matrix<B, number>
        },
      }
    },
  }
  return layer as never
}

const poolLayer = (
  op: 'maxPool2d' | 'avgPool2d',
  image: unknown,
  size: unknown,
  stride: unknown,
): Pool2d<number, number> => {
  const name = `${op}Layer`
  const [h, w, c] = checkImage(name, image)
  const [zh, zw] = sizePair(name, 'the window size', size)
  const [sh, sw] = sizePair(name, 'the stride', stride ?? size)
  const im = [h, w, c] as const
  const oh = outLength(op, 'height', h, zh, sh, 'valid', im)
  const ow = outLength(op, 'width', w, zw, sw, 'valid', im)
  const out = [oh, ow, c] as const
  // The geometry of Conv.maxPool2d / avgPool2d less the batch: the layer calls the op's kernels directly.
  const geo = { h, w, c, kh: zh, kw: zw, sh, sw, oh, ow, pt: 0, pl: 0 }
  const max = op === 'maxPool2d'
  return {
    kind: op,
    inputs: h * w * c,
    outputs: oh * ow * c,
    activation: identity,
    image: im,
    outputImage: out,
    size: zh,
    stride: sh,
    windowSize: [zh, zw],
    strides: [sh, sw],
    shapes: {},
    regularized: [],
    spec: {
      kind: op,
      inputs: h * w * c,
      outputs: oh * ow * c,
      activation: identity.spec,
      image: im,
      size: zh === zw ? zh : [zh, zw],
      stride: sh === sw ? sh : [sh, sw],
    },
    init: (rng) => [{}, rng],
    forward: (_p, x) => {
      const b = rows(op, x, h * w * c)
      const y = new Float64Array(b * oh * ow * c)
      if (max) maxPoolForward({ b, ...geo }, buf(x), y)
      else avgPoolForward({ b, ...geo }, buf(x), y)
      return make([b, oh * ow * c] as const, y) as never
    },
    backward: (_p, x, delta) => ({
      grads: {},
      dx: () => {
        const b = rows(op, x, h * w * c)
        rows(op, delta, oh * ow * c)
        const dx = new Float64Array(b * h * w * c)
        if (max) maxPoolBackward({ b, ...geo }, buf(x), buf(delta), dx)
        else avgPoolBackward({ b, ...geo }, buf(delta), dx)
        return make([b, h * w * c] as const, dx) as never
      },
    }),
  }
}

/**
 * A max-pooling layer with a `size × size` window and `stride` (default `size`) on images `[H, W, C]`:
 * `maxPool2dLayer([26, 26, 8], 2)` is a `Pool2d<5408, 1352>`. `Z[b, i, j, c] = max` of the window;
 * `∂C/∂X` routes each `Δ` entry to its window's maximum (the first, on ties). A window that does not fit is a
 * compile error in words (`maxPool2d: 13 is not divisible by 2 (the height) in [13, 13, 8], window 2, stride 2`).
 *
 * @category layers
 * @since 0.2.0
 */
export const maxPool2dLayer = <const Im extends ImageShape, const Z extends Size2, const S extends Size2 = Z>(
  image: WindowFits<'maxPool2d', Im, Z, S, 'valid', Im>,
  size: Z,
  stride?: S,
): Pool2d<ImageWidth<Im>, ImageWidth<Pool2dImage<'maxPool2d', Im, Z, S>>> =>
  poolLayer('maxPool2d', image, size, stride) as never

/**
 * An average-pooling layer with a `size × size` window and `stride` (default `size`) on images `[H, W, C]`:
 * `Z[b, i, j, c] = (1/size²) Σ` over the window; `∂C/∂X` spreads each `Δ` entry evenly over its window.
 *
 * @category layers
 * @since 0.2.0
 */
export const avgPool2dLayer = <const Im extends ImageShape, const Z extends Size2, const S extends Size2 = Z>(
  image: WindowFits<'avgPool2d', Im, Z, S, 'valid', Im>,
  size: Z,
  stride?: S,
): Pool2d<ImageWidth<Im>, ImageWidth<Pool2dImage<'avgPool2d', Im, Z, S>>> =>
  poolLayer('avgPool2d', image, size, stride) as never

// -------------------------------------------------------------------------------------
// pipeline steps
// -------------------------------------------------------------------------------------

/**
 * The start of a CNN pipeline: a network with no layers whose input rows are images `[H, W, C]`, flattened
 * channels-last (`H·W·C` features): `inputImage([28, 28, 1])`.
 *
 * @category network
 * @since 0.2.0
 */
export const inputImage = <const Im extends ImageShape>(
  image: Im,
): ImageNetwork<readonly [], ImageWidth<Im>, ImageWidth<Im>, Im> => {
  const [h, w, c] = checkImage('inputImage', image)
  const n = h * w * c
  return { inputs: n, outputs: n, layers: [] as const, image: [h, w, c] } as never
}

const appendImage = (
  net: AnyNetwork,
  l: Conv2d<number, number, number, number, number, number> | Pool2d<number, number>,
): unknown => {
  if (l.inputs !== net.outputs)
    throw new ShapeError(
      'layer',
      `layer ${net.layers.length + 1}: input ${l.inputs} != previous output ${net.outputs}`,
      [],
    )
  return { inputs: net.inputs, outputs: l.outputs, layers: [...net.layers, l], image: l.outputImage }
}

const imageOf = (op: string, net: AnyNetwork): ImageShape => {
  const im = (net as { readonly image?: ImageShape }).image
  if (im === undefined) throw new ShapeError(op, "the network's output is not an image; start it with inputImage", [])
  return im
}

/** The network after a conv step. */
type ConvResult<N, F extends number, K extends Size2, S extends Size2, P extends Padding> = [N] extends [
  ImageNetwork<infer Ls, infer In, infer PO, infer Im>,
]
  ? readonly [
      LengthOf<Len<'conv2d', 'height', Im[0], K, S, P>>,
      LengthOf<Len<'conv2d', 'width', Im[1], K, S, P>>,
      F,
    ] extends infer Om extends ImageShape
    ? ImageWidth<Om> extends infer O extends number
      ? ImageNetwork<readonly [...Ls, Conv2d<PO, O, SizeAt<K, 0>, SizeAt<K, 1>, Im[2], F>], In, O, Om>
      : never
    : never
  : never

/** The network after a pooling step. */
type PoolResult<Op extends string, N, Z extends Size2, S extends Size2> = [N] extends [
  ImageNetwork<infer Ls, infer In, infer PO, infer Im>,
]
  ? readonly [
      LengthOf<Len<Op, 'height', Im[0], Z, S, 'valid'>>,
      LengthOf<Len<Op, 'width', Im[1], Z, S, 'valid'>>,
      Im[2],
    ] extends infer Om extends ImageShape
    ? ImageWidth<Om> extends infer O extends number
      ? ImageNetwork<readonly [...Ls, Pool2d<PO, O>], In, O, Om>
      : never
    : never
  : never

/** What `flatten` takes: any network (layers compared by shape only, which keeps the check cheap). */
type FlatNetwork = { readonly inputs: number; readonly outputs: number; readonly layers: ReadonlyArray<unknown> }

type LayersOf<N> = [N] extends [Network<infer Ls, number, number>] ? Ls : never
type InOf<N> = [N] extends [Network<ReadonlyArray<AnyLayer>, infer I, number>] ? I : never
type NetOut<N> = [N] extends [Network<ReadonlyArray<AnyLayer>, number, infer O>] ? O : never

/**
 * The pipeline step `conv2d(options)`: appends a conv layer to an image network whose image the kernel fits.
 * A named type, so that a rejected step in a `pipe` shows its options and the image it was given on the first
 * line of the error.
 *
 * @category network
 * @since 0.2.0
 */
export interface Conv2dStep<F extends number, K extends Size2, S extends Size2, P extends Padding> {
  <N extends FlatNetwork>(net: WindowFits<'conv2d', ImageArg<N>, K, S, P, N>): ConvResult<N, F, K, S, P>
}

/**
 * A pipeline step appending a conv layer over the network's current image:
 * `pipe(inputImage([28, 28, 1]), conv2d({ filters: 8, kernel: 3 }))` has `image: [26, 26, 8]` and 5408
 * outputs. See {@link conv2dLayer} for the layer.
 *
 * @category network
 * @since 0.2.0
 */
export const conv2d = <F extends number, const K extends Size2, const S extends Size2 = 1, P extends Padding = 'valid'>(
  options: Conv2dLayerOptions<F, K, S, P>,
): Conv2dStep<F, K, S, P> =>
  ((net: AnyNetwork) =>
    appendImage(net, conv2dLayer(imageOf('conv2d', net) as never, options as never) as never)) as never

/**
 * The pipeline step `maxPool2d(size, stride)` or `avgPool2d(size, stride)`.
 *
 * @category network
 * @since 0.2.0
 */
export interface Pool2dStep<Op extends 'maxPool2d' | 'avgPool2d', Z extends Size2, S extends Size2> {
  <N extends FlatNetwork>(net: WindowFits<Op, ImageArg<N>, Z, S, 'valid', N>): PoolResult<Op, N, Z, S>
}

/**
 * A pipeline step appending max pooling with a `size × size` window and `stride` (default `size`) over the
 * network's current image: after `conv2d` to `[26, 26, 8]`, `maxPool2d(2)` gives `[13, 13, 8]`.
 *
 * @category network
 * @since 0.2.0
 */
export const maxPool2d = <const Z extends Size2, const S extends Size2 = Z>(
  size: Z,
  stride?: S,
): Pool2dStep<'maxPool2d', Z, S> =>
  ((net: AnyNetwork) => appendImage(net, poolLayer('maxPool2d', imageOf('maxPool2d', net), size, stride))) as never

/**
 * A pipeline step appending average pooling with a `size × size` window and `stride` (default `size`).
 *
 * @category network
 * @since 0.2.0
 */
export const avgPool2d = <const Z extends Size2, const S extends Size2 = Z>(
  size: Z,
  stride?: S,
): Pool2dStep<'avgPool2d', Z, S> =>
  ((net: AnyNetwork) => appendImage(net, poolLayer('avgPool2d', imageOf('avgPool2d', net), size, stride))) as never

/**
 * The pipeline step ending the image part of a network: the same layers and widths, without the image, so
 * `dense` follows (`…, maxPool2d(2), flatten, dense(10, softmax)`) and a later `conv2d` is rejected. No layer:
 * the rows already are the flattened images.
 *
 * @category network
 * @since 0.2.0
 */
export const flattenImage = <N extends FlatNetwork>(net: N): Network<LayersOf<N>, InOf<N>, NetOut<N>> =>
  ({ inputs: net.inputs, outputs: net.outputs, layers: net.layers }) as never
