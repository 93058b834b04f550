/**
 * `Tensor<S>`: an immutable, row-major block of float64 numbers whose shape `S` lives in its type.
 *
 * @example
 * import { tensor, toArray } from 'tensorial'
 * const w = tensor([[1, 2, 3], [4, 5, 6]]) // Tensor<readonly [2, 3]>
 * assert.deepStrictEqual(w.shape, [2, 3])
 * assert.deepStrictEqual(toArray(w), [[1, 2, 3], [4, 5, 6]])
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'

import { ShapeError } from './errors.js'
import { isTensor as isMade, make, validDim } from '../internal/make.js'
import type { SizeOptions } from './limits.js'
import { maxElementsOf, sizeFault } from './limits.js'
import type { KnownRank, Shape } from './shape.js'
import { numel, showShape } from './shape.js'
import { showError, showValue } from '../internal/show.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type Mutators = 'set' | 'fill' | 'sort' | 'reverse' | 'copyWithin' | 'subarray' | 'buffer'

/**
 * A read-only view of a `Float64Array`: indexing reads, and every way to write (`set`, `fill`, `sort`,
 * `reverse`, `copyWithin`, a writable `subarray`, the underlying `buffer`) is absent from the type. It is a
 * plain upcast, so it costs nothing at run time. `slice()` still gives a mutable *copy*.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReadonlyFloat64Array extends Omit<Float64Array, Mutators | number> {
  readonly [i: number]: number
  /** A read-only view of entries `begin` to `end` (exclusive), sharing the memory. */
  subarray(begin?: number, end?: number): ReadonlyFloat64Array
}

declare const TensorBrand: unique symbol

/**
 * A tensor of shape `S`: `shape` is the same readonly tuple at run time, and `data` holds the
 * `numel(shape)` entries in row-major order. Tensors are never mutated after construction; they can only be
 * made by the constructors here, by ops, or by decoding, so the runtime shape always matches the static one.
 *
 * @category model
 * @since 0.1.0
 */
export interface Tensor<S extends Shape> {
  readonly shape: S
  readonly data: ReadonlyFloat64Array
  /** A compile-time brand: object literals cannot pose as tensors. */
  readonly [TensorBrand]: true
}

/**
 * A vector `[N]`.
 *
 * @category model
 * @since 0.1.0
 */
export type Vector<N extends number> = Tensor<readonly [N]>

/**
 * A matrix `[R, C]`.
 *
 * @category model
 * @since 0.1.0
 */
export type Matrix<R extends number, C extends number> = Tensor<readonly [R, C]>

/**
 * A number, or arrays nested to any depth: the input of `tensor`.
 *
 * @category model
 * @since 0.1.0
 */
export type NestedInput = number | ReadonlyArray<NestedInput>

/**
 * The nested-array type of a shape: `Nested<readonly [2, 3]>` is `number[][]`.
 *
 * @category model
 * @since 0.1.0
 */
export type Nested<S extends Shape> = S extends readonly []
  ? number
  : S extends readonly [number, ...infer R extends Shape]
    ? Array<Nested<R>>
    : never

/**
 * The shape of a nested array literal. Rows of different lengths give a union of shapes (see `tensor`).
 * The depth counter stops the recursion at rank 8, so the open type `NestedInput` has a finite shape. An empty
 * array has element type `never`; it ends the shape (`[]` is `[0]`), so an empty row among full ones is ragged.
 *
 * @category model
 * @since 0.1.0
 */
export type ShapeOf<A, Depth extends ReadonlyArray<0> = []> = Depth['length'] extends 8
  ? never
  : A extends number
    ? readonly []
    : A extends ReadonlyArray<infer E>
      ? readonly [A['length'], ...([E] extends [never] ? readonly [] : ShapeOf<E, readonly [...Depth, 0]>)]
      : never

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never

/**
 * `A` when it is a rectangular nested array of statically known shape, else a message.
 *
 * @category model
 * @since 0.1.0
 */
export type TensorLiteral<A> =
  true extends IsUnion<ShapeOf<A>>
    ? 'tensor: ragged nested array (sub-arrays at one depth differ in length)'
    : number extends ShapeOf<A>[number]
      ? `tensor: shape ${ShowLoose<ShapeOf<A>>} is not known at compile time; use fromNested, which checks at run time`
      : A

type ShowLoose<S> = S extends readonly [infer H extends number]
  ? `[${number extends H ? 'number' : H}]`
  : S extends readonly [infer H extends number, ...infer R]
    ? `[${number extends H ? 'number' : H}, ${ShowLoose<R> extends `[${infer T}]` ? T : ''}]`
    : '[]'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A tensor from a nested array literal; the shape is inferred: `tensor([[1, 2, 3], [4, 5, 6]])` is a
 * `Tensor<readonly [2, 3]>`. Ragged literals are compile errors. Arrays whose lengths are known only at run
 * time go through `fromNested`, which checks them and returns an `Either`.
 *
 * Values written in code may be any double (`Infinity` included), as with `fill`, `scalar` and `fromFunction`;
 * data from outside (`fromArray`, `fromNested`, the codecs) must be finite.
 *
 * @category constructors
 * @since 0.1.0
 */
export const tensor = <const A extends NestedInput>(data: TensorLiteral<A>): Tensor<ShapeOf<A>> => {
  const shape: Array<number> = []
  let level: NestedInput = data as unknown as NestedInput
  while (Array.isArray(level)) {
    shape.push(level.length)
    level = level[0] as NestedInput
  }
  const flat = new Float64Array(numel(shape))
  const r = flattenInto(data as unknown as NestedInput, flat, 0, shape, 0, true)
  // Only reachable by casting past the types (a ragged array typed as rectangular): a programming error.
  if (typeof r === 'string') throw new ShapeError('tensor', r, [shape])
  return make(shape as unknown as ShapeOf<A>, flat)
}

/** Copies a rectangular nested array into `out`; returns the next offset or a description of the fault. */
const flattenInto = (
  x: NestedInput,
  out: Float64Array,
  offset: number,
  shape: Shape,
  depth: number,
  anyDouble = false,
): number | string => {
  if (depth === shape.length) {
    if (typeof x !== 'number') return `expected a number, got ${Array.isArray(x) ? 'an array' : typeof x}`
    if (!anyDouble && !Number.isFinite(x)) return `expected a finite number, got ${String(x)}`
    out[offset] = x
    return offset + 1
  }
  if (!Array.isArray(x))
    return `expected an array of length ${shape[depth]}, got ${typeof x === 'number' ? 'a number' : typeof x}`
  if (x.length !== shape[depth]) return `expected length ${shape[depth]}, got ${x.length}`
  let o: number | string = offset
  for (let i = 0; i < x.length; i++) {
    o = flattenInto(x[i] as NestedInput, out, o as number, shape, depth + 1, anyDouble)
    if (typeof o === 'string') return `[${i}]${o.startsWith('[') ? '' : ': '}${o}`
  }
  return o
}

/** Every dim a non-negative integer and the size within the limit (checked before anything is allocated). */
const checkDims = (op: string, shape: Shape, options: SizeOptions | undefined): E.Either<ShapeError, Shape> => {
  const max = maxElementsOf(options)
  if (typeof max === 'string') return E.left(new ShapeError(op, max, []))
  let valid: boolean
  try {
    valid = Array.isArray(shape) && shape.every(validDim)
  } catch {
    valid = false
  }
  if (!valid)
    return E.left(
      Array.isArray(shape)
        ? new ShapeError(op, 'every dim must be a non-negative integer', [shape])
        : new ShapeError(op, `the shape must be an array of dims, got ${showValue(shape)}`, []),
    )
  const big = sizeFault(shape, max)
  return big === undefined ? E.right(shape) : E.left(new ShapeError(op, big, [shape]))
}

/** Runs a boundary body; an input that throws while being read (a hostile getter, a proxy) is a `Left`. */
const guarded = <S extends Shape>(
  op: string,
  shape: S,
  body: () => E.Either<ShapeError, Tensor<S>>,
): E.Either<ShapeError, Tensor<S>> => {
  try {
    return body()
  } catch (e) {
    return E.left(new ShapeError(op, `could not read the input: ${showError(e)}`, [shape]))
  }
}

/**
 * A tensor from nested arrays whose shape is declared by the caller (dims may be `number` when known only at
 * run time). Ragged arrays, wrong lengths and non-finite entries are a `Left` naming the path:
 * `fromNested: [1]: expected length 3, got 2`. The declared size is checked against the size limit
 * (`options.maxElements`, default `defaultMaxElements` = 2^26) before anything is allocated, and an input
 * that throws while being read (a getter, a proxy) is a `Left` too: `fromNested` never throws.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromNested = <const S extends Shape>(
  data: NestedInput,
  shape: KnownRank<S, 'fromNested'>,
  options?: SizeOptions,
): E.Either<ShapeError, Tensor<S>> => {
  const s = shape as S
  return guarded('fromNested', s, () =>
    E.chain((ok: Shape) => {
      const flat = new Float64Array(numel(ok))
      const r = flattenInto(data, flat, 0, ok, 0)
      return typeof r === 'string'
        ? E.left(new ShapeError('fromNested', `${r.startsWith('[') ? r : `(root): ${r}`}`, [s]))
        : E.right(make(s, flat))
    })(checkDims('fromNested', s, options)),
  )
}

/**
 * A tensor from flat row-major data and a shape. The length must equal the product of the dims and every
 * entry must be finite; otherwise a `Left`. The size is checked against the limit (`options.maxElements`,
 * default 2^26) before allocating; the data is copied. Never throws.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromArray = <const S extends Shape>(
  data: ArrayLike<number>,
  shape: KnownRank<S, 'fromArray'>,
  options?: SizeOptions,
): E.Either<ShapeError, Tensor<S>> => {
  const s = shape as S
  return guarded('fromArray', s, () =>
    E.chain((ok: Shape) => {
      const n = numel(ok)
      const length: unknown = data.length
      if (length !== n)
        return E.left(
          new ShapeError('fromArray', `data length ${showValue(length)} != ${n}, the size of ${showShape(s)}`, [s]),
        )
      const flat = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        const v: unknown = data[i]
        if (typeof v !== 'number' || !Number.isFinite(v))
          return E.left(new ShapeError('fromArray', `data[${i}]: expected a finite number, got ${showValue(v)}`, [s]))
        flat[i] = v
      }
      return E.right(make(s, flat))
    })(checkDims('fromArray', s, options)),
  )
}

/**
 * The allocation behind `fill`, `zeros`, `ones`, `eye` and `fromFunction`: their shapes come from code, so a
 * bad dim (negative, fractional) or a size over the limit is a programming error and throws a `ShapeError`
 * naming it, before anything is allocated (never a `RangeError` from the allocator).
 */
const sized = <S extends Shape>(op: string, shape: S, value: number, options?: SizeOptions): Tensor<S> => {
  const ok = checkDims(op, shape, options)
  if (E.isLeft(ok)) throw ok.left
  return make(shape, new Float64Array(numel(shape)).fill(value))
}

/**
 * A tensor of the given shape, every entry `value`. A dim that is not a non-negative integer, or a size over
 * the limit (`options.maxElements`, default `defaultMaxElements` = 2^26), throws a `ShapeError` before
 * anything is allocated: possible only with dims known at run time (see `limits`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const fill = <const S extends Shape>(
  shape: KnownRank<S, 'fill'>,
  value: number,
  options?: SizeOptions,
): Tensor<S> => sized('fill', shape as S, value, options)

/**
 * A tensor of zeros: `zeros([2, 3])` is a `Tensor<readonly [2, 3]>`. Bad dims and sizes over the limit throw a
 * `ShapeError`, as with `fill`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const zeros = <const S extends Shape>(shape: KnownRank<S, 'zeros'>, options?: SizeOptions): Tensor<S> =>
  sized('zeros', shape as S, 0, options)

/**
 * A tensor of ones. Bad dims and sizes over the limit throw a `ShapeError`, as with `fill`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const ones = <const S extends Shape>(shape: KnownRank<S, 'ones'>, options?: SizeOptions): Tensor<S> =>
  sized('ones', shape as S, 1, options)

/**
 * The `n × n` identity matrix `I`, `I_ij = 1 if i = j else 0`. A bad `n` or `n²` over the limit throws a
 * `ShapeError`, as with `fill`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const eye = <N extends number>(n: N, options?: SizeOptions): Tensor<readonly [N, N]> => {
  const t = sized('eye', [n, n] as const, 0, options)
  const d = t.data as unknown as Float64Array
  for (let i = 0; i < n; i++) d[i * n + i] = 1
  return t
}

/**
 * A rank-0 tensor holding one number.
 *
 * @category constructors
 * @since 0.1.0
 */
export const scalar = (x: number): Tensor<readonly []> => make([] as const, Float64Array.of(x))

/**
 * A tensor whose entry at each index is `f(index)`: `fromFunction([2, 2], ([i, j]) => i * 10 + j)`. Bad dims
 * and sizes over the limit throw a `ShapeError`, as with `fill`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromFunction = <const S extends Shape>(
  shape: KnownRank<S, 'fromFunction'>,
  f: (index: { readonly [K in keyof S]: number }) => number,
  options?: SizeOptions,
): Tensor<S> => {
  const s = shape as S
  const t = sized('fromFunction', s, 0, options)
  const d = t.data as unknown as Float64Array
  const idx = new Array<number>(s.length).fill(0)
  for (let i = 0; i < d.length; i++) {
    d[i] = f(idx.slice() as unknown as { readonly [K in keyof S]: number })
    for (let ax = s.length - 1; ax >= 0; ax--) {
      idx[ax] = (idx[ax] as number) + 1
      if ((idx[ax] as number) < (s[ax] as number)) break
      idx[ax] = 0
    }
  }
  return t
}

// -------------------------------------------------------------------------------------
// accessors
// -------------------------------------------------------------------------------------

/**
 * The entry at a full index, `None` when any coordinate is out of range or not an integer.
 *
 * @category accessors
 * @since 0.1.0
 */
export const get = <S extends Shape>(self: Tensor<S>, index: { readonly [K in keyof S]: number }): O.Option<number> => {
  const idx = index as ReadonlyArray<number>
  if (idx.length !== self.shape.length) return O.none
  let off = 0
  for (let ax = 0; ax < idx.length; ax++) {
    const i = idx[ax] as number
    const d = self.shape[ax] as number
    if (!Number.isInteger(i) || i < 0 || i >= d) return O.none
    off = off * d + i
  }
  return O.some(self.data[off] as number)
}

/**
 * The entries as nested arrays (fresh, so the caller may mutate them): `Nested<readonly [2, 3]>` is `number[][]`.
 *
 * @category accessors
 * @since 0.1.0
 */
export const toArray = <S extends Shape>(self: Tensor<S>): Nested<S> => {
  const build = (depth: number, offset: number): unknown => {
    if (depth === self.shape.length) return self.data[offset]
    const d = self.shape[depth] as number
    const stride = numel(self.shape.slice(depth + 1))
    return Array.from({ length: d }, (_, i) => build(depth + 1, offset + i * stride))
  }
  return build(0, 0) as Nested<S>
}

/**
 * The entries as one flat array in row-major order (a fresh copy).
 *
 * @category accessors
 * @since 0.1.0
 */
export const toFlat = <S extends Shape>(self: Tensor<S>): Array<number> => Array.from(self.data)

/**
 * Whether a value is a tensor made by tensorial (not a look-alike object).
 *
 * @category accessors
 * @since 0.1.0
 */
export const isTensor = (u: unknown): u is Tensor<Shape> => isMade(u)
