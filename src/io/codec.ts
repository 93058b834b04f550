/**
 * io-ts codecs for tensors: the boundary where data from outside (a JSON weights file, a request body) gets a
 * static shape. `tensorCodec([784, 10])` is a `t.Type<Tensor<readonly [784, 10]>, TensorJson, unknown>`; it
 * checks the rank, every declared dim, that every entry is a finite JS number (strings such as `"1"` or
 * `"NaN"` are rejected, never coerced) and a size limit *before* allocating. It nests like any io-ts codec:
 * `t.type({ w1: tensorCodec([2, 3]), b1: tensorCodec([3]) })`.
 *
 * Failures are io-ts `Errors` whose context is the path to the fault; `formatErrors` turns them into plain
 * words, `layers[1].W: expected shape [30, 10], got [10, 30]` or `x[3][7]: expected a finite number, got
 * "NaN"`, and `decode` does both steps, returning `Either<DecodeError, A>`.
 *
 * **Accepted inputs.** Nested arrays (`[[1, 2, 3], [4, 5, 6]]`, a bare number for rank 0), the canonical
 * encoded form `{ shape, data }` with flat row-major `data`, or a tensor already built by tensorial.
 *
 * **Canonical encoded form.** `encode` always gives `{ shape: number[], data: number[] }`: flat data keeps
 * the shape explicit even when a dim is 0 (`[]` cannot say whether it was `[0, 5]` or `[0, 7]`) and is cheap
 * to write for large tensors. `encode` then `decode` is bit-exact for every finite double, `-0` included.
 *
 * **`-0` and JSON.** `JSON.stringify(-0)` is `"0"`: the standard writer drops the sign, although `-0` is valid
 * JSON text and `JSON.parse('-0')` gives `-0`. `stringify` (and `encodeJson`) write `-0` as `-0`, so
 * `decodeJson(c, encodeJson(c, a))` is bit-exact too. Every other finite double survives `JSON.stringify`,
 * which writes the shortest text that reads back to the same double.
 *
 * @example
 * import * as t from 'io-ts'
 * import { Codec } from 'tensorial'
 * const Weights = t.type({ w: Codec.tensorCodec([2, 3]), b: Codec.tensorCodec([3]) })
 * const r = Codec.decode(Weights, { w: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }, b: [0, 0, 0] })
 * // Left(DecodeError): 'w: expected shape [2, 3], got [3, 2]'
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { Reporter } from 'io-ts/lib/Reporter.js'

import { DecodeError } from '../core/errors.js'
import type { SizeOptions } from '../core/limits.js'
import { defaultMaxElements, sizeFault } from '../core/limits.js'
import { isTensor, make, validDim } from '../internal/make.js'
import { readJson, showPath } from '../internal/json.js'
import { bytesHint, quote, showError, showValue } from '../internal/show.js'
import type { Dim, Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A declared dim: a number, `null` for a dim known only at run time (a batch size, a row count), or
 * `{ name }` for a run-time dim with a name, which decodes as a `Dim<name>` (see `dim`), so that the name is
 * checked at compile time against the other dims it meets: `tensorCodec([{ name: 'batch' }, 784])` decodes a
 * `Tensor<readonly [Dim<'batch'>, 784]>`.
 *
 * @category model
 * @since 0.1.0
 */
export type DimSpec = number | null | NamedDimSpec

/**
 * A declared run-time dim with a name, `{ name: 'batch' }`: any size, typed `Dim<'batch'>`.
 *
 * @category model
 * @since 0.2.0
 */
export type NamedDimSpec = { readonly name: string }

/**
 * A declared shape, e.g. `[784, 10]` or `[null, 784]`.
 *
 * @category model
 * @since 0.1.0
 */
export type ShapeSpec = ReadonlyArray<DimSpec>

/**
 * The static shape of a declared shape: `null` dims become `number` and `{ name: 'batch' }` dims
 * `Dim<'batch'>`, so `ShapeOfSpec<readonly [null, 784]>` is `readonly [number, 784]`. A homomorphic mapped
 * type keeps the tuple's length and readonly-ness.
 *
 * Why `S[K] extends number ? S[K] : number` and not `S[K] extends null ? number : S[K]`: with the second form
 * the compiler cannot see that every element is a number, and `Tensor<…>` fails its `Shape` constraint.
 *
 * @category model
 * @since 0.1.0
 */
export type ShapeOfSpec<S extends ReadonlyArray<unknown>> = {
  readonly [K in keyof S]: S[K] extends number
    ? S[K]
    : S[K] extends { readonly name: infer Nm extends string }
      ? Dim<Nm>
      : number
}

/**
 * The canonical encoded form of a tensor: its shape and its entries, flat, in row-major order.
 *
 * @category model
 * @since 0.1.0
 */
export type TensorJson = { readonly shape: ReadonlyArray<number>; readonly data: ReadonlyArray<number> }

/**
 * A codec for tensors of shape `S`: decodes `unknown`, encodes to `TensorJson`.
 *
 * @category model
 * @since 0.1.0
 */
export type TensorCodec<S extends Shape> = t.Type<Tensor<S>, TensorJson, unknown>

/**
 * Options of `tensorCodec`: the size limit (`maxElements`, default `defaultMaxElements`, 2^26, i.e. 512 MiB
 * of float64), checked before anything is allocated; every single dim is held to it too.
 *
 * @category model
 * @since 0.1.0
 */
export type TensorCodecOptions = SizeOptions

/**
 * The default size limit of decoded tensors, 2^26 entries: the one limit of `core/limits.ts`, re-exported.
 *
 * @category model
 * @since 0.1.0
 */
export { defaultMaxElements }

type BadDim<D> = D extends null | NamedDimSpec
  ? never
  : D extends number
    ? number extends D
      ? never
      : `${D}` extends `-${string}` | `${string}.${string}` | `${string}e${string}`
        ? `dim ${D} is not a non-negative integer`
        : never
    : `dim ${D extends string ? `'${D}'` : 'of a non-numeric type'} is not a number, null or { name }`

type BadDims<S extends ReadonlyArray<unknown>> = { [K in keyof S]: BadDim<S[K]> }[number]

/**
 * `S` when it is a valid declared shape of known rank, else a message: a widened `number[]` would lose the
 * rank, a literal dim that is negative, fractional or written with an exponent (`1e21`) can never match, and
 * a dim must be a number or `null` (`'?'` is not a marker). `S` is inferred as `ReadonlyArray<unknown>` so
 * that a wrong element reaches this message instead of failing inference with a vaguer one.
 *
 * @category model
 * @since 0.1.0
 */
export type CheckSpec<S extends ReadonlyArray<unknown>> = number extends S['length']
  ? 'tensorCodec: shape must be a tuple of known rank such as [2, 3] or [null, 784], got an array'
  : [BadDims<S>] extends [never]
    ? S
    : `tensorCodec: ${BadDims<S>}`

// -------------------------------------------------------------------------------------
// errors
// -------------------------------------------------------------------------------------

/**
 * Data that could not be decoded (defined in `core/errors.ts`, re-exported here as `Codec.DecodeError`).
 *
 * @category errors
 * @since 0.1.0
 */
export { DecodeError }

// -------------------------------------------------------------------------------------
// internal: shapes in messages
// -------------------------------------------------------------------------------------

const isNamedSpec = (d: unknown): d is NamedDimSpec =>
  typeof d === 'object' && d !== null && typeof (d as { readonly name?: unknown }).name === 'string'

const showSpec = (spec: ShapeSpec): string =>
  `[${spec.map((d) => (d === null ? 'number' : isNamedSpec(d) ? d.name : String(d))).join(', ')}]`

const showDims = (dims: ReadonlyArray<number>): string => `[${dims.join(', ')}]`

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/** A stand-in decoder for the context entry of one entry of a tensor. */
const entryCodec = new t.Type<number, number, unknown>(
  'finite number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  (a) => a,
)

/** Checks a declared shape and the size option; a description of the fault, or `undefined`. */
const specFault = (spec: ShapeSpec, max: number): string | undefined => {
  if (!validDim(max)) return `option maxElements must be a non-negative integer, got ${showValue(max)}`
  if (!Array.isArray(spec)) return `declared shape must be an array, got ${showValue(spec)}`
  let n = 1
  for (let i = 0; i < spec.length; i++) {
    const d: unknown = spec[i]
    if (d === null || isNamedSpec(d)) continue
    if (typeof d !== 'number' || !validDim(d))
      return `declared shape ${showSpec(spec)}: dim ${i} must be a non-negative integer, null or { name }, got ${showValue(d)}`
    if (d > max) return `declared shape ${showSpec(spec)}: dim ${i} is over the limit of ${max} elements (maxElements)`
    n *= d
  }
  if (n > max) return `declared shape ${showSpec(spec)} has ${n} elements, over the limit of ${max} (maxElements)`
  return undefined
}

/** Whether a runtime shape fits a declared one; a description of the mismatch, or `undefined`. */
const shapeFault = (spec: ShapeSpec, dims: ReadonlyArray<number>): string | undefined => {
  const same = dims.length === spec.length && spec.every((d, i) => d === null || isNamedSpec(d) || d === dims[i])
  return same ? undefined : `expected shape ${showSpec(spec)}, got ${dims.length === 0 ? 'a number' : showDims(dims)}`
}

/**
 * A codec for tensors of a declared shape. Dims given as numbers must match exactly; `null` dims accept any
 * size and are `number` in the static type: `tensorCodec([null, 784])` decodes a `Tensor<readonly [number,
 * 784]>`. Decoding checks, in order: the input's form, its rank and every declared dim, the size limit
 * (`maxElements`, before allocating), then every entry (a finite JS number), and stops at the first fault.
 * An empty array leaves the inner dims open: they take their declared size, or 0 where the dim is `null`.
 *
 * A declared shape the types let through but that is invalid at run time (a negative or fractional dim held
 * in a `number` variable) does not throw: every decode fails with a message naming it.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * const W = tensorCodec([2, 3]) // t.Type<Tensor<readonly [2, 3]>, TensorJson, unknown>
 * assert.ok(E.isRight(W.decode([[1, 2, 3], [4, 5, 6]])))
 * assert.ok(E.isRight(W.decode({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] })))
 * assert.ok(E.isLeft(W.decode([[1, 2, 3], [4, 5, '6']])))
 *
 * @category codecs
 * @since 0.1.0
 */
export const tensorCodec = <const S extends ReadonlyArray<unknown>>(
  shape: CheckSpec<S>,
  options: TensorCodecOptions = {},
): TensorCodec<ShapeOfSpec<S>> => {
  type A = Tensor<ShapeOfSpec<S>>
  const spec = shape as unknown as ShapeSpec
  const max = options.maxElements ?? defaultMaxElements
  const fault = specFault(spec, max)
  const name = `Tensor<${Array.isArray(spec) ? showSpec(spec) : '?'}>`
  const is = (u: unknown): u is A => fault === undefined && isTensor(u) && shapeFault(spec, u.shape) === undefined
  const validate = (u: unknown, c: t.Context): t.Validation<A> => {
    if (fault !== undefined) return t.failure(u, c, `tensorCodec: ${fault}`)
    try {
      if (isTensor(u)) {
        const bad = shapeFault(spec, u.shape)
        return bad === undefined ? t.success(u as A) : t.failure(u, c, bad)
      }
      if (typeof u === 'number' || Array.isArray(u)) return decodeNested(spec, max, u, c) as t.Validation<A>
      if (typeof u === 'object' && u !== null && ('shape' in u || 'data' in u))
        return decodeFlat(spec, max, u, c) as t.Validation<A>
      return t.failure(u, c, `expected ${name} as nested arrays or { shape, data }, got ${showValue(u)}`)
    } catch (e) {
      return t.failure(u, c, `could not read the input: ${showError(e)}`)
    }
  }
  const encode = (a: A): TensorJson => ({ shape: Array.from(a.shape), data: Array.from(a.data) })
  return new t.Type<A, TensorJson, unknown>(name, is, validate, encode)
}

/** Fails at `c` extended by `keys` (array indices or property names). */
const failAt = <A>(
  u: unknown,
  c: t.Context,
  keys: ReadonlyArray<string | number>,
  message: string,
  leaf = false,
): t.Validation<A> => {
  let ctx = c
  keys.forEach((k, i) => {
    ctx = t.appendContext(ctx, String(k), leaf && i === keys.length - 1 ? entryCodec : t.unknown, undefined)
  })
  return t.failure(u, ctx, message)
}

/** Nested arrays: infer the shape along the first elements, check it, then fill while checking every row. */
const decodeNested = (spec: ShapeSpec, max: number, u: unknown, c: t.Context): t.Validation<Tensor<Shape>> => {
  const rank = spec.length
  const dims: Array<number> = []
  let level: unknown = u
  // The depth cap makes a cyclic array (a[0] = a) a rank error instead of an endless loop.
  while (Array.isArray(level) && dims.length <= rank + 8) {
    dims.push(level.length)
    level = level.length > 0 ? level[0] : undefined
  }
  if (dims.length < rank) {
    if (dims.length > 0 && dims[dims.length - 1] === 0) {
      for (let i = dims.length; i < rank; i++) {
        const d = spec[i]
        dims.push(typeof d === 'number' ? d : 0)
      }
    } else if (typeof level !== 'number') {
      const where = dims.map(() => 0)
      return failAt(level, c, where, `expected an array, got ${showValue(level)}`)
    }
  }
  const bad = shapeFault(spec, dims) ?? sizeFault(dims, max)
  if (bad !== undefined) return t.failure(u, c, bad)
  const out = new Float64Array(dims.reduce((n, d) => n * d, 1))
  const idx: Array<number> = []
  let offset = 0
  const fill = (x: unknown, depth: number): t.Validation<Tensor<Shape>> | undefined => {
    if (depth === rank) {
      if (typeof x !== 'number' || !Number.isFinite(x))
        return failAt(x, c, idx, `expected a finite number, got ${showValue(x)}`, true)
      out[offset++] = x
      return undefined
    }
    const d = dims[depth] as number
    if (!Array.isArray(x) || x.length !== d)
      return failAt(
        x,
        c,
        idx,
        `expected an array of length ${d}, got ${Array.isArray(x) ? `length ${x.length}` : showValue(x)}`,
      )
    if (depth === rank - 1) {
      // The innermost loop, unrolled from `fill` for speed.
      for (let i = 0; i < d; i++) {
        const v: unknown = x[i]
        if (typeof v !== 'number' || !Number.isFinite(v))
          return failAt(v, c, [...idx, i], `expected a finite number, got ${showValue(v)}`, true)
        out[offset++] = v
      }
      return undefined
    }
    for (let i = 0; i < d; i++) {
      idx.push(i)
      const r = fill(x[i], depth + 1)
      if (r !== undefined) return r
      idx.pop()
    }
    return undefined
  }
  return fill(u, 0) ?? t.success(make(dims, out))
}

/** The `{ shape, data }` form: check the shape and the size before reading or allocating the data. */
const decodeFlat = (spec: ShapeSpec, max: number, u: object, c: t.Context): t.Validation<Tensor<Shape>> => {
  for (const k of Object.keys(u))
    if (k !== 'shape' && k !== 'data') return failAt(u, c, [], `unknown key ${quote(k)}; allowed: shape, data`)
  const shape = (u as { readonly shape?: unknown }).shape
  if (!Array.isArray(shape)) return failAt(shape, c, ['shape'], `expected an array of dims, got ${showValue(shape)}`)
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i]
    if (typeof d !== 'number' || !validDim(d))
      return failAt(d, c, ['shape', i], `expected a non-negative integer dim, got ${showValue(d)}`)
  }
  const dims = shape as ReadonlyArray<number>
  const bad = shapeFault(spec, dims) ?? sizeFault(dims, max)
  if (bad !== undefined) return t.failure(u, c, bad)
  const n = dims.reduce((m, d) => m * d, 1)
  const data = (u as { readonly data?: unknown }).data
  // A typed array is accepted too (a tensor's data after structuredClone); its entries are checked the same way.
  if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && !(data instanceof DataView)))
    return failAt(data, c, ['data'], `expected an array of ${n} numbers, got ${showValue(data)}`)
  const xs = data as ArrayLike<unknown>
  if (xs.length !== n)
    return failAt(data, c, ['data'], `expected ${n} numbers (the size of ${showDims(dims)}), got ${xs.length}`)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v: unknown = xs[i]
    if (typeof v !== 'number' || !Number.isFinite(v))
      return failAt(v, c, ['data', i], `expected a finite number, got ${showValue(v)}`, true)
    out[i] = v
  }
  return t.success(make(dims.slice(), out))
}

// -------------------------------------------------------------------------------------
// reporting
// -------------------------------------------------------------------------------------

/**
 * The path of an io-ts context as code would write it: `layers[1].W`. Array and tuple indices go in
 * brackets; the member indices that `t.union` and `t.intersection` add are skipped, since they are not
 * part of the data's path. The root is `(root)`. A key that is not an identifier is quoted and cut at 80
 * characters (`["a b"]`), so a path stays short whatever the data.
 *
 * @category reporting
 * @since 0.1.0
 */
export const formatPath = (context: t.Context): string => {
  const keys: Array<string | number> = []
  for (let i = 1; i < context.length; i++) {
    const parent = (context[i - 1] as t.ContextEntry).type as { readonly _tag?: unknown }
    if (parent._tag === 'UnionType' || parent._tag === 'IntersectionType') continue
    const key = (context[i] as t.ContextEntry).key
    keys.push(/^(0|[1-9]\d*)$/.test(key) ? Number(key) : key)
  }
  return showPath(keys)
}

/**
 * One io-ts error in plain words: `path: message`. Errors from tensorial's codecs carry their own message;
 * for others it is `expected <type name>, got <value>`.
 *
 * @category reporting
 * @since 0.1.0
 */
export const formatError = (e: t.ValidationError): string => {
  const last = e.context[e.context.length - 1]
  const message =
    e.message ?? `expected ${last === undefined ? 'a valid value' : last.type.name}, got ${showValue(e.value)}`
  return `${formatPath(e.context)}: ${message}`
}

/**
 * Every io-ts error in plain words, one line each:
 * `layers[1].W: expected shape [30, 10], got [10, 30]`, `x[3][7]: expected a finite number, got "NaN"`.
 *
 * @category reporting
 * @since 0.1.0
 */
export const formatErrors = (errors: t.Errors): ReadonlyArray<string> => errors.map(formatError)

/**
 * An io-ts `Reporter` built on `formatErrors`: the lines of a failed validation, `[]` for a success.
 *
 * @category reporting
 * @since 0.1.0
 */
export const reporter: Reporter<ReadonlyArray<string>> = {
  report: E.fold(formatErrors, () => []),
}

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes with any io-ts decoder and reports failures in plain words (`formatErrors`). Never throws: an
 * input that throws while being read (a hostile getter) is a `Left` too.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * const r = decode(tensorCodec([2]), [1, 'x'])
 * assert.deepStrictEqual(E.isLeft(r) && r.left.messages, ['[1]: expected a finite number, got "x"'])
 *
 * @category decoding
 * @since 0.1.0
 */
export const decode = <A>(codec: t.Decoder<unknown, A>, u: unknown): E.Either<DecodeError, A> => {
  try {
    const r = codec.decode(u)
    return E.isRight(r) ? r : E.left(new DecodeError(formatErrors(r.left), r.left))
  } catch (e) {
    return E.left(new DecodeError([`(root): could not read the input: ${showError(e)}`]))
  }
}

/**
 * Parses JSON text, then decodes it. The text is read strictly: malformed or truncated text, a duplicate key
 * (`{"x": …, "x": …}`, which `JSON.parse` silently resolves to the last) and a `__proto__` key are a `Left`
 * naming the place: `invalid JSON: y: expected "," or "]", got the end of the text (line 1, column 31)`.
 * Bytes instead of text are a `Left` saying so (`got a Uint8Array; pass the file's text (new
 * TextDecoder().decode(bytes))`). Never throws.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeJson = <A>(codec: t.Decoder<unknown, A>, text: string): E.Either<DecodeError, A> => {
  if (typeof text !== 'string') {
    const hint = bytesHint(text)
    return E.left(new DecodeError([`(root): expected JSON text, ${hint ?? `got ${showValue(text)}`}`]))
  }
  const r = readJson(text)
  return r.ok ? decode(codec, r.value) : E.left(new DecodeError([r.message]))
}

// -------------------------------------------------------------------------------------
// encoding
// -------------------------------------------------------------------------------------

/**
 * JSON text of a value, as `JSON.stringify` writes it except that `-0` is written `-0` (which `JSON.parse`
 * reads back as `-0`), so every finite double round-trips bit-exactly. Like `JSON.stringify`: non-finite
 * numbers become `null`, `undefined`, functions and symbols are dropped from objects and `null` in arrays,
 * `toJSON` is honoured. Unlike it, it never throws: a bigint is written as its digits and a cycle as `null`.
 *
 * @example
 * assert.strictEqual(stringify({ data: [-0, 0.1] }), '{"data":[-0,0.1]}')
 * assert.ok(Object.is(JSON.parse('-0'), -0))
 *
 * @category encoding
 * @since 0.1.0
 */
export const stringify = (u: unknown): string => {
  // An explicit stack instead of recursion: no input, however deep, can overflow the call stack.
  const seen = new Set<object>()
  const stack: Array<Frame> = []
  const enter = (raw: unknown, key: string): string | undefined | null => {
    const v = hasToJSON(raw) ? raw.toJSON(key) : raw
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? String(v) : 'null'
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v)
    if (typeof v === 'bigint') return v.toString()
    if (v === null) return 'null'
    if (typeof v !== 'object') return undefined
    if (seen.has(v)) return 'null'
    seen.add(v)
    const array = Array.isArray(v)
    stack.push({ value: v, key, array, keys: array ? [] : Object.keys(v), i: 0, parts: [] })
    return null
  }
  const deliver = (parent: Frame, key: string, text: string | undefined): void => {
    if (parent.array) parent.parts.push(text ?? 'null')
    else if (text !== undefined) parent.parts.push(`${JSON.stringify(key)}:${text}`)
  }
  const first = enter(u, '')
  if (first !== null) return first ?? 'null'
  for (;;) {
    const top = stack[stack.length - 1] as Frame
    const n = top.array ? (top.value as ReadonlyArray<unknown>).length : top.keys.length
    if (top.i === n) {
      stack.pop()
      seen.delete(top.value)
      const text = top.array ? `[${top.parts.join(',')}]` : `{${top.parts.join(',')}}`
      const parent = stack[stack.length - 1]
      if (parent === undefined) return text
      deliver(parent, top.key, text)
      continue
    }
    const key = top.array ? String(top.i) : (top.keys[top.i] as string)
    const child = top.array
      ? (top.value as ReadonlyArray<unknown>)[top.i]
      : (top.value as Readonly<Record<string, unknown>>)[key]
    top.i++
    const text = enter(child, key)
    if (text !== null) deliver(top, key, text)
  }
}

/** A container being written by `stringify`. */
interface Frame {
  readonly value: object
  readonly key: string
  readonly array: boolean
  readonly keys: ReadonlyArray<string>
  i: number
  readonly parts: Array<string>
}

const hasToJSON = (u: unknown): u is { toJSON: (key: string) => unknown } =>
  typeof u === 'object' && u !== null && typeof (u as { readonly toJSON?: unknown }).toJSON === 'function'

/**
 * Encodes with a codec and writes JSON text with `stringify` (so `-0` survives):
 * `decodeJson(c, encodeJson(c, a))` gives back `a` bit for bit.
 *
 * @category encoding
 * @since 0.1.0
 */
export const encodeJson = <A, O>(codec: t.Encoder<A, O>, a: A): string => stringify(codec.encode(a))
