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
