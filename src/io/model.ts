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
 * Format, version 1:
 * ```json
 * { "format": "tensorial-model", "version": 1, "inputs": 2, "cost": { "name": "quadratic" },
 *   "layers": [{ "kind": "dense", "inputs": 2, "outputs": 3, "activation": { "name": "sigmoid" },
 *                "params": { "W": { "shape": [2, 3], "data": [...] }, "b": { "shape": [3], "data": [...] } } }] }
 * ```
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
import { showValue } from '../internal/show.js'
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

/**
 * The JSON object of a model (see `save` for text).
 *
 * @category encoding
 * @since 0.1.0
 */
export const encode = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'encode', Ls, T>,
  cost?: Cost,
): ModelJson => ({
  format: 'tensorial-model',
  version: FORMAT_VERSION,
  inputs: net.inputs,
  ...(cost === undefined ? {} : { cost: cost.spec }),
  layers: net.layers.map((l, i) => ({
    kind: l.kind,
    inputs: l.inputs,
    outputs: l.outputs,
    activation: l.activation.spec,
    params: Object.fromEntries(
      Object.entries((theta as ReadonlyArray<ParamSet>)[i] as ParamSet).map(([k, t]) => [
        k,
        { shape: Array.from(t.shape), data: Array.from(t.data) },
      ]),
    ),
  })),
})

/**
 * A model file's text: the network's architecture, Θ and (optionally) the cost. `-0` is kept.
 *
 * @category encoding
 * @since 0.1.0
 */
export const save = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number, T = Theta<Ls>>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'save', Ls, T>,
  cost?: Cost,
): string => stringify(encode(net, theta as Theta<Ls>, cost))

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

type Fault = E.Either<DecodeError, never>
const fail = (...messages: ReadonlyArray<string>): Fault => E.left(new DecodeError(messages))

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const parse = (input: unknown): E.Either<DecodeError, unknown> => {
  if (typeof input !== 'string') return E.right(input)
  try {
    return E.right(JSON.parse(input))
  } catch (e) {
    return fail(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
}

const costNames: ReadonlyArray<string> = ['quadratic', 'mse', 'crossEntropy', 'binaryCrossEntropy']
const actNames: ReadonlyArray<string> = ['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'softmax']

/** Header checks shared by `load` and `describe`: format, version, inputs, cost, the layers array. */
const header = (
  u: unknown,
): E.Either<DecodeError, { version: number; inputs: number; cost?: CostSpec; layers: ReadonlyArray<unknown> }> => {
  if (!isRecord(u)) return fail(`(root): expected a model object, got ${showValue(u)}`)
  if (u.format !== 'tensorial-model') return fail(`format: expected "tensorial-model", got ${showValue(u.format)}`)
  if (u.version !== FORMAT_VERSION)
    return fail(
      typeof u.version === 'number' && Number.isInteger(u.version)
        ? `version: unknown version ${u.version}; this tensorial reads version ${FORMAT_VERSION}`
        : `version: expected an integer, got ${showValue(u.version)}`,
    )
  if (!isDim(u.inputs)) return fail(`inputs: expected a positive integer, got ${showValue(u.inputs)}`)
  let cost: CostSpec | undefined
  if (u.cost !== undefined) {
    if (!isRecord(u.cost) || typeof u.cost.name !== 'string' || !costNames.includes(u.cost.name))
      return fail(
        `cost: expected one of ${costNames.join(', ')}, got ${showValue(isRecord(u.cost) ? u.cost.name : u.cost)}`,
      )
    cost = { name: u.cost.name } as CostSpec
  }
  if (!Array.isArray(u.layers)) return fail(`layers: expected an array, got ${showValue(u.layers)}`)
  if (u.layers.length === 0) return fail('layers: expected at least one layer, got 0')
  return E.right({ version: u.version, inputs: u.inputs, ...(cost === undefined ? {} : { cost }), layers: u.layers })
}

const isDim = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u > 0

/** One layer's header: kind, widths, a known activation with finite options, and a params object. */
const layerHeader = (
  u: unknown,
  at: string,
  expectedInputs: number,
): E.Either<
  DecodeError,
  { kind: string; inputs: number; outputs: number; activation: ActivationSpec; params: Record<string, unknown> }
> => {
  if (!isRecord(u)) return fail(`${at}: expected a layer object, got ${showValue(u)}`)
  if (typeof u.kind !== 'string') return fail(`${at}.kind: expected a string, got ${showValue(u.kind)}`)
  if (!isDim(u.inputs)) return fail(`${at}.inputs: expected a positive integer, got ${showValue(u.inputs)}`)
  if (u.inputs !== expectedInputs)
    return fail(
      `${at}.inputs: expected ${expectedInputs} (${at === 'layers[0]' ? 'the model inputs' : 'the previous output'}), got ${u.inputs}`,
    )
  if (!isDim(u.outputs)) return fail(`${at}.outputs: expected a positive integer, got ${showValue(u.outputs)}`)
  const a = u.activation
  if (!isRecord(a) || typeof a.name !== 'string' || !actNames.includes(a.name))
    return fail(`${at}.activation: expected one of ${actNames.join(', ')}, got ${showValue(isRecord(a) ? a.name : a)}`)
  if ((a.name === 'leakyRelu' || a.name === 'elu') && !(typeof a.alpha === 'number' && Number.isFinite(a.alpha)))
    return fail(`${at}.activation.alpha: expected a finite number, got ${showValue(a.alpha)}`)
  if (!isRecord(u.params)) return fail(`${at}.params: expected an object, got ${showValue(u.params)}`)
  const activation = (
    a.name === 'leakyRelu' || a.name === 'elu' ? { name: a.name, alpha: a.alpha } : { name: a.name }
  ) as ActivationSpec
  return E.right({ kind: u.kind, inputs: u.inputs, outputs: u.outputs, activation, params: u.params })
}

const decodeParam = (at: string, shape: Shape, u: unknown): E.Either<DecodeError, Tensor<Shape>> =>
  E.mapLeft(
    (e: DecodeError) =>
      new DecodeError(
        e.messages.map((m) => prefix(at, m)),
        e.errors,
      ),
  )(decode(tensorCodec(shape as unknown as readonly [number]), u))

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
 * (kind, widths, activation) and parameters of the right shapes with finite entries. The result has the static
 * type of the definition's Θ.
 *
 * @category decoding
 * @since 0.1.0
 */
export const load = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  input: unknown,
): E.Either<DecodeError, Loaded<Ls>> =>
  E.chain((u: unknown) =>
    E.chain((h: { version: number; inputs: number; cost?: CostSpec; layers: ReadonlyArray<unknown> }) => {
      if (h.inputs !== net.inputs) return fail(`inputs: expected ${net.inputs}, got ${h.inputs}`)
      if (h.layers.length !== net.layers.length)
        return fail(`layers: expected ${net.layers.length} layers, got ${h.layers.length}`)
      const theta: Array<ParamSet> = []
      for (let i = 0; i < net.layers.length; i++) {
        const def = net.layers[i] as AnyLayer
        const at = `layers[${i}]`
        const lh = layerHeader(h.layers[i], at, def.inputs)
        if (E.isLeft(lh)) return lh
        const l = lh.right
        if (l.kind !== def.kind) return fail(`${at}.kind: expected "${def.kind}", got ${showValue(l.kind)}`)
        if (l.outputs !== def.outputs) return fail(`${at}.outputs: expected ${def.outputs}, got ${l.outputs}`)
        if (!sameActivation(l.activation, def.activation.spec))
          return fail(`${at}.activation: expected ${stringify(def.activation.spec)}, got ${stringify(l.activation)}`)
        const shapes = def.shapes as Record<string, Shape>
        const names = Object.keys(shapes)
        const extra = Object.keys(l.params).filter((k) => !names.includes(k))
        if (extra.length > 0)
          return fail(`${at}.params: unknown parameter ${extra.map((k) => JSON.stringify(k)).join(', ')}`)
        const p: Record<string, Tensor<Shape>> = {}
        for (const k of names) {
          if (!(k in l.params)) return fail(`${at}.params.${k}: missing`)
          const t = decodeParam(`${at}.params.${k}`, shapes[k] as Shape, l.params[k])
          if (E.isLeft(t)) return t
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
  )(parse(input))

/**
 * A description of any model file, without a definition: format version, widths, each layer's kind,
 * activation and parameter shapes, the parameter count. The whole file is validated (every parameter a
 * tensor of finite numbers whose shape fits the layer's widths).
 *
 * @category decoding
 * @since 0.1.0
 */
export const describe = (input: unknown): E.Either<DecodeError, ModelDescription> =>
  E.chain((u: unknown) =>
    E.chain((h: { version: number; inputs: number; cost?: CostSpec; layers: ReadonlyArray<unknown> }) => {
      const layers: Array<ModelDescription['layers'][number]> = []
      let width = h.inputs
      let count = 0
      for (let i = 0; i < h.layers.length; i++) {
        const at = `layers[${i}]`
        const lh = layerHeader(h.layers[i], at, width)
        if (E.isLeft(lh)) return lh
        const l = lh.right
        const params: Record<string, ReadonlyArray<number>> = Object.create(null) as Record<
          string,
          ReadonlyArray<number>
        >
        if (l.kind === 'dense') {
          const extra = Object.keys(l.params).filter((k) => k !== 'W' && k !== 'b')
          if (extra.length > 0)
            return fail(`${at}.params: unknown parameter ${extra.map((k) => JSON.stringify(k)).join(', ')}`)
        }
        for (const [k, v] of Object.entries(l.params)) {
          // Decode once, at the rank the input itself states, so the message is about the real fault.
          const t = decodeParam(`${at}.params.${k}`, new Array(rankOf(v)).fill(null) as unknown as Shape, v)
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
  )(parse(input))
