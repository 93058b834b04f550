/**
 * Early stopping: watch one metric per epoch, stop after `patience` epochs without a significant improvement
 * over the best value so far.
 *
 * For each epoch's value `v` of the monitored metric, with `best` the best value of the epochs before
 * (`+∞` for `min`, `−∞` for `max` before the first):
 *
 * - the epoch *improves* when `v < best − minDelta` (mode `min`) or `v > best + minDelta` (mode `max`); then
 *   the count of epochs without improvement returns to 0, else it grows by 1, and training stops when it
 *   reaches `patience`;
 * - `best` becomes `v` whenever `v` is strictly better than `best`, even by less than `minDelta`, and that
 *   epoch's Θ is the one `restoreBest` returns.
 *
 * With `minDelta = 0` this is exactly Keras's `EarlyStopping` (without `baseline`). With `minDelta > 0` it is
 * scikit-learn's rule (`tol`, `n_iter_no_change`): each epoch is compared with the best value so far. Keras
 * instead compares with the value of the last *counted* improvement, so a slow creep (each epoch better by
 * less than `minDelta`, all of them together by more) keeps a Keras run going and stops this one.
 *
 * @since 0.2.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A metric early stopping can watch, named as in Keras: the training metrics of the epoch (`loss`, `accuracy`
 * for classification, `mse` and `r2` for regression) or the same on the validation data (`val_…`).
 *
 * @category model
 * @since 0.2.0
 */
export type Monitor = 'loss' | 'accuracy' | 'mse' | 'r2' | 'val_loss' | 'val_accuracy' | 'val_mse' | 'val_r2'

/**
 * Whether smaller (`min`) or larger (`max`) values of the monitored metric are better; `auto` is `max` for
 * `accuracy` and `r2` (with or without `val_`), `min` for `loss` and `mse`.
 *
 * @category model
 * @since 0.2.0
 */
export type MonitorMode = 'min' | 'max' | 'auto'

/**
 * Early stopping (see the module doc for the exact rule): stop when `monitor` has not improved by more than
 * `minDelta` on the best value so far for `patience` epochs in a row; with `restoreBest`, return the Θ of the
 * best epoch.
 *
 * @category model
 * @since 0.1.0
 */
export interface EarlyStopping {
  /** The metric to watch; default `val_loss` when there is validation data, `loss` otherwise. */
  readonly monitor?: Monitor
  /** Default `auto`. */
  readonly mode?: MonitorMode
  /** Epochs without improvement after which training stops: an integer ≥ 1. */
  readonly patience: number
  /** The smallest change that counts as an improvement: a finite number ≥ 0, default 0. */
  readonly minDelta?: number
  /** Return the Θ of the best epoch rather than of the last (default false). */
  readonly restoreBest?: boolean
}

/**
 * The watch's state after some epochs.
 * @internal
 */
export interface Watch {
  /** The best value so far (±∞ before the first epoch). */
  readonly best: number
  /** The epoch of `best` (the starting epoch before the first). */
  readonly bestEpoch: number
  /** Epochs since the last improvement by more than `minDelta`. */
  readonly wait: number
}

// -------------------------------------------------------------------------------------
// watching
// -------------------------------------------------------------------------------------

/**
 * `min` or `max` for a monitor and mode (`auto`: `max` for accuracy and R², `min` for loss and MSE).
 * @internal
 */
export const direction = (monitor: Monitor, mode: MonitorMode = 'auto'): 'min' | 'max' =>
  mode !== 'auto' ? mode : monitor.endsWith('accuracy') || monitor.endsWith('r2') ? 'max' : 'min'

/**
 * The state before the first watched epoch; `epoch` is the last epoch already run (0, or the resumed epoch).
 * @internal
 */
export const startWatch = (dir: 'min' | 'max', epoch: number): Watch => ({
  best: dir === 'min' ? Infinity : -Infinity,
  bestEpoch: epoch,
  wait: 0,
})

/**
 * One epoch's value through the rule: the new state, whether it is a new best (take its Θ for `restoreBest`)
 * and whether training stops here.
 * @internal
 */
export const watchEpoch = (
  w: Watch,
  value: number,
  epoch: number,
  dir: 'min' | 'max',
  minDelta: number,
  patience: number,
): { readonly watch: Watch; readonly newBest: boolean; readonly stop: boolean } => {
  const improved = dir === 'min' ? value < w.best - minDelta : value > w.best + minDelta
  const newBest = dir === 'min' ? value < w.best : value > w.best
  const wait = improved ? 0 : w.wait + 1
  return {
    watch: { best: newBest ? value : w.best, bestEpoch: newBest ? epoch : w.bestEpoch, wait },
    newBest,
    stop: wait >= patience,
  }
}
