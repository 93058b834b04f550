/**
 * Paired data sets: features `x: [N, F]` and targets `y: [N, T]` whose rows stay together. A `Dataset<F, T>`
 * is branded: it is only built by `dataset(x, y)` (which checks the row counts), by the decoders
 * (`datasetCodec`, `decodeJsonDataset`, and the CSV readers in `Csv`) and by the ops here, which move rows of
 * `x` and `y` together. So inputs and labels cannot be shuffled apart. The row count is dynamic; the
 * widths `F` and `T` are in the type. The rows may carry a name, `Dataset<F, T, Dim<'examples'>>`: from an `x`
 * made with `dim('examples', n)`, or from the decoders' `rows: 'examples'` option; every op here keeps it, and
 * so does `trainStep`, whose output is then a `Matrix<Dim<'examples'>, T>`.
 *
 * Randomness (shuffling, splitting) is an fp-ts `State<Rng, A>` from `Random`, so a seed fixes the result.
 *
 * Memory: `slice` and `batches` return views that share the rows of their source (tensors are never
 * mutated, so sharing is safe); `take`, `shuffle` and the splits copy the selected rows once.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Dataset, Random, tensor } from 'tensorial'
 * const xor = Dataset.dataset(tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), tensor([[0], [1], [1], [0]]))
 * assert.deepStrictEqual(E.map(Dataset.size<2, 1>)(xor), E.right(4)) // a Right(Dataset<2, 1>) of 4 rows
 * if (E.isRight(xor)) {
 *   const [shuffled, rng1] = Dataset.shuffle(xor.right)(Random.seed(1)) // x and y rows move together
 * }
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { State } from 'fp-ts/lib/State.js'
import * as t from 'io-ts'

import type { TensorCodec, TensorCodecOptions, TensorJson } from './codec.js'
import { DecodeError, decodeJson, tensorCodec } from './codec.js'
import { showError, showValue } from '../internal/show.js'
import type { SizeOptions } from '../core/limits.js'
import { maxElementsOf, sizeFault } from '../core/limits.js'
import { ShapeError } from '../core/errors.js'
import { buf, make, validDim } from '../internal/make.js'
import { argmax } from '../core/ops.js'
import type { Rng } from '../core/random.js'
import { permutation } from '../core/random.js'
import type { AnyNamedDim, CheckDim, Dim, DimText } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

declare const DatasetBrand: unique symbol

/**
 * A data set of `N` examples (dynamic) with `F` features and `T` targets each: row `i` of `x` is the input of
 * example `i` and row `i` of `y` its target (a one-hot row for classification, real values for regression).
 * The brand means an object literal cannot pose as a data set: the row counts were checked when it was made.
 *
 * @category model
 * @since 0.1.0
 */
export interface Dataset<F extends number, T extends number, N extends number = number> {
  readonly x: Tensor<readonly [N, F]>
  readonly y: Tensor<readonly [N, T]>
  /** A compile-time brand: only `dataset`, the decoders and the ops here make data sets. */
  readonly [DatasetBrand]: true
}

/**
 * Per-column statistics of a training set, fitted by `fitStandardizer` and applied by `standardize`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Standardizer<F extends number> {
  /** `μ_j`, the mean of column `j`. */
  readonly mean: Tensor<readonly [F]>
  /** `σ_j`, the population standard deviation of column `j`, with 0 replaced by 1. */
  readonly std: Tensor<readonly [F]>
}

/**
 * The encoded form of a data set: both tensors in the canonical form of `Codec`.
 *
 * @category model
 * @since 0.1.0
 */
export type DatasetJson = { readonly x: TensorJson; readonly y: TensorJson }

/**
 * Options of the data-set decoders: the tensor size limit (per tensor), and whether 0 rows is accepted
 * (by default an empty data set is an error: it is almost always a truncated file or a wrong filter).
 *
 * @category model
 * @since 0.1.0
 */
export interface DatasetOptions<R extends string = string> extends TensorCodecOptions {
  readonly allowEmpty?: boolean
  /**
   * A name for the rows dim: the decoded data set is a `Dataset<F, T, Dim<R>>`, so its rows keep the name
   * through batching and training (see `dim`).
   */
  readonly rows?: R
}

const made = new WeakSet<object>()

const mk = <F extends number, T extends number, N extends number = number>(
  x: Tensor<readonly [number, F]>,
  y: Tensor<readonly [number, T]>,
): Dataset<F, T, N> => {
  const ds = Object.freeze({ x, y })
  made.add(ds)
  return ds as unknown as Dataset<F, T, N>
}

/**
 * The rows dim a data set keeps from its `x`: a named dim (`Dim<'examples'>`) stays, so the name follows the
 * rows through every op here and into training; anything else (a literal row count, `number`, `dynamic(n)`) is
 * `number`, since slices, batches and splits change the count.
 *
 * @category model
 * @since 0.2.0
 */
export type RowsOf<N extends number> = [N] extends [AnyNamedDim] ? N : number

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Pairs features `x: [N, F]` with targets `y: [N, T]`. Row counts known at compile time are checked there
 * (`dataset: x has 4 rows but y has 3`); dynamic ones at run time, as a `Left`. An empty data set (0 rows) is
 * allowed here, since slices may be empty.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * assert.ok(E.isRight(dataset(tensor([[1, 2]]), tensor([[1]]))))
 *
 * @category constructors
 * @since 0.1.0
 */
export const dataset = <N extends number, F extends number, M extends number, T extends number>(
  x: Tensor<readonly [N, F]>,
  y: CheckDim<N, M, Tensor<readonly [M, T]>, `dataset: x has ${DimText<N>} rows but y has ${DimText<M>}`>,
): E.Either<ShapeError, Dataset<F, T, RowsOf<N>>> => {
  const Y = y as Tensor<readonly [M, T]>
  if (x.shape.length !== 2 || Y.shape.length !== 2)
    return E.left(new ShapeError('dataset', 'x and y must be matrices [rows, columns]', [x.shape, Y.shape]))
  if ((x.shape[0] as number) !== Y.shape[0])
    return E.left(new ShapeError('dataset', `x has ${x.shape[0]} rows but y has ${Y.shape[0]}`, [x.shape, Y.shape]))
  return E.right(mk(x as Tensor<readonly [number, F]>, Y as Tensor<readonly [number, T]>))
}

/**
 * One-hot targets from class indices: row `i` has a 1 in column `labels[i]` and 0 elsewhere,
 * `Y_ij = [labels_i = j]`. A label that is not an integer in `[0, classes)` is a `Left` naming its index:
 * `oneHot: labels[3]: expected an integer in [0, 3), got 3.5`. The size `labels.length × classes` is checked
 * against the size limit (`options.maxElements`, default `defaultMaxElements` = 2^26) before allocating:
 * `oneHot([0], 1e9)` is a `Left`, not 7.6 GiB. Never throws.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { toArray } from 'tensorial'
 * assert.deepStrictEqual(E.map(toArray<readonly [number, 3]>)(oneHot([2, 0], 3)), E.right([[0, 0, 1], [1, 0, 0]]))
 *
 * @category constructors
 * @since 0.1.0
 */
export const oneHot = <C extends number>(
  labels: ReadonlyArray<number>,
  classes: C,
  options?: SizeOptions,
): E.Either<DecodeError, Tensor<readonly [number, C]>> => {
  const max = maxElementsOf(options)
  if (typeof max === 'string') return E.left(new DecodeError([`oneHot: ${max}`]))
  if (typeof classes !== 'number' || !validDim(classes) || classes < 1)
    return E.left(new DecodeError([`oneHot: classes must be a positive integer, got ${showValue(classes)}`]))
  try {
    const n: unknown = Array.isArray(labels) ? labels.length : undefined
    if (typeof n !== 'number')
      return E.left(new DecodeError([`oneHot: labels must be an array of class indices, got ${showValue(labels)}`]))
    const big = sizeFault([n, classes], max)
    if (big !== undefined) return E.left(new DecodeError([`oneHot: ${big}`]))
    const out = new Float64Array(n * classes)
    for (let i = 0; i < n; i++) {
      const l: unknown = labels[i]
      if (typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l >= classes)
        return E.left(
          new DecodeError([`oneHot: labels[${i}]: expected an integer in [0, ${classes}), got ${showValue(l)}`]),
        )
      out[i * classes + l] = 1
    }
    return E.right(make([n, classes] as const, out))
  } catch (e) {
    return E.left(new DecodeError([`oneHot: could not read the labels: ${showError(e)}`]))
  }
}

// -------------------------------------------------------------------------------------
// accessors
// -------------------------------------------------------------------------------------

/**
 * The number of examples `N` (rows of `x`, equal to rows of `y`).
 *
 * @category accessors
 * @since 0.1.0
 */
export const size = <F extends number, T extends number, N extends number = number>(ds: Dataset<F, T, N>): number =>
  ds.x.shape[0]

// -------------------------------------------------------------------------------------
// row selection
// -------------------------------------------------------------------------------------

/** Copies the rows `idx` of a `[N, w]` matrix. The caller guarantees every index is in range. */
const gather = <W extends number>(m: Tensor<readonly [number, W]>, idx: ReadonlyArray<number>) => {
  const w = m.shape[1]
  const src = buf(m)
  const out = new Float64Array(idx.length * w)
  for (let r = 0; r < idx.length; r++) {
    const s = (idx[r] as number) * w
    const o = r * w
    for (let j = 0; j < w; j++) out[o + j] = src[s + j] as number
  }
  return make([idx.length, w] as const, out) as Tensor<readonly [number, W]>
}

const gatherDs = <F extends number, T extends number, N extends number>(
  ds: Dataset<F, T, N>,
  idx: ReadonlyArray<number>,
): Dataset<F, T, N> => mk(gather(ds.x, idx), gather(ds.y, idx))

/** Rows `[start, end)` as views sharing `m`'s buffer; the caller guarantees `0 ≤ start ≤ end ≤ N`. */
const rows = <W extends number>(m: Tensor<readonly [number, W]>, start: number, end: number) => {
  const w = m.shape[1]
  return make([end - start, w] as const, buf(m).subarray(start * w, end * w)) as Tensor<readonly [number, W]>
}

/** `Array.prototype.slice` index rules: negative counts from the end, clamped to `[0, n]`, NaN is 0. */
const relative = (i: number, n: number): number => {
  const k = Math.trunc(i) || 0
  return k < 0 ? Math.max(n + k, 0) : Math.min(k, n)
}

/**
 * The examples at `indices`, in that order (repeats allowed): `x'_r = x_{indices_r}`, `y'_r = y_{indices_r}`.
 * An index that is not an integer in `[0, N)` is a `Left` naming its position. The rows are copied; a result
 * over the size limit (`options.maxElements`, default `defaultMaxElements` = 2^26, for `x` and for `y`) is a
 * `Left`, checked before copying.
 *
 * @category row selection
 * @since 0.1.0
 */
export const take = <F extends number, T extends number, N extends number = number>(
  ds: Dataset<F, T, N>,
  indices: ReadonlyArray<number>,
  options?: SizeOptions,
): E.Either<ShapeError, Dataset<F, T, N>> => {
  const n = size(ds)
  const max = maxElementsOf(options)
  if (typeof max === 'string') return E.left(new ShapeError('take', max, []))
  // Repeats are allowed, so the result can be larger than ds: check its size before the rows are copied.
  const big =
    sizeFault([indices.length, ds.x.shape[1] as number], max) ??
    sizeFault([indices.length, ds.y.shape[1] as number], max)
  if (big !== undefined) return E.left(new ShapeError('take', big, [ds.x.shape, ds.y.shape]))
  for (let i = 0; i < indices.length; i++) {
    const k: unknown = indices[i]
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= n)
      return E.left(
        new ShapeError('take', `indices[${i}]: expected a row index in [0, ${n}), got ${showValue(k)}`, [
          ds.x.shape,
          ds.y.shape,
        ]),
      )
  }
  return E.right(gatherDs(ds, indices))
}

/**
 * The examples `start … end − 1`, with the index rules of `Array.prototype.slice` (a negative index counts
 * from the end, indices are clamped to `[0, N]`, fractions are truncated), so it is total. The result shares
 * the rows of `ds` (no copy).
 *
 * @category row selection
 * @since 0.1.0
 */
export const slice = <F extends number, T extends number, N extends number = number>(
  ds: Dataset<F, T, N>,
  start = 0,
  end: number = size(ds),
): Dataset<F, T, N> => {
  const n = size(ds)
  const a = relative(start, n)
  const b = Math.max(a, relative(end, n))
  return mk(rows(ds.x, a, b), rows(ds.y, a, b))
}

/**
 * Consecutive mini-batches of `batchSize` examples, in order: batch `k` holds examples
 * `k·batchSize … min((k+1)·batchSize, N) − 1`, so **the last batch is smaller** when `batchSize` does not
 * divide `N` (it is never dropped or padded); there are `⌈N / batchSize⌉` batches, none for an empty set.
 * Shuffle first for stochastic gradient descent. The batches share the rows of `ds` (no copy). A batch size
 * that is not a positive integer is a `Left`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * // ds has 10 examples
 * assert.deepStrictEqual(E.map((bs: ReadonlyArray<Dataset<4, 3>>) => bs.map(size))(batches(ds, 4)), E.right([4, 4, 2]))
 *
 * @category row selection
 * @since 0.1.0
 */
export const batches = <F extends number, T extends number, N extends number = number>(
  ds: Dataset<F, T, N>,
  batchSize: number,
): E.Either<ShapeError, ReadonlyArray<Dataset<F, T, N>>> => {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    return E.left(
      new ShapeError('batches', `batch size must be a positive integer, got ${showValue(batchSize)}`, [
        ds.x.shape,
        ds.y.shape,
      ]),
    )
  const n = size(ds)
  const out: Array<Dataset<F, T, N>> = []
  for (let s = 0; s < n; s += batchSize) out.push(slice(ds, s, s + batchSize))
  return E.right(out)
}

// -------------------------------------------------------------------------------------
// random
// -------------------------------------------------------------------------------------

/**
 * The examples in a uniformly random order (Fisher–Yates on the row indices), rows of `x` and `y` moved
 * together. Same seed, same order.
 *
 * @example
 * import { Random } from 'tensorial'
 * const [shuffled, rng1] = shuffle(ds)(Random.seed(1)) // same seed, same order
 * assert.strictEqual(size(shuffled), size(ds))
 *
 * @category random
 * @since 0.1.0
 */
export const shuffle =
  <F extends number, T extends number, N extends number = number>(ds: Dataset<F, T, N>): State<Rng, Dataset<F, T, N>> =>
  (rng) => {
    const [p, next] = permutation(size(ds))(rng)
    return [gatherDs(ds, p), next]
  }

const fractionFault = (op: string, f: number, ds: Dataset<number, number>): ShapeError | undefined =>
  typeof f === 'number' && f >= 0 && f <= 1
    ? undefined
    : new ShapeError(op, `test fraction must be in [0, 1], got ${showValue(f)}`, [ds.x.shape, ds.y.shape])

/**
 * A random split into `[train, test]`: the test set has `round(N · testFraction)` examples drawn without
 * replacement, the train set the rest; both come in random order. A fraction outside `[0, 1]` (or NaN) is a
 * `Left`, and then the generator is not advanced.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'tensorial'
 * const [split, rng1] = trainTestSplit(ds, 0.2)(Random.seed(42)) // ds has 150 examples
 * assert.deepStrictEqual(E.map(([train, test]: readonly [Dataset<4, 3>, Dataset<4, 3>]) => [size(train), size(test)])(split), E.right([120, 30]))
 *
 * @category random
 * @since 0.1.0
 */
export const trainTestSplit =
  <F extends number, T extends number, N extends number = number>(
    ds: Dataset<F, T, N>,
    testFraction: number,
  ): State<Rng, E.Either<ShapeError, readonly [train: Dataset<F, T, N>, test: Dataset<F, T, N>]>> =>
  (rng) => {
    const bad = fractionFault('trainTestSplit', testFraction, ds)
    if (bad !== undefined) return [E.left(bad), rng]
    const n = size(ds)
    const [p, next] = permutation(n)(rng)
    const k = Math.round(n * testFraction)
    return [E.right([gatherDs(ds, p.slice(k)), gatherDs(ds, p.slice(0, k))] as const), next]
  }

/**
 * A stratified random split for classification: examples are grouped by class `argmax_j y_ij` (the class of a
 * one-hot row), and each class `c` with `N_c` examples puts `round(N_c · testFraction)` of them in the test
 * set, so both sets keep the class proportions. The total test size can differ from `round(N · testFraction)`
 * by the rounding of each class. Both sets come in random order. A fraction outside `[0, 1]` is a `Left`.
 *
 * @category random
 * @since 0.1.0
 */
export const stratifiedSplit =
  <F extends number, T extends number, N extends number = number>(
    ds: Dataset<F, T, N>,
    testFraction: number,
  ): State<Rng, E.Either<ShapeError, readonly [train: Dataset<F, T, N>, test: Dataset<F, T, N>]>> =>
  (rng) => {
    const bad = fractionFault('stratifiedSplit', testFraction, ds)
    if (bad !== undefined) return [E.left(bad), rng]
    const n = size(ds)
    const cls = argmax(ds.y)
    const count = new Map<number, number>()
    for (const c of cls) count.set(c, (count.get(c) ?? 0) + 1)
    const quota = new Map<number, number>()
    for (const [c, m] of count) quota.set(c, Math.round(m * testFraction))
    const [p, next] = permutation(n)(rng)
    const train: Array<number> = []
    const test: Array<number> = []
    for (const i of p) {
      const c = cls[i] as number
      const q = quota.get(c) as number
      if (q > 0) {
        test.push(i)
        quota.set(c, q - 1)
      } else train.push(i)
    }
    return [E.right([gatherDs(ds, train), gatherDs(ds, test)] as const), next]
  }

// -------------------------------------------------------------------------------------
// standardisation
// -------------------------------------------------------------------------------------

/**
 * Per-column mean and standard deviation of `x: [B, F]`, to be fitted on the training set only:
 * `μ_j = (1/B) Σ_i x_ij`, `σ_j = sqrt((1/B) Σ_i (x_ij − μ_j)²)` (population form, two passes for accuracy).
 * A constant column has `σ_j = 0`, which is replaced by 1, so it standardises to 0 instead of NaN. With no
 * rows, `μ = 0` and `σ = 1` (the identity).
 *
 * @category standardisation
 * @since 0.1.0
 */
export const fitStandardizer = <B extends number, F extends number>(x: Tensor<readonly [B, F]>): Standardizer<F> => {
  const [n, f] = x.shape
  const xs = buf(x)
  const mean = new Float64Array(f)
  const std = new Float64Array(f)
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mean[j] = (mean[j] as number) + (xs[i * f + j] as number)
  for (let j = 0; j < f; j++) mean[j] = n > 0 ? (mean[j] as number) / n : 0
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) {
      const d = (xs[i * f + j] as number) - (mean[j] as number)
      std[j] = (std[j] as number) + d * d
    }
  for (let j = 0; j < f; j++) {
    const s = n > 0 ? Math.sqrt((std[j] as number) / n) : 0
    std[j] = s > 0 && Number.isFinite(s) ? s : 1
  }
  return { mean: make([f] as const, mean), std: make([f] as const, std) }
}

/**
 * Standardises the columns of `x: [B, F]` with a fitted standardizer: `z_ij = (x_ij − μ_j) / σ_j`. Apply the
 * statistics of the training set to every split. The column counts are checked at compile time
 * (`standardize: standardizer has 4 columns but x has 5`); when either is dynamic, a mismatch throws a
 * `ShapeError`, like every op on dynamic dims.
 *
 * @category standardisation
 * @since 0.1.0
 */
export const standardize = <F extends number, B extends number, F2 extends number>(
  s: Standardizer<F>,
  x: CheckDim<
    F,
    F2,
    Tensor<readonly [B, F2]>,
    `standardize: standardizer has ${DimText<F>} columns but x has ${DimText<F2>}`
  >,
): Tensor<readonly [B, F2]> => {
  const X = x as Tensor<readonly [B, F2]>
  const [n, f] = X.shape
  if (X.shape.length !== 2 || (f as number) !== s.mean.shape[0])
    throw new ShapeError('standardize', `standardizer has ${s.mean.shape[0]} columns but x has ${f}`, [
      s.mean.shape,
      X.shape,
    ])
  const xs = buf(X)
  const mu = buf(s.mean)
  const sd = buf(s.std)
  const out = new Float64Array(n * f)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) out[i * f + j] = ((xs[i * f + j] as number) - (mu[j] as number)) / (sd[j] as number)
  return make(X.shape, out)
}

/**
 * A data set with standardised features (`standardize` on `x`) and the same targets.
 *
 * @category standardisation
 * @since 0.1.0
 */
export const standardizeDataset = <F extends number, F2 extends number, T extends number, N extends number = number>(
  s: Standardizer<F>,
  ds: CheckDim<
    F,
    F2,
    Dataset<F2, T, N>,
    `standardize: standardizer has ${DimText<F>} columns but x has ${DimText<F2>}`
  >,
): Dataset<F2, T, N> => {
  const d = ds as Dataset<F2, T, N>
  return mk(standardize(s as unknown as Standardizer<F2>, d.x), d.y)
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * An io-ts codec for data sets with `F` features and `T` targets. Input: `{ x, y }`, each a matrix in any
 * form `tensorCodec` accepts (nested rows `[[5.1, 3.5], …]` or `{ shape, data }`), with as many rows in `y`
 * as in `x`: `y: expected 150 rows (as many as x), got 149`. Encodes to `{ x: TensorJson, y: TensorJson }`.
 * Records (`[{ "x": [...], "y": [...] }, …]`) are not accepted: two matrices decode straight into two
 * buffers, and row pairing is by position.
 *
 * @category codecs
 * @since 0.1.0
 */
export const datasetCodec = <F extends number, T extends number, const R extends string = never>(
  features: F,
  targets: T,
  options: DatasetOptions<R> = {},
): t.Type<Dataset<F, T, Dim<R>>, DatasetJson, unknown> => {
  type DS = Dataset<F, T, Dim<R>>
  const opts: TensorCodecOptions = options.maxElements === undefined ? {} : { maxElements: options.maxElements }
  const X = tensorCodec<readonly [null, number]>([null, features], opts) as unknown as TensorCodec<readonly [number, F]>
  const Y = tensorCodec<readonly [null, number]>([null, targets], opts) as unknown as TensorCodec<readonly [number, T]>
  const Pair = t.type({ x: X, y: Y })
  const name = `Dataset<${features}, ${targets}>`
  const is = (u: unknown): u is DS =>
    typeof u === 'object' && u !== null && made.has(u) && X.is((u as DS).x) && Y.is((u as DS).y)
  const validate = (u: unknown, c: t.Context): t.Validation<DS> => {
    if (typeof u !== 'object' || u === null || Array.isArray(u))
      return t.failure(u, c, `expected ${name} as { x, y }, two matrices whose rows pair up, got ${showValue(u)}`)
    const extra = Object.keys(u).find((k) => k !== 'x' && k !== 'y')
    if (extra !== undefined)
      return t.failure(
        (u as Record<string, unknown>)[extra],
        t.appendContext(c, extra, t.unknown, (u as Record<string, unknown>)[extra]),
        `unexpected key: a data set has only x and y`,
      )
    const r = Pair.validate(u, c)
    if (E.isLeft(r)) return r
    const { x, y } = r.right
    if (x.shape[0] !== y.shape[0])
      return t.failure(
        y,
        t.appendContext(c, 'y', Y, y),
        `expected ${x.shape[0]} rows (as many as x), got ${y.shape[0]}`,
      )
    if (x.shape[0] === 0 && options.allowEmpty !== true) return t.failure(u, c, 'data set is empty (0 rows)')
    return t.success(mk<F, T, Dim<R>>(x, y))
  }
  return new t.Type(name, is, validate, (ds) => ({ x: X.encode(ds.x), y: Y.encode(ds.y) }))
}

/**
 * Decodes a data set from JSON text `{ "x": [[…], …], "y": [[…], …] }` (see `datasetCodec`). Truncated or
 * malformed text, and every fault of the data, is a `Left` with messages naming the place:
 * `x[3][1]: expected a finite number, got "NaN"`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeJsonDataset = <F extends number, T extends number, const R extends string = never>(
  text: string,
  features: F,
  targets: T,
  options: DatasetOptions<R> = {},
): E.Either<DecodeError, Dataset<F, T, Dim<R>>> => decodeJson(datasetCodec(features, targets, options), text)
