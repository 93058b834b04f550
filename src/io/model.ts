/**
 * Model files: a versioned JSON format recording the architecture (layer kinds, widths, activations), the cost
 * and the parameters Θ.
 *
 * `save(net, Θ, cost)` writes the file; `load(net, text)` reads it against the typed network definition, so
 * the loaded Θ has exactly the static type of `init(net)`. A file of another architecture, an unknown format
 * version, truncated text, non-finite numbers and wrong types are `Left` values whose messages name the place
 * (`layers[1].outputs: expected 10, got 30`, `layers[0].params.W: expected shape [784, 128], got [128, 784]`).
 * `describe(text)` reads any model file without a definition. Round trips are bit-exact (`-0` included).
 *
 * **Strict.** This version knows its own format exactly, so a reader never loads a different model than the
 * file describes: an unknown key anywhere (`useBias`, `dtype`, a typo such as `colt` for `cost`) is a `Left`
 * listing the allowed keys, with a "did you mean" for a near miss; so is a duplicate key (`{"W": …, "W": …}`,
 * which `JSON.parse` would silently resolve) and a `__proto__`, `constructor` or `prototype` key. A future
 * format version can add keys. Every message names the JSON path (`layers[1].params.W.shape`), and quoted
 * values are cut, so a message stays short whatever the file. `load` and `describe` never throw, whatever
 * the input (a getter that throws, a proxy, bytes instead of text: `got a Uint8Array; pass the file's text`).
 *
 * **Checked writing.** `save` and `encode` return an `Either`: a Θ holding a non-finite entry (a diverged
 * training run) is a `Left` naming the layer and the parameter, never a file that cannot be read back.
 *
 * Format, version 1:
 * ```json
 * { "format": "tensorial-model", "version": 1, "inputs": 2, "cost": { "name": "quadratic" },
 *   "layers": [{ "kind": "dense", "inputs": 2, "outputs": 3, "activation": { "name": "sigmoid" },
 *                "params": { "W": { "shape": [2, 3], "data": [...] }, "b": { "shape": [3], "data": [...] } } }] }
 * ```
 *
 *
 * Layers with state keep it among their params: a batch-norm layer (`"kind": "batchNorm"`) stores the trainable
 * `gamma`, `beta` and the running statistics `runningMean`, `runningVar` (each `[N]`; the variance ≥ 0), a
 * dropout layer (`"kind": "dropout"`) no params (its rate belongs to the definition). A conv or pooling layer
 * (`conv2d`: `K` `[KH, KW, C, F]` and `b` `[F]`; `maxPool2d`, `avgPool2d`: none) also records its `geometry`,
 * which widths and kernel shapes cannot show: `{ "image": [H, W, C], "outputImage": [H', W', F],
 * "window": [KH, KW], "strides": [SH, SW], "pads": [top, left, bottom, right] }`; `load` requires it to equal
 * the definition's (an `[8, 4, 1]` image and a `[4, 8, 1]` one have the same widths).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'

import type { ActivationSpec } from '../nn/activation.js'
import type { CostSpec } from '../nn/cost.js'
import type { Cost } from '../nn/cost.js'
import { costFromSpec } from '../nn/cost.js'
import type { TensorJson } from './codec.js'
import { decode, DecodeError, stringify, tensorCodec } from './codec.js'
import { EncodeError } from '../core/errors.js'
import { imageGeometry } from '../internal/interop.js'
import { readJson, showPath } from '../internal/json.js'
import { bytesHint, quote, showError, showValue } from '../internal/show.js'
import type { AnyLayer, ParamSet } from '../nn/layer.js'
import type { Network, Theta, ThetaFor } from '../nn/network.js'
import type { Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The format version this library writes and reads.
 *
 * @category model
 * @since 0.1.0
 */
export const FORMAT_VERSION = 1

/**
 * The JSON form of one layer.
 *
 * @category model
 * @since 0.1.0
 */
export interface LayerJson {
  readonly kind: string
  readonly inputs: number
  readonly outputs: number
  readonly activation: ActivationSpec
  readonly params: { readonly [name: string]: TensorJson }
  /**
   * A conv or pooling layer's geometry, which its widths and parameter shapes cannot show: input and output
   * images `[H, W, C]`, window `[KH, KW]`, strides `[SH, SW]` and zero padding `[top, left, bottom, right]`.
   * @since 0.2.0
   */
  readonly geometry?: {
    readonly image: ReadonlyArray<number>
    readonly outputImage: ReadonlyArray<number>
    readonly window: ReadonlyArray<number>
    readonly strides: ReadonlyArray<number>
    readonly pads: ReadonlyArray<number>
  }
}

/**
 * The JSON form of a model file.
 *
 * @category model
 * @since 0.1.0
 */
export interface ModelJson {
  readonly format: 'tensorial-model'
  readonly version: number
  readonly inputs: number
  readonly cost?: CostSpec
  readonly layers: ReadonlyArray<LayerJson>
}

/**
 * What `describe` reports of a model file.
 *
 * @category model
 * @since 0.1.0
 */
export interface ModelDescription {
  readonly version: number
  readonly inputs: number
  readonly outputs: number
  readonly cost?: CostSpec
  readonly layers: ReadonlyArray<{
    readonly kind: string
    readonly inputs: number
    readonly outputs: number
    readonly activation: string
    readonly params: { readonly [name: string]: ReadonlyArray<number> }
  }>
  readonly parameterCount: number
}

/**
 * A loaded model: Θ with the definition's static type, and the cost the file records, if any.
 *
 * @category model
 * @since 0.1.0
 */
export interface Loaded<Ls extends ReadonlyArray<AnyLayer>> {
  readonly theta: Theta<Ls>
  readonly cost?: Cost
}

// -------------------------------------------------------------------------------------
// writing
// -------------------------------------------------------------------------------------

/** The first non-finite entry of a parameter, as a message, or `undefined`. */
const nonFinite = (layer: number, name: string, t: Tensor<Shape>): string | undefined => {
  const d = t.data
  for (let j = 0; j < d.length; j++) {
    const v = d[j] as number
    if (Number.isFinite(v)) continue
    const index: Array<number> = []
    let rest = j
    for (let ax = t.shape.length - 1; ax >= 0; ax--) {
      const n = t.shape[ax] as number
      index.unshift(rest % n)
      rest = Math.floor(rest / n)
    }
    return (
      `${showPath(['layers', layer, 'params', name])}: layer ${layer + 1} (${name}) has a non-finite entry, ${v} at ` +
      `[${index.join(', ')}]; a model file holds finite numbers only`
    )
  }
  return undefined
}

/**
 * The JSON object of a model (see `save` for text). A Θ with a non-finite entry (`NaN`, `±Infinity`) is a
 * `Left` naming the layer (1-based, as in the notes) and the parameter:
 * `layers[1].params.W: layer 2 (W) has a non-finite entry, NaN at [0, 1]; a model file holds finite numbers only`.
 *
 * @category encoding
 * @since 0.1.0
 */
export const encode = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'encode', Ls, T>,
  cost?: Cost,
): E.Either<EncodeError, ModelJson> => {
  const layers: Array<LayerJson> = []
  for (let i = 0; i < net.layers.length; i++) {
    const l = net.layers[i] as AnyLayer
    const params: Record<string, TensorJson> = {}
    for (const [k, t] of Object.entries((theta as ReadonlyArray<ParamSet>)[i] as ParamSet)) {
      const bad = nonFinite(i, k, t)
      if (bad !== undefined) return E.left(new EncodeError([bad]))
      params[k] = { shape: Array.from(t.shape), data: Array.from(t.data) }
    }
    const geometry = geometryJson(l)
    layers.push({
      kind: l.kind,
      inputs: l.inputs,
      outputs: l.outputs,
      activation: l.activation.spec,
      params,
      ...(geometry === undefined ? {} : { geometry }),
    })
  }
  return E.right({
    format: 'tensorial-model',
    version: FORMAT_VERSION,
    inputs: net.inputs,
    ...(cost === undefined ? {} : { cost: cost.spec }),
    layers,
  })
}

/**
 * A model file's text: the network's architecture, Θ and (optionally) the cost. `-0` is kept. A Θ with a
 * non-finite entry is a `Left` (see `encode`).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * const file = save(net, theta, crossEntropy) // Either<EncodeError, string>
 * assert.ok(E.isRight(file) && E.isRight(load(net, file.right)))
 *
 * @category encoding
 * @since 0.1.0
 */
export const save = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'save', Ls, T>,
  cost?: Cost,
): E.Either<EncodeError, string> => E.map(stringify)(encode(net, theta as Theta<Ls>, cost))

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

type Fault = E.Either<DecodeError, never>
const fail = (...messages: ReadonlyArray<string>): Fault => E.left(new DecodeError(messages))

/** Keys no model file may hold, at any depth. */
const forbiddenKeys: ReadonlyArray<string> = ['__proto__', 'constructor', 'prototype']

/** The parameter names of the built-in layer kinds; a layer of another kind may have any (but the forbidden). */
const FIXED_PARAMS: ReadonlyMap<string, ReadonlyArray<string>> = new Map([
  ['dense', ['W', 'b']],
  ['batchNorm', ['gamma', 'beta', 'runningMean', 'runningVar']],
  ['dropout', []],
  ['conv2d', ['K', 'b']],
  ['maxPool2d', []],
  ['avgPool2d', []],
])

/** A plain JSON object: `{}` or `Object.create(null)`, not an array, a class instance, a Map or a typed array. */
const isRecord = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/** What an object was expected to be, and what it is: bytes get a hint, other values a bounded description. */
const expected = (at: string, what: string, u: unknown): string =>
  `${at}: expected ${what}, ${bytesHint(u) ?? `got ${showValue(u)}`}`

/** The edit distance of two short strings (Damerau–Levenshtein, adjacent swaps count 1), capped at `cap`+1. */
const distance = (a: string, b: string, cap: number): number => {
  if (Math.abs(a.length - b.length) > cap) return cap + 1
  const rows: Array<Array<number>> = []
  for (let i = 0; i <= a.length; i++) {
    const row: Array<number> = [i]
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j)
        continue
      }
      const prev = rows[i - 1] as Array<number>
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, ((rows[i - 2] as Array<number>)[j - 2] as number) + 1)
      row.push(d)
    }
    rows.push(row)
  }
  return (rows[a.length] as Array<number>)[b.length] as number
}

/** The allowed key nearest to `key`, when it is a near miss (one edit for short keys, two for longer). */
const nearest = (key: string, allowed: ReadonlyArray<string>): string | undefined => {
  if (key.length > 40) return undefined
  const cap = key.length <= 4 ? 1 : 2
  let best: string | undefined
  let bestD = cap + 1
  for (const k of allowed) {
    const d = distance(key, k, cap)
    if (d < bestD) {
      best = k
      bestD = d
    }
  }
  return best
}

/**
 * The first key of `u` outside `allowed`, as a message naming the path, the allowed keys and a near miss:
 * `(root): unknown key "colt" (did you mean "cost"?); allowed: format, version, inputs, cost, layers`.
 */
const unknownKey = (at: string, u: Record<string, unknown>, allowed: ReadonlyArray<string>): string | undefined => {
  for (const k of Object.keys(u)) {
    if (allowed.includes(k)) continue
    if (forbiddenKeys.includes(k)) return `${at}: key ${quote(k)} is not allowed`
    const near = nearest(k, allowed)
    const hint = near === undefined ? '' : ` (did you mean ${quote(near)}?)`
    return `${at}: unknown key ${quote(k)}${hint}; allowed: ${allowed.length === 0 ? 'none' : allowed.join(', ')}`
  }
  return undefined
}

/** Text is read strictly (duplicate and forbidden keys are faults); bytes get a hint; objects pass through. */
const parse = (input: unknown): E.Either<DecodeError, unknown> => {
  if (typeof input === 'string') {
    const r = readJson(input, { forbidden: forbiddenKeys })
    return r.ok ? E.right(r.value) : fail(r.message)
  }
  const hint = bytesHint(input)
  return hint === undefined ? E.right(input) : fail(`(root): expected the text of a model file, ${hint}`)
}

/** Runs a reader; an input that throws while being read (a getter, a proxy trap) is a `Left`, never a throw. */
const guarded = <A>(read: () => E.Either<DecodeError, A>): E.Either<DecodeError, A> => {
  try {
    return read()
  } catch (e) {
    return fail(`(root): could not read the input: ${showError(e)}`)
  }
}

const rootKeys: ReadonlyArray<string> = ['format', 'version', 'inputs', 'cost', 'layers']
const layerKeys: ReadonlyArray<string> = ['kind', 'inputs', 'outputs', 'activation', 'params', 'geometry']
const geometryKeys = ['image', 'outputImage', 'window', 'strides', 'pads'] as const

/** The geometry a built-in conv or pooling layer records (see {@link LayerJson}), `undefined` for other layers. */
const geometryJson = (l: AnyLayer): LayerJson['geometry'] => {
  const g = imageGeometry(l)
  return g === undefined
    ? undefined
    : {
        image: [...g.image],
        outputImage: [...g.out],
        window: [g.kh, g.kw],
        strides: [g.sh, g.sw],
        pads: [...g.pads],
      }
}

/**
 * Whether a layer's `geometry` field fits: absent for a layer that is not a built-in conv or pooling layer;
 * for one, an object of exactly the five fields, each equal to the definition's (`want`), or, without a
 * definition (`want` undefined), arrays of the right lengths of positive (pads: non-negative) integers whose
 * images have the layer's widths. A message naming the field, or `undefined`.
 */
const geometryFault = (
  at: string,
  u: unknown,
  kind: string,
  widths: readonly [number, number],
  want: LayerJson['geometry'] | 'none' | undefined,
): string | undefined => {
  if (want === 'none')
    return u === undefined ? undefined : `${at}.geometry: unexpected: a ${kind} layer has no image geometry`
  if (u === undefined) {
    if (want === undefined) return undefined
    return `${at}.geometry: missing: a ${kind} layer records its images, window, strides and padding`
  }
  if (!isRecord(u)) return expected(`${at}.geometry`, 'an object { image, outputImage, window, strides, pads }', u)
  const extra = unknownKey(`${at}.geometry`, u, geometryKeys)
  if (extra !== undefined) return extra
  const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map((x) => showValue(x)).join(', ')}]` : showValue(v))
  for (const k of geometryKeys) {
    const v = u[k]
    if (want !== undefined) {
      if (JSON.stringify(v) !== JSON.stringify(want[k]))
        return `${at}.geometry.${k}: expected ${show(want[k])}, got ${show(v)}`
      continue
    }
    const len = k === 'pads' ? 4 : k === 'window' || k === 'strides' ? 2 : 3
    const min = k === 'pads' ? 0 : 1
    if (!Array.isArray(v) || v.length !== len || !v.every((x) => Number.isSafeInteger(x) && (x as number) >= min))
      return `${at}.geometry.${k}: expected ${len} ${min === 0 ? 'non-negative' : 'positive'} integers, got ${show(v)}`
  }
  const size = (v: unknown): number => (v as ReadonlyArray<number>).reduce((a, b) => a * b, 1)
  if (want === undefined && (size(u.image) !== widths[0] || size(u.outputImage) !== widths[1]))
    return `${at}.geometry: images ${show(u.image)} → ${show(u.outputImage)} do not have the layer's widths ${widths[0]} → ${widths[1]}`
  return undefined
}
const costNames: ReadonlyArray<string> = ['quadratic', 'mse', 'crossEntropy', 'binaryCrossEntropy']
const actNames: ReadonlyArray<string> = ['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'softmax']

/** One of `names`, with a near miss suggested: `expected one of …, got "sigmiod" (did you mean "sigmoid"?)`. */
const nameFault = (at: string, names: ReadonlyArray<string>, got: unknown): string => {
  const near = typeof got === 'string' ? nearest(got, names) : undefined
  return `${at}: expected one of ${names.join(', ')}, got ${showValue(got)}${near === undefined ? '' : ` (did you mean ${quote(near)}?)`}`
}

interface Header {
  readonly version: number
  readonly inputs: number
  readonly cost?: CostSpec
  readonly layers: ReadonlyArray<unknown>
}

/** Header checks shared by `load` and `describe`: format, version, the keys, inputs, cost, the layers array. */
const header = (u: unknown): E.Either<DecodeError, Header> => {
  if (!isRecord(u)) return fail(expected('(root)', 'a model object', u))
  if (u.format !== 'tensorial-model') return fail(`format: expected "tensorial-model", got ${showValue(u.format)}`)
  if (u.version !== FORMAT_VERSION)
    return fail(
      typeof u.version === 'number' && Number.isInteger(u.version)
        ? `version: unknown version ${u.version}; this tensorial reads version ${FORMAT_VERSION}`
        : `version: expected an integer, got ${showValue(u.version)}`,
    )
  const extra = unknownKey('(root)', u, rootKeys)
  if (extra !== undefined) return fail(extra)
  if (!isDim(u.inputs)) return fail(`inputs: expected a positive integer, got ${showValue(u.inputs)}`)
  let cost: CostSpec | undefined
  if ('cost' in u) {
    const c = u.cost
    if (!isRecord(c)) return fail(expected('cost', `an object { name } naming one of ${costNames.join(', ')}`, c))
    const bad = unknownKey('cost', c, ['name'])
    if (bad !== undefined) return fail(bad)
    if (typeof c.name !== 'string' || !costNames.includes(c.name))
      return fail(nameFault('cost.name', costNames, c.name))
    cost = { name: c.name } as CostSpec
  }
  if (!Array.isArray(u.layers)) return fail(`layers: expected an array, got ${showValue(u.layers)}`)
  if (u.layers.length === 0) return fail('layers: expected at least one layer, got 0')
  return E.right({ version: u.version, inputs: u.inputs, ...(cost === undefined ? {} : { cost }), layers: u.layers })
}

const isDim = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u > 0

interface LayerHeader {
  readonly kind: string
  readonly inputs: number
  readonly outputs: number
  readonly activation: ActivationSpec
  readonly params: Record<string, unknown>
  readonly geometry: unknown
}

/** One layer's header: its keys, kind, widths, a known activation with finite options, and a params object. */
const layerHeader = (u: unknown, i: number, expectedInputs: number): E.Either<DecodeError, LayerHeader> => {
  const at = showPath(['layers', i])
  if (!isRecord(u)) return fail(expected(at, 'a layer object', u))
  const extra = unknownKey(at, u, layerKeys)
  if (extra !== undefined) return fail(extra)
  if (typeof u.kind !== 'string') return fail(`${at}.kind: expected a string, got ${showValue(u.kind)}`)
  if (!isDim(u.inputs)) return fail(`${at}.inputs: expected a positive integer, got ${showValue(u.inputs)}`)
  if (u.inputs !== expectedInputs)
    return fail(
      `${at}.inputs: expected ${expectedInputs} (${i === 0 ? 'the model inputs' : 'the previous output'}), got ${u.inputs}`,
    )
  if (!isDim(u.outputs)) return fail(`${at}.outputs: expected a positive integer, got ${showValue(u.outputs)}`)
  const a = u.activation
  if (!isRecord(a))
    return fail(expected(`${at}.activation`, `an object { name } naming one of ${actNames.join(', ')}`, a))
  if (typeof a.name !== 'string' || !actNames.includes(a.name))
    return fail(nameFault(`${at}.activation.name`, actNames, a.name))
  const withAlpha = a.name === 'leakyRelu' || a.name === 'elu'
  const bad = unknownKey(`${at}.activation`, a, withAlpha ? ['name', 'alpha'] : ['name'])
  if (bad !== undefined) return fail(bad)
  if (withAlpha && !(typeof a.alpha === 'number' && Number.isFinite(a.alpha)))
    return fail(`${at}.activation.alpha: expected a finite number, got ${showValue(a.alpha)}`)
  if (!isRecord(u.params)) return fail(expected(`${at}.params`, 'an object', u.params))
  const activation = (withAlpha ? { name: a.name, alpha: a.alpha } : { name: a.name }) as ActivationSpec
  return E.right({
    kind: u.kind,
    inputs: u.inputs,
    outputs: u.outputs,
    activation,
    params: u.params,
    geometry: u.geometry,
  })
}

/** One parameter: a tensor as nested arrays or `{ shape, data }` (no other key), of the given declared shape. */
const decodeParam = (at: string, shape: Shape, u: unknown): E.Either<DecodeError, Tensor<Shape>> => {
  if (isRecord(u)) {
    const bad = unknownKey(at, u, ['shape', 'data'])
    if (bad !== undefined) return fail(bad)
  } else if (!Array.isArray(u) && typeof u !== 'number') return fail(expected(at, 'a tensor { shape, data }', u))
  return E.mapLeft(
    (e: DecodeError) =>
      new DecodeError(
        e.messages.map((m) => prefix(at, m)),
        e.errors,
      ),
  )(decode(tensorCodec(shape as unknown as readonly [number]), u))
}

const prefix = (at: string, m: string): string =>
  m.startsWith('(root)') ? `${at}${m.slice(6)}` : m.startsWith('[') ? `${at}${m}` : `${at}.${m}`

/** The rank an encoded tensor states: the length of its `shape`, or how deeply its arrays nest (0 to 8). */
const rankOf = (u: unknown): number => {
  if (isRecord(u) && Array.isArray(u.shape)) return Math.min(u.shape.length, 8)
  let r = 0
  let x = u
  while (Array.isArray(x) && r < 8) {
    r++
    x = x[0]
  }
  return r
}

const sameActivation = (a: ActivationSpec, b: ActivationSpec): boolean =>
  a.name === b.name && ('alpha' in a ? 'alpha' in b && Object.is(a.alpha, b.alpha) : !('alpha' in b))

/**
 * Θ from a model file (text or parsed JSON), checked against the typed network definition: the same layers
 * (kind, widths, activation) and parameters of the right shapes with finite entries, and no key the format
 * does not define (see the module doc). The result has the static type of the definition's Θ. Never throws.
 *
 * @category decoding
 * @since 0.1.0
 */
export const load = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  input: unknown,
): E.Either<DecodeError, Loaded<Ls>> =>
  guarded(() =>
    E.chain((u: unknown) =>
      E.chain((h: Header): E.Either<DecodeError, Loaded<Ls>> => {
        if (h.inputs !== net.inputs) return fail(`inputs: expected ${net.inputs}, got ${h.inputs}`)
        if (h.layers.length !== net.layers.length)
          return fail(`layers: expected ${net.layers.length} layers, got ${h.layers.length}`)
        const theta: Array<ParamSet> = []
        for (let i = 0; i < net.layers.length; i++) {
          const def = net.layers[i] as AnyLayer
          const at = showPath(['layers', i])
          const lh = layerHeader(h.layers[i], i, def.inputs)
          if (E.isLeft(lh)) return lh
          const l = lh.right
          if (l.kind !== def.kind) return fail(`${at}.kind: expected ${quote(def.kind)}, got ${quote(l.kind)}`)
          if (l.outputs !== def.outputs) return fail(`${at}.outputs: expected ${def.outputs}, got ${l.outputs}`)
          if (!sameActivation(l.activation, def.activation.spec))
            return fail(`${at}.activation: expected ${stringify(def.activation.spec)}, got ${stringify(l.activation)}`)
          const geo = geometryFault(at, l.geometry, def.kind, [def.inputs, def.outputs], geometryJson(def) ?? 'none')
          if (geo !== undefined) return fail(geo)
          const shapes = def.shapes as Record<string, Shape>
          const names = Object.keys(shapes)
          const extra = unknownKey(`${at}.params`, l.params, names)
          if (extra !== undefined) return fail(extra)
          const p: Record<string, Tensor<Shape>> = {}
          for (const k of names) {
            if (!(k in l.params)) return fail(`${at}.params.${k}: missing`)
            const t = decodeParam(`${at}.params.${k}`, shapes[k] as Shape, l.params[k])
            if (E.isLeft(t)) return t
            const neg = k === 'runningVar' && def.kind === 'batchNorm' ? t.right.data.findIndex((v) => v < 0) : -1
            if (neg >= 0)
              return fail(`${at}.params.runningVar: entry ${neg} is ${t.right.data[neg]}; a variance is ≥ 0`)
            p[k] = t.right
          }
          theta.push(p)
        }
        const cost = h.cost === undefined ? undefined : costFromSpec(h.cost, 'cost')
        if (cost !== undefined && E.isLeft(cost)) return fail(cost.left.message)
        return E.right({
          theta: theta as unknown as Theta<Ls>,
          ...(cost === undefined ? {} : { cost: cost.right }),
        })
      })(header(u)),
    )(parse(input)),
  )

/**
 * A description of any model file, without a definition: format version, widths, each layer's kind,
 * activation and parameter shapes, the parameter count. The whole file is validated (every parameter a
 * tensor of finite numbers whose shape fits the layer's widths; no key the format does not define: a dense
 * layer has exactly `W` and `b`, a batch-norm layer `gamma`, `beta`, `runningMean`, `runningVar`, a dropout
 * layer none, a layer of another kind any parameter names but the forbidden ones).
 * Never throws.
 *
 * @category decoding
 * @since 0.1.0
 */
export const describe = (input: unknown): E.Either<DecodeError, ModelDescription> =>
  guarded(() =>
    E.chain((u: unknown) =>
      E.chain((h: Header): E.Either<DecodeError, ModelDescription> => {
        const layers: Array<ModelDescription['layers'][number]> = []
        let width = h.inputs
        let count = 0
        for (let i = 0; i < h.layers.length; i++) {
          const at = showPath(['layers', i])
          const lh = layerHeader(h.layers[i], i, width)
          if (E.isLeft(lh)) return lh
          const l = lh.right
          const params: Record<string, ReadonlyArray<number>> = Object.create(null) as Record<
            string,
            ReadonlyArray<number>
          >
          const fixed = FIXED_PARAMS.get(l.kind)
          const extra =
            fixed !== undefined
              ? unknownKey(`${at}.params`, l.params, fixed)
              : unknownKey(
                  `${at}.params`,
                  l.params,
                  Object.keys(l.params).filter((k) => !forbiddenKeys.includes(k)),
                )
          if (extra !== undefined) return fail(extra)
          const image = l.kind === 'conv2d' || l.kind === 'maxPool2d' || l.kind === 'avgPool2d'
          const geo = geometryFault(at, l.geometry, l.kind, [l.inputs, l.outputs], image ? undefined : 'none')
          if (geo !== undefined) return fail(geo)
          for (const [k, v] of Object.entries(l.params)) {
            // Decode once, at the rank the input itself states, so the message is about the real fault.
            const t = decodeParam(
              `${at}${showPath(['params', k]).replace(/^(?!\[)/, '.')}`,
              new Array(rankOf(v)).fill(null) as unknown as Shape,
              v,
            )
            if (E.isLeft(t)) return t
            params[k] = Array.from(t.right.shape)
            count += t.right.data.length
          }
          if (l.kind === 'dense') {
            const W = params.W
            const b = params.b
            if (W === undefined || W.length !== 2 || W[0] !== l.inputs || W[1] !== l.outputs)
              return fail(
                `${at}.params.W: expected shape [${l.inputs}, ${l.outputs}], got ${W === undefined ? 'nothing' : `[${W.join(', ')}]`}`,
              )
            if (b === undefined || b.length !== 1 || b[0] !== l.outputs)
              return fail(
                `${at}.params.b: expected shape [${l.outputs}], got ${b === undefined ? 'nothing' : `[${b.join(', ')}]`}`,
              )
          }
          if (l.kind === 'batchNorm' || l.kind === 'dropout') {
            if (l.outputs !== l.inputs)
              return fail(`${at}.outputs: a ${l.kind} layer keeps its width ${l.inputs}, got ${l.outputs}`)
            for (const k of fixed ?? []) {
              const s = params[k]
              if (s === undefined || s.length !== 1 || s[0] !== l.outputs)
                return fail(
                  `${at}.params.${k}: expected shape [${l.outputs}], got ${s === undefined ? 'nothing' : `[${s.join(', ')}]`}`,
                )
            }
          }
          layers.push({ kind: l.kind, inputs: l.inputs, outputs: l.outputs, activation: l.activation.name, params })
          width = l.outputs
        }
        return E.right({
          version: h.version,
          inputs: h.inputs,
          outputs: width,
          ...(h.cost === undefined ? {} : { cost: h.cost }),
          layers,
          parameterCount: count,
        })
      })(header(u)),
    )(parse(input)),
  )
