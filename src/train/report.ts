/**
 * Progress reporting for `train`: a reporter is the `onBatch`/`onEpoch` pair of a `TrainConfig`, so it is
 * spread into the config: `train(net, θ, data, { ...config, ...reporter({ epochs: 10, batchSize: 64 }) })`.
 *
 * This module is browser-safe: it writes whole lines through a `write` function (default `console.log`). The
 * Node reporter with a progress bar on a TTY is `progress` in `tensorial/node`, built on {@link formatEpoch}.
 *
 * @since 0.2.0
 */
import type { BatchInfo, EpochMetrics, PassMetrics } from './train.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The training callbacks of a reporter. They never ask training to stop (they return `void`).
 *
 * @category model
 * @since 0.2.0
 */
export interface Reporter {
  /** Called after each batch (a `TrainConfig.onBatch`). */
  readonly onBatch: (info: BatchInfo) => void
  /** Called after each epoch (a `TrainConfig.onEpoch`). */
  readonly onEpoch: (metrics: EpochMetrics) => void
}

/**
 * Options of {@link reporter}.
 *
 * @category model
 * @since 0.2.0
 */
export interface ReporterOptions {
  /** Where each epoch's line goes (default `console.log`). */
  readonly write?: (line: string) => void
  /** The number of the last epoch, shown as `epoch 3/10` (default: not shown). */
  readonly epochs?: number
  /** The number of training examples per epoch, for an exact examples/s. */
  readonly examples?: number
  /** The batch size: without `examples`, examples/s counts every batch as full (an upper bound). */
  readonly batchSize?: number
  /** The clock in milliseconds (default `performance.now`, else `Date.now`). */
  readonly now?: () => number
}

/**
 * What one epoch line shows besides the metrics: its duration and throughput.
 *
 * @category model
 * @since 0.2.0
 */
export interface EpochTiming {
  /** The number of the last epoch. */
  readonly epochs?: number
  readonly seconds?: number
  /** Examples per second; without it, `batchesPerSecond` is shown. */
  readonly examplesPerSecond?: number
  readonly batchesPerSecond?: number
}

// -------------------------------------------------------------------------------------
// formatting
// -------------------------------------------------------------------------------------

const num = (v: number): string =>
  !Number.isFinite(v)
    ? String(v)
    : v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4)
      ? v.toExponential(3)
      : v.toFixed(4)

const rate = (v: number): string => (v >= 100 ? String(Math.round(v)) : v.toPrecision(3))

const metricParts = (m: PassMetrics, prefix: string): ReadonlyArray<string> =>
  (['loss', 'accuracy', 'mse', 'r2'] as const).flatMap((k) => {
    const v = m[k]
    return v === undefined ? [] : [`${prefix}${k} ${num(v)}`]
  })

/**
 * One epoch as a line, Keras-style:
 * `epoch 3/10 - 1.21 s - 6612 ex/s - loss 0.2345 - accuracy 0.9310 - val_loss 0.2511 - val_accuracy 0.9245`
 * (metrics with 4 decimals, or in exponent form when very large or small; timing parts only when known).
 *
 * @example
 * import { formatEpoch } from 'tensorial'
 * assert.strictEqual(
 *   formatEpoch({ epoch: 2, train: { loss: 0.5, accuracy: 0.8 } }, { epochs: 5, seconds: 1.5 }),
 *   'epoch 2/5 - 1.50 s - loss 0.5000 - accuracy 0.8000',
 * )
 *
 * @category reporting
 * @since 0.2.0
 */
export const formatEpoch = (metrics: EpochMetrics, timing: EpochTiming = {}): string => {
  const parts = [timing.epochs === undefined ? `epoch ${metrics.epoch}` : `epoch ${metrics.epoch}/${timing.epochs}`]
  if (timing.seconds !== undefined && Number.isFinite(timing.seconds)) parts.push(`${timing.seconds.toFixed(2)} s`)
  if (timing.examplesPerSecond !== undefined && Number.isFinite(timing.examplesPerSecond))
    parts.push(`${rate(timing.examplesPerSecond)} ex/s`)
  else if (timing.batchesPerSecond !== undefined && Number.isFinite(timing.batchesPerSecond))
    parts.push(`${rate(timing.batchesPerSecond)} batch/s`)
  parts.push(...metricParts(metrics.train, ''))
  if (metrics.validation !== undefined) parts.push(...metricParts(metrics.validation, 'val_'))
  return parts.join(' - ')
}

// -------------------------------------------------------------------------------------
// reporter
// -------------------------------------------------------------------------------------

const defaultNow = (): (() => number) =>
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? () => performance.now()
    : () => Date.now()

/**
 * The timing half of a reporter: counts the batches of the current epoch and, at the epoch's end, gives its
 * {@link EpochTiming}. An epoch's time runs from the end of the previous epoch (the first epoch's from the
 * tracker's creation: create it just before training).
 *
 * @category reporting
 * @since 0.2.0
 */
export const epochTimer = (
  options: Pick<ReporterOptions, 'epochs' | 'examples' | 'batchSize' | 'now'> = {},
): {
  /** Records a batch (call it from `onBatch`). */
  readonly batch: (info: BatchInfo) => void
  /** The timing of the epoch since the last call, and restarts the clock (call it from `onEpoch`). */
  readonly epoch: () => EpochTiming
} => {
  const now = options.now ?? defaultNow()
  let start = now()
  let batches = 0
  return {
    batch: (info) => {
      batches = info.batch
    },
    epoch: () => {
      const t = now()
      const seconds = Math.max(0, (t - start) / 1000)
      start = t
      const examples = options.examples ?? (options.batchSize === undefined ? undefined : batches * options.batchSize)
      const timing: EpochTiming = {
        ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
        seconds,
        ...(seconds > 0 && examples !== undefined ? { examplesPerSecond: examples / seconds } : {}),
        ...(seconds > 0 && batches > 0 ? { batchesPerSecond: batches / seconds } : {}),
      }
      batches = 0
      return timing
    },
  }
}

/**
 * A reporter that writes one line per epoch (see {@link formatEpoch}) with the epoch's duration and
 * throughput; it runs anywhere (browsers, workers, Node). Create it just before training.
 *
 * @example
 * import { formatEpoch, reporter } from 'tensorial'
 * const lines: Array<string> = []
 * const r = reporter({ write: (l) => lines.push(l), epochs: 3, now: () => 0 })
 * r.onBatch({ epoch: 1, batch: 1, batches: 1, loss: 0.7 })
 * r.onEpoch({ epoch: 1, train: { loss: 0.7 } })
 * assert.deepStrictEqual(lines, ['epoch 1/3 - 0.00 s - loss 0.7000'])
 *
 * @category reporting
 * @since 0.2.0
 */
export const reporter = (options: ReporterOptions = {}): Reporter => {
  const write = options.write ?? ((line: string) => console.log(line))
  const timer = epochTimer(options)
  return {
    onBatch: (info) => timer.batch(info),
    onEpoch: (metrics) => write(formatEpoch(metrics, timer.epoch())),
  }
}
