/**
 * Live training: one long run of tensorial's training, cut into chunks of a few epochs so that the page can
 * draw the decision boundary of each chunk's Θ. Each chunk resumes where the last one stopped (Θ, optimizer
 * state, epoch and generator), so an uninterrupted run gives the same model, bit for bit, as one call of
 * `train` for the same number of epochs. Stop aborts the running chunk through an `AbortSignal`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AnyNetwork, Dataset, EpochMetrics, Optim, ParamSet, Random, TrainError } from 'tensorial'
import { binaryCrossEntropy, train } from 'tensorial'

/** What a run trains: the network, its first Θ, the data and the optimizer settings. */
export interface Setup {
  readonly net: AnyNetwork
  readonly theta: ReadonlyArray<ParamSet>
  readonly train: Dataset.Dataset<number, number>
  readonly test: Dataset.Dataset<number, number>
  readonly optimizer: Optim.Optimizer
  readonly batchSize: number
  readonly l2: number
  /** The generator for shuffling. */
  readonly rng: Random.Rng
}

/** Where a run is: its Θ and optimizer state after `epoch` completed epochs, and their metrics. */
export interface Progress {
  readonly theta: ReadonlyArray<ParamSet>
  readonly optimizerState: Optim.OptimizerState<ReadonlyArray<ParamSet>> | undefined
  readonly epoch: number
  readonly rng: Random.Rng
  readonly history: ReadonlyArray<EpochMetrics>
}

/** One chunk: train from `from` until epoch `until`, or until `signal` is aborted. */
const chunk = async (
  setup: Setup,
  from: Progress,
  until: number,
  signal: AbortSignal,
): Promise<E.Either<TrainError, Progress>> => {
  // TODO(trainAsync): replaced by trainAsync with resume and signal once branch `train` lands.
  if (signal.aborted) return E.right(from)
  const [result, rng] = train(setup.net, from.theta, setup.train, {
    cost: binaryCrossEntropy,
    optimizer: setup.optimizer,
    epochs: until - from.epoch,
    batchSize: setup.batchSize,
    task: 'classification',
    validation: setup.test,
    ...(setup.l2 > 0 ? { l2: setup.l2 } : {}),
  })(from.rng)
  await new Promise((resolve) => setTimeout(resolve, 0))
  return E.map(
    (r: { readonly theta: ReadonlyArray<ParamSet>; readonly history: ReadonlyArray<EpochMetrics> }): Progress => ({
      theta: r.theta,
      optimizerState: undefined,
      epoch: from.epoch + r.history.length,
      rng,
      history: [...from.history, ...r.history.map((m) => ({ ...m, epoch: m.epoch + from.epoch }))],
    }),
  )(result)
}

/** The work per chunk aimed at, in ms: most of a 60 Hz frame, leaving the rest for drawing. */
const CHUNK_MS = 12

/** Why a run ended. */
export type Ended = { readonly _tag: 'stopped' } | { readonly _tag: 'failed'; readonly error: TrainError }

/** A run that can be started, stopped and stepped; `onProgress` is called after every chunk. */
export interface Trainer {
  readonly progress: () => Progress
  readonly running: () => boolean
  /** Trains until `stop` (or until a step fails); resolves when the run has ended. */
  readonly start: () => Promise<Ended>
  /** Aborts the running chunk; `start` then resolves. */
  readonly stop: () => void
  /** Trains one epoch (when not running). */
  readonly step: () => Promise<Ended>
}

export const trainer = (setup: Setup, onProgress: (p: Progress) => void): Trainer => {
  let progress: Progress = {
    theta: setup.theta,
    optimizerState: undefined,
    epoch: 0,
    rng: setup.rng,
    history: [],
  }
  let controller: AbortController | undefined
  let epochsPerChunk = 1

  const run = async (maxEpochs: number): Promise<Ended> => {
    if (controller !== undefined) return { _tag: 'stopped' }
    const c = new AbortController()
    controller = c
    const end = progress.epoch + maxEpochs
    try {
      while (!c.signal.aborted && progress.epoch < end) {
        const t0 = performance.now()
        const next = await chunk(setup, progress, Math.min(end, progress.epoch + epochsPerChunk), c.signal)
        const dt = performance.now() - t0
        if (E.isLeft(next)) return { _tag: 'failed', error: next.left }
        progress = next.right
        epochsPerChunk = Math.max(1, Math.min(500, Math.round((epochsPerChunk * CHUNK_MS) / Math.max(dt, 1))))
        onProgress(progress)
        // give the page a frame to paint the new boundary and curves
        await new Promise((resolve) => requestAnimationFrame(resolve))
      }
      return { _tag: 'stopped' }
    } finally {
      controller = undefined
    }
  }

  return {
    progress: () => progress,
    running: () => controller !== undefined,
    start: () => run(Number.MAX_SAFE_INTEGER),
    stop: () => controller?.abort(),
    step: () => run(1),
  }
}
