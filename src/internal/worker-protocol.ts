/**
 * What the calling thread and the workers of a data-parallel training plan share: the message that starts a
 * worker and the layout of the control words (an `Int32Array` on a `SharedArrayBuffer`) through which each step
 * is handed out and joined with `Atomics`, without a message or a turn of either event loop.
 *
 * Worker `k` (numbered from 1; slice 0 is the calling thread's) owns the words `k·STRIDE …`: the calling thread
 * writes the step (`B`, `r₀`, `r₁`, the command) and then increments `SEQ`; the worker computes its slice, then
 * stores `SEQ`'s value into `DONE`. Each side waits for the other's word to change (spinning briefly, then
 * `Atomics.wait` where the thread may block).
 *
 * @internal
 * @since 0.2.0
 */
import type { OptimizerSpec } from '../train/optimizer.js'
import type { PlanActivation, PlanCost } from './plan-ops.js'

/** Control words per worker (64 bytes, so that two workers' words never share a cache line). @internal */
export const STRIDE = 16
/** Incremented by the calling thread to hand out a step. @internal */
export const SEQ = 0
/** Set by the worker to the `SEQ` of the step it finished. @internal */
export const DONE = 1
/** `STARTING`, `READY` or `FAILED`, set by the worker. @internal */
export const STATUS = 2
/** The step: batch rows `B`, the slice's rows `r₀ … r₁ − 1`, the command. @internal */
export const ROWS = 3
/** @internal */
export const R0 = 4
/** @internal */
export const R1 = 5
/** @internal */
export const CMD = 6
/** Length in bytes of the worker's failure message (in the bytes after the control words). @internal */
export const MESSAGE_LENGTH = 7

/** The step count `t` of an update (`CMD_UPDATE`; `ROWS` is then the number of threads sharing it). @internal */
export const STEP_T = 10
/** 1 while the worker sleeps in `Atomics.wait` on `SEQ` (so the calling thread notifies only then). @internal */
export const WORKER_SLEEPS = 8
/** 1 while the calling thread sleeps in `Atomics.wait` on `DONE`. @internal */
export const CALLER_SLEEPS = 9

/** @internal */
export const STARTING = 0
/** @internal */
export const READY = 1
/** @internal */
export const FAILED = 2

/** @internal */
export const CMD_STEP = 1
/** @internal */
export const CMD_EXIT = 2
/** Back to waiting for a {@link WorkerInit} message (the pool is kept for the next run). @internal */
export const CMD_RELEASE = 3
/** The worker's share of the update: `worker-update.ts`'s `updateShare`. @internal */
export const CMD_UPDATE = 4

/** Bytes of failure message per worker, after the control words. @internal */
export const MESSAGE_BYTES = 256

/**
 * Spins of `Atomics.load` (about 100 µs on the benchmark's Xeon, ~6 ns a spin) before a thread that may block
 * waits with `Atomics.wait`. Long enough to cover the gaps inside a step (the calling thread copying the next
 * batch's rows, reducing the costs) without sleeping: a sleeper is woken by a system call and takes tens of
 * microseconds to run again, twice a step (MNIST f32 on 2 threads: 65.9 k samples/s with 1 µs of spinning, 68.5 k
 * with 100 µs). Short enough that on a machine whose cores are all busy a spinning thread takes little of the time
 * of the one it waits for (see {@link wake}).
 * @internal
 */
export const SPINS = 1 << 14

/**
 * A layer as a worker builds it: widths, activation, and offsets (in numbers) into the arena of `W`, `b` and
 * of this worker's gradient buffers.
 * @internal
 */
export interface WorkerLayer {
  readonly inputs: number
  readonly outputs: number
  readonly act: PlanActivation
  readonly alpha: number
  readonly w: number
  readonly b: number
  readonly gW: number
  readonly gb: number
}

/**
 * The message that starts worker `index`: the shared buffers, the kernels (the `WebAssembly.Module` the calling
 * thread compiled, or none for the JavaScript kernels) and the plan's layout.
 * @internal
 */
export interface WorkerInit {
  readonly index: number
  /** The threads of the plan (the calling thread and its workers): the control words are `threads·STRIDE`. */
  readonly threads: number
  /**
   * The arena: Θ, gradients, `Z`, `A`, `Δ`, the input rows (float64 or float32 numbers); with `shared`, the
   * buffer of the shared `WebAssembly.Memory` whose first bytes it is.
   */
  readonly arena: SharedArrayBuffer
  /** Float64: the batch's target rows from 0, then one cost share per slice from `shares`. */
  readonly io: SharedArrayBuffer
  readonly ctrl: SharedArrayBuffer
  readonly f32: boolean
  readonly module: unknown
  readonly relaxed: boolean
  readonly cost: PlanCost
  readonly sum: boolean
  readonly layers: ReadonlyArray<WorkerLayer>
  readonly x: number
  readonly z: ReadonlyArray<number>
  /** `-1`: `A` is `Z` (identity). */
  readonly a: ReadonlyArray<number>
  readonly d: ReadonlyArray<number>
  readonly shares: number
  /**
   * The update: the optimizer's spec, where η, `λ_{L2}` and the L2 switch are in `io` (at `params`, `+ 1`, `+ 2`;
   * at `+ 3`, 1 when a slice may skip its input's zero columns), and the flags.
   */
  readonly spec: OptimizerSpec
  readonly params: number
  readonly flags: number
  readonly tensors: ReadonlyArray<WorkerTensor>
  /** Where the arena is shared WebAssembly memory (`arena` is its buffer): see {@link WorkerShared}. */
  readonly shared: WorkerShared | undefined
}

/**
 * A shared module arena as a worker attaches to it (`kernels.ts`'s `attachArena`): the `WebAssembly.Memory`,
 * the kernels compiled to import it, the arena's bytes, this worker's scratch address and, for float32, the
 * byte address of the batch's rows as float64 (`-1`: none).
 * @internal
 */
export interface WorkerShared {
  readonly module: unknown
  readonly memory: unknown
  readonly bytes: number
  readonly scratch: number
  /** The bytes of that scratch. */
  readonly scratchBytes: number
  readonly stage: number
}

/**
 * A tensor of the update, by offsets into the arena: `θ` (`n` numbers), slice 0's gradient `G` (which the sum
 * is stored into), the workers' gradients, the optimizer's slots.
 * @internal
 */
export interface WorkerTensor {
  readonly matrix: boolean
  readonly n: number
  readonly w: number
  readonly g: number
  readonly others: ReadonlyArray<number>
  readonly slots: ReadonlyArray<number>
}

/**
 * Waits until `word` of `ctrl` differs from `seen` and returns its value: spins, then (where `block`) sleeps in
 * `Atomics.wait`, with `sleeps` set to 1 meanwhile.
 * @internal
 */
export const awaitChange = (ctrl: Int32Array, word: number, seen: number, block: boolean, sleeps: number): number => {
  for (let i = 0; ; i++) {
    const v = Atomics.load(ctrl, word)
    if (v !== seen) return v
    if (block && i >= SPINS) {
      Atomics.store(ctrl, sleeps, 1)
      Atomics.wait(ctrl, word, seen, 1000)
      Atomics.store(ctrl, sleeps, 0)
    }
  }
}

/**
 * Sets `word` to `value` and wakes its waiter if it sleeps (`sleeps` is 1). The atomics are sequentially
 * consistent, so a waiter that sets `sleeps` after this read it sees the new `word` and does not sleep.
 * @internal
 */
export const wake = (ctrl: Int32Array, word: number, value: number, sleeps: number): void => {
  Atomics.store(ctrl, word, value)
  if (Atomics.load(ctrl, sleeps) === 1) Atomics.notify(ctrl, word)
}
