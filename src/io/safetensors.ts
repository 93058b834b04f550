/**
 * safetensors weights (the Hugging Face format): an 8-byte little-endian header length `N`, `N` bytes of JSON
 * header, then the raw little-endian data of every tensor. The header maps each tensor name to its `dtype`,
 * `shape` and `data_offsets` (`[begin, end)` within the data), plus a `__metadata__` map of strings.
 *
 * Names: `layers.{l}.{param}` by default (`layers.0.W: [In, Out]`, `layers.0.b: [Out]`, as tensorial holds
 * them), or with `naming: 'torch'` the `state_dict` names of the equivalent `nn.Sequential`: dense layer `l`
 * is the `Linear` at index `k` (each layer is a `Linear` followed by its activation module, none for
 * identity), stored as `{k}.weight: [Out, In]` (transposed, as PyTorch holds it) and `{k}.bias: [Out]`, so
 * `model.load_state_dict(safetensors.torch.load_file(path))` works. A batch-norm layer is a `BatchNorm1d`
 * (`{k}.weight` = γ, `{k}.bias` = β, `{k}.running_mean`, `{k}.running_var`; torch fills in the missing
 * `num_batches_tracked`, and `decode` ignores one that is present), a dropout layer a `Dropout` (no tensors).
 * A CNN is `nn.Sequential(Conv2d, ReLU, MaxPool2d, …, Flatten, Linear, …)` on NCHW images: a conv layer a
 * `Conv2d` (`{k}.weight: [F, C, KH, KW]`, `{k}.bias: [F]`) and its activation, a pooling layer a `MaxPool2d` or
 * `AvgPool2d`, and an `nn.Flatten` after the last image layer; torch flattens channel-first (`C·H·W`), so the
 * `Linear` (and any `BatchNorm1d`) reading those features has its inputs permuted from tensorial's channels-last
 * order. Image layers must start the network, each reading the image the one before gives.
 * In the default naming every parameter, running statistics included, is `layers.{l}.{param}`: a conv layer's
 * `layers.{l}.K: [KH, KW, C, F]` and `layers.{l}.b: [F]` (a pooling layer has none), the layer kinds and their
 * geometry in `tensorial.architecture`. `decode` reads either naming.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'

import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig } from '../core/errors.js'
import type { Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'
import { architecture, fromLeBytes, imageGeometry, LIBRARY_VERSION, leBytes } from '../internal/interop.js'
import { make } from '../internal/make.js'
import { showValue } from '../internal/show.js'
import type { AnyLayer, ParamSet } from '../nn/layer.js'
import type { AnyNetwork, Network, Theta, ThetaFor } from '../nn/network.js'
import { DecodeError } from './codec.js'
import type { UnsupportedLayer } from './onnx.js'
import { unsupportedLayer } from './onnx.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of `encode`: the dtype of the stored values (`F32` by default, `F64` for a bit-exact copy of Θ), the
 * naming (`tensorial` by default, or `torch`) and extra `__metadata__` entries.
 *
 * @category model
 * @since 0.2.0
 */
export interface EncodeOptions {
  readonly dtype?: 'F32' | 'F64'
  readonly naming?: 'tensorial' | 'torch'
  readonly metadata?: { readonly [key: string]: string }
}

/**
 * The largest header this reader accepts, in bytes (the reference implementation's limit).
 *
 * @category model
 * @since 0.2.0
 */
export const MAX_HEADER_LENGTH = 100_000_000

/** Element sizes of every dtype the format defines (sub-byte types are not whole bytes: unsupported). */
const DTYPE_SIZES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
}

/** The layer kinds the torch naming maps to `nn.Sequential` modules (`Linear`, `BatchNorm1d`, `Dropout`, …). */
const TORCH_KINDS = ['dense', 'batchNorm', 'dropout', 'conv2d', 'maxPool2d', 'avgPool2d'] as const

/**
 * Where a parameter is stored: its name, the stored shape, a note for messages, and the permutation `perm`
 * with `stored[i] = ours[perm[i]]` (none: stored as tensorial holds it).
 */
interface Slot {
  readonly name: string
  readonly stored: ReadonlyArray<number>
  readonly note: string
  readonly perm?: Int32Array
}

const identityPerm = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i)

/** Torch's channel-first feature `j = (c·H + h)·W + w` of a flattened image is tensorial's `(h·W + w)·C + c`. */
const flattenPerm = ([h, w, c]: readonly [number, number, number]): Int32Array => {
  const q = new Int32Array(h * w * c)
  for (let ch = 0; ch < c; ch++)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) q[(ch * h + y) * w + x] = (y * w + x) * c + ch
  return q
}

/** `W: [In, Out]` stored as `[Out, In]`, its inputs in torch's order `q`: `stored[o, j] = W[q[j], o]`. */
const linearPerm = (n: number, m: number, q: Int32Array): Int32Array => {
  const perm = new Int32Array(n * m)
  for (let o = 0; o < m; o++) for (let j = 0; j < n; j++) perm[o * n + j] = (q[j] as number) * m + o
  return perm
}

/** `K: [KH, KW, C, F]` stored as `[F, C, KH, KW]`. */
const kernelPerm = (kh: number, kw: number, c: number, f: number): Int32Array => {
  const perm = new Int32Array(kh * kw * c * f)
  for (let o = 0; o < f; o++)
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < kh; p++)
        for (let q = 0; q < kw; q++) perm[((o * c + ch) * kh + p) * kw + q] = ((p * kw + q) * c + ch) * f + o
  return perm
}

/**
 * Where each parameter of each layer is stored, or the `UnsupportedLayer` of a network the torch naming cannot
 * express. Torch naming: the `nn.Sequential` of one module per layer plus its activation module (none for
 * identity); a conv layer is a `Conv2d` (`[F, C, KH, KW]`), a pooling layer a `MaxPool2d` / `AvgPool2d`, and an
 * `nn.Flatten` follows the last image layer, after which features are in torch's channel-first order until a
 * dense layer mixes them: the weights of a `Linear` and the statistics of a `BatchNorm1d` there are permuted.
 */
const slots = (net: AnyNetwork, naming: 'tensorial' | 'torch'): Array<Record<string, Slot>> | UnsupportedLayer => {
  if (naming === 'tensorial')
    return net.layers.map((l: AnyLayer, i) =>
      Object.fromEntries(
        Object.entries(l.shapes as Record<string, ReadonlyArray<number>>).map(([p, shape]) => [
          p,
          { name: `layers.${i}.${p}`, stored: shape, note: '' },
        ]),
      ),
    )
  const u = unsupportedLayer(net, 'the torch naming', TORCH_KINDS)
  if (u !== undefined) return u
  let k = 0
  // the image the previous layer output, and torch's order of the current features (none: the same as ours)
  let image: readonly [number, number, number] | undefined
  let order: Int32Array | undefined
  const out: Array<Record<string, Slot>> = []
  for (let i = 0; i < net.layers.length; i++) {
    const l = net.layers[i] as AnyLayer
    const g = imageGeometry(l)
    const bad = (why: string): UnsupportedLayer => ({
      _tag: 'UnsupportedLayer',
      layer: i + 1,
      kind: l.kind,
      format: 'the torch naming',
      message: `layer ${i + 1} ("${l.kind}"): the torch naming maps a CNN to nn.Sequential(Conv2d, …, Flatten, Linear, …); ${why}`,
    })
    const step = l.activation.spec.name === 'identity' ? 1 : 2
    if (g !== undefined) {
      if (i > 0 && (image === undefined || image.join() !== g.image.join()))
        return bad(
          image === undefined
            ? 'an image layer must start the network or follow another image layer'
            : `it reads the image [${g.image.join(', ')}], the layer before gives [${image.join(', ')}]`,
        )
      if (l.activation.spec.name === 'softmax') return bad("a conv layer's softmax over the whole image has no module")
      const [c, f] = [g.image[2], g.out[2]]
      out.push(
        g.kind === 'conv2d'
          ? {
              K: {
                name: `${k}.weight`,
                stored: [f, c, g.kh, g.kw],
                note: ' ([F, C, KH, KW], torch naming)',
                perm: kernelPerm(g.kh, g.kw, c, f),
              },
              b: { name: `${k}.bias`, stored: [f], note: '' },
            }
          : {},
      )
      k += step
      image = g.out
      continue
    }
    if (image !== undefined) {
      k += 1 // nn.Flatten
      order = flattenPerm(image)
      image = undefined
    }
    const q = order ?? identityPerm(l.inputs)
    const permuted = order === undefined ? {} : { perm: q }
    if (l.kind === 'batchNorm')
      out.push({
        gamma: { name: `${k}.weight`, stored: [l.inputs], note: '', ...permuted },
        beta: { name: `${k}.bias`, stored: [l.inputs], note: '', ...permuted },
        runningMean: { name: `${k}.running_mean`, stored: [l.inputs], note: '', ...permuted },
        runningVar: { name: `${k}.running_var`, stored: [l.inputs], note: '', ...permuted },
      })
    else if (l.kind === 'dropout') out.push({})
    else {
      out.push({
        W: {
          name: `${k}.weight`,
          stored: [l.outputs, l.inputs],
          note: ' ([out, in], torch naming)',
          perm: linearPerm(l.inputs, l.outputs, q),
        },
        b: { name: `${k}.bias`, stored: [l.outputs], note: '' },
      })
      order = undefined
    }
    k += step
  }
  return out
}

// -------------------------------------------------------------------------------------
// writing
// -------------------------------------------------------------------------------------

/**
 * The safetensors file of Θ, as bytes. With `naming: 'torch'` every layer must be dense, batch norm, dropout,
 * conv or pooling, as the module doc describes (else an `UnsupportedLayer`); the default naming stores any
 * layer's parameters. `__metadata__` holds
 * `tensorial.architecture` (the layers as JSON), `tensorial.naming`, `tensorial.version` and, for torch naming,
 * `format: pt`.
 *
 * @example
 * const bytes = Safetensors.encode(net, theta, { dtype: 'F64' })      // Right(Uint8Array)
 * const forTorch = Safetensors.encode(net, theta, { naming: 'torch' }) // 0.weight, 0.bias, 2.weight, …
 * @category encoding
 * @since 0.2.0
 */
export const encode = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'Safetensors.encode', Ls, T>,
  options: EncodeOptions = {},
): E.Either<UnsupportedLayer | InvalidConfig, Uint8Array> => {
  const dtype = options.dtype ?? 'F32'
  if (dtype !== 'F32' && dtype !== 'F64') return E.left(invalidConfig('dtype', dtype, '"F32" or "F64"'))
  const naming = options.naming ?? 'tensorial'
  if (naming !== 'tensorial' && naming !== 'torch')
    return E.left(invalidConfig('naming', naming, '"tensorial" or "torch"'))
  for (const [k, v] of Object.entries(options.metadata ?? {}))
    if (typeof v !== 'string') return E.left(invalidConfig(`metadata.${k}`, v, 'a string'))
  const where = slots(net, naming)
  if (!Array.isArray(where)) return E.left(where)
  const width = dtype === 'F64' ? 8 : 4
  const header: Record<string, unknown> = {
    __metadata__: {
      ...options.metadata,
      ...(naming === 'torch' ? { format: 'pt' } : {}),
      'tensorial.architecture': architecture(net),
      'tensorial.naming': naming,
      'tensorial.version': LIBRARY_VERSION,
    },
  }
  const chunks: Array<Uint8Array> = []
  let offset = 0
  const ps = theta as ReadonlyArray<ParamSet>
  where.forEach((ns, l) => {
    for (const [p, slot] of Object.entries(ns)) {
      const t = (ps[l] as ParamSet)[p] as Tensor<Shape>
      const perm = slot.perm
      const data = perm === undefined ? t.data : Float64Array.from(perm, (j) => t.data[j] as number)
      const bytes = leBytes(data, width)
      header[slot.name] = { dtype, shape: Array.from(slot.stored), data_offsets: [offset, offset + bytes.length] }
      chunks.push(bytes)
      offset += bytes.length
    }
  })
  let json = new TextEncoder().encode(JSON.stringify(header))
  // Pad the header with spaces so the data starts 8-byte aligned, as the reference implementation does.
  const pad = (8 - (json.length % 8)) % 8
  if (pad > 0) {
    const padded = new Uint8Array(json.length + pad).fill(0x20)
    padded.set(json)
    json = padded
  }
  const out = new Uint8Array(8 + json.length + offset)
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true)
  out.set(json, 8)
  let o = 8 + json.length
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return E.right(out)
}

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

/**
 * A tensor entry of a header, validated: name, dtype, shape and its bytes `[begin, end)` in the data.
 *
 * @category model
 * @since 0.2.0
 */
export interface TensorEntry {
  readonly name: string
  readonly dtype: string
  readonly shape: ReadonlyArray<number>
  readonly begin: number
  readonly end: number
}

/**
 * A parsed safetensors header: its metadata and tensor entries, every offset checked against the data.
 *
 * @category model
 * @since 0.2.0
 */
export interface Header {
  readonly metadata: { readonly [key: string]: string }
  readonly tensors: ReadonlyArray<TensorEntry>
  /** The data section (after the header). */
  readonly data: Uint8Array
}

/** A value in a message: arrays in JSON (shapes and offsets are short), anything else as `showValue` does. */
const show = (u: unknown): string => (Array.isArray(u) ? JSON.stringify(u).slice(0, 80) : showValue(u))

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)
const isIndex = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0

/** The first key that appears twice at the top level of a JSON object text, if any (JSON.parse keeps the last). */
const duplicateKey = (json: string): string | undefined => {
  const seen = new Set<string>()
  let depth = 0
  for (let i = 0; i < json.length; i++) {
    const c = json[i]
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    else if (c === '"') {
      let j = i + 1
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1
      if (depth === 1) {
        let k = j + 1
        while (json[k] === ' ' || json[k] === '\n' || json[k] === '\r' || json[k] === '\t') k++
        if (json[k] === ':') {
          const key = JSON.parse(json.slice(i, j + 1)) as string
          if (seen.has(key)) return key
          seen.add(key)
        }
      }
      i = j
    }
  }
  return undefined
}

/**
 * The header of a safetensors file, validated strictly: a sane header length, UTF-8 JSON object without
 * duplicate keys, a `__metadata__` map of strings, and for every tensor a known dtype, a shape of
 * non-negative integers, and `data_offsets` whose size is `dtype size × Π shape`; sorted by offset, the
 * tensors must cover the data exactly, with no gap or overlap and nothing past the end.
 *
 * @category decoding
 * @since 0.2.0
 */
export const readHeader = (bytes: Uint8Array): E.Either<DecodeError, Header> => {
  const fail = (m: string): E.Either<DecodeError, never> => E.left(new DecodeError([m]))
  if (!(bytes instanceof Uint8Array)) return fail('(root): expected the bytes of a safetensors file')
  if (bytes.length < 8) return fail(`file: ${bytes.length} bytes, fewer than the 8 of the header length`)
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true)
  if (n > BigInt(MAX_HEADER_LENGTH))
    return fail(`header length: ${n} bytes exceeds the limit of ${MAX_HEADER_LENGTH} bytes`)
  if (n > BigInt(bytes.length - 8))
    return fail(`header length: ${n} bytes runs past the end of the file (${bytes.length - 8} bytes follow it)`)
  const len = Number(n)
  if (len < 2) return fail(`header length: ${len} bytes is too short for a JSON object`)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + len))
  } catch {
    return fail('header: not valid UTF-8')
  }
  if (!text.startsWith('{')) return fail(`header: expected a JSON object starting with "{", got ${showValue(text[0])}`)
  let u: unknown
  try {
    u = JSON.parse(text)
  } catch (e) {
    return fail(`header: invalid JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!isRecord(u)) return fail('header: expected a JSON object')
  const dup = duplicateKey(text)
  if (dup !== undefined) return fail(`header: the key ${JSON.stringify(dup)} appears more than once`)
  const data = bytes.subarray(8 + len)
  let metadata: Record<string, string> = {}
  const tensors: Array<TensorEntry> = []
  for (const [name, v] of Object.entries(u)) {
    const at = `header[${JSON.stringify(name)}]`
    if (name === '__metadata__') {
      if (!isRecord(v)) return fail(`${at}: expected an object of strings, got ${showValue(v)}`)
      const bad = Object.entries(v).find(([, s]) => typeof s !== 'string')
      if (bad !== undefined) return fail(`${at}.${bad[0]}: expected a string, got ${showValue(bad[1])}`)
      metadata = v as Record<string, string>
      continue
    }
    if (!isRecord(v)) return fail(`${at}: expected a tensor entry {dtype, shape, data_offsets}, got ${showValue(v)}`)
    const extra = Object.keys(v).filter((k) => k !== 'dtype' && k !== 'shape' && k !== 'data_offsets')
    if (extra.length > 0) return fail(`${at}: unknown field ${extra.map((k) => JSON.stringify(k)).join(', ')}`)
    const size = typeof v.dtype === 'string' ? DTYPE_SIZES[v.dtype] : undefined
    if (size === undefined) return fail(`${at}.dtype: unknown dtype ${showValue(v.dtype)}`)
    if (!Array.isArray(v.shape) || !v.shape.every(isIndex))
      return fail(`${at}.shape: expected an array of non-negative integers, got ${show(v.shape)}`)
    const o = v.data_offsets
    if (!Array.isArray(o) || o.length !== 2 || !isIndex(o[0]) || !isIndex(o[1]) || o[0] > o[1])
      return fail(`${at}.data_offsets: expected [begin, end] with 0 ≤ begin ≤ end, got ${show(o)}`)
    const numel = (v.shape as Array<number>).reduce((a, d) => a * d, 1)
    if (o[1] - o[0] !== numel * size)
      return fail(
        `${at}.data_offsets: [${o[0]}, ${o[1]}] holds ${o[1] - o[0]} bytes, but ${v.dtype} [${v.shape.join(', ')}] needs ${numel * size}`,
      )
    tensors.push({ name, dtype: v.dtype as string, shape: v.shape as Array<number>, begin: o[0], end: o[1] })
  }
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end)
  let pos = 0
  for (const t of sorted) {
    const at = `header[${JSON.stringify(t.name)}].data_offsets`
    if (t.begin < pos) return fail(`${at}: [${t.begin}, ${t.end}] overlaps the tensor before it (which ends at ${pos})`)
    if (t.begin > pos) return fail(`${at}: [${t.begin}, ${t.end}] leaves bytes ${pos}–${t.begin} unused`)
    if (t.end > data.length)
      return fail(`${at}: [${t.begin}, ${t.end}] runs past the end of the data (${data.length} bytes)`)
    pos = t.end
  }
  if (pos !== data.length) return fail(`data: ${data.length} bytes, but the tensors cover only ${pos}`)
  return E.right({ metadata, tensors, data })
}

/** The fields of a conv or pooling layer's spec that its tensors' shapes do not determine. */
const GEOMETRY = ['kind', 'image', 'kernel', 'size', 'stride', 'padding'] as const

/**
 * Where the architecture a file records (`tensorial.architecture`) differs from the network's at a conv or
 * pooling layer, in a field the tensor shapes cannot show (a stride, the padding, a pooling window), if it does.
 */
const imageMismatch = (net: AnyNetwork, recorded: string | undefined): string | undefined => {
  if (recorded === undefined) return undefined
  let arch: unknown
  try {
    arch = JSON.parse(recorded)
  } catch {
    return undefined
  }
  const layers = isRecord(arch) && Array.isArray(arch.layers) ? (arch.layers as ReadonlyArray<unknown>) : []
  for (let l = 0; l < net.layers.length; l++) {
    const spec = (net.layers[l] as AnyLayer).spec as Record<string, unknown>
    const file = layers[l]
    if (imageGeometry(net.layers[l] as AnyLayer) === undefined || !isRecord(file)) continue
    for (const k of GEOMETRY) {
      const [a, b] = [JSON.stringify(file[k]), JSON.stringify(spec[k])]
      if (a !== b)
        return `__metadata__["tensorial.architecture"].layers[${l}].${k}: the file's layer ${l + 1} has ${a ?? 'none'}, the network's (${String(spec.kind)}) has ${b ?? 'none'}`
    }
  }
  return undefined
}

/**
 * Θ from a safetensors file, checked against the typed network: the file's header is validated strictly
 * (`readHeader`), then it must hold exactly the network's tensors, in either naming (`layers.0.W: [In, Out]`,
 * or torch's `0.weight: [Out, In]`), each F32 or F64 with the parameter's shape and finite values. F64 files
 * give Θ back bit for bit. When the file records the architecture (`tensorial.architecture`, as `encode`
 * writes it), a conv or pooling layer must match it in what the shapes cannot show: kind, image, kernel or
 * window, stride and padding.
 *
 * @category decoding
 * @since 0.2.0
 */
export const decode = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  bytes: Uint8Array,
): E.Either<DecodeError, Theta<Ls>> =>
  E.chain((h: Header): E.Either<DecodeError, Theta<Ls>> => {
    const fail = (m: string): E.Either<DecodeError, never> => E.left(new DecodeError([m]))
    const byName = new Map(h.tensors.map((t) => [t.name, t]))
    const torchy = h.tensors.some((t) => /^\d+\.(weight|bias)$/.test(t.name))
    const naming = torchy ? 'torch' : 'tensorial'
    const where = slots(net, naming)
    if (!Array.isArray(where))
      return fail(
        where.message.includes('nn.Sequential')
          ? where.message
          : `layer ${where.layer} ("${where.kind}"): the torch naming holds only dense, batchNorm, dropout, conv2d, maxPool2d and avgPool2d layers`,
      )
    const wanted = where.map((ns) => Object.fromEntries(Object.entries(ns).map(([p, slot]) => [p, slot.name])))
    const all = new Set(wanted.flatMap((ns) => Object.values(ns)))
    // torch's BatchNorm1d also saves num_batches_tracked (a step count, not used here): it may be present
    const tracked = new Set(
      naming === 'torch'
        ? wanted.flatMap((ns) =>
            ns.runningMean === undefined ? [] : [ns.runningMean.replace(/running_mean$/, 'num_batches_tracked')],
          )
        : [],
    )
    const extra = h.tensors.filter((t) => !all.has(t.name) && !tracked.has(t.name)).map((t) => JSON.stringify(t.name))
    if (extra.length > 0)
      return fail(
        `header: unexpected tensor ${extra.join(', ')} (this network, in ${naming} naming, has ${[...all].join(', ')})`,
      )
    const theta: Array<ParamSet> = []
    for (let l = 0; l < net.layers.length; l++) {
      const layer = net.layers[l] as AnyLayer
      const p: Record<string, Tensor<Shape>> = {}
      for (const [param, slot] of Object.entries(where[l] as Record<string, Slot>)) {
        const at = `header[${JSON.stringify(slot.name)}]`
        const t = byName.get(slot.name)
        if (t === undefined) return fail(`${at}: missing (layer ${l + 1}, ${param})`)
        const shape = (layer.shapes as Record<string, ReadonlyArray<number>>)[param] as ReadonlyArray<number>
        const stored = slot.stored
        if (t.dtype !== 'F32' && t.dtype !== 'F64') return fail(`${at}.dtype: expected F32 or F64, got ${t.dtype}`)
        if (t.shape.length !== stored.length || t.shape.some((d, i) => d !== stored[i]))
          return fail(`${at}.shape: expected [${stored.join(', ')}]${slot.note}, got [${t.shape.join(', ')}]`)
        const values = fromLeBytes(h.data.subarray(t.begin, t.end), t.dtype === 'F64' ? 8 : 4)
        const bad = values.findIndex((x) => !Number.isFinite(x))
        if (bad >= 0) return fail(`${at}: entry ${bad} is ${values[bad]}, expected a finite number`)
        const perm = slot.perm
        const data = perm === undefined ? values : new Float64Array(values.length)
        if (perm !== undefined) perm.forEach((j, i) => (data[j] = values[i] as number))
        p[param] = make(shape, data)
      }
      theta.push(p)
    }
    const geometry = imageMismatch(net, h.metadata['tensorial.architecture'])
    if (geometry !== undefined) return fail(geometry)
    return E.right(theta as unknown as Theta<Ls>)
  })(readHeader(bytes))
