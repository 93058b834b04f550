/**
 * Classification metrics: the confusion matrix and, from it, per-class precision, recall, F1 and support,
 * their macro and weighted averages, and accuracy, as scikit-learn's `classification_report` defines them.
 *
 * The confusion matrix `C: [K, K]` counts examples by true class (row `i`) and predicted class (column `j`).
 * For class `i`, with `TPᵢ = Cᵢᵢ`, `FPᵢ = Σ_r Cᵣᵢ − Cᵢᵢ` (column) and `FNᵢ = Σ_c Cᵢc − Cᵢᵢ` (row):
 * `precisionᵢ = TPᵢ / (TPᵢ + FPᵢ)`, `recallᵢ = TPᵢ / (TPᵢ + FNᵢ)`, `F1ᵢ = 2TPᵢ / (2TPᵢ + FPᵢ + FNᵢ)` (the
 * harmonic mean of precision and recall), `supportᵢ = Σ_c Cᵢc`. **Zero division**: a ratio whose denominator
 * is 0 is 0 (scikit-learn's `zero_division=0`, which is also what its default `'warn'` returns), so no metric
 * is ever NaN. The macro average is the unweighted mean over all K classes (classes with no support count),
 * the weighted average weighs class `i` by `supportᵢ / N`, and accuracy is `Σᵢ Cᵢᵢ / N` (0 when N = 0).
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'

import { ShapeError } from '../core/errors.js'
import type { Matrix } from '../core/tensor.js'
import { isTensor } from '../core/tensor.js'
import { make } from '../internal/make.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The number of classes of a network with `K` outputs: `K`, or 2 for one output (a sigmoid unit, class 1
 * when the output is ≥ ½).
 *
 * @category model
 * @since 0.2.0
 */
export type ClassesOf<K extends number> = [K] extends [1] ? 2 : K

/**
 * The scores of one class (or their average over classes): precision, recall, F1 and the support (the number
 * of examples whose true class it is; for an average, all examples).
 *
 * @category model
 * @since 0.2.0
 */
export interface ClassScores {
  readonly precision: number
  readonly recall: number
  readonly f1: number
  readonly support: number
}

/**
 * What {@link classificationReport} returns: one entry per class (index = class), the macro and weighted
 * averages, accuracy and the number of examples.
 *
 * @category model
 * @since 0.2.0
 */
export interface ClassificationReport {
  readonly classes: ReadonlyArray<ClassScores>
  readonly macro: ClassScores
  readonly weighted: ClassScores
  readonly accuracy: number
  readonly total: number
}

// -------------------------------------------------------------------------------------
// confusion matrix
// -------------------------------------------------------------------------------------

const fail = (reason: string): E.Either<ShapeError, never> => E.left(new ShapeError('confusionMatrix', reason, []))

const count = <K extends number>(
  predicted: ReadonlyArray<number>,
  actual: ReadonlyArray<number>,
  classes: K,
): Matrix<K, K> => {
  const c = new Float64Array(classes * classes)
  for (let i = 0; i < predicted.length; i++) {
    const k = (actual[i] as number) * classes + (predicted[i] as number)
    c[k] = (c[k] as number) + 1
  }
  return make([classes, classes] as const, c)
}

const checkIndices = (name: string, xs: ReadonlyArray<number>, classes: number): E.Either<ShapeError, void> => {
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= classes)
      return fail(`${name}[${i}] is ${String(v)}, not a class index in [0, ${classes})`)
  }
  return E.right(undefined)
}

/** Row-wise class of a [B, K] matrix: argmax for K > 1 (first on ties), `≥ ½` for K = 1; -1 for a NaN row. */
const classesOfRows = (
  m: Matrix<number, number>,
  name: string,
  target: boolean,
): E.Either<ShapeError, Array<number>> => {
  const [rows, k] = m.shape
  const d = m.data
  const out = new Array<number>(rows)
  for (let i = 0; i < rows; i++) {
    let best = 0
    for (let j = 0; j < k; j++) {
      const v = d[i * k + j] as number
      if (Number.isNaN(v)) return fail(`${name}[${i}][${j}] is NaN`)
      if (k > 1 && v > (d[i * k + best] as number)) best = j
    }
    if (k === 1) {
      const v = d[i] as number
      if (target && v !== 0 && v !== 1) return fail(`${name}[${i}][0] is ${v}; a one-output target is 0 or 1`)
      best = v >= 0.5 ? 1 : 0
    }
    out[i] = best
  }
  return E.right(out)
}

/**
 * The confusion matrix `C: [K, K]`, `Cᵢⱼ` = the number of examples of true class `i` predicted as class `j`,
 * either from class indices (`predicted`, `actual` and the number of classes), or from a network's output
 * `[B, K]` and the targets `[B, K]` (the class of a row is its argmax, first on ties, as in `evaluate`; with
 * one output, class 1 when the value is ≥ ½ and targets are 0 or 1). A `Left` names the first entry that is
 * not a class index (or is NaN), or the lengths that differ.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Metrics, toArray } from 'tensorial'
 * const c = Metrics.confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], 3)
 * assert.deepStrictEqual(E.map(toArray<readonly [3, 3]>)(c), E.right([[1, 0, 0], [0, 1, 0], [0, 1, 1]]))
 *
 * @category metrics
 * @since 0.2.0
 */
export function confusionMatrix<K extends number>(
  predicted: ReadonlyArray<number>,
  actual: ReadonlyArray<number>,
  classes: K,
): E.Either<ShapeError, Matrix<K, K>>
export function confusionMatrix<B extends number, K extends number>(
  output: Matrix<B, K>,
  target: Matrix<NoInfer<B>, NoInfer<K>>,
): E.Either<ShapeError, Matrix<ClassesOf<K>, ClassesOf<K>>>
export function confusionMatrix(
  predicted: ReadonlyArray<number> | Matrix<number, number>,
  actual: ReadonlyArray<number> | Matrix<number, number>,
  classes?: number,
): E.Either<ShapeError, Matrix<number, number>> {
  if (Array.isArray(predicted) || Array.isArray(actual)) {
    if (!Array.isArray(predicted) || !Array.isArray(actual))
      return fail('predicted and actual must both be index arrays or both be matrices')
    const k = classes as number
    if (!Number.isSafeInteger(k) || k < 1) return fail(`classes must be a positive integer, got ${String(k)}`)
    if (predicted.length !== actual.length)
      return fail(`predicted has ${predicted.length} entries but actual has ${actual.length}`)
    const ok = E.chain(() => checkIndices('actual', actual, k))(checkIndices('predicted', predicted, k))
    return E.map(() => count(predicted, actual, k))(ok)
  }
  if (!isTensor(predicted) || !isTensor(actual))
    return fail('predicted and actual must both be index arrays or both be matrices')
  const out = predicted as Matrix<number, number>
  const tgt = actual as Matrix<number, number>
  if (out.shape.length !== 2 || tgt.shape.length !== 2 || out.shape[1] < 1)
    return fail(`output and target must be [B, K] matrices with K ≥ 1, got [${out.shape}] and [${tgt.shape}]`)
  if (out.shape[0] !== tgt.shape[0] || out.shape[1] !== tgt.shape[1])
    return fail(`output is [${out.shape}] but target is [${tgt.shape}]`)
  const k = out.shape[1] === 1 ? 2 : out.shape[1]
  return E.chain((p: ReadonlyArray<number>) =>
    E.map((a: ReadonlyArray<number>) => count(p, a, k))(classesOfRows(tgt, 'target', true)),
  )(classesOfRows(out, 'output', false))
}

// -------------------------------------------------------------------------------------
// scores
// -------------------------------------------------------------------------------------

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b)

/**
 * Accuracy `Σᵢ Cᵢᵢ / N` of a confusion matrix (0 when it counts no examples).
 *
 * @category metrics
 * @since 0.2.0
 */
export const accuracy = <K extends number>(matrix: Matrix<K, K>): number => {
  const k = matrix.shape[0]
  let diag = 0
  let total = 0
  for (let i = 0; i < k * k; i++) total += matrix.data[i] as number
  for (let i = 0; i < k; i++) diag += matrix.data[i * k + i] as number
  return ratio(diag, total)
}

/**
 * Per-class precision, recall, F1 and support of a confusion matrix, with the macro and weighted averages and
 * accuracy: the numbers of scikit-learn's `classification_report` (see the module doc for the formulas and the
 * zero-division rule).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Metrics, orThrow } from 'tensorial'
 * const r = Metrics.classificationReport(orThrow(Metrics.confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], 3)))
 * assert.deepStrictEqual(r.classes[2], { precision: 1, recall: 0.5, f1: 2 / 3, support: 2 })
 * assert.strictEqual(r.accuracy, 0.75)
 *
 * @category metrics
 * @since 0.2.0
 */
export const classificationReport = <K extends number>(matrix: Matrix<K, K>): ClassificationReport => {
  const k = matrix.shape[0]
  const c = matrix.data
  const classes: Array<ClassScores> = []
  let total = 0
  let diag = 0
  for (let i = 0; i < k; i++) {
    let row = 0
    let col = 0
    for (let j = 0; j < k; j++) {
      row += c[i * k + j] as number
      col += c[j * k + i] as number
    }
    const tp = c[i * k + i] as number
    classes.push({
      precision: ratio(tp, col),
      recall: ratio(tp, row),
      f1: ratio(2 * tp, row + col),
      support: row,
    })
    total += row
    diag += tp
  }
  const average = (weight: (s: ClassScores) => number, norm: number): ClassScores => {
    const sum = (f: (s: ClassScores) => number): number => classes.reduce((a, s) => a + weight(s) * f(s), 0)
    return {
      precision: ratio(
        sum((s) => s.precision),
        norm,
      ),
      recall: ratio(
        sum((s) => s.recall),
        norm,
      ),
      f1: ratio(
        sum((s) => s.f1),
        norm,
      ),
      support: total,
    }
  }
  return {
    classes,
    macro: average(() => 1, k),
    weighted: average((s) => s.support, total),
    accuracy: ratio(diag, total),
    total,
  }
}

/**
 * Options of {@link formatReport}.
 *
 * @category model
 * @since 0.2.0
 */
export interface FormatReportOptions {
  /** The name of each class (default its index). */
  readonly labels?: ReadonlyArray<string>
  /** Digits after the decimal point (default 2, as in scikit-learn). */
  readonly digits?: number
}

/**
 * The report as the text table scikit-learn prints: one row per class (precision, recall, f1-score,
 * support), then accuracy, macro avg and weighted avg.
 *
 * @category metrics
 * @since 0.2.0
 */
export const formatReport = (report: ClassificationReport, options: FormatReportOptions = {}): string => {
  const d =
    options.digits !== undefined && Number.isSafeInteger(options.digits) && options.digits >= 0 ? options.digits : 2
  const names = report.classes.map((_, i) => options.labels?.[i] ?? String(i))
  const width = Math.max('weighted avg'.length, d, ...names.map((s) => s.length))
  // scikit-learn's layout: the name right-aligned in `width`, a space, then each column as ' ' + 9 wide.
  const cols = (xs: ReadonlyArray<string>): string => xs.map((x) => ` ${x.padStart(9)}`).join('')
  const row = (name: string, s: ClassScores): string =>
    `${name.padStart(width)} ${cols([s.precision.toFixed(d), s.recall.toFixed(d), s.f1.toFixed(d), String(s.support)])}`
  return [
    `${''.padStart(width)} ${cols(['precision', 'recall', 'f1-score', 'support'])}`,
    '',
    ...report.classes.map((s, i) => row(names[i] as string, s)),
    '',
    `${'accuracy'.padStart(width)} ${cols(['', '', report.accuracy.toFixed(d), String(report.total)])}`,
    row('macro avg', report.macro),
    row('weighted avg', report.weighted),
  ].join('\n')
}
