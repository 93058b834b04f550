/**
 * Convolution and pooling on channels-last tensors `[B, H, W, C]` (batch, height, width, channels), with
 * output shapes computed at compile time: `conv2d(zeros([32, 28, 28, 1]), zeros([3, 3, 1, 8]))` is a
 * `Tensor<readonly [32, 26, 26, 8]>`, and a kernel, window or stride that does not fit is a compile error in
 * words: `maxPool2d: 13 is not divisible by 2 (the height) in [1, 13, 13, 8], window 2, stride 2`.
 *
 * Each forward op has its backward ops beside it (the gradient with respect to each input, given the upstream
 * gradient `G` of the output), so that a layer can wrap them. Shapes follow TensorFlow/Keras: a kernel is
 * `[KH, KW, C, F]` (`F` filters), 'same' padding gives `⌈H / S⌉` with the padding split as TensorFlow does.
 * Dims known only at run time (`number`) give `number` output dims and are checked when the op runs: a
 * mismatch throws a `ShapeError` naming the op and both shapes, as every op does.
 *
 * @example
 * import { Conv, zeros } from 'tensorial'
 * const x = zeros([2, 28, 28, 1])
 * const y = Conv.maxPool2d(Conv.conv2d(x, zeros([3, 3, 1, 8]), { padding: 'same' }), 2)
 * assert.deepStrictEqual(y.shape, [2, 14, 14, 8])
 * assert.deepStrictEqual(Conv.flatten(y).shape, [2, 1568])
 *
 * @since 0.2.0
 */
import type { LengthOf, OutLength, Padding, Product3, ShowSize, Size2, SizeAt } from './conv-shape.js'
import { ShapeError } from './errors.js'
import { gemm } from '../internal/kernels.js'
import type { Geometry } from '../internal/im2col.js'
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
import { buf, make, makeFresh } from '../internal/make.js'
import type { CheckDim, CheckShape, Shape, Show } from './shape.js'
import { showShape } from './shape.js'
import type { Tensor } from './tensor.js'

export type { LengthOf, MaxStaticDim, OutLength, Padding, Product3, ShowSize, Size2, SizeAt } from './conv-shape.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A rank-4 shape `[B, H, W, C]`: batch, height, width, channels (channels last).
 *
 * @category model
 * @since 0.2.0
 */
export type Shape4 = readonly [number, number, number, number]

/**
 * The options of `conv2d` and its backward ops: `stride` (one number for both axes, or `[SH, SW]`; default 1)
 * and `padding` (default `'valid'`).
 *
 * @category model
 * @since 0.2.0
 */
export interface Conv2dOptions<S extends Size2 = 1, P extends Padding = 'valid'> {
  readonly stride?: S
  readonly padding?: P
}

/**
 * The output shape of `conv2d` on input `X = [B, H, W, C]` and kernel `K = [KH, KW, C, F]`:
 * `[B, out(H, KH), out(W, KW), F]` with `out` as in `OutLength`.
 *
 * @category model
 * @since 0.2.0
 */
export type Conv2dShape<X extends Shape4, K extends Shape4, S extends Size2, P extends Padding> = readonly [
  X[0],
  LengthOf<OutLength<'conv2d', 'height', 'kernel', X[1], K[0], SizeAt<S, 0>, P>>,
  LengthOf<OutLength<'conv2d', 'width', 'kernel', X[2], K[1], SizeAt<S, 1>, P>>,
  K[3],
]

/** The first spatial fault of a conv2d, or `never`: the height, then the width. */
type ConvFault<X extends Shape4, K extends Shape4, S extends Size2, P extends Padding> =
  Msg<OutLength<'conv2d', 'height', 'kernel', X[1], K[0], SizeAt<S, 0>, P>> extends infer M extends string
    ? [M] extends [never]
      ? Msg<OutLength<'conv2d', 'width', 'kernel', X[2], K[1], SizeAt<S, 1>, P>>
      : M
    : never

type Msg<L> = L extends string ? L : never

/**
 * The spatial half of `Conv2dKernel`: `Tensor<K>` when the kernel, stride and padding fit the height and
 * width of `X`, else the message. In a layer body generic in `H` or `W` it cannot be evaluated and is
 * printed as itself, `Conv2dFit<readonly [B, H, H, 1], readonly [3, 3, 1, 8], 1, "valid">`.
 *
 * @category model
 * @since 0.2.0
 */
export type Conv2dFit<X extends Shape4, K extends Shape4, S extends Size2, P extends Padding> = [
  ConvFault<X, K, S, P>,
] extends [never]
  ? Tensor<K>
  : `${ConvFault<X, K, S, P> & string} in ${Show<X>}·${Show<K>}`

/**
 * The checked kernel of `conv2d(x: X, k)`: `Tensor<K>` when it fits, else the message naming the fault and
 * both shapes: `conv2d: input has 3 channels but the kernel expects 1 in [32, 28, 28, 3]·[3, 3, 1, 8]`,
 * `conv2d: kernel 5 is larger than the input 4 (the height) in [1, 4, 4, 1]·[5, 5, 1, 8]`.
 *
 * Why this form: the channel check comes first and compares the kernel's channels with the input's
 * (`CheckDim`), which TypeScript counts as definitely true for identical type parameters, so a layer body
 * generic in its channels (`[B, 28, 28, C]·[3, 3, C, F]`) type-checks. Spatial dims must be literals or
 * `number` for the output shape to be computed; a body generic in `H` is reported as not assignable to
 * `Conv2dKernel<…>` (cast the kernel there, and state the output shape).
 *
 * @category model
 * @since 0.2.0
 */
export type Conv2dKernel<X extends Shape4, K extends Shape4, S extends Size2, P extends Padding> = CheckDim<
  X[3],
  K[2],
  Conv2dFit<X, K, S, P>,
  `conv2d: input has ${X[3]} channels but the kernel expects ${K[2]} in ${Show<X>}·${Show<K>}`
>

/**
 * The checked bias of `addChannelBias(x: X, b)`: `Tensor<[C2]>` when `C2` is the channel count of `X`, else
 * `addChannelBias: bias length 7 != channel count 8 in [32, 26, 26, 8] + [7]`.
 *
 * @category model
 * @since 0.2.0
 */
export type ChannelBias<X extends Shape4, C2 extends number> = CheckDim<
  X[3],
  C2,
  Tensor<readonly [C2]>,
  `addChannelBias: bias length ${C2} != channel count ${X[3]} in ${Show<X>} + ${Show<readonly [C2]>}`
>

/**
 * The checked weights of `denseHWC(x: X, w)`: `Tensor<[H2, W2, C2, O]>` when `[H2, W2, C2]` is `X`'s
 * `[H, W, C]`, else `denseHWC: weights [13, 12, 8, 10] take inputs [13, 12, 8], but the input is
 * [32, 13, 13, 8]`.
 *
 * @category model
 * @since 0.2.0
 */
export type DenseHWCWeights<X extends Shape4, Wt extends Shape4> = CheckShape<
  readonly [X[1], X[2], X[3]],
  readonly [Wt[0], Wt[1], Wt[2]],
  Tensor<Wt>,
  `denseHWC: weights ${Show<Wt>} take inputs ${Show<readonly [Wt[0], Wt[1], Wt[2]]>}, but the input is ${Show<X>}`
>

/**
 * The output shape of a pooling window `Z × Z` with stride `S` (no padding) on `[B, H, W, C]`.
 *
 * @category model
 * @since 0.2.0
 */
export type Pool2dShape<Op extends string, X extends Shape4, Z extends Size2, S extends Size2> = readonly [
  X[0],
  LengthOf<OutLength<Op, 'height', 'window', X[1], SizeAt<Z, 0>, SizeAt<S, 0>, 'valid'>>,
  LengthOf<OutLength<Op, 'width', 'window', X[2], SizeAt<Z, 1>, SizeAt<S, 1>, 'valid'>>,
  X[3],
]

/**
 * The checked window size of a pooling op: `Z` when the window and stride fit `X`, else the message
 * `maxPool2d: 13 is not divisible by 2 (the height) in [1, 13, 13, 8], window 2, stride 2`.
 *
 * @category model
 * @since 0.2.0
 */
export type PoolSize<Op extends string, X extends Shape4, Z extends Size2, S extends Size2> = [
  PoolFault<Op, X, Z, S>,
] extends [never]
  ? Z
  : `${PoolFault<Op, X, Z, S> & string} in ${Show<X>}, window ${ShowSize<Z>}, stride ${ShowSize<S>}`

type PoolFault<Op extends string, X extends Shape4, Z extends Size2, S extends Size2> =
  Msg<OutLength<Op, 'height', 'window', X[1], SizeAt<Z, 0>, SizeAt<S, 0>, 'valid'>> extends infer M extends string
    ? [M] extends [never]
      ? Msg<OutLength<Op, 'width', 'window', X[2], SizeAt<Z, 1>, SizeAt<S, 1>, 'valid'>>
      : M
    : never

/**
 * The checked input of `flatten`: `Tensor<X>` when `H·W·C` can be computed (every dim within
 * `MaxStaticDim`), else a message.
 *
 * @category model
 * @since 0.2.0
 */
export type FlattenInput<X extends Shape4> =
  Product3<'flatten', X[1], X[2], X[3]> extends infer N ? (N extends string ? `${N} in ${Show<X>}` : Tensor<X>) : never

/**
 * The shape `[B, H·W·C]` of a flattened `[B, H, W, C]`.
 *
 * @category model
 * @since 0.2.0
 */
export type FlatShape<X extends Shape4> = readonly [X[0], LengthOf<Product3<'flatten', X[1], X[2], X[3]>>]

// -------------------------------------------------------------------------------------
// internal checks
// -------------------------------------------------------------------------------------

const rank4 = (op: string, t: Tensor<Shape>, what: string, shapes: ReadonlyArray<Shape>): void => {
  if (t.shape.length !== 4)
    throw new ShapeError(op, `the ${what} must be a rank-4 tensor, got rank ${t.shape.length}`, shapes)
}

const dims = (t: Tensor<Shape>): readonly [number, number, number, number] =>
  t.shape as unknown as readonly [number, number, number, number]

/** The geometry of `conv2d(x, k, options)`, or a thrown `ShapeError` naming the fault and both shapes. */
const convGeometry = (
  op: string,
  x: Tensor<Shape>,
  k: Tensor<Shape>,
  options: Conv2dOptions<Size2, Padding> | undefined,
): Geometry & { readonly f: number } => {
  const shapes = [x.shape, k.shape]
  rank4(op, x, 'input', shapes)
  rank4(op, k, 'kernel', shapes)
  const [b, h, w, c] = dims(x)
  const [kh, kw, c2, f] = dims(k)
  if (c !== c2) throw new ShapeError(op, `input has ${c} channels but the kernel expects ${c2}`, shapes)
  const stride = options?.stride ?? 1
  const s = sizePair(stride)
  if (s === undefined)
    throw new ShapeError(
      op,
      `the stride must be ${Array.isArray(stride) ? 'a pair [height, width] of positive integers' : 'a positive integer'}, got ${showSize(stride)}`,
      shapes,
    )
  const [sh, sw] = s
  const padding = options?.padding ?? 'valid'
  if (padding !== 'valid' && padding !== 'same')
    throw new ShapeError(op, `padding must be 'valid' or 'same', got ${String(padding)}`, shapes)
  const ah = axis(h, kh, sh, padding, 'height', 'kernel')
  if (typeof ah === 'string') throw new ShapeError(op, ah, shapes)
  const aw = axis(w, kw, sw, padding, 'width', 'kernel')
  if (typeof aw === 'string') throw new ShapeError(op, aw, shapes)
  return { b, h, w, c, kh, kw, sh, sw, oh: ah.out, ow: aw.out, pt: ah.before, pl: aw.before, f }
}

/** A kernel, window or stride size as `[height, width]`, or the reason it is not one. */
const sizePair = (u: unknown): readonly [number, number] | undefined => {
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1
  if (Array.isArray(u)) return u.length === 2 && ok(u[0]) && ok(u[1]) ? [u[0], u[1]] : undefined
  return ok(u) ? [u, u] : undefined
}

const showSize = (u: unknown): string => (Array.isArray(u) ? `[${u.join(', ')}]` : String(u))

const poolGeometry = (op: string, x: Tensor<Shape>, size: unknown, stride: unknown): Geometry => {
  rank4(op, x, 'input', [x.shape])
  const [b, h, w, c] = dims(x)
  const z = sizePair(size)
  if (z === undefined)
    throw new ShapeError(
      op,
      `the window must be ${Array.isArray(size) ? 'a pair [height, width] of positive integers' : 'a positive integer'}, got ${showSize(size)}`,
      [x.shape],
    )
  const s = stride === undefined ? z : sizePair(stride)
  if (s === undefined)
    throw new ShapeError(
      op,
      `the stride must be ${Array.isArray(stride) ? 'a pair [height, width] of positive integers' : 'a positive integer'}, got ${showSize(stride)}`,
      [x.shape],
    )
  const at = (n: number, k: number, st: number, name: string): number => {
    const a = axis(n, k, st, 'valid', name, 'window')
    if (typeof a === 'string')
      throw new ShapeError(op, `${a}, window ${showSize(size)}, stride ${showSize(stride ?? size)}`, [x.shape])
    return a.out
  }
  const [zh, zw] = z
  const [sh, sw] = s
  return { b, h, w, c, kh: zh, kw: zw, sh, sw, oh: at(h, zh, sh, 'height'), ow: at(w, zw, sw, 'width'), pt: 0, pl: 0 }
}

const expectShape = (op: string, what: string, got: Shape, want: Shape, shapes: ReadonlyArray<Shape>): void => {
  if (got.length !== want.length || got.some((d, i) => d !== want[i]))
    throw new ShapeError(op, `${what} ${showShape(got)} != ${showShape(want)}`, shapes)
}

// -------------------------------------------------------------------------------------
// convolution
// -------------------------------------------------------------------------------------

/**
 * 2-D convolution (cross-correlation, as in every deep-learning library): `[B, H, W, C] ⋆ [KH, KW, C, F] →
 * [B, H', W', F]`,
 * `Y[b, i, j, f] = Σ_{p,q,c} X[b, i·S + p − Pt, j·S + q − Pl, c] · K[p, q, c, f]` (`X` is 0 outside), with
 * `H' = (H − KH) / S + 1` for `'valid'` (it must be an integer) and `H' = ⌈H / S⌉` for `'same'`.
 * Computed as im2col and one matrix product per chunk of examples. Derivatives: `conv2dBackwardInput`
 * (`∂/∂X`) and `conv2dBackwardKernel` (`∂/∂K`). Add a bias per filter with `addChannelBias`.
 *
 * @example
 * import { Conv, zeros } from 'tensorial'
 * const y = Conv.conv2d(zeros([1, 28, 28, 1]), zeros([5, 5, 1, 4]), { stride: 2, padding: 'same' })
 * assert.deepStrictEqual(y.shape, [1, 14, 14, 4])
 *
 * @category ops
 * @since 0.2.0
 */
export const conv2d = <
  B extends number,
  H extends number,
  W extends number,
  C extends number,
  KH extends number,
  KW extends number,
  C2 extends number,
  F extends number,
  const S extends Size2 = 1,
  P extends Padding = 'valid',
>(
  x: Tensor<readonly [B, H, W, C]>,
  k: Conv2dKernel<readonly [B, H, W, C], readonly [KH, KW, C2, F], S, P>,
  options?: Conv2dOptions<S, P>,
): Tensor<
  readonly [
    B,
    LengthOf<OutLength<'conv2d', 'height', 'kernel', H, KH, SizeAt<S, 0>, P>>,
    LengthOf<OutLength<'conv2d', 'width', 'kernel', W, KW, SizeAt<S, 1>, P>>,
    F,
  ]
> => {
  const kernel = k as unknown as Tensor<Shape>
  const g = convGeometry('conv2d', x, kernel, options)
  const out = new Float64Array(g.b * g.oh * g.ow * g.f)
  convForward(g, g.f, buf(x), buf(kernel), out)
  return makeFresh([g.b, g.oh, g.ow, g.f] as const, out) as never
}

/**
 * The call signature shared by the two gradients of {@link conv2d}: `(x, k, g, options?)` with `g` the upstream
 * gradient of the output, of the shape `conv2d(x, k, options)` has, returning the gradient with respect to the
 * input (`'input'`: `X`'s shape) or to the kernel (`'kernel'`: `K`'s shape).
 *
 * @category ops
 * @since 0.2.0
 */
export interface Conv2dBackwardOp<Wrt extends 'input' | 'kernel'> {
  <
    B extends number,
    H extends number,
    W extends number,
    C extends number,
    KH extends number,
    KW extends number,
    C2 extends number,
    F extends number,
    const S extends Size2 = 1,
    P extends Padding = 'valid',
  >(
    x: Tensor<readonly [B, H, W, C]>,
    k: Conv2dKernel<readonly [B, H, W, C], readonly [KH, KW, C2, F], S, P>,
    g: Tensor<NoInfer<Conv2dShape<readonly [B, H, W, C], readonly [KH, KW, C2, F], S, P>>>,
    options?: Conv2dOptions<S, P>,
  ): { readonly input: Tensor<readonly [B, H, W, C]>; readonly kernel: Tensor<readonly [KH, KW, C2, F]> }[Wrt]
}

/** A conv gradient op: the geometry, `g`'s shape checked against the output's, then `run`. */
const convBackOp =
  (
    op: string,
    run: (geo: ReturnType<typeof convGeometry>, x: Tensor<Shape>, k: Tensor<Shape>, g: Tensor<Shape>) => Tensor<Shape>,
  ) =>
  (x: Tensor<Shape>, k: Tensor<Shape>, g: Tensor<Shape>, options?: Conv2dOptions<Size2, Padding>): Tensor<Shape> => {
    const geo = convGeometry(op, x, k, options)
    expectShape(op, 'gradient shape', g.shape, [geo.b, geo.oh, geo.ow, geo.f], [x.shape, k.shape, g.shape])
    return run(geo, x, k, g)
  }

/**
 * The gradient of `conv2d(x, k, options)` with respect to its input, given the upstream gradient `G` of the
 * output: `∂C/∂X[b, y, x, c] = Σ_{i,j,p,q,f} G[b, i, j, f] · K[p, q, c, f]` over `i·S + p − Pt = y`,
 * `j·S + q − Pl = x` (a transposed convolution; col2im of `G·Kᵀ`). `x` gives the input shape.
 *
 * @category ops
 * @since 0.2.0
 */
export const conv2dBackwardInput: Conv2dBackwardOp<'input'> = convBackOp('conv2dBackwardInput', (geo, x, k, g) => {
  const dx = new Float64Array(geo.b * geo.h * geo.w * geo.c)
  convBackwardInput(geo, geo.f, buf(g), buf(k), dx)
  return make(x.shape, dx)
}) as never

/**
 * The gradient of `conv2d(x, k, options)` with respect to its kernel, given the upstream gradient `G`:
 * `∂C/∂K[p, q, c, f] = Σ_{b,i,j} X[b, i·S + p − Pt, j·S + q − Pl, c] · G[b, i, j, f]` (`colsᵀ·G`).
 *
 * @category ops
 * @since 0.2.0
 */
export const conv2dBackwardKernel: Conv2dBackwardOp<'kernel'> = convBackOp('conv2dBackwardKernel', (geo, x, k, g) => {
  const dk = new Float64Array(geo.kh * geo.kw * geo.c * geo.f)
  convBackwardKernel(geo, geo.f, buf(x), buf(g), dk)
  return make(k.shape, dk)
}) as never

/**
 * A bias per channel, `Y[b, i, j, c] = X[b, i, j, c] + β[c]`: `[B, H, W, C] + [C]`. Derivatives: `∂/∂X = G`,
 * `∂/∂β = Σ_{b,i,j} G[b, i, j, ·]` (`channelSums`).
 *
 * @category ops
 * @since 0.2.0
 */
export const addChannelBias = <
  B extends number,
  H extends number,
  W extends number,
  C extends number,
  C2 extends number,
>(
  x: Tensor<readonly [B, H, W, C]>,
  bias: ChannelBias<readonly [B, H, W, C], C2>,
): Tensor<readonly [B, H, W, C]> => {
  const b = bias as unknown as Tensor<Shape>
  rank4('addChannelBias', x, 'input', [x.shape, b.shape])
  const c = x.shape[3]
  if (b.shape.length !== 1 || b.shape[0] !== c)
    throw new ShapeError('addChannelBias', `bias shape ${showShape(b.shape)} != [${c}]`, [x.shape, b.shape])
  const xs = buf(x)
  const out = new Float64Array(xs.length)
  addBias(xs, buf(b), c, out)
  return make(x.shape, out)
}

/**
 * Sums over batch, height and width, `s[c] = Σ_{b,i,j} X[b, i, j, c]`: `[B, H, W, C] → [C]`, the gradient of
 * a channel bias. Derivative: `∂s[c]/∂X[b, i, j, c] = 1`.
 *
 * @category ops
 * @since 0.2.0
 */
export const channelSums = <B extends number, H extends number, W extends number, C extends number>(
  x: Tensor<readonly [B, H, W, C]>,
): Tensor<readonly [C]> => {
  rank4('channelSums', x, 'input', [x.shape])
  const c = x.shape[3]
  const out = new Float64Array(c)
  sumChannels(buf(x), c, out)
  return makeFresh([c] as const, out)
}

// -------------------------------------------------------------------------------------
// pooling
// -------------------------------------------------------------------------------------

/**
 * The signature of the pooling ops `maxPool2d` and `avgPool2d`: `op(x, size, stride?)` on `[B, H, W, C]`, with
 * `size` and `stride` each one number for both axes or `[height, width]` (`stride` defaults to `size`), no
 * padding, and the output `[B, (H − ZH)/SH + 1, (W − ZW)/SW + 1, C]` computed at compile time (each division
 * must be exact; a window that does not fit is the message of {@link PoolSize}).
 *
 * @category model
 * @since 0.2.0
 */
export interface Pool2dOp<Op extends 'maxPool2d' | 'avgPool2d'> {
  <
    B extends number,
    H extends number,
    W extends number,
    C extends number,
    const Z extends Size2,
    const S extends Size2 = Z,
  >(
    x: Tensor<readonly [B, H, W, C]>,
    size: PoolSize<Op, readonly [B, H, W, C], Z, S>,
    stride?: S,
  ): Tensor<
    readonly [
      B,
      LengthOf<OutLength<Op, 'height', 'window', H, SizeAt<Z, 0>, SizeAt<S, 0>, 'valid'>>,
      LengthOf<OutLength<Op, 'width', 'window', W, SizeAt<Z, 1>, SizeAt<S, 1>, 'valid'>>,
      C,
    ]
  >
}

/**
 * The signature of the pooling gradients `maxPool2dBackward` and `avgPool2dBackward`: `back(x, g, size,
 * stride?)` is `∂C/∂X`, shaped as `x`, from the upstream gradient `g` of `op(x, size, stride)`.
 *
 * @category model
 * @since 0.2.0
 */
export interface Pool2dBackwardOp<Op extends 'maxPool2d' | 'avgPool2d'> {
  <
    B extends number,
    H extends number,
    W extends number,
    C extends number,
    const Z extends Size2,
    const S extends Size2 = Z,
  >(
    x: Tensor<readonly [B, H, W, C]>,
    g: Tensor<NoInfer<Pool2dShape<Op, readonly [B, H, W, C], Z, S>>>,
    size: PoolSize<Op, readonly [B, H, W, C], Z, S>,
    stride?: S,
  ): Tensor<readonly [B, H, W, C]>
}

type PoolKernel = (g: Geometry, x: Float64Array, out: Float64Array) => void
type PoolBackKernel = (g: Geometry, x: Float64Array, dy: Float64Array, dx: Float64Array) => void

const poolOp =
  (op: string, kernel: PoolKernel) =>
  (x: Tensor<Shape>, size: unknown, stride: unknown): Tensor<Shape> => {
    const g = poolGeometry(op, x, size, stride)
    const out = new Float64Array(g.b * g.oh * g.ow * g.c)
    kernel(g, buf(x), out)
    return makeFresh([g.b, g.oh, g.ow, g.c] as const, out)
  }

const poolBackOp =
  (op: string, kernel: PoolBackKernel) =>
  (x: Tensor<Shape>, g: Tensor<Shape>, size: unknown, stride: unknown): Tensor<Shape> => {
    const geo = poolGeometry(op, x, size, stride)
    expectShape(op, 'gradient shape', g.shape, [geo.b, geo.oh, geo.ow, geo.c], [x.shape, g.shape])
    const dx = new Float64Array(geo.b * geo.h * geo.w * geo.c)
    kernel(geo, buf(x), buf(g), dx)
    return make(x.shape, dx)
  }

/**
 * Max pooling over `ZH × ZW` windows (`size`: a number for both or `[ZH, ZW]`) with stride `stride` (default
 * `size`), no padding: `Y[b, i, j, c] = max_{p < ZH, q < ZW} X[b, i·SH + p, j·SW + q, c]`,
 * `[B, H, W, C] → [B, (H − ZH)/SH + 1, (W − ZW)/SW + 1, C]` (each division must be exact). Derivative:
 * `maxPool2dBackward`, the upstream gradient routed to each window's maximum.
 *
 * @category ops
 * @since 0.2.0
 */
export const maxPool2d: Pool2dOp<'maxPool2d'> = poolOp('maxPool2d', maxPoolForward) as never

/**
 * The gradient of `maxPool2d(x, size, stride)` with respect to `x`: each upstream entry `G[b, i, j, c]` goes
 * to the input entry that was the maximum of its window (the first in row-major window order on ties),
 * `∂C/∂X = Σ_windows G · 1[X = max]`; every other entry gets 0.
 *
 * @category ops
 * @since 0.2.0
 */
export const maxPool2dBackward: Pool2dBackwardOp<'maxPool2d'> = poolBackOp(
  'maxPool2dBackward',
  maxPoolBackward,
) as never

/**
 * Average pooling over `ZH × ZW` windows with stride `stride` (default `size`), no padding:
 * `Y[b, i, j, c] = (1/(ZH·ZW)) Σ_{p < ZH, q < ZW} X[b, i·SH + p, j·SW + q, c]`. Derivative: `avgPool2dBackward`,
 * each upstream entry spread evenly over its window.
 *
 * @category ops
 * @since 0.2.0
 */
export const avgPool2d: Pool2dOp<'avgPool2d'> = poolOp('avgPool2d', avgPoolForward) as never

/**
 * The gradient of `avgPool2d(x, size, stride)` with respect to `x`: `∂C/∂X[b, y, x, c] = Σ G[b, i, j, c] /
 * (ZH·ZW)` over the windows `(i, j)` that contain `(y, x)`. `x` gives the input shape.
 *
 * @category ops
 * @since 0.2.0
 */
export const avgPool2dBackward: Pool2dBackwardOp<'avgPool2d'> = poolBackOp('avgPool2dBackward', (g, _x, dy, dx) =>
  avgPoolBackward(g, dy, dx),
) as never

// -------------------------------------------------------------------------------------
// to dense
// -------------------------------------------------------------------------------------

/**
 * `[B, H, W, C] → [B, H·W·C]`, the same entries in the same (row-major) order; the width `H·W·C` is computed
 * at compile time. Its derivative is the reshape back, `flattenBackward`.
 *
 * @category ops
 * @since 0.2.0
 */
export const flatten = <B extends number, H extends number, W extends number, C extends number>(
  x: FlattenInput<readonly [B, H, W, C]>,
): Tensor<readonly [B, LengthOf<Product3<'flatten', H, W, C>>]> => {
  const t = x as unknown as Tensor<Shape>
  rank4('flatten', t, 'input', [t.shape])
  const [b, h, w, c] = dims(t)
  return makeFresh([b, h * w * c] as const, buf(t)) as never
}

/**
 * The gradient of `flatten(x)`: the upstream `[B, H·W·C]` gradient reshaped to `x`'s shape.
 *
 * @category ops
 * @since 0.2.0
 */
export const flattenBackward = <B extends number, H extends number, W extends number, C extends number>(
  x: FlattenInput<readonly [B, H, W, C]>,
  g: Tensor<NoInfer<FlatShape<readonly [B, H, W, C]>>>,
): Tensor<readonly [B, H, W, C]> => {
  const t = x as unknown as Tensor<readonly [B, H, W, C]>
  rank4('flattenBackward', t, 'input', [t.shape, g.shape])
  const [b, h, w, c] = dims(t)
  expectShape('flattenBackward', 'gradient shape', g.shape, [b, h * w * c], [t.shape, g.shape])
  return make(t.shape, buf(g))
}

/**
 * A dense map straight from `[B, H, W, C]`, with weights `[H, W, C, O]`: `Y[b, o] = Σ_{i,j,c} X[b, i, j, c] ·
 * Wt[i, j, c, o]`, the same as `matmul(flatten(x), Wt reshaped to [H·W·C, O])` but with no type-level
 * multiplication: the weights' first three dims are compared with the input's. Derivatives:
 * `denseHWCBackward` gives `∂/∂X = G·Wtᵀ` and `∂/∂Wt = Xᵀ·G`, reshaped.
 *
 * @category ops
 * @since 0.2.0
 */
export const denseHWC = <
  B extends number,
  H extends number,
  W extends number,
  C extends number,
  H2 extends number,
  W2 extends number,
  C2 extends number,
  O extends number,
>(
  x: Tensor<readonly [B, H, W, C]>,
  w: DenseHWCWeights<readonly [B, H, W, C], readonly [H2, W2, C2, O]>,
): Tensor<readonly [B, O]> => {
  const wt = w as unknown as Tensor<Shape>
  const { b, n, o } = denseGeometry('denseHWC', x, wt)
  const out = new Float64Array(b * o)
  gemm(false, false, b, o, n, buf(x), buf(wt), out, false)
  return makeFresh([b, o] as const, out) as never
}

const denseGeometry = (op: string, x: Tensor<Shape>, w: Tensor<Shape>): { b: number; n: number; o: number } => {
  rank4(op, x, 'input', [x.shape, w.shape])
  rank4(op, w, 'weight tensor', [x.shape, w.shape])
  const [b, h, wd, c] = dims(x)
  const [h2, w2, c2, o] = dims(w)
  if (h !== h2 || wd !== w2 || c !== c2)
    throw new ShapeError(op, `the weights take inputs ${showShape([h2, w2, c2])}, not ${showShape([h, wd, c])}`, [
      x.shape,
      w.shape,
    ])
  return { b, n: h * wd * c, o }
}

/**
 * The gradients of `denseHWC(x, w)` given the upstream gradient `G: [B, O]`: `dx = G·Wtᵀ` (shape of `x`) and
 * `dw = Xᵀ·G` (shape of `w`), with `X` and `Wt` read as `[B, H·W·C]` and `[H·W·C, O]`.
 *
 * @category ops
 * @since 0.2.0
 */
export const denseHWCBackward = <
  B extends number,
  H extends number,
  W extends number,
  C extends number,
  O extends number,
>(
  x: Tensor<readonly [B, H, W, C]>,
  w: Tensor<readonly [NoInfer<H>, NoInfer<W>, NoInfer<C>, O]>,
  g: Tensor<readonly [NoInfer<B>, NoInfer<O>]>,
): { readonly dx: Tensor<readonly [B, H, W, C]>; readonly dw: Tensor<readonly [H, W, C, O]> } => {
  const { b, n, o } = denseGeometry('denseHWCBackward', x, w)
  expectShape('denseHWCBackward', 'gradient shape', g.shape, [b, o], [x.shape, w.shape, g.shape])
  const dx = new Float64Array(b * n)
  const dw = new Float64Array(n * o)
  gemm(false, true, b, n, o, buf(g), buf(w), dx, false)
  gemm(true, false, n, o, b, buf(x), buf(g), dw, false)
  return { dx: make(x.shape, dx), dw: make(w.shape as unknown as readonly [H, W, C, O], dw) }
}
