/**
 * The Node progress reporter: on a TTY, a progress bar through each epoch's batches (cli-progress) that gives
 * way to one line per finished epoch; elsewhere (a pipe, a file, CI logs) just the line per epoch.
 *
 * @since 0.2.0
 */
import cliProgress from 'cli-progress'

import type { Reporter, ReporterOptions } from '../train/report.js'
import { epochTimer, formatEpoch } from '../train/report.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where progress goes: a writable stream such as `process.stderr`, with `isTTY` and `columns` as it has them. A
 * bar is drawn only on a TTY stream, which must then be a real terminal stream (the bar moves its cursor). The
 * type is structural so that the declarations need no Node types.
 *
 * @category model
 * @since 0.2.0
 */
export interface ProgressStream {
  /** Writes a chunk of text. */
  readonly write: (chunk: string) => unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

/**
 * Options of {@link progress}.
 *
 * @category model
 * @since 0.2.0
 */
export interface ProgressOptions extends Omit<ReporterOptions, 'write'> {
  /** Where to write (default `process.stderr`, as progress bars do). */
  readonly stream?: ProgressStream
  /** Draw the bar when the stream is a TTY (default true; false writes only the epoch lines). */
  readonly bar?: boolean
}

/**
 * A reporter with a `stop` that removes a bar left on screen (call it when training ends with a `Left`, which
 * leaves the last epoch unfinished; after a finished epoch there is nothing to stop).
 *
 * @category model
 * @since 0.2.0
 */
export interface Progress extends Reporter {
  /** Stops the bar and leaves the terminal at a new line. */
  readonly stop: () => void
}

// -------------------------------------------------------------------------------------
// reporter
// -------------------------------------------------------------------------------------

/**
 * The training reporter for Node: spread it into a `TrainConfig`
 * (`train(net, θ, data, { ...config, ...progress({ epochs: 10, batchSize: 64 }) })`). On a TTY each epoch
 * shows a bar with the batch count, the last batch's loss and the ETA; when the epoch ends the bar is cleared
 * and the epoch's line (`formatEpoch`: duration, throughput, loss, accuracy, validation metrics) is written in
 * its place. Without a TTY only the lines are written.
 *
 * @category reporting
 * @since 0.2.0
 */
export const progress = (options: ProgressOptions = {}): Progress => {
  const stream: ProgressStream = options.stream ?? process.stderr
  const useBar = (options.bar ?? true) && stream.isTTY === true
  const timer = epochTimer(options)
  const epochs = options.epochs === undefined ? '' : `/${options.epochs}`
  let bar: cliProgress.SingleBar | undefined
  const stop = (): void => {
    bar?.stop()
    bar = undefined
  }
  return {
    onBatch: (info) => {
      timer.batch(info)
      if (!useBar) return
      const payload = { epoch: info.epoch, loss: Number.isFinite(info.loss) ? info.loss.toFixed(4) : String(info.loss) }
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          {
            stream: stream as NodeJS.WritableStream,
            format: `epoch {epoch}${epochs} [{bar}] {value}/{total} | loss {loss} | ETA {eta_formatted}`,
            barsize: 30,
            hideCursor: true,
            clearOnComplete: true,
            gracefulExit: true,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(info.batches, info.batch, payload)
      } else bar.update(info.batch, payload)
    },
    onEpoch: (metrics) => {
      stop()
      stream.write(`${formatEpoch(metrics, timer.epoch())}\n`)
    },
    stop,
  }
}
