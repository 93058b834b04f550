/**
 * ONNX models: export a network and its Θ (dense, batch-norm, dropout, conv and pooling layers) for
 * onnxruntime (and every other ONNX runtime), read them back, and read the weights of an MLP exported elsewhere
 * (PyTorch's `torch.onnx.export` of an `nn.Sequential`) into a typed network.
 *
 * The exported graph (opset 13, IR version 7) has one input `[batch, In]` and one output `[batch, Out]`, the
 * batch dim symbolic. Each dense layer `l` is a `Gemm` (`Z = X·W + b`, `transB = 0`, since `W` is already
 * `[In, Out]`) with initializers `layers.{l}.W` and `layers.{l}.b`, followed by its activation: `Sigmoid`,
 * `Tanh`, `Relu`, `LeakyRelu` (α), `Elu` (α), `Softmax` (last axis) or nothing for identity. Float32 by default;
 * in float64 the α activations are written with `Greater`/`Where` (ONNX `LeakyRelu`/`Elu` keep α as a float32
 * attribute, and onnxruntime has no float64 kernel for them), so the graph computes what `predict` computes.
 * The producer is `tensorial`, and `metadata_props` holds the architecture (`tensorial.architecture`, JSON).
 *
 * The graph is the network in inference mode: a batch-norm layer is a `BatchNormalization` node (`scale = γ`,
 * `B = β`, `mean`/`var` the running statistics, `epsilon` as a float32 attribute), a dropout layer a `Dropout`
 * node without `training_mode`, which is the identity (its `ratio` kept as an initializer). Only inference is
 * exported: no training graph, optimizer or gradients (ONNX Runtime's training artifacts are a separate format).
 *
 * Conv and pooling layers see the rows `[B, H·W·C]` as channels-last images. In float32 the rows become
 * `[B, C, H, W]` (`Reshape` to `[B, H, W, C]`, `Transpose`) before the first image layer and go back after the
 * last (consecutive image layers stay NCHW): a conv layer is a `Conv` with `W = K` permuted to `[F, C, KH, KW]`,
 * `B = b`, `strides`, explicit `pads` `[top, left, bottom, right]` ('same' splits as TensorFlow does, `⌊pad/2⌋`
 * before) and its activation (softmax, over the whole row, after the way back to rows); a pooling layer a
 * `MaxPool` or `AveragePool` (no padding). onnxruntime has no float64 `Conv` or `AveragePool`, so in float64 an
 * image layer works on the rows: `Pad` one zero column for 'same', `Gather` the patches with im2col indices,
 * then `MatMul` by `K` as `[KH·KW·C, F]` and `Add` `b`, or `ReduceMax` / `ReduceMean` over each window, and
 * `Reshape` to rows `[B, H'·W'·F]`.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'

import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig } from '../core/errors.js'
import type { Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'
import type { ImageGeometry, ImageKind } from '../internal/interop.js'
import {
  architecture,
  firstNonDense,
  fromLeBytes,
  imageGeometry,
  LIBRARY_VERSION,
  leBytes,
  transposed,
} from '../internal/interop.js'
import { make } from '../internal/make.js'
import type { Field } from '../internal/protobuf.js'
import { fields, float32, repeatedInts, repeatedReals, utf8, WireError, Writer } from '../internal/protobuf.js'
import type { ActivationSpec } from '../nn/activation.js'
import type { AnyLayer, ParamSet } from '../nn/layer.js'
import type { AnyNetwork, Network, Theta, ThetaFor } from '../nn/network.js'
import { DecodeError } from './codec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A layer an interchange format cannot express (a custom layer kind): `layer` is 1-based.
 *
 * @category errors
 * @since 0.2.0
 */
export interface UnsupportedLayer {
  readonly _tag: 'UnsupportedLayer'
  /** The layer's position, counted from 1. */
  readonly layer: number
  /** Its kind, e.g. `gain`. */
  readonly kind: string
  /** The format that cannot express it, e.g. `ONNX`. */
  readonly format: string
  readonly message: string
}

/**
 * The `UnsupportedLayer` error of the first layer of `net` that a format cannot express, if any.
 *
 * @category errors
 * @since 0.2.0
 */
export const unsupportedLayer = (
  net: AnyNetwork,
  format: string,
  kinds: ReadonlyArray<'dense' | 'batchNorm' | 'dropout' | 'conv2d' | 'maxPool2d' | 'avgPool2d'> = ['dense'],
): UnsupportedLayer | undefined => {
  const i = net.layers.findIndex((l: AnyLayer) => !kinds.some((k) => isKind(l, k)))
  if (i < 0) return undefined
  const kind = (net.layers[i] as AnyLayer).kind
  const names =
    kinds.length === 1 ? 'dense layers' : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]} layers`
  return {
    _tag: 'UnsupportedLayer',
    layer: i + 1,
    kind,
    format,
    message: `layer ${i + 1} ("${kind}"): ${format} has no mapping for this layer kind (only ${names} can be exported)`,
  }
}

/** Whether `l` is a built-in layer of kind `k` with that kind's parameters (a user layer may reuse the name). */
const isKind = (l: AnyLayer, k: 'dense' | 'batchNorm' | 'dropout' | ImageKind): boolean => {
  if (k === 'conv2d' || k === 'maxPool2d' || k === 'avgPool2d') return l.kind === k && imageGeometry(l) !== undefined
  const keys = Object.keys(l.shapes as object)
    .sort()
    .join()
  if (k === 'dense') return firstNonDense({ inputs: l.inputs, outputs: l.outputs, layers: [l] }) < 0
  if (l.kind !== k || l.activation.spec.name !== 'identity' || l.inputs !== l.outputs) return false
  return k === 'dropout'
    ? keys === '' && typeof l.spec.rate === 'number'
    : keys === 'beta,gamma,runningMean,runningVar' && typeof l.spec.epsilon === 'number'
}

/** The layer kinds ONNX export and import handle. */
const ONNX_KINDS = ['dense', 'batchNorm', 'dropout', 'conv2d', 'maxPool2d', 'avgPool2d'] as const

/**
 * Options of `encode`: the element type (default `float32`), the names of the graph's input and output
 * (default `input`, `output`), of the symbolic batch dim (default `batch`) and of the graph (default
 * `tensorial`).
 *
 * @category model
 * @since 0.2.0
 */
export interface EncodeOptions {
  readonly dtype?: 'float32' | 'float64'
  readonly inputName?: string
  readonly outputName?: string
  readonly batchName?: string
  readonly graphName?: string
}

/**
 * The opset this library writes (the `ai.onnx` domain).
 *
 * @category model
 * @since 0.2.0
 */
export const OPSET = 13

const IR_VERSION = 7
const FLOAT = 1
const DOUBLE = 11
const INT64 = 7
const ATTR_FLOAT = 1
const ATTR_INT = 2
const ATTR_INTS = 7

// -------------------------------------------------------------------------------------
// writing
// -------------------------------------------------------------------------------------

interface Node {
  readonly op: string
  readonly name: string
  readonly inputs: ReadonlyArray<string>
  readonly output: string
  readonly attrs?: ReadonlyArray<{
    readonly name: string
    readonly float?: number
    readonly int?: number
    readonly ints?: ReadonlyArray<number>
  }>
}

interface Init {
  readonly name: string
  readonly dims: ReadonlyArray<number>
  readonly data: ArrayLike<number>
  /** An INT64 tensor (a `Reshape` shape) rather than the model's float type. */
  readonly int64?: boolean
}

/** Int64 values as little-endian bytes. */
const int64Bytes = (values: ArrayLike<number>): Uint8Array => {
  const out = new Uint8Array(values.length * 8)
  const dv = new DataView(out.buffer)
  for (let i = 0; i < values.length; i++) dv.setBigInt64(i * 8, BigInt(values[i] as number), true)
  return out
}

/** `K: [KH, KW, C, F]` (channels last, as conv2d holds it) as ONNX's `W: [F, C, KH, KW]`. */
const kernelToOnnx = (k: ArrayLike<number>, kh: number, kw: number, c: number, f: number): Float64Array => {
  const out = new Float64Array(kh * kw * c * f)
  for (let p = 0; p < kh; p++)
    for (let q = 0; q < kw; q++)
      for (let ch = 0; ch < c; ch++)
        for (let o = 0; o < f; o++) out[((o * c + ch) * kh + p) * kw + q] = k[((p * kw + q) * c + ch) * f + o] as number
  return out
}

/** ONNX's `W: [F, C, KH, KW]` as `K: [KH, KW, C, F]`. */
const kernelFromOnnx = (w: ArrayLike<number>, kh: number, kw: number, c: number, f: number): Float64Array => {
  const out = new Float64Array(kh * kw * c * f)
  for (let p = 0; p < kh; p++)
    for (let q = 0; q < kw; q++)
      for (let ch = 0; ch < c; ch++)
        for (let o = 0; o < f; o++) out[((p * kw + q) * c + ch) * f + o] = w[((o * c + ch) * kh + p) * kw + q] as number
  return out
}

/**
 * The im2col indices of a conv or pooling layer into its input rows `[B, H·W·C]` padded with one zero column
 * (index `H·W·C`): for a conv `[H'·W', KH·KW·C]` (output position, then kernel row, column and channel, as `K`
 * is laid out), for a pool `[H'·W', Z·Z, C]`. A `Gather` on axis 1 with them gives the patches.
 */
const im2colIndices = (g: ImageGeometry): { readonly dims: ReadonlyArray<number>; readonly data: Int32Array } => {
  const [h, w, c] = g.image
  const [oh, ow] = g.out
  const pad = h * w * c
  const data = new Int32Array(oh * ow * g.kh * g.kw * c)
  let n = 0
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      for (let p = 0; p < g.kh; p++)
        for (let q = 0; q < g.kw; q++) {
          const r = i * g.sh + p - g.pads[0]
          const col = j * g.sw + q - g.pads[1]
          const inside = r >= 0 && r < h && col >= 0 && col < w
          for (let ch = 0; ch < c; ch++) data[n++] = inside ? (r * w + col) * c + ch : pad
        }
  return { dims: g.kind === 'conv2d' ? [oh * ow, g.kh * g.kw * c] : [oh * ow, g.kh * g.kw, c], data }
}

/**
 * A conv or pooling layer in float64 (onnxruntime has no float64 `Conv` or `AveragePool` kernel), on rows:
 * `Pad` one zero column (for 'same' padding), `Gather` the patches, then `MatMul` by `K` as `[KH·KW·C, F]` (its
 * own row-major data) and `Add` `b`, or `ReduceMax` / `ReduceMean` over the window; `Reshape` back to rows
 * `[B, H'·W'·F]`. No transposes: the patches are channels-last, as the rows are.
 */
const gatherNodes = (
  g: ImageGeometry,
  p: ParamSet,
  l: number,
  cur: string,
  z: string,
): { nodes: Array<Node>; inits: Array<Init> } => {
  const c = g.image[2]
  const [oh, ow, f] = g.out
  const q = `layers.${l}`
  const nodes: Array<Node> = []
  const inits: Array<Init> = []
  const padded = g.pads.some((x) => x > 0)
  if (padded) {
    nodes.push({ op: 'Pad', name: `${q}.Pad`, inputs: [cur, `${q}.pads`], output: `${q}.padded` })
    inits.push({ name: `${q}.pads`, dims: [4], data: [0, 0, 0, 1], int64: true })
  }
  const idx = im2colIndices(g)
  inits.push({ name: `${q}.indices`, dims: idx.dims, data: idx.data, int64: true })
  nodes.push({
    op: 'Gather',
    name: `${q}.Gather`,
    inputs: [padded ? `${q}.padded` : cur, `${q}.indices`],
    output: `${q}.patches`,
    attrs: [{ name: 'axis', int: 1 }],
  })
  if (g.kind === 'conv2d') {
    inits.push(
      { name: `${q}.K`, dims: [g.kh * g.kw * c, f], data: (p.K as Tensor<Shape>).data },
      { name: `${q}.b`, dims: [f], data: (p.b as Tensor<Shape>).data },
    )
    nodes.push(
      { op: 'MatMul', name: `${q}.MatMul`, inputs: [`${q}.patches`, `${q}.K`], output: `${q}.xk` },
      { op: 'Add', name: `${q}.Add`, inputs: [`${q}.xk`, `${q}.b`], output: `${q}.image` },
    )
  } else {
    const op = g.kind === 'maxPool2d' ? 'ReduceMax' : 'ReduceMean'
    nodes.push({
      op,
      name: `${q}.${op}`,
      inputs: [`${q}.patches`],
      output: `${q}.image`,
      attrs: [
        { name: 'axes', ints: [2] },
        { name: 'keepdims', int: 0 },
      ],
    })
  }
  nodes.push({ op: 'Reshape', name: `${q}.Reshape`, inputs: [`${q}.image`, `${q}.shape`], output: z })
  inits.push({ name: `${q}.shape`, dims: [2], data: [0, oh * ow * f], int64: true })
  return { nodes, inits }
}

/** The permutations between the rows' channels-last images `[B, H, W, C]` and ONNX's `[B, C, H, W]`. */
const TO_NCHW = [0, 3, 1, 2]
const TO_NHWC = [0, 2, 3, 1]

const checkName = (field: string, v: unknown): InvalidConfig | undefined =>
  typeof v === 'string' && v.length > 0 ? undefined : invalidConfig(field, v, 'a non-empty string')

const checkOptions = (o: EncodeOptions): InvalidConfig | undefined => {
  if (o.dtype !== undefined && o.dtype !== 'float32' && o.dtype !== 'float64')
    return invalidConfig('dtype', o.dtype, '"float32" or "float64"')
  for (const k of ['inputName', 'outputName', 'batchName', 'graphName'] as const) {
    const e = o[k] === undefined ? undefined : checkName(k, o[k])
    if (e !== undefined) return e
  }
  if ((o.inputName ?? 'input') === (o.outputName ?? 'output'))
    return invalidConfig('outputName', o.outputName ?? 'output', 'a name other than the input name')
  return undefined
}

/** The nodes and initializers of activation `a` from tensor `z` to tensor `out`, for layer `l`. */
const activationNodes = (
  a: ActivationSpec,
  l: number,
  z: string,
  out: string,
  f64: boolean,
): { nodes: Array<Node>; inits: Array<Init> } => {
  const p = `layers.${l}`
  const one = (op: string, attrs?: Node['attrs']): { nodes: Array<Node>; inits: Array<Init> } => ({
    nodes: [{ op, name: `${p}.${op}`, inputs: [z], output: out, ...(attrs === undefined ? {} : { attrs }) }],
    inits: [],
  })
  switch (a.name) {
    case 'identity':
      return { nodes: [], inits: [] }
    case 'sigmoid':
      return one('Sigmoid')
    case 'tanh':
      return one('Tanh')
    case 'relu':
      return one('Relu')
    case 'softmax':
      return one('Softmax', [{ name: 'axis', int: -1 }])
    case 'leakyRelu':
    case 'elu': {
      if (!f64) return one(a.name === 'elu' ? 'Elu' : 'LeakyRelu', [{ name: 'alpha', float: a.alpha }])
      // σ(z) = z where z > 0, else αz (leaky ReLU) or α(eᶻ − 1) (ELU): `predict`'s formula, in float64.
      const neg: Array<Node> =
        a.name === 'leakyRelu'
          ? [{ op: 'Mul', name: `${p}.Mul`, inputs: [z, `${p}.alpha`], output: `${p}.neg` }]
          : [
              { op: 'Exp', name: `${p}.Exp`, inputs: [z], output: `${p}.exp` },
              { op: 'Sub', name: `${p}.Sub`, inputs: [`${p}.exp`, `${p}.one`], output: `${p}.expm1` },
              { op: 'Mul', name: `${p}.Mul`, inputs: [`${p}.expm1`, `${p}.alpha`], output: `${p}.neg` },
            ]
      return {
        nodes: [
          { op: 'Greater', name: `${p}.Greater`, inputs: [z, `${p}.zero`], output: `${p}.positive` },
          ...neg,
          { op: 'Where', name: `${p}.Where`, inputs: [`${p}.positive`, z, `${p}.neg`], output: out },
        ],
        inits: [
          { name: `${p}.zero`, dims: [], data: [0] },
          { name: `${p}.alpha`, dims: [], data: [a.alpha] },
          ...(a.name === 'elu' ? [{ name: `${p}.one`, dims: [], data: [1] }] : []),
        ],
      }
    }
  }
}

const writeValueInfo = (w: Writer, field: number, name: string, elem: number, dims: ReadonlyArray<number | string>) =>
  w.message(field, (v) => {
    v.string(1, name)
    v.message(2, (t) =>
      t.message(1, (tt) => {
        tt.int(1, elem)
        tt.message(2, (s) => {
          for (const d of dims) s.message(1, (dim) => (typeof d === 'string' ? dim.string(2, d) : dim.int(1, d)))
        })
      }),
    )
  })

/**
 * The ONNX model of a network and its Θ, as bytes (a serialized `ModelProto`), in inference mode (see the
 * module doc for each layer kind's nodes). A layer other than dense, batch norm, dropout, conv2d, maxPool2d or
 * avgPool2d is a `Left` naming it (`layer 2 ("gain"): ONNX has no mapping for this layer kind …`); an option out
 * of range is an `InvalidConfig`.
 *
 * @example
 * const bytes = Onnx.encode(net, theta)            // Right(Uint8Array), float32
 * const f64 = Onnx.encode(net, theta, { dtype: 'float64' })
 * @category encoding
 * @since 0.2.0
 */
export const encode = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'Onnx.encode', Ls, T>,
  options: EncodeOptions = {},
): E.Either<UnsupportedLayer | InvalidConfig, Uint8Array> => {
  const bad = checkOptions(options)
  if (bad !== undefined) return E.left(bad)
  const unsupported = unsupportedLayer(net, 'ONNX', ONNX_KINDS)
  if (unsupported !== undefined) return E.left(unsupported)
  const f64 = options.dtype === 'float64'
  const elem = f64 ? DOUBLE : FLOAT
  const inputName = options.inputName ?? 'input'
  const outputName = options.outputName ?? 'output'
  const batch = options.batchName ?? 'batch'
  const ps = theta as ReadonlyArray<ParamSet>

  const nodes: Array<Node> = []
  const inits: Array<Init> = []
  let cur = inputName
  // The image `cur` holds as [B, C, H, W] (between consecutive conv and pooling layers), or undefined for rows.
  let nchw: { readonly image: ImageGeometry['out']; readonly l: number } | undefined
  const toRows = (): void => {
    if (nchw === undefined) return
    const [h, w, c] = nchw.image
    const p = `layers.${nchw.l}.rows`
    nodes.push(
      {
        op: 'Transpose',
        name: `${p}.Transpose`,
        inputs: [cur],
        output: `${p}.nhwc`,
        attrs: [{ name: 'perm', ints: TO_NHWC }],
      },
      { op: 'Reshape', name: `${p}.Reshape`, inputs: [`${p}.nhwc`, `${p}.shape`], output: p },
    )
    inits.push({ name: `${p}.shape`, dims: [2], data: [0, h * w * c], int64: true })
    cur = p
    nchw = undefined
  }
  net.layers.forEach((layer: AnyLayer, l) => {
    const p = ps[l] as ParamSet
    const g = imageGeometry(layer)
    if (g !== undefined && f64) {
      const z = `layers.${l}.z`
      const r = gatherNodes(g, p, l, cur, z)
      nodes.push(...r.nodes)
      inits.push(...r.inits)
      const act = activationNodes(layer.activation.spec as ActivationSpec, l, z, `layers.${l}.a`, f64)
      nodes.push(...act.nodes)
      inits.push(...act.inits)
      cur = act.nodes.length === 0 ? z : `layers.${l}.a`
      return
    }
    if (g !== undefined) {
      const [h, w, c] = g.image
      if (nchw === undefined || nchw.image.join() !== g.image.join()) {
        toRows()
        const q = `layers.${l}.image`
        nodes.push(
          { op: 'Reshape', name: `${q}.Reshape`, inputs: [cur, `${q}.shape`], output: `${q}.nhwc` },
          {
            op: 'Transpose',
            name: `${q}.Transpose`,
            inputs: [`${q}.nhwc`],
            output: q,
            attrs: [{ name: 'perm', ints: TO_NCHW }],
          },
        )
        inits.push({ name: `${q}.shape`, dims: [4], data: [0, h, w, c], int64: true })
        cur = q
      }
      const z = `layers.${l}.z`
      const window = [
        { name: 'kernel_shape', ints: [g.kh, g.kw] },
        { name: 'strides', ints: [g.sh, g.sw] },
        { name: 'pads', ints: g.pads },
      ]
      if (g.kind === 'conv2d') {
        const K = p.K as Tensor<Shape>
        const f = g.out[2]
        inits.push(
          { name: `layers.${l}.W`, dims: [f, c, g.kh, g.kw], data: kernelToOnnx(K.data, g.kh, g.kw, c, f) },
          { name: `layers.${l}.b`, dims: [f], data: (p.b as Tensor<Shape>).data },
        )
        nodes.push({
          op: 'Conv',
          name: `layers.${l}.Conv`,
          inputs: [cur, `layers.${l}.W`, `layers.${l}.b`],
          output: z,
          attrs: [...window, { name: 'dilations', ints: [1, 1] }, { name: 'group', int: 1 }],
        })
      } else
        nodes.push({
          op: g.kind === 'maxPool2d' ? 'MaxPool' : 'AveragePool',
          name: `layers.${l}.${g.kind === 'maxPool2d' ? 'MaxPool' : 'AveragePool'}`,
          inputs: [cur],
          output: z,
          attrs: g.kind === 'maxPool2d' ? window : [...window, { name: 'count_include_pad', int: 0 }],
        })
      cur = z
      nchw = { image: g.out, l }
      const spec = layer.activation.spec as ActivationSpec
      // softmax is over the whole row: it follows the way back to rows; the others are elementwise
      if (spec.name === 'softmax') toRows()
      const act = activationNodes(spec, l, cur, `layers.${l}.a`, f64)
      nodes.push(...act.nodes)
      inits.push(...act.inits)
      cur = act.nodes.length === 0 ? cur : `layers.${l}.a`
      return
    }
    toRows()
    if (layer.kind === 'batchNorm') {
      // inference: Y = (X − mean)/√(var + ε)·scale + B, the running statistics as mean and var
      const names = ['gamma', 'beta', 'runningMean', 'runningVar'].map((k) => {
        const t = p[k] as Tensor<Shape>
        inits.push({ name: `layers.${l}.${k}`, dims: t.shape, data: t.data })
        return `layers.${l}.${k}`
      })
      const out = `layers.${l}.z`
      nodes.push({
        op: 'BatchNormalization',
        name: `layers.${l}.BatchNormalization`,
        inputs: [cur, ...names],
        output: out,
        attrs: [{ name: 'epsilon', float: layer.spec.epsilon as number }],
      })
      cur = out
      return
    }
    if (layer.kind === 'dropout') {
      // Dropout without training_mode is the identity, as in inference
      const out = `layers.${l}.z`
      inits.push({ name: `layers.${l}.ratio`, dims: [], data: [layer.spec.rate as number] })
      nodes.push({ op: 'Dropout', name: `layers.${l}.Dropout`, inputs: [cur, `layers.${l}.ratio`], output: out })
      cur = out
      return
    }
    const W = p.W as Tensor<Shape>
    const b = p.b as Tensor<Shape>
    inits.push(
      { name: `layers.${l}.W`, dims: W.shape, data: W.data },
      { name: `layers.${l}.b`, dims: b.shape, data: b.data },
    )
    const z = `layers.${l}.z`
    nodes.push({ op: 'Gemm', name: `layers.${l}.Gemm`, inputs: [cur, `layers.${l}.W`, `layers.${l}.b`], output: z })
    const act = activationNodes(layer.activation.spec, l, z, `layers.${l}.a`, f64)
    nodes.push(...act.nodes)
    inits.push(...act.inits)
    cur = act.nodes.length === 0 ? z : `layers.${l}.a`
  })
  toRows()
  const last = nodes[nodes.length - 1]
  if (last === undefined) nodes.push({ op: 'Identity', name: 'Identity', inputs: [inputName], output: outputName })
  // The last node writes the graph output (nothing reads its own name).
  else nodes[nodes.length - 1] = { ...last, output: outputName }

  const w = new Writer()
  w.int(1, IR_VERSION)
  w.string(2, 'tensorial')
  w.string(3, LIBRARY_VERSION)
  w.message(7, (g) => {
    for (const n of nodes)
      g.message(1, (nw) => {
        for (const i of n.inputs) nw.string(1, i)
        nw.string(2, n.output)
        nw.string(3, n.name)
        nw.string(4, n.op)
        for (const a of n.attrs ?? [])
          nw.message(5, (aw) => {
            aw.string(1, a.name)
            if (a.float !== undefined) aw.float(2, a.float).int(20, ATTR_FLOAT)
            else if (a.ints !== undefined) aw.packedInts(8, a.ints).int(20, ATTR_INTS)
            else aw.int(3, a.int ?? 0).int(20, ATTR_INT)
          })
      })
    g.string(2, options.graphName ?? 'tensorial')
    for (const t of inits)
      g.message(5, (tw) => {
        if (t.dims.length > 0) tw.packedInts(1, t.dims)
        tw.int(2, t.int64 === true ? INT64 : elem)
        tw.string(8, t.name)
        tw.bytes(9, t.int64 === true ? int64Bytes(t.data) : leBytes(t.data, f64 ? 8 : 4))
      })
    writeValueInfo(g, 11, inputName, elem, [batch, net.inputs])
    writeValueInfo(g, 12, outputName, elem, [batch, net.outputs])
  })
  w.message(8, (o) => o.string(1, '').int(2, OPSET))
  w.message(14, (m) => m.string(1, 'tensorial.architecture').string(2, architecture(net)))
  return E.right(w.finish())
}

// -------------------------------------------------------------------------------------
// reading: the protobuf messages, as far as an MLP needs them
// -------------------------------------------------------------------------------------

interface TensorProto {
  readonly name: string
  readonly dims: ReadonlyArray<number>
  readonly dataType: number
  /** The values, or why they cannot be read. */
  readonly data: Float64Array | string
}

interface Attribute {
  readonly name: string
  readonly type: number
  readonly f: number | undefined
  readonly i: number | undefined
  readonly ints: ReadonlyArray<number>
  readonly s: string | undefined
  readonly t: TensorProto | undefined
}

interface NodeProto {
  readonly inputs: ReadonlyArray<string>
  readonly outputs: ReadonlyArray<string>
  readonly name: string
  readonly op: string
  readonly domain: string
  readonly attrs: ReadonlyArray<Attribute>
}

interface ValueInfo {
  readonly name: string
  readonly elemType: number | undefined
  readonly dims: ReadonlyArray<number | string | undefined> | undefined
}

const TYPE_NAMES: Record<number, string> = {
  1: 'FLOAT',
  2: 'UINT8',
  3: 'INT8',
  5: 'INT16',
  6: 'INT32',
  7: 'INT64',
  9: 'BOOL',
  10: 'FLOAT16',
  11: 'DOUBLE',
  16: 'BFLOAT16',
}
const typeName = (t: number): string => TYPE_NAMES[t] ?? `data type ${t}`

const delimited = (fs: ReadonlyArray<Field>, field: number): Array<Uint8Array> =>
  fs.flatMap((f) => (f.field === field && f.wire === 2 ? [f.value] : []))
const strings = (fs: ReadonlyArray<Field>, field: number): Array<string> => delimited(fs, field).map(utf8)
const firstString = (fs: ReadonlyArray<Field>, field: number): string => strings(fs, field)[0] ?? ''
const messages = delimited
const lastInt = (fs: ReadonlyArray<Field>, field: number): number | undefined => {
  const v = repeatedInts(fs, field)
  return v.length === 0 ? undefined : v[v.length - 1]
}

const readTensor = (b: Uint8Array): TensorProto => {
  const fs = fields(b)
  const name = firstString(fs, 8)
  const dims = repeatedInts(fs, 1)
  const dataType = lastInt(fs, 2) ?? 0
  const numel = dims.reduce((n, d) => n * d, 1)
  const width = dataType === FLOAT ? 4 : dataType === DOUBLE ? 8 : 0
  const raw = messages(fs, 9)
  let data: Float64Array | string
  if (lastInt(fs, 14) === 1 || fs.some((f) => f.field === 13))
    data = 'its data is stored in an external file, which this reader does not follow'
  else if (dataType === INT64) {
    // shapes, permutations and indices: int64_data (field 7) or raw little-endian int64
    const r = raw[raw.length - 1]
    if (r === undefined) {
      const v = repeatedInts(fs, 7)
      data =
        v.length === numel
          ? Float64Array.from(v)
          : `int64_data has ${v.length} values, but [${dims.join(', ')}] needs ${numel}`
    } else if (r.length !== numel * 8)
      data = `raw_data has ${r.length} bytes, but INT64 [${dims.join(', ')}] needs ${numel * 8}`
    else {
      const dv = new DataView(r.buffer, r.byteOffset, r.length)
      data = Float64Array.from({ length: numel }, (_, i) => Number(dv.getBigInt64(i * 8, true)))
    }
  } else if (width === 0) data = `expected FLOAT or DOUBLE data, got ${typeName(dataType)}`
  else if (raw.length > 0) {
    const r = raw[raw.length - 1] as Uint8Array
    data =
      r.length === numel * width
        ? fromLeBytes(r, width)
        : `raw_data has ${r.length} bytes, but ${typeName(dataType)} [${dims.join(', ')}] needs ${numel * width}`
  } else {
    const v = repeatedReals(fs, width === 4 ? 4 : 10, width)
    data =
      v.length === numel
        ? Float64Array.from(v)
        : `${width === 4 ? 'float_data' : 'double_data'} has ${v.length} values, but [${dims.join(', ')}] needs ${numel}`
  }
  return { name, dims, dataType, data }
}

const readNode = (b: Uint8Array): NodeProto => {
  const fs = fields(b)
  return {
    inputs: strings(fs, 1),
    outputs: strings(fs, 2),
    name: firstString(fs, 3),
    op: firstString(fs, 4),
    domain: firstString(fs, 7),
    attrs: messages(fs, 5).map((ab) => {
      const a = fields(ab)
      const f = a.flatMap((x) => (x.field === 2 && x.wire === 5 ? [x.value] : [])).pop()
      const t = messages(a, 5)[0]
      return {
        name: firstString(a, 1),
        type: lastInt(a, 20) ?? 0,
        f: f === undefined ? undefined : float32(f),
        i: lastInt(a, 3),
        ints: repeatedInts(a, 8),
        s: strings(a, 4)[0],
        t: t === undefined ? undefined : readTensor(t),
      }
    }),
  }
}

const readValueInfo = (b: Uint8Array): ValueInfo => {
  const fs = fields(b)
  const tensorType = messages(fs, 2).flatMap((t) => messages(fields(t), 1))[0]
  if (tensorType === undefined) return { name: firstString(fs, 1), elemType: undefined, dims: undefined }
  const tt = fields(tensorType)
  const shape = messages(tt, 2)[0]
  return {
    name: firstString(fs, 1),
    elemType: lastInt(tt, 1),
    dims:
      shape === undefined
        ? undefined
        : messages(fields(shape), 1).map((d) => {
            const df = fields(d)
            const v = lastInt(df, 1)
            return v !== undefined ? v : (strings(df, 2)[0] ?? undefined)
          }),
  }
}

interface Graph {
  readonly opset: number | undefined
  readonly nodes: ReadonlyArray<NodeProto>
  readonly initializers: ReadonlyArray<TensorProto>
  readonly inputs: ReadonlyArray<ValueInfo>
  readonly outputs: ReadonlyArray<ValueInfo>
}

const readModel = (bytes: Uint8Array): Graph | string => {
  const fs = fields(bytes)
  const g = messages(fs, 7)[0]
  if (g === undefined) return 'the model has no graph (is this an ONNX model file?)'
  const opsets = messages(fs, 8).map((o) => {
    const of = fields(o)
    return { domain: firstString(of, 1), version: lastInt(of, 2) }
  })
  const gf = fields(g)
  return {
    opset: opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version,
    nodes: messages(gf, 1).map(readNode),
    initializers: messages(gf, 5).map(readTensor),
    inputs: messages(gf, 11).map(readValueInfo),
    outputs: messages(gf, 12).map(readValueInfo),
  }
}

// -------------------------------------------------------------------------------------
// reading: the graph against the typed network
// -------------------------------------------------------------------------------------

/** A fault found while reading the graph: its message names the node, initializer or tensor. */
class Fault extends Error {}

const fail = (m: string): never => {
  throw new Fault(m)
}

const showDims = (d: ReadonlyArray<number>): string => `[${d.join(', ')}]`
const showActivation = (a: ActivationSpec): string => ('alpha' in a ? `${a.name}(α = ${a.alpha})` : a.name)

/** A node with its index in the graph, for messages. */
interface At {
  readonly n: NodeProto
  readonly k: number
}

/** A constant tensor's checked values. */
interface Constant {
  readonly t: TensorProto
  readonly data: Float64Array
  readonly at: string
}

/** The graph as the walk sees it: constants (initializers and `Constant` nodes) apart from the other nodes. */
class GraphView {
  readonly consts = new Map<string, { readonly t: TensorProto; readonly at: string }>()
  readonly nodes: Array<At> = []
  private readonly visited = new Set<number>()

  constructor(readonly g: Graph) {
    g.initializers.forEach((t, k) => this.consts.set(t.name, { t, at: `graph.initializer[${k}] "${t.name}"` }))
    g.nodes.forEach((n, k) => {
      const v = n.attrs.find((a) => a.name === 'value')?.t
      if (n.op === 'Constant' && v !== undefined && n.outputs[0] !== undefined)
        this.consts.set(n.outputs[0], { t: v, at: `graph.node[${k}] (Constant "${n.outputs[0]}")` })
      else this.nodes.push({ n, k })
    })
  }

  where(x: At): string {
    return `graph.node[${x.k}] (${x.n.op}${x.n.name ? ` "${x.n.name}"` : ''})`
  }
  readers(name: string): Array<At> {
    return this.nodes.filter((x) => x.n.inputs.includes(name))
  }
  producer(name: string | undefined): At | undefined {
    return this.nodes.find((x) => x.n.outputs.includes(name ?? ''))
  }
  /** The one node reading `name`, if any; a fault when several do. */
  only(name: string, what: string): At | undefined {
    const rs = this.readers(name)
    if (rs.length > 1) fail(`"${name}" is read by ${rs.map((r) => this.where(r)).join(' and ')}; expected only ${what}`)
    return rs[0]
  }
  /** Marks a node as part of the MLP chain (in the standard domain). */
  visit(x: At): At {
    if (x.n.domain !== '' && x.n.domain !== 'ai.onnx')
      fail(`${this.where(x)}: unsupported operator domain "${x.n.domain}"`)
    this.visited.add(x.k)
    return x
  }
  unvisited(): At | undefined {
    return this.nodes.find((x) => !this.visited.has(x.k))
  }
  attr(x: At, name: string): Attribute | undefined {
    return x.n.attrs.find((a) => a.name === name)
  }
  output(x: At): string {
    return x.n.outputs[0] ?? fail(`${this.where(x)}: no output`)
  }
  /** Input `slot` of a node as a constant of finite numbers. */
  constant(x: At, slot: number, what: string): Constant {
    const name = x.n.inputs[slot]
    if (name === undefined || name === '') return fail(`${this.where(x)}: input ${slot} (${what}) is missing`)
    const c = this.consts.get(name)
    if (c === undefined)
      return fail(
        `${this.where(x)}: input ${slot} (${what}) "${name}" is not an initializer or Constant (missing initializer)`,
      )
    if (typeof c.t.data === 'string') return fail(`${c.at}: ${c.t.data}`)
    const bad = c.t.data.findIndex((v) => !Number.isFinite(v))
    if (bad >= 0) return fail(`${c.at}: entry ${bad} is ${c.t.data[bad]}, expected a finite number`)
    return { t: c.t, data: c.t.data, at: c.at }
  }
  scalar(x: At, slot: number, what: string): number {
    const c = this.constant(x, slot, what)
    return c.data.length === 1
      ? (c.data[0] as number)
      : fail(`${c.at}: expected a scalar (${what}), got shape ${showDims(c.t.dims)}`)
  }
}

/**
 * The graph's one real input (IR < 4 lists the initializers among the inputs too), checked against `net`: rows
 * `[batch, In]`, or NCHW images `[batch, C, H, W]` (as `torch.onnx.export` of a CNN has it) when the first layer
 * is a conv or pooling layer on `[H, W, C]`; `nchw` says which.
 */
const readInput = (v: GraphView, net: AnyNetwork): { readonly name: string; readonly nchw: boolean } => {
  const ins = v.g.inputs.filter((i) => !v.consts.has(i.name))
  if (ins.length !== 1)
    fail(`graph.input: expected one input, got ${ins.length} (${ins.map((i) => `"${i.name}"`).join(', ')})`)
  const input = ins[0] as ValueInfo
  if (input.elemType !== undefined && input.elemType !== FLOAT && input.elemType !== DOUBLE)
    fail(`graph.input "${input.name}": expected FLOAT or DOUBLE, got ${typeName(input.elemType)}`)
  const d = input.dims
  const first = net.layers[0] === undefined ? undefined : imageGeometry(net.layers[0] as AnyLayer)
  if (d !== undefined && d.length === 4 && first !== undefined) {
    const [h, w, c] = first.image
    if ([c, h, w].some((n, i) => typeof d[i + 1] === 'number' && d[i + 1] !== n))
      fail(
        `graph.input "${input.name}": expected shape [batch, ${c}, ${h}, ${w}] (NCHW) or [batch, ${net.inputs}], got [${d.map((x) => x ?? '?').join(', ')}]`,
      )
    return { name: input.name, nchw: true }
  }
  if (d !== undefined && (d.length !== 2 || (typeof d[1] === 'number' && d[1] !== net.inputs)))
    fail(
      `graph.input "${input.name}": expected shape [batch, ${net.inputs}], got [${d.map((x) => x ?? '?').join(', ')}]`,
    )
  return { name: input.name, nchw: false }
}

/** Torch's channel-first feature `j = (c·H + h)·W + w` of a flattened image is tensorial's `(h·W + w)·C + c`. */
const flattenOrder = (im: ReadonlyArray<number>): Int32Array => {
  const [h, w, c] = im as readonly [number, number, number]
  const q = new Int32Array(h * w * c)
  for (let ch = 0; ch < c; ch++)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) q[(ch * h + y) * w + x] = (y * w + x) * c + ch
  return q
}

/** Values in the graph's feature order `q` put in tensorial's: `out[q[j]·m + o] = data[j·m + o]`. */
const reorder = (data: Float64Array, q: Int32Array | undefined, m: number): Float64Array => {
  if (q === undefined) return data
  const out = new Float64Array(data.length)
  q.forEach((to, j) => out.set(data.subarray(j * m, (j + 1) * m), to * m))
  return out
}

/** The dense step of a layer reading `cur`: `Gemm`, or `MatMul` and an optional `Add`; its W, b and output. */
const readDense = (
  v: GraphView,
  layer: AnyLayer,
  l: number,
  total: number,
  cur: string,
  at: string,
): { readonly W: Float64Array; readonly b: Float64Array; readonly out: string } => {
  const x = v.only(cur, `the Gemm or MatMul of ${at}`)
  if (x === undefined)
    return fail(
      `${at}: nothing reads "${cur}"; the graph ends after ${l} dense layer${l === 1 ? '' : 's'}, the network has ${total}`,
    )
  v.visit(x)
  const wantW = (c: Constant, dims: readonly [number, number], note: string): void => {
    if (c.t.dims.length !== 2 || c.t.dims[0] !== dims[0] || c.t.dims[1] !== dims[1])
      fail(`${c.at}: expected shape ${showDims(dims)}${note} for ${at}, got ${showDims(c.t.dims)}`)
  }
  const bias = (y: At, slot: number, scale: number): Float64Array => {
    const c = v.constant(y, slot, slot === 2 ? 'C, the bias' : 'the bias')
    const d = c.t.dims
    const ok = (d.length === 1 && d[0] === layer.outputs) || (d.length === 2 && d[0] === 1 && d[1] === layer.outputs)
    if (!ok) fail(`${c.at}: expected shape [${layer.outputs}] (the bias of ${at}), got ${showDims(d)}`)
    return c.data.map((e) => e * scale)
  }
  const noBias = new Float64Array(layer.outputs)
  if (x.n.op === 'Gemm') {
    if (x.n.inputs[0] !== cur) fail(`${v.where(x)}: expected "${cur}" as input A, got it as another input`)
    if ((v.attr(x, 'transA')?.i ?? 0) !== 0)
      fail(`${v.where(x)}: transA = 1 is not a dense layer (the batch must be rows)`)
    const transB = v.attr(x, 'transB')?.i ?? 0
    if (transB !== 0 && transB !== 1) fail(`${v.where(x)}: transB must be 0 or 1, got ${transB}`)
    const alpha = v.attr(x, 'alpha')?.f ?? 1
    const w = v.constant(x, 1, 'B, the weights')
    let W: Float64Array
    if (transB === 1) {
      wantW(w, [layer.outputs, layer.inputs], ' ([out, in], transB = 1)')
      W = transposed(w.data, layer.outputs, layer.inputs)
    } else {
      wantW(w, [layer.inputs, layer.outputs], ' ([in, out], transB = 0)')
      W = Float64Array.from(w.data)
    }
    const hasC = x.n.inputs[2] !== undefined && x.n.inputs[2] !== ''
    return {
      W: alpha === 1 ? W : W.map((e) => e * alpha),
      b: hasC ? bias(x, 2, v.attr(x, 'beta')?.f ?? 1) : noBias,
      out: v.output(x),
    }
  }
  if (x.n.op === 'MatMul') {
    if (x.n.inputs[0] !== cur) fail(`${v.where(x)}: expected "${cur}" as the first input`)
    const w = v.constant(x, 1, 'the weights')
    wantW(w, [layer.inputs, layer.outputs], ' ([in, out])')
    const z = v.output(x)
    const add = v.only(z, `the Add of ${at}`)
    if (add === undefined || add.n.op !== 'Add') return { W: Float64Array.from(w.data), b: noBias, out: z }
    v.visit(add)
    return { W: Float64Array.from(w.data), b: bias(add, add.n.inputs[0] === z ? 1 : 0, 1), out: v.output(add) }
  }
  return fail(`${v.where(x)}: unsupported op for ${at}; expected Gemm, or MatMul and Add`)
}

const ELEMENTWISE: Readonly<Record<string, ActivationSpec>> = {
  Relu: { name: 'relu' },
  Sigmoid: { name: 'sigmoid' },
  Tanh: { name: 'tanh' },
  Identity: { name: 'identity' },
  Softmax: { name: 'softmax' },
}

/** The ops that begin the next layer (or its layout change), so the layer before has no activation node. */
const NOT_ACTIVATION: ReadonlySet<string> = new Set([
  'Gemm',
  'MatMul',
  'BatchNormalization',
  'Dropout',
  'Reshape',
  'Transpose',
  'Conv',
  'MaxPool',
  'AveragePool',
  'Pad',
  'Gather',
  'Flatten',
])

/**
 * The activation reading `z`: one node (`Relu`, `LeakyRelu`, …), the float64 `Where` form `encode` writes, or
 * none (identity). Its spec, where it was found, and its output.
 */
const readActivation = (
  v: GraphView,
  z: string,
  want: ActivationSpec,
  at: string,
): { readonly got: ActivationSpec; readonly where: string; readonly out: string } => {
  const rs = v.readers(z)
  const where = rs.find((r) => r.n.op === 'Where' && r.n.inputs[1] === z)
  if (where !== undefined) return readWhere(v, z, where, rs, at)
  const a = v.only(z, `the activation of ${at}`)
  if (a === undefined || NOT_ACTIVATION.has(a.n.op))
    return { got: { name: 'identity' }, where: `tensor "${z}" (no activation node)`, out: z }
  // A float attribute holds α in float32: it matches the network's α when that rounds to it.
  const alpha = (dflt: number): number => {
    const f = v.attr(a, 'alpha')?.f
    return f === undefined ? dflt : 'alpha' in want && Math.fround(want.alpha) === f ? want.alpha : f
  }
  const got: ActivationSpec | undefined =
    a.n.op === 'LeakyRelu'
      ? { name: 'leakyRelu', alpha: alpha(0.01) }
      : a.n.op === 'Elu'
        ? { name: 'elu', alpha: alpha(1) }
        : ELEMENTWISE[a.n.op]
  if (got === undefined)
    return fail(`${v.where(a)}: unsupported op after ${at} (expected the activation ${showActivation(want)})`)
  if (a.n.op === 'Softmax') {
    const axis = v.attr(a, 'axis')?.i ?? ((v.g.opset ?? OPSET) >= 13 ? -1 : 1)
    if (axis !== -1 && axis !== 1)
      fail(`${v.where(a)}: expected softmax over the last axis (-1 or 1), got axis ${axis}`)
  }
  v.visit(a)
  return { got, where: v.where(a), out: v.output(a) }
}

/** `z > 0 ? z : αz` (leaky ReLU) or `z > 0 ? z : α(eᶻ − 1)` (ELU), as `encode` writes them in float64. */
const readWhere = (
  v: GraphView,
  z: string,
  where: At,
  readers: ReadonlyArray<At>,
  at: string,
): { readonly got: ActivationSpec; readonly where: string; readonly out: string } => {
  const here = v.where(where)
  const cond = v.producer(where.n.inputs[0])
  if (cond === undefined || cond.n.op !== 'Greater' || cond.n.inputs[0] !== z)
    return fail(`${here}: expected its condition to be Greater("${z}", 0)`)
  if (v.scalar(cond, 1, 'zero') !== 0) fail(`${v.where(cond)}: expected a comparison with 0`)
  const neg = v.producer(where.n.inputs[2])
  if (neg === undefined || neg.n.op !== 'Mul') return fail(`${here}: expected its else-branch to be a Mul by α`)
  const slot = v.consts.has(neg.n.inputs[1] ?? '') ? 1 : 0
  const alpha = v.scalar(neg, slot, 'α')
  const other = neg.n.inputs[1 - slot]
  const chain: Array<At> = [cond, neg, where]
  let got: ActivationSpec = { name: 'leakyRelu', alpha }
  if (other !== z) {
    const sub = v.producer(other)
    const exp = sub === undefined ? undefined : v.producer(sub.n.inputs[0])
    if (sub?.n.op !== 'Sub' || exp?.n.op !== 'Exp' || exp.n.inputs[0] !== z)
      return fail(`${v.where(neg)}: expected α·z (leaky ReLU) or α·(Exp(z) − 1) (ELU)`)
    if (v.scalar(sub, 1, 'one') !== 1) fail(`${v.where(sub)}: expected Exp(z) − 1`)
    got = { name: 'elu', alpha }
    chain.push(sub, exp)
  }
  chain.forEach((x) => v.visit(x))
  const stray = readers.find((r) => !chain.includes(r))
  if (stray !== undefined) fail(`${v.where(stray)}: "${z}" is also read here; expected only the activation of ${at}`)
  return { got, where: here, out: v.output(where) }
}

/**
 * A dropout layer reading `cur`: a `Dropout` node without a training mode (or an `Identity`) passes `cur` on; a
 * graph without one (PyTorch drops `nn.Dropout` when it exports in eval mode) is read as the identity too.
 */
const readDropout = (v: GraphView, cur: string, at: string): string => {
  const rs = v.readers(cur)
  const d = rs.length === 1 ? rs[0] : undefined
  if (d === undefined || (d.n.op !== 'Dropout' && d.n.op !== 'Identity')) return cur
  if (d.n.op === 'Dropout') {
    const mode = d.n.inputs[2]
    if (mode !== undefined && mode !== '') {
      const c = v.consts.get(mode)
      const m = c === undefined || typeof c.t.data === 'string' ? undefined : c.t.data[0]
      if (m !== 0)
        fail(`${v.where(d)}: ${at} reads a Dropout in training mode; expected inference (training_mode false)`)
    }
    const mask = d.n.outputs[1]
    if (mask !== undefined && mask !== '' && v.readers(mask).length > 0)
      fail(`${v.where(d)}: the mask of the Dropout of ${at} is read; expected only its output`)
  }
  return v.output(v.visit(d))
}

/** A batch-norm layer reading `cur`: `BatchNormalization` (inference) with `[N]` scale, B, mean and var. */
const readBatchNorm = (
  v: GraphView,
  layer: AnyLayer,
  cur: string,
  at: string,
): { readonly params: ParamSet; readonly out: string } => {
  const x = v.only(cur, `the BatchNormalization of ${at}`)
  if (x === undefined || x.n.op !== 'BatchNormalization')
    return fail(
      `${x === undefined ? `tensor "${cur}"` : v.where(x)}: expected the BatchNormalization of ${at}, got ${x === undefined ? 'nothing' : x.n.op}`,
    )
  v.visit(x)
  if (x.n.inputs[0] !== cur) fail(`${v.where(x)}: expected "${cur}" as input X`)
  if ((v.attr(x, 'training_mode')?.i ?? 0) !== 0) fail(`${v.where(x)}: training_mode = 1; expected inference`)
  if (x.n.outputs.slice(1).some((o) => o !== '' && v.readers(o).length > 0))
    fail(`${v.where(x)}: its running statistics outputs are read; expected inference (one output)`)
  const want = layer.spec.epsilon as number
  const eps = v.attr(x, 'epsilon')?.f ?? Math.fround(1e-5)
  if (eps !== Math.fround(want)) fail(`${v.where(x)}: ${at} has ε = ${want} in the network, the graph has ${eps}`)
  const n = layer.inputs
  const read = (slot: number, what: string) => {
    const c = v.constant(x, slot, what)
    if (c.t.dims.length !== 1 || c.t.dims[0] !== n)
      fail(`${c.at}: expected shape [${n}] (${what} of ${at}), got ${showDims(c.t.dims)}`)
    return make([n], Float64Array.from(c.data))
  }
  const runningVar = read(4, 'var, the running variance')
  const bad = runningVar.data.findIndex((e) => e < 0)
  if (bad >= 0) fail(`${at}: running variance entry ${bad} is ${runningVar.data[bad]}, expected a number ≥ 0`)
  return {
    params: {
      gamma: read(1, 'scale, γ'),
      beta: read(2, 'B, β'),
      runningMean: read(3, 'mean, the running mean'),
      runningVar,
    },
    out: v.output(x),
  }
}

const showImage = (im: ReadonlyArray<number>): string => `[${im.join(', ')}]`

/** The one node reading `cur`, which must be `op` with `cur` as its first input. */
const expectOp = (v: GraphView, cur: string, op: string, what: string): At => {
  const x = v.only(cur, what)
  if (x === undefined || x.n.op !== op)
    return fail(
      `${x === undefined ? `tensor "${cur}"` : v.where(x)}: expected ${what} (${op}), got ${x === undefined ? 'nothing' : x.n.op}`,
    )
  if (x.n.inputs[0] !== cur) fail(`${v.where(x)}: expected "${cur}" as its first input`)
  return v.visit(x)
}

/** An ints attribute, its default when absent, checked against `want`. */
const expectInts = (
  v: GraphView,
  x: At,
  name: string,
  dflt: ReadonlyArray<number> | undefined,
  want: ReadonlyArray<number>,
  at: string,
): void => {
  const a = v.attr(x, name)
  const got = a === undefined ? dflt : a.ints
  if (got === undefined) return fail(`${v.where(x)}: the attribute ${name} is missing (${at} has ${showDims(want)})`)
  if (got.length !== want.length || got.some((d, i) => d !== want[i]))
    fail(`${v.where(x)}: ${name} ${showDims(got)}, expected ${showDims(want)} for ${at}`)
}

/** A `Reshape` of `cur` to `[0 or -1, ...dims]`: its output. */
const readReshape = (v: GraphView, cur: string, dims: ReadonlyArray<number>, what: string): string => {
  const r = expectOp(v, cur, 'Reshape', what)
  const c = v.constant(r, 1, 'the shape')
  const d = Array.from(c.data)
  const ok = d.length === dims.length + 1 && (d[0] === 0 || d[0] === -1) && dims.every((n, i) => d[i + 1] === n)
  if (!ok) fail(`${c.at}: expected the shape [0, ${dims.join(', ')}] (${what}), got ${showDims(d)}`)
  return v.output(r)
}

/** `Transpose` of `cur` with permutation `perm`: its output. */
const readTranspose = (v: GraphView, cur: string, perm: ReadonlyArray<number>, what: string): string => {
  const t = expectOp(v, cur, 'Transpose', what)
  expectInts(v, t, 'perm', undefined, perm, what)
  return v.output(t)
}

/** Rows `[B, H·W·C]` to an image `[B, C, H, W]`: `Reshape` to `[B, H, W, C]`, `Transpose` to NCHW. */
const readToImage = (v: GraphView, cur: string, im: ReadonlyArray<number>, at: string): string =>
  readTranspose(
    v,
    readReshape(v, cur, im, `the rows as images ${showImage(im)} before ${at}`),
    TO_NCHW,
    `the transpose to [batch, C, H, W] before ${at}`,
  )

/** An image `[B, C, H, W]` back to rows: `Transpose` to `[B, H, W, C]`, `Reshape` to `[B, H·W·C]`. */
const readToRows = (v: GraphView, cur: string, im: ReadonlyArray<number>, at: string): string =>
  readReshape(
    v,
    readTranspose(v, cur, TO_NHWC, `the transpose to [batch, H, W, C] after ${at}`),
    [im.reduce((a, b) => a * b, 1)],
    `the images ${showImage(im)} as rows after ${at}`,
  )

/** The pads a window node applies: explicit `pads`, or `auto_pad` VALID / SAME_UPPER as conv2d splits them. */
const windowPads = (v: GraphView, x: At, g: ImageGeometry, at: string): ReadonlyArray<number> => {
  const auto = v.attr(x, 'auto_pad')?.s ?? 'NOTSET'
  if (auto === 'NOTSET') return v.attr(x, 'pads')?.ints ?? [0, 0, 0, 0]
  if (auto === 'VALID') return [0, 0, 0, 0]
  const split = (n: number, k: number, s: number): readonly [number, number] => {
    const total = Math.max((Math.ceil(n / s) - 1) * s + k - n, 0)
    return [Math.floor(total / 2), total - Math.floor(total / 2)]
  }
  if (auto !== 'SAME_UPPER')
    return fail(`${v.where(x)}: auto_pad ${auto} is not how ${at} pads (expected explicit pads)`)
  const [t, b] = split(g.image[0], g.kh, g.sh)
  const [l, r] = split(g.image[1], g.kw, g.sw)
  return [t, l, b, r]
}

/** A conv or pooling layer in the float32 form `encode` writes: `Conv`, `MaxPool` or `AveragePool` on NCHW. */
const readWindow = (
  v: GraphView,
  layer: AnyLayer,
  g: ImageGeometry,
  cur: string,
  at: string,
): { readonly params: ParamSet; readonly out: string } => {
  const op = g.kind === 'conv2d' ? 'Conv' : g.kind === 'maxPool2d' ? 'MaxPool' : 'AveragePool'
  const pad = v.readers(cur)
  if (pad.length === 1 && pad[0]?.n.op === 'Pad') {
    // torch.onnx.export writes AvgPool2d as a Pad (of zeros, for padding 0) and the AveragePool
    const p = v.visit(pad[0])
    const pads = Array.from(v.constant(p, 1, 'pads').data)
    if (pads.some((d) => d !== 0) || (v.attr(p, 'mode')?.s ?? 'constant') !== 'constant')
      fail(`${v.where(p)}: pads ${showDims(pads)}; ${at} pads nothing before its ${op}`)
    cur = v.output(p)
  }
  const x = expectOp(v, cur, op, `the ${op} of ${at}`)
  expectInts(v, x, 'kernel_shape', g.kind === 'conv2d' ? [g.kh, g.kw] : undefined, [g.kh, g.kw], at)
  expectInts(v, x, 'strides', [1, 1], [g.sh, g.sw], at)
  const pads = windowPads(v, x, g, at)
  if (pads.length !== 4 || pads.some((d, i) => d !== g.pads[i]))
    fail(
      `${v.where(x)}: pads ${showDims(pads)}, expected ${showDims(g.pads)} (${layer.spec.padding ?? 'valid'}) for ${at}`,
    )
  if (x.n.outputs.slice(1).some((o) => o !== '' && v.readers(o).length > 0))
    fail(`${v.where(x)}: its second output is read; expected only its output`)
  if (g.kind !== 'conv2d') {
    if ((v.attr(x, 'ceil_mode')?.i ?? 0) !== 0) fail(`${v.where(x)}: ceil_mode = 1; ${at} has no partial windows`)
    expectInts(v, x, 'dilations', [1, 1], [1, 1], at)
    return { params: {}, out: v.output(x) }
  }
  expectInts(v, x, 'dilations', [1, 1], [1, 1], at)
  if ((v.attr(x, 'group')?.i ?? 1) !== 1) fail(`${v.where(x)}: group = ${v.attr(x, 'group')?.i}; expected 1 for ${at}`)
  const [c, f] = [g.image[2], g.out[2]]
  const w = v.constant(x, 1, 'W, the kernel')
  const want = [f, c, g.kh, g.kw]
  if (w.t.dims.length !== 4 || w.t.dims.some((d, i) => d !== want[i]))
    fail(`${w.at}: expected shape ${showDims(want)} ([F, C, KH, KW]) for ${at}, got ${showDims(w.t.dims)}`)
  let b = new Float64Array(f)
  const hasB = x.n.inputs[2] !== undefined && x.n.inputs[2] !== ''
  if (hasB) {
    const bc = v.constant(x, 2, 'B, the bias')
    if (bc.t.dims.length !== 1 || bc.t.dims[0] !== f)
      fail(`${bc.at}: expected shape [${f}] (the bias of ${at}), got ${showDims(bc.t.dims)}`)
    b = Float64Array.from(bc.data)
  }
  return {
    params: {
      K: make([g.kh, g.kw, c, f], kernelFromOnnx(w.data, g.kh, g.kw, c, f)),
      b: make([f], b),
    },
    out: v.output(x),
  }
}

/** A conv or pooling layer in the float64 form `encode` writes on rows (see `gatherNodes`). */
const readGather = (
  v: GraphView,
  g: ImageGeometry,
  cur: string,
  at: string,
): { readonly params: ParamSet; readonly out: string } => {
  let x = cur
  if (g.pads.some((d) => d > 0)) {
    const pad = expectOp(v, cur, 'Pad', `the zero column (Pad) of ${at}`)
    const mode = v.attr(pad, 'mode')?.s ?? 'constant'
    if (mode !== 'constant') fail(`${v.where(pad)}: mode ${mode}; expected constant (zero) padding for ${at}`)
    const pads = Array.from(v.constant(pad, 1, 'pads').data)
    if (pads.join() !== '0,0,0,1') fail(`${v.where(pad)}: pads ${showDims(pads)}, expected [0, 0, 0, 1] for ${at}`)
    const value = pad.n.inputs[2]
    if (value !== undefined && value !== '' && v.scalar(pad, 2, 'the constant value') !== 0)
      fail(`${v.where(pad)}: expected padding with 0 for ${at}`)
    x = v.output(pad)
  }
  const gather = expectOp(v, x, 'Gather', `the patches (Gather) of ${at}`)
  if ((v.attr(gather, 'axis')?.i ?? 0) !== 1) fail(`${v.where(gather)}: expected axis 1 for ${at}`)
  const want = im2colIndices(g)
  const idx = v.constant(gather, 1, 'the indices')
  if (idx.t.dims.length !== want.dims.length || idx.t.dims.some((d, i) => d !== want.dims[i]))
    fail(`${idx.at}: expected shape ${showDims(want.dims)} (the patches of ${at}), got ${showDims(idx.t.dims)}`)
  const bad = want.data.findIndex((d, i) => idx.data[i] !== d)
  if (bad >= 0)
    fail(`${idx.at}: entry ${bad} is ${idx.data[bad]}, but the patches of ${at} need ${want.data[bad]} there`)
  const patches = v.output(gather)
  const [oh, ow, f] = g.out
  const rows = (t: string) => readReshape(v, t, [oh * ow * f], `the output of ${at} as rows`)
  if (g.kind !== 'conv2d') {
    const op = g.kind === 'maxPool2d' ? 'ReduceMax' : 'ReduceMean'
    const r = expectOp(v, patches, op, `the ${op} over the windows of ${at}`)
    expectInts(v, r, 'axes', undefined, [2], at)
    if ((v.attr(r, 'keepdims')?.i ?? 1) !== 0) fail(`${v.where(r)}: expected keepdims 0 for ${at}`)
    return { params: {}, out: rows(v.output(r)) }
  }
  const c = g.image[2]
  const mm = expectOp(v, patches, 'MatMul', `the MatMul by the kernel of ${at}`)
  const k = v.constant(mm, 1, 'the kernel')
  const kd = [g.kh * g.kw * c, f]
  if (k.t.dims.length !== 2 || k.t.dims[0] !== kd[0] || k.t.dims[1] !== kd[1])
    fail(`${k.at}: expected shape ${showDims(kd)} ([KH·KW·C, F]) for ${at}, got ${showDims(k.t.dims)}`)
  const add = expectOp(v, v.output(mm), 'Add', `the bias (Add) of ${at}`)
  const bc = v.constant(add, 1, 'the bias')
  if (bc.t.dims.length !== 1 || bc.t.dims[0] !== f)
    fail(`${bc.at}: expected shape [${f}] (the bias of ${at}), got ${showDims(bc.t.dims)}`)
  return {
    params: { K: make([g.kh, g.kw, c, f], Float64Array.from(k.data)), b: make([f], Float64Array.from(bc.data)) },
    out: rows(v.output(add)),
  }
}

/** The activation of `layer` reading `z`, checked against the network's (α included): its output. */
const layerActivation = (v: GraphView, layer: AnyLayer, z: string, at: string): string => {
  const want = layer.activation.spec as ActivationSpec
  const a = readActivation(v, z, want, at)
  const same = a.got.name === want.name && (!('alpha' in want) || ('alpha' in a.got && a.got.alpha === want.alpha))
  if (!same)
    fail(
      `${a.where}: ${at} has activation ${showActivation(want)} in the network, the graph has ${showActivation(a.got)}`,
    )
  return a.out
}

/** The walk over an MLP graph, one dense layer and its activation at a time, against the typed network. */
const walk = (net: AnyNetwork, g: Graph): Array<ParamSet> => {
  if (g.opset !== undefined && g.opset < 7) fail(`opset_import: ai.onnx version ${g.opset} is older than 7`)
  const v = new GraphView(g)
  const input = readInput(v, net)
  let cur = input.name
  if (g.outputs.length !== 1) fail(`graph.output: expected one output, got ${g.outputs.length}`)
  const output = (g.outputs[0] as ValueInfo).name
  // the image `cur` holds as [B, C, H, W] (float32 form, between image layers), and the layer that made it
  let nchw: { readonly image: ReadonlyArray<number>; readonly at: string } | undefined = input.nchw
    ? { image: (imageGeometry(net.layers[0] as AnyLayer) as ImageGeometry).image, at: 'the NCHW graph input' }
    : undefined
  // the graph's order of the features after a Flatten (channel-first), until a dense layer mixes them
  let order: Int32Array | undefined
  const toRows = (): void => {
    if (nchw === undefined) return
    const x = v.readers(cur)
    const flat = x.length === 1 && x[0]?.n.op === 'Flatten' ? x[0] : undefined
    if (flat !== undefined) {
      // torch's nn.Flatten: [B, C, H, W] → [B, C·H·W], channel-first
      v.visit(flat)
      if ((v.attr(flat, 'axis')?.i ?? 1) !== 1) fail(`${v.where(flat)}: expected axis 1 after ${nchw.at}`)
      cur = v.output(flat)
      order = flattenOrder(nchw.image)
    } else cur = readToRows(v, cur, nchw.image, nchw.at)
    nchw = undefined
  }
  const theta = net.layers.map((layer: AnyLayer, l): ParamSet => {
    const u = unsupportedLayer({ inputs: layer.inputs, outputs: layer.outputs, layers: [layer] }, 'ONNX', ONNX_KINDS)
    if (u !== undefined)
      fail(
        `layer ${l + 1} ("${layer.kind}"): only dense, batchNorm, dropout, conv2d, maxPool2d and avgPool2d layers can be read from ONNX`,
      )
    const g = imageGeometry(layer)
    if (g !== undefined) {
      const at = `layer ${l + 1} (${g.kind} ${showImage(g.image)} → ${showImage(g.out)})`
      if (nchw !== undefined && nchw.image.join() !== g.image.join()) toRows()
      const next = nchw === undefined ? v.only(cur, `the first node of ${at}`) : undefined
      const rowsForm = next !== undefined && (next.n.op === 'Pad' || next.n.op === 'Gather')
      if (nchw === undefined && !rowsForm) cur = readToImage(v, cur, g.image, at)
      const r = rowsForm ? readGather(v, g, cur, at) : readWindow(v, layer, g, cur, at)
      cur = r.out
      nchw = rowsForm ? undefined : { image: g.out, at }
      if (layer.activation.spec.name === 'softmax') toRows()
      cur = layerActivation(v, layer, cur, at)
      return r.params
    }
    toRows()
    if (layer.kind === 'dropout') {
      cur = readDropout(v, cur, `layer ${l + 1} (dropout ${layer.inputs})`)
      return {}
    }
    if (layer.kind === 'batchNorm') {
      const r = readBatchNorm(v, layer, cur, `layer ${l + 1} (batchNorm ${layer.inputs})`)
      cur = r.out
      return Object.fromEntries(
        Object.entries(r.params).map(([k, t]) => [k, make(t.shape, reorder(Float64Array.from(t.data), order, 1))]),
      )
    }
    const at = `layer ${l + 1} (dense ${layer.inputs} → ${layer.outputs})`
    const d = readDense(v, layer, l, net.layers.length, cur, at)
    cur = layerActivation(v, layer, d.out, at)
    const W = reorder(d.W, order, layer.outputs)
    order = undefined
    return { W: make([layer.inputs, layer.outputs], W), b: make([layer.outputs], d.b) }
  })
  // a graph that ends on the image itself (a CNN without Flatten, exported by torch) gives NCHW: nothing follows
  if (!(nchw !== undefined && cur === output && v.readers(cur).length === 0)) toRows()
  if (net.layers.length === 0) {
    const x = v.only(cur, 'an Identity')
    if (x !== undefined && x.n.op === 'Identity') cur = v.output(v.visit(x))
  }
  const more = v.readers(cur)[0]
  if (more !== undefined) fail(`${v.where(more)}: the graph goes on after the network's ${net.layers.length} layers`)
  if (cur !== output) fail(`graph.output: expected "${cur}" (the last layer's output), got "${output}"`)
  const left = v.unvisited()
  if (left !== undefined) fail(`${v.where(left)}: this node is not part of the network's chain`)
  return theta
}

/**
 * Θ from an ONNX model of an MLP (what `encode` writes, or PyTorch's `torch.onnx.export` of an
 * `nn.Sequential` of `Linear` layers and activations), checked against the typed network: the same number of
 * dense layers, each `Gemm` (`transB` 0 or 1) or `MatMul` + `Add` with weights of the layer's widths, followed
 * by the layer's activation (α included: a float32 attribute matches the α it rounds from); a batch-norm layer a
 * `BatchNormalization` in inference (its ε matching the layer's as float32), a dropout layer a `Dropout` in
 * inference, an `Identity`, or nothing (as PyTorch exports `nn.Dropout` in eval mode); a conv or pooling layer
 * either form `encode` writes (`Conv` with `W: [F, C, KH, KW]`, `MaxPool`, `AveragePool` on NCHW, their
 * strides and pads matching the layer's, `auto_pad` VALID or SAME_UPPER accepted; or the float64 `Gather`
 * form, its im2col indices checked entry by entry). A CNN from `torch.onnx.export` of `nn.Sequential(Conv2d,
 * ReLU, MaxPool2d, …, Flatten, Linear, …)` reads too: its input is NCHW `[batch, C, H, W]`, a zero `Pad` may
 * precede a pool, and after its `Flatten` (channel-first) the next `Linear`'s inputs (and a `BatchNorm1d`'s
 * statistics) are permuted to tensorial's channels-last order. Float32 weights are
 * widened exactly. Anything else is a `Left` whose message names the node or initializer
 * (`graph.node[2] (Relu "/1/Relu"): layer 1 (dense 3 → 4) has activation tanh in the network, the graph has
 * relu`).
 *
 * @category decoding
 * @since 0.2.0
 */
export const decode = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  bytes: Uint8Array,
): E.Either<DecodeError, Theta<Ls>> => {
  if (!(bytes instanceof Uint8Array)) return E.left(new DecodeError(['(root): expected the bytes of an ONNX model']))
  try {
    const g = readModel(bytes)
    if (typeof g === 'string') return E.left(new DecodeError([g]))
    return E.right(walk(net, g) as unknown as Theta<Ls>)
  } catch (e) {
    if (e instanceof Fault) return E.left(new DecodeError([e.message]))
    if (e instanceof WireError) return E.left(new DecodeError([`not a valid ONNX (protobuf) file: ${e.message}`]))
    throw e
  }
}
