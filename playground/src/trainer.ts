/**
 * Live training: one long run of tensorial's training, cut into chunks of a few epochs so that the page can
 * draw the decision boundary of each chunk's Θ. Each chunk resumes where the last one stopped (Θ, optimizer
 * state, epoch and generator) through `trainAsync`'s `resume`, so the run, however it was cut, stopped and
 * started again, gives the same model, bit for bit, as one call of `train` for the same number of epochs.
 * Stop aborts the running chunk through an `AbortSignal`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AnyNetwork, Dataset, EpochMetrics, Optim, ParamSet, Random, TrainError, TrainResult } from 'tensorial'
import { binaryCrossEntropy, trainAsync } from 'tensorial'

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

/**
 * One chunk: `trainAsync` from `from` until epoch `until`, resuming `from`'s run. An aborted chunk is dropped
 * (`from` stands): what the page showed last is what it keeps, so a run stopped and started again goes on as
 * if it had never stopped.
 */
const chunk = async (
  setup: Setup,
  from: Progress,
  until: number,
  signal: AbortSignal,
): Promise<E.Either<TrainError, Progress>> => {
  const [result, rng] = await trainAsync(setup.net, from.theta, setup.train, {
    cost: binaryCrossEntropy,
    optimizer: setup.optimizer,
    epochs: until,
    batchSize: setup.batchSize,
    task: 'classification',
    validation: setup.test,
    signal,
    ...(setup.l2 > 0 ? { l2: setup.l2 } : {}),
    ...(from.optimizerState === undefined
      ? {}
      : { resume: { optimizerState: from.optimizerState, epoch: from.epoch } }),
  })(from.rng)()
  return E.map((r: TrainResult<ReadonlyArray<ParamSet>>): Progress =>
    r.stopReason === 'aborted'
      ? from
      : {
          theta: r.theta,
          optimizerState: r.optimizerState,
          epoch: r.epochs,
          rng,
          history: [...from.history, ...r.history],
        },
  )(result)
}

/** The work per chunk aimed at, in ms: most of a 60 Hz frame, leaving the rest for drawing. */
const CHUNK_MS = 12

/**
 * At most this many epochs per chunk, so that the boundary is drawn often enough to watch it move, and a run is
 * stopped within a few epochs of reaching its target (a small network trains hundreds of epochs in 12 ms).
 */
const MAX_EPOCHS_PER_CHUNK = 20

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

/**
 * A run of `setup`. `onProgress` is called after every chunk; `frame` resolves when the page has had a chance to
 * paint it (`requestAnimationFrame` in the page).
 */
export const trainer = (setup: Setup, onProgress: (p: Progress) => void, frame: () => Promise<unknown>): Trainer => {
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
        epochsPerChunk = Math.max(
          1,
          Math.min(MAX_EPOCHS_PER_CHUNK, Math.round((epochsPerChunk * CHUNK_MS) / Math.max(dt, 1))),
        )
        onProgress(progress)
        // give the page a frame to paint the new boundary and curves
        await frame()
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
