/**
 * The one size limit of tensorial: how many entries a tensor built from outside data or from run-time dims
 * may have. Every constructor that takes its size from a value (`fromNested`, `fromArray`, `zeros`, `fill`,
 * `ones`, `eye`, `fromFunction`), every decoder (`Codec.tensorCodec`, `Dataset.datasetCodec`,
 * `Dataset.oneHot`, CSV, model files) checks the size against it *before* allocating, so a hostile file or a
 * wrong dim costs an error message, not gigabytes of memory.
 *
 * The default is `defaultMaxElements` = 2^26 entries (512 MiB of float64). A caller raises (or lowers) it per
 * call with the `maxElements` option: `zeros([n, m], { maxElements: 2 ** 28 })`,
 * `Codec.tensorCodec([null, 784], { maxElements: 2 ** 28 })`. What happens over the limit follows each
 * function's contract: functions that return an `Either` return a `Left` naming the size and the limit;
 * `zeros`/`fill`/`ones`/`eye`/`fromFunction`, which return a tensor, throw a `ShapeError` (a dynamic dim that
 * turns out wrong at run time: see `errors`), never a `RangeError` from the allocator.
 *
 * @since 0.2.0
 */
import { showValue } from '../internal/show.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The default size limit: 2^26 = 67,108,864 entries (512 MiB of float64).
 *
 * @category limits
 * @since 0.2.0
 */
export const defaultMaxElements = 2 ** 26

/**
 * The size option of every function that allocates from a run-time size.
 *
 * @category limits
 * @since 0.2.0
 */
export interface SizeOptions {
  /**
   * The largest number of entries the result may have (default `defaultMaxElements`, 2^26). A non-negative
   * safe integer; every single dim is held to it too.
   */
  readonly maxElements?: number
}

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

/**
 * The limit an options object asks for, or a description of why it is invalid.
 * @internal
 */
export const maxElementsOf = (options: SizeOptions | undefined): number | string => {
  let max: unknown
  try {
    max = options?.maxElements ?? defaultMaxElements
  } catch {
    return 'option maxElements could not be read'
  }
  return typeof max === 'number' && Number.isSafeInteger(max) && max >= 0
    ? max
    : `option maxElements must be a non-negative safe integer, got ${showValue(max)}`
}

/**
 * Whether a shape of valid dims fits the limit: `undefined`, or the fault in words
 * (`shape [100000, 100000] has 10000000000 elements, over the limit of 67108864 (maxElements)`). Dims are
 * multiplied one by one and each is checked first, so the product never loses precision before the check.
 * @internal
 */
export const sizeFault = (dims: ReadonlyArray<number>, max: number): string | undefined => {
  let n = 1
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i] as number
    if (d > max) return `dim ${i} is ${d}, over the limit of ${max} elements (maxElements)`
    n *= d
    if (n > max) break
  }
  if (n <= max) return undefined
  const total = dims.reduce((m, d) => m * d, 1)
  const shown = dims.length > 8 ? `[${dims.slice(0, 8).join(', ')}, …] (rank ${dims.length})` : `[${dims.join(', ')}]`
  return `shape ${shown} has ${total} elements, over the limit of ${max} (maxElements)`
}
