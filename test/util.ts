/**
 * Test helpers: closeness assertions, central finite differences and fast-check arbitraries for tensors.
 *
 * Tensors can only be built by the constructors, so the arbitraries go through `fromArray` and unwrap the
 * `Either` with `unsafeRight` (a `Left` there is a bug in the test, not a property failure).
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { assert, expect } from 'vitest'

import { fromArray, isTensor, type Shape, ShapeError, type Tensor, toFlat } from 'tensorial'

// -------------------------------------------------------------------------------------
// Either
// -------------------------------------------------------------------------------------

/** The `Right` value, or a thrown error showing the `Left`: `E.getOrElse` that fails the test. */
export const unsafeRight = <L, A>(e: E.Either<L, A>): A =>
  E.getOrElse<L, A>((l) => {
    throw new Error(`unsafeRight: got a Left: ${l instanceof Error ? l.message : String(l)}`)
  })(e)

/** The `Left` value, or a thrown error when the `Either` is a `Right`. */
export const unsafeLeft = <L, A>(e: E.Either<L, A>): L =>
  E.isLeft(e) ? e.left : assert.fail('unsafeLeft: expected a Left, got a Right')

/** A dim widened to `number`, as if it were read at run time: `fromArray(xs, [dyn(2), 3])` is `[number, 3]`. */
export const dyn = (n: number): number => n

/** The `ShapeError` that `f` throws; fails the test when `f` returns or throws anything else. */
export const shapeErrorOf = (f: () => unknown): ShapeError => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(ShapeError)
    return e as ShapeError
  }
  return assert.fail('expected a ShapeError to be thrown, but nothing was thrown')
}

// -------------------------------------------------------------------------------------
// closeness
// -------------------------------------------------------------------------------------

/** What `expectClose` compares: a number, a (nested) array of numbers, a typed array or a tensor. */
export type Closeable = number | ArrayLike<number> | ReadonlyArray<unknown> | Tensor<Shape>

/**
 * Tolerances: entry `i` passes when `|a_i − e_i| ≤ abs + rel · max(|a_i|, |e_i|, scale_i)`. `scale` (same
 * shape, or a number) lets a check be relative to the size of the terms that were summed, not of the result,
 * so that cancellation near zero is not a failure: `|x − y| ≤ 1e-12 · Σ|terms|`.
 */
export interface Tolerance {
  readonly rel?: number
  readonly abs?: number
  readonly scale?: Closeable
}

interface Flat {
  readonly shape: ReadonlyArray<number>
  readonly data: ArrayLike<number>
}

const flatOf = (x: Closeable, what: string): Flat => {
  if (typeof x === 'number') return { shape: [], data: [x] }
  if (isTensor(x)) return { shape: x.shape, data: toFlat(x) }
  if (ArrayBuffer.isView(x))
    return { shape: [(x as unknown as ArrayLike<number>).length], data: x as ArrayLike<number> }
  if (!Array.isArray(x)) return assert.fail(`expectClose: ${what} is not a number, array or tensor`)
  const shape: Array<number> = []
  let level: unknown = x
  while (Array.isArray(level)) {
    shape.push(level.length)
    level = level[0]
  }
  const data: Array<number> = []
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') assert.fail(`expectClose: ${what}${path} is not a number`)
      data.push(v)
      return
    }
    if (!Array.isArray(v) || v.length !== shape[depth])
      assert.fail(`expectClose: ${what}${path} is ragged (expected length ${shape[depth]})`)
    v.forEach((e, i) => walk(e, depth + 1, `${path}[${i}]`))
  }
  walk(x, 0, '')
  return { shape, data }
}

/** The multi-index of flat offset `i` in `shape`, as text: `[1, 2]`. */
const indexOf = (shape: ReadonlyArray<number>, i: number): string => {
  const idx: Array<number> = []
  let r = i
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    const d = shape[ax] as number
    idx.unshift(r % d)
    r = Math.floor(r / d)
  }
  return `[${idx.join(', ')}]`
}

/**
 * Asserts that `actual` and `expected` have the same shape and that every entry is close (see `Tolerance`;
 * defaults `rel: 1e-12, abs: 1e-12`). Equal infinities and two NaNs count as close. On failure the message
 * names the worst entry by its index, both values, the difference and the tolerance there.
 */
export const expectClose = (actual: Closeable, expected: Closeable, tol: Tolerance = {}): void => {
  const rel = tol.rel ?? 1e-12
  const abs = tol.abs ?? 1e-12
  const a = flatOf(actual, 'actual')
  const e = flatOf(expected, 'expected')
  const sc = tol.scale === undefined ? undefined : flatOf(tol.scale, 'scale')
  const same = a.shape.length === e.shape.length && a.shape.every((d, i) => d === e.shape[i])
  if (!same)
    assert.fail(`expectClose: shapes differ, actual [${a.shape.join(', ')}] vs expected [${e.shape.join(', ')}]`)
  if (sc !== undefined && sc.data.length !== 1 && sc.data.length !== a.data.length)
    assert.fail(`expectClose: scale has ${sc.data.length} entries, expected 1 or ${a.data.length}`)
  let worst = -1
  let worstExcess = 0
  let failures = 0
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] as number
    const y = e.data[i] as number
    if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) continue
    const s = sc === undefined ? 0 : Math.abs((sc.data.length === 1 ? sc.data[0] : sc.data[i]) as number)
    const bound = abs + rel * Math.max(Math.abs(x), Math.abs(y), s)
    const diff = Math.abs(x - y)
    if (!(diff <= bound)) {
      failures++
      const excess = Number.isNaN(diff) || bound === 0 ? Infinity : diff / bound
      if (worst === -1 || excess > worstExcess) {
        worst = i
        worstExcess = excess
      }
    }
  }
  if (worst !== -1) {
    const x = a.data[worst] as number
    const y = e.data[worst] as number
    const s = sc === undefined ? 0 : Math.abs((sc.data.length === 1 ? sc.data[0] : sc.data[worst]) as number)
    const bound = abs + rel * Math.max(Math.abs(x), Math.abs(y), s)
    assert.fail(
      `expectClose: ${failures} of ${a.data.length} entries differ; worst at ${indexOf(a.shape, worst)}: ` +
        `actual ${x}, expected ${y}, |diff| ${Math.abs(x - y)} > tolerance ${bound} (rel ${rel}, abs ${abs})`,
    )
  }
}

// -------------------------------------------------------------------------------------
// finite differences
// -------------------------------------------------------------------------------------

/**
 * The gradient of `f` at `x` by central differences, `(f(x + h eᵢ) − f(x − h eᵢ)) / (2h)`, in float64. The
 * divisor is the step actually taken (`(xᵢ + h) − (xᵢ − h)` after rounding), which removes one error term.
 * `x` is not mutated.
 */
export const centralDiff = (f: (x: Float64Array) => number, x: ArrayLike<number>, eps = 1e-5): Float64Array => {
  const p = Float64Array.from(x)
  const g = new Float64Array(p.length)
  for (let i = 0; i < p.length; i++) {
    const xi = p[i] as number
    const hi = xi + eps
    const lo = xi - eps
    p[i] = hi
    const fHi = f(p)
    p[i] = lo
    const fLo = f(p)
    p[i] = xi
    g[i] = (fHi - fLo) / (hi - lo)
  }
  return g
}

/** The gradient of a scalar function of a tensor, as a tensor of the same shape (`centralDiff` on its data). */
export const numericGrad = <S extends Shape>(f: (t: Tensor<S>) => number, t: Tensor<S>, eps = 1e-5): Tensor<S> => {
  const rebuild = (x: ArrayLike<number>): Tensor<S> => unsafeRight(fromArray<S>(x, t.shape as never))
  return rebuild(centralDiff((x) => f(rebuild(x)), t.data, eps))
}

// -------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------

/** Finite doubles in `[-1e3, 1e3]`, including −0, tiny and subnormal values. */
export const arbFloat: fc.Arbitrary<number> = fc.double({ min: -1e3, max: 1e3, noNaN: true })

/** A dim in `[min, max]`; 0 is included by default, so empty tensors are exercised too. */
export const arbDim = (max = 5, min = 0): fc.Arbitrary<number> => fc.integer({ min, max })

/** A tensor of the given shape with entries from `elem`. */
export const arbTensor = <const S extends Shape>(
  shape: S,
  elem: fc.Arbitrary<number> = arbFloat,
): fc.Arbitrary<Tensor<S>> => {
  const n = shape.reduce((p, d) => p * d, 1)
  return fc.array(elem, { minLength: n, maxLength: n }).map((xs) => unsafeRight(fromArray<S>(xs, shape as never)))
}

/** A vector of length `n`. */
export const arbVector = <N extends number>(n: N, elem?: fc.Arbitrary<number>): fc.Arbitrary<Tensor<readonly [N]>> =>
  arbTensor<readonly [N]>([n], elem)

/** An `r × c` matrix. */
export const arbMatrix = <R extends number, C extends number>(
  r: R,
  c: C,
  elem?: fc.Arbitrary<number>,
): fc.Arbitrary<Tensor<readonly [R, C]>> => arbTensor<readonly [R, C]>([r, c], elem)

/** A matrix of random size (each dim in `[0, maxDim]`). */
export const arbAnyMatrix = (
  maxDim = 5,
  elem?: fc.Arbitrary<number>,
): fc.Arbitrary<Tensor<readonly [number, number]>> =>
  fc.tuple(arbDim(maxDim), arbDim(maxDim)).chain(([r, c]) => arbMatrix(r, c, elem))

/** A shape of rank `0..maxRank`, each dim in `[0, maxDim]`. */
export const arbShape = (maxRank = 3, maxDim = 4): fc.Arbitrary<ReadonlyArray<number>> =>
  fc.array(arbDim(maxDim), { minLength: 0, maxLength: maxRank })

/** `count` tensors sharing one random shape (for elementwise laws). */
export const arbSameShape = (count: number, elem?: fc.Arbitrary<number>): fc.Arbitrary<Array<Tensor<Shape>>> =>
  arbShape().chain((s) => fc.array(arbTensor<Shape>(s, elem), { minLength: count, maxLength: count }))

/** A snapshot of a tensor (shape and data copies) for checking that an op left it alone. */
export const snapshot = (t: Tensor<Shape>): { readonly shape: Array<number>; readonly data: Array<number> } => ({
  shape: [...t.shape],
  data: toFlat(t),
})
