/**
 * What the interchange formats (ONNX, safetensors, TensorFlow.js) share: the library's version for producer
 * fields, the architecture as metadata, the dense-only check, and little-endian float buffers.
 *
 * @internal
 * @since 0.2.0
 */
import type { AnyLayer, LayerSpec } from '../nn/layer.js'
import type { AnyNetwork } from '../nn/network.js'

/** The version written in producer fields (kept equal to package.json's by a test). @internal */
export const LIBRARY_VERSION = '0.1.0'

/** The architecture as JSON text: the input width and every layer's spec, as model files store them. @internal */
export const architecture = (net: AnyNetwork): string =>
  JSON.stringify({ inputs: net.inputs, layers: net.layers.map((l: AnyLayer): LayerSpec => l.spec) })

/**
 * The 0-based index of the first layer that is not a dense layer with `W: [in, out]` and `b: [out]`, or -1.
 * @internal
 */
export const firstNonDense = (net: AnyNetwork): number =>
  net.layers.findIndex((l: AnyLayer) => {
    const s = l.shapes as Record<string, ReadonlyArray<number>>
    const keys = Object.keys(s).sort().join()
    return l.kind !== 'dense' || keys !== 'W,b' || s.W?.length !== 2 || s.b?.length !== 1
  })

/** Float64 values as little-endian bytes of the given width (4: float32, rounded to nearest). @internal */
export const leBytes = (values: ArrayLike<number>, width: 4 | 8): Uint8Array => {
  const out = new Uint8Array(values.length * width)
  const dv = new DataView(out.buffer)
  if (width === 4) for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i] as number, true)
  else for (let i = 0; i < values.length; i++) dv.setFloat64(i * 8, values[i] as number, true)
  return out
}

/** Little-endian bytes of the given width read as float64 values. @internal */
export const fromLeBytes = (bytes: Uint8Array, width: 4 | 8): Float64Array => {
  const n = Math.floor(bytes.length / width)
  const out = new Float64Array(n)
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  if (width === 4) for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true)
  else for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, true)
  return out
}

/** `[r, c]` row-major data transposed to `[c, r]`. @internal */
export const transposed = (data: ArrayLike<number>, r: number, c: number): Float64Array => {
  const out = new Float64Array(r * c)
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = data[i * c + j] as number
  return out
}

/** The layer kinds of images (channels-last rows `[B, H·W·C]`). @internal */
export type ImageKind = 'conv2d' | 'maxPool2d' | 'avgPool2d'

/**
 * What the interchange formats need of a conv or pooling layer: its kind, input and output images `[H, W, C]`,
 * window `kh × kw`, strides `sh`, `sw` (height, width), and zero padding `[top, left, bottom, right]` (TensorFlow's 'same' split: `⌊pad/2⌋`
 * before, the rest after).
 * @internal
 */
export interface ImageGeometry {
  readonly kind: ImageKind
  readonly image: readonly [number, number, number]
  readonly out: readonly [number, number, number]
  readonly kh: number
  readonly kw: number
  readonly sh: number
  readonly sw: number
  readonly pads: readonly [number, number, number, number]
}

const posInt = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u > 0
const image3 = (u: unknown): readonly [number, number, number] | undefined =>
  Array.isArray(u) && u.length === 3 && u.every(posInt)
    ? (u as unknown as readonly [number, number, number])
    : undefined

/**
 * The geometry of a built-in conv layer (`K: [KH, KW, C, F]`, `b: [F]`) or pooling layer (no parameters,
 * identity activation), read from its public fields (`image`, `outputImage`, `strides` (or the number `stride`),
 * `padding`, `windowSize` (or the number `size`)) and
 * checked for consistency; `undefined` for any other layer (a user layer reusing the name included).
 * @internal
 */
export const imageGeometry = (l: AnyLayer): ImageGeometry | undefined => {
  const kind = l.kind
  if (kind !== 'conv2d' && kind !== 'maxPool2d' && kind !== 'avgPool2d') return undefined
  const f = l as unknown as {
    readonly image?: unknown
    readonly outputImage?: unknown
    readonly stride?: unknown
    readonly strides?: unknown
    readonly padding?: unknown
    readonly size?: unknown
    readonly windowSize?: unknown
  }
  // a pair [height, width] where the layer has one, else the number form for both axes
  const pair = (two: unknown, one: unknown): readonly [number, number] | undefined =>
    Array.isArray(two) && two.length === 2 && posInt(two[0]) && posInt(two[1])
      ? [two[0], two[1]]
      : two === undefined && posInt(one)
        ? [one, one]
        : undefined
  const image = image3(f.image)
  const out = image3(f.outputImage)
  const strides = pair(f.strides, f.stride)
  if (image === undefined || out === undefined || strides === undefined) return undefined
  const [sh, sw] = strides
  if (l.inputs !== image[0] * image[1] * image[2] || l.outputs !== out[0] * out[1] * out[2]) return undefined
  const shapes = l.shapes as Record<string, ReadonlyArray<number>>
  const keys = Object.keys(shapes).sort().join()
  let kh: number
  let kw: number
  let padding: unknown = 'valid'
  if (kind === 'conv2d') {
    const K = shapes.K
    const b = shapes.b
    if (keys !== 'K,b' || K?.length !== 4 || b?.length !== 1) return undefined
    if (K[2] !== image[2] || K[3] !== out[2] || b[0] !== out[2]) return undefined
    kh = K[0] as number
    kw = K[1] as number
    padding = f.padding
    if (padding !== 'valid' && padding !== 'same') return undefined
  } else {
    const win = pair(f.windowSize, f.size)
    if (keys !== '' || l.activation.spec.name !== 'identity' || win === undefined || out[2] !== image[2])
      return undefined
    ;[kh, kw] = win
  }
  // one axis: the output length and the padding before and after, as conv2d computes them
  const axis = (n: number, k: number, o: number, s: number): readonly [number, number] | undefined => {
    if (padding === 'same') {
      const total = Math.max((o - 1) * s + k - n, 0)
      return o === Math.ceil(n / s) ? [Math.floor(total / 2), total - Math.floor(total / 2)] : undefined
    }
    return k <= n && (n - k) % s === 0 && (n - k) / s + 1 === o ? [0, 0] : undefined
  }
  const ph = axis(image[0], kh, out[0], sh)
  const pw = axis(image[1], kw, out[1], sw)
  if (ph === undefined || pw === undefined) return undefined
  return { kind, image, out, kh, kw, sh, sw, pads: [ph[0], pw[0], ph[1], pw[1]] }
}
