/**
 * The compiled training plan: `train` runs the minibatches of an epoch through it when the network is made
 * only of `dense` layers with built-in activations and the cost is a built-in one (every built-in optimizer,
 * schedule, `l2`, `reduction` and weight decay included); any other network takes the reference path,
 * `trainStep`.
 *
 * A network's shapes are static, so the plan allocates once, in one arena: Θ, the gradients `∂C/∂Wˡ`,
 * `∂C/∂bˡ`, the optimizer slots, and per layer `Zˡ`, `Aˡ` and `Δˡ` for the largest batch. On one thread, where
 * the WebAssembly kernels run, the arena is a block of their module memory (`kernels.ts`'s `moduleArena`): the
 * products read their operands and write their results in place (the bias added on the way out), and the bias
 * gradient, the L2 term, ReLU/leaky ReLU and the `σ'` of ReLU, leaky ReLU, sigmoid and tanh, and the optimizer's
 * rule are `elementwise.wat`'s SIMD loops (`module-update.ts`), each with the operations of its JavaScript loop
 * in the same order, so the same bits; the views are remade whenever module memory has grown (for a larger
 * product elsewhere) since they were made, and the block is given back when the run ends (or, for a run that
 * is dropped unfinished, when the plan is collected). Without WebAssembly the arena is an `ArrayBuffer` and
 * the products copy their operands into module memory and back. Each step then allocates no buffer (only a few small views and records):
 *
 * - forward `Zˡ = Aˡ⁻¹·Wˡ + bˡ` (the same `gemmNN`, then the bias added in place), `Aˡ = σ(Zˡ)`;
 * - the cost `C` and `Δᴸ = ∂C/∂Zᴸ` (times `B` under `'sum'`), plus `R·(α/2)Σ‖Wˡ‖²` with `l2 = α`;
 * - per layer from the top: `∂C/∂Wˡ = (Aˡ⁻¹)ᵀΔˡ` (`gemmTN`), `∂C/∂bˡ = Σ_batch Δˡ`,
 *   `Δˡ⁻¹ = (Δˡ (Wˡ)ᵀ) ⊙ σ'(Zˡ⁻¹)` (`gemmNT`, with the old `Wˡ`), then `Wˡ`, `bˡ` and their slots updated in
 *   place by the optimizer's rule (after `∂C/∂Wˡ += R·α·Wˡ`), checking every new entry for finiteness on the way
 *   (in a module arena the whole backward pass runs first and the updates after it: the same results, since
 *   `Δˡ⁻¹` reads only the old `Wˡ`).
 *
 * Every formula is the reference's, with its floating-point operations in the same order (the loops of
 * `src/internal/plan-ops.ts`), and the products are the same kernel calls on the same operands, so a plan's
 * run is the reference run bit for bit: Θ, optimizer state, history, `Diverged` errors and all.
 *
 * With `precision: 'f32'` (`planFor(…, 'f32')`) the same plan runs in a `Float32Array` arena: Θ and the
 * optimizer slots are rounded to float32 when loaded, the input rows are copied (rounded) into the arena, the
 * three products are `kernels.ts`'s `gemmNNf32`/`gemmTNf32`/`gemmNTf32` (float32 arithmetic; small products
 * through `plan-ops-f32.ts`'s loop, summed in float64 and rounded once), and every other
 * loop (bias, `σ`, `σ'`, the cost and `Δᴸ`, the optimizer's rule) is the float64 one above, reading float32
 * entries and rounding each result once as it is stored. Θ and the state are read back as float64 tensors
 * holding those float32 values. Such a run has no reference to match bit for bit; `setPlanEnabled(false)`
 * does not apply to it (there is no float32 reference path).
 *
 * With `workers: n > 1` (`planFor(…, { workers: n })`) the arena is shared by the calling thread and `n − 1`
 * workers (`src/internal/worker-pool.ts`). Where the WebAssembly kernels run and shared WebAssembly memory is
 * allowed, it is the start of a shared `WebAssembly.Memory` (`kernels.ts`'s `sharedArenas`) that every thread's
 * instance of the kernels imports, each with its own scratch past the arena: every thread's products then run in
 * place and its elementwise work (and the reduction `G₀ + G₁ + …`, `elementwise.wat`'s `accum`) as the SIMD loops
 * above, the same bits. Otherwise it is a `SharedArrayBuffer` and the loops are JavaScript (again the same bits).
 * Per step the calling thread copies the batch's rows into it (float32 in shared memory: as float64, each thread
 * rounding its own rows into the arena), worker
 * `k` computes slice `k` of `m = min(n, B)` fixed row slices (`src/internal/worker-step.ts`: forward, cost share
 * `C_k`, backward into its own gradient buffers `G_k`, with the batch's `1/B`), the calling thread slice 0 into
 * the plan's gradients; the calling thread sums `C = Σ_k C_k` in slice order, and then every thread takes its
 * range of each tensor's entries, sums `G = G₀ + G₁ + …` there in slice order and applies the optimizer's update
 * above to it (`src/internal/worker-update.ts`). Deterministic for a given `n`; it differs from `n = 1` only by the grouping of the
 * sums over rows (within about 1e-12 in f64). Where workers cannot run, the plan runs the one-thread step and
 * `parallel()` says why.
 *
 * In WebAssembly memory (one thread or workers) the first layer skips the input columns that are +0 in every row of
 * a slice (`worker-step.ts`'s `sliceGradients`): its two products run over the other columns only (on MNIST about
 * 5/8 of the 784 pixels of a 64-row batch), the weight gradient's other rows are +0, and the bits are those of the
 * full products. This needs `W¹` finite, which the plan checks when it loads Θ (and every step keeps), and `Δ¹`
 * finite, which the slice checks through the bias gradient. `setZeroSkip(false)` turns it off (tests, benchmarks).
 *
 * The public API stays pure: the plan copies the caller's Θ and optimizer state into its arena (never
 * writing the caller's tensors), and hands `train` a carry whose `theta` and `opt` are fresh tensors read back
 * from the arena when first read after a step (for validation, early stopping, the result), never views of it.
 *
 * @internal
 * @since 0.2.0
 */
import type { Cost } from '../nn/cost.js'
import type { Dataset } from '../io/dataset.js'
import type { ModuleArena, SharedArenas } from '../internal/kernels.js'
import { arenaProduct, arenaScratch, gemmNN, gemmNT, gemmTN, moduleArena, sharedArenas } from '../internal/kernels.js'
import { buf, make } from '../internal/make.js'
import type { PlanActivation, PlanCost, PlanTally } from '../internal/plan-ops.js'
import { activationBackward, activationForward, costDelta, costValue, recordBatch } from '../internal/plan-ops.js'
import { productNN, productNT, productTN } from '../internal/plan-ops-f32.js'
import { outer1, rowTimes, rowTimesT, smallProductsAgree } from '../internal/plan-small.js'
import { WorkerPool } from '../internal/worker-pool.js'
import type { WorkerInit } from '../internal/worker-protocol.js'
import type { SliceLayer, SliceViews } from '../internal/worker-step.js'
import {
  allFinite,
  LOOP_MIN,
  runSlice,
  SKIP_MIN_INPUTS,
  sliceGradients,
  sliceOf,
  sliceStart,
  zeroSkipBytes,
} from '../internal/worker-step.js'
import type { UpdateTensor } from '../internal/worker-update.js'
import { applyRule, updateShare } from '../internal/worker-update.js'
import { addL2, applyRuleInModule, updateShareInModule } from '../internal/module-update.js'
import type { WorkerEnvironment } from './workers.js'
import { workerEnvironment } from './workers.js'
import type { AnyLayer, ParamSet } from '../nn/layer.js'
import type { Network } from '../nn/network.js'
import type { Optimizer, OptimizerSpec, OptimizerState } from './optimizer.js'
import type { Shape } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'

/** A plan's buffers: `Float64Array`s (`precision: 'f64'`) or `Float32Array`s (`'f32'`), never both in one plan. */
type Buf = Float64Array | Float32Array

/**
 * The storage and products of a plan: `'f64'` (the reference's kernels, bit for bit) or `'f32'` (the float32
 * kernels on `Float32Array` buffers).
 * @internal
 */
export type PlanPrecision = 'f64' | 'f32'

interface Numerics {
  readonly bytes: number
  readonly view: (arena: ArrayBuffer, off: number, n: number) => Buf
  readonly nn: (m: number, n: number, k: number, a: Buf, b: Buf, out: Buf) => void
  readonly tn: (m: number, n: number, k: number, a: Buf, b: Buf, out: Buf) => void
  readonly nt: (m: number, n: number, k: number, a: Buf, b: Buf, out: Buf) => void
}

const f64: Numerics = {
  bytes: 8,
  view: (arena, off, n) => new Float64Array(arena, off * 8, n),
  nn: gemmNN as Numerics['nn'],
  tn: gemmTN as Numerics['tn'],
  nt: gemmNT as Numerics['nt'],
}

const f32: Numerics = {
  bytes: 4,
  view: (arena, off, n) => new Float32Array(arena, off * 4, n),
  nn: productNN as Numerics['nn'],
  tn: productTN as Numerics['tn'],
  nt: productNT as Numerics['nt'],
}

// -------------------------------------------------------------------------------------
// the switch
// -------------------------------------------------------------------------------------

let enabled = true
let compiled = 0

/**
 * For tests: how many plans have compiled an arena so far (in this process).
 * @internal
 */
export const plansCompiled = (): number => compiled

/**
 * For tests and benchmarks: whether `train` may use compiled plans (default true); `false` forces the
 * reference path. Returns the previous setting.
 * @internal
 */
export const setPlanEnabled = (on: boolean): boolean => {
  const was = enabled
  enabled = on
  return was
}

/**
 * For tests: the live module arenas, where scratch starts and the size of module memory (`kernels.ts`).
 * @internal
 */
export { arenaMap } from '../internal/kernels.js'
export { zeroSkipsRun } from '../internal/worker-step.js'

let inModule = true

let sharedMade = 0

/**
 * For tests: how many plans have put their arena in shared WebAssembly memory (workers) so far.
 * @internal
 */
export const sharedArenasMade = (): number => sharedMade

/**
 * For tests and benchmarks: whether plans keep their arena in WebAssembly memory (default true; where the
 * kernels run): one-thread plans in module memory, plans on workers in a shared memory every thread's kernels
 * import. `false` gives them an `ArrayBuffer` (`SharedArrayBuffer`) arena, whose products copy their operands
 * into module memory and out, and whose loops are JavaScript. The same bits either way. Returns the previous
 * setting.
 * @internal
 */
export const setModuleArenas = (on: boolean): boolean => {
  const was = inModule
  inModule = on
  return was
}

let zeroSkip = true

/**
 * For tests and benchmarks: whether a plan in WebAssembly memory lets its first layer multiply by the input
 * columns that are not zero in every row of a slice only (`worker-step.ts`'s `sliceGradients`; default true). The
 * same bits either way. Returns the previous setting.
 * @internal
 */
export const setZeroSkip = (on: boolean): boolean => {
  const was = zeroSkip
  zeroSkip = on
  return was
}

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the plan reads of a training config (a `TrainConfig` is one).
 * @internal
 */
export interface PlanConfig {
  readonly cost: Cost
  readonly batchSize: number
  readonly task: 'classification' | 'regression'
  readonly l2?: number
  readonly reduction?: 'mean' | 'sum'
  readonly onBatch?: (info: {
    readonly epoch: number
    readonly batch: number
    readonly batches: number
    readonly loss: number
  }) => void | 'stop'
}

/**
 * Θ and the optimizer state, as `train` folds them.
 * @internal
 */
export interface PlanCarry<Ps extends ReadonlyArray<ParamSet>> {
  readonly theta: Ps
  readonly opt: OptimizerState<Ps>
}

/**
 * A step that diverged, as `trainStep` reports it.
 * @internal
 */
export interface PlanDiverged {
  readonly _tag: 'Diverged'
  readonly message: string
  readonly epoch: number
  readonly batch: number
  readonly layer?: number
}

/**
 * How an epoch run by the plan ended: the carry after its last step, and why it ended early, if it did.
 * @internal
 */
export interface EpochEnd<Ps extends ReadonlyArray<ParamSet>> {
  readonly carry: PlanCarry<Ps>
  readonly stop?: 'aborted' | 'callback'
  readonly error?: PlanDiverged
}

/**
 * A plan for one training run: `epoch` runs an epoch's minibatches of `ordered` (the examples in the order of
 * this epoch), adding each batch to `acc` and calling `onBatch`, and yields after each batch, as the reference
 * loop of `train` does.
 * @internal
 */
export interface Planner<Ps extends ReadonlyArray<ParamSet>> {
  epoch(
    carry: PlanCarry<Ps>,
    ordered: Dataset<number, number>,
    epoch: number,
    acc: PlanTally,
    aborted: () => boolean,
  ): Generator<void, EpochEnd<Ps>, undefined>
  /** The threads asked for and used, and why fewer, if fewer. */
  parallel(): PlanParallel
  /** Ends the plan's workers (if any); the plan must not run after. */
  close(): void
  /** Whether the plan is waiting for its workers to start (`trainAsync` then gives the event loop a timer turn). */
  starting(): boolean
}

/**
 * What a plan ran on: `requested` threads (`workers`), `used` of them, and why fewer.
 * @internal
 */
export interface PlanParallel {
  readonly requested: number
  readonly used: number
  readonly reason?: string
}

/**
 * How a plan may use workers: how many threads (the calling one included), and whether it is drained by
 * `train` (`'sync'`: it may only wait for its workers by blocking) or by `trainAsync` (`'async'`: it may
 * yield while they start).
 * @internal
 */
export interface PlanThreads {
  readonly workers: number
  readonly mode: 'sync' | 'async'
}

/** How long `train` waits for its workers to start before it trains on one thread. */
const READY_MS = 10_000

const activations: ReadonlyArray<string> = ['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'softmax']
const costs: ReadonlyArray<string> = ['quadratic', 'mse', 'crossEntropy', 'binaryCrossEntropy']
const optimizers: ReadonlyArray<string> = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']

const slotCount = (spec: OptimizerSpec): number => (spec.name === 'sgd' ? 0 : spec.name === 'adam' ? 2 : 1)

const isDenseParams = (p: unknown, inputs: number, outputs: number): p is ParamSet => {
  if (typeof p !== 'object' || p === null) return false
  const ks = Object.keys(p)
  if (ks.length !== 2 || !ks.includes('W') || !ks.includes('b')) return false
  const { W, b } = p as { readonly W: Tensor<Shape>; readonly b: Tensor<Shape> }
  return (
    W.data instanceof Float64Array &&
    b.data instanceof Float64Array &&
    W.shape.length === 2 &&
    W.shape[0] === inputs &&
    W.shape[1] === outputs &&
    W.data.length === inputs * outputs &&
    b.shape.length === 1 &&
    b.shape[0] === outputs &&
    b.data.length === outputs
  )
}

/**
 * The plan for training `net` from `carry` with `optimizer` (validated) and `config`, or `undefined` when the
 * reference path must run it: plans switched off, a layer whose `kind` is not `'dense'`, an activation or cost
 * that is not built in, or a Θ or optimizer state whose tensors do not have the dense layers' shapes.
 * @internal
 */
export const planFor = <Ps extends ReadonlyArray<ParamSet>>(
  net: Network<ReadonlyArray<AnyLayer>, number, number>,
  carry: PlanCarry<Ps>,
  optimizer: Optimizer,
  config: PlanConfig,
  precision: PlanPrecision = 'f64',
  threads: PlanThreads = { workers: 1, mode: 'sync' },
): Planner<Ps> | undefined => {
  // float32 has no reference path to fall back to, so the switch does not apply to it
  if (!enabled && precision === 'f64') return undefined
  const layers: ReadonlyArray<AnyLayer> = net.layers
  const theta = carry.theta as ReadonlyArray<unknown>
  const opt = carry.opt as { readonly t?: unknown; readonly slots?: unknown }
  if (layers.length === 0 || theta.length !== layers.length) return undefined
  if (!costs.includes(config.cost.spec.name) || !optimizers.includes(optimizer.spec.name)) return undefined
  if (typeof opt.t !== 'number' || !Array.isArray(opt.slots) || opt.slots.length !== slotCount(optimizer.spec))
    return undefined
  const slots = opt.slots as ReadonlyArray<ReadonlyArray<unknown>>
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l] as AnyLayer
    if (layer.kind !== 'dense' || !activations.includes(layer.activation.spec.name)) return undefined
    if (l > 0 && layer.inputs !== (layers[l - 1] as AnyLayer).outputs) return undefined
    if (!isDenseParams(theta[l], layer.inputs, layer.outputs)) return undefined
    for (const s of slots)
      if (!Array.isArray(s) || s.length !== layers.length || !isDenseParams(s[l], layer.inputs, layer.outputs))
        return undefined
  }
  if (layers[0]?.inputs !== net.inputs) return undefined
  return new Plan<Ps>(layers, optimizer, config, precision === 'f32' ? f32 : f64, threads)
}

// -------------------------------------------------------------------------------------
// the plan
// -------------------------------------------------------------------------------------

interface LayerPlan {
  readonly inputs: number
  readonly outputs: number
  readonly act: PlanActivation
  readonly alpha: number
  /** Θ's keys of this layer in its order (`W`, `b` or `b`, `W`), for the carry and the `Diverged` report. */
  keys: ReadonlyArray<'W' | 'b'>
  shapeW: Shape
  shapeB: Shape
  readonly W: Buf
  readonly b: Buf
  readonly gW: Buf
  readonly gb: Buf
  /** The optimizer's slots of `W` and of `b`, slot by slot. */
  readonly sW: ReadonlyArray<Buf>
  readonly sb: ReadonlyArray<Buf>
}

/** The batch buffers for one batch size `B`: exact-length views of the arena. */
interface BatchViews {
  /** The batch's input rows, copied (small batches); `undefined`: a view of the data is taken per batch. */
  readonly x: Buf | undefined
  readonly z: ReadonlyArray<Buf>
  readonly a: ReadonlyArray<Buf>
  readonly d: ReadonlyArray<Buf>
}

/**
 * The plan yields to `train`'s driver (which may give the event loop back) after about this many multiply-adds
 * of forward products, and after every batch when a batch has more: a batch of a tiny network costs less than
 * the yield itself, and `trainAsync` only checks its clock at yields.
 */
const YIELD_WORK = 1 << 16

/** Input batches of up to this many numbers are copied into the arena; larger ones are read through a view. */
const COPY_MAX = 4096

/** A slice's gradient buffers, layer by layer. */
interface SliceGrads {
  readonly gW: ReadonlyArray<Buf>
  readonly gb: ReadonlyArray<Buf>
}

/** Module arenas of plans that were dropped without `close` (a `trainAsync` never drained) are given back. */
const planArenas = new FinalizationRegistry<() => void>((release) => release())

const actOf = (layer: AnyLayer): { act: PlanActivation; alpha: number } => {
  const spec = layer.activation.spec as { readonly name: PlanActivation; readonly alpha?: number }
  return { act: spec.name, alpha: spec.alpha ?? 0 }
}

class Plan<Ps extends ReadonlyArray<ParamSet>> implements Planner<Ps> {
  private readonly layers: ReadonlyArray<AnyLayer>
  private readonly optimizer: Optimizer
  private readonly config: PlanConfig
  private readonly cost: PlanCost
  private readonly sum: boolean
  private readonly alphaL2: number
  private readonly classification: boolean
  private built: ReadonlyArray<LayerPlan> | undefined
  private arena: ArrayBuffer | undefined
  /** Offsets (in numbers) of each layer's `Z`, `A` (`-1`: `A` is `Z`) and `Δ` blocks in the arena. */
  private zOff: Array<number> = []
  private aOff: Array<number> = []
  private dOff: Array<number> = []
  private xOff = 0
  private maxB = 0
  private views = new Map<number, BatchViews>()
  private lastB = 0
  /** Whether single-example steps call `plan-small.ts`'s loops (checked on first use), not the kernels. */
  private small: boolean | undefined
  private lastViews: BatchViews | undefined
  /** Batches run since the last yield, and how many to run between yields (see `epoch`). */
  private sinceYield = 0
  private yieldEvery = 1
  private t = 0
  /** Counts the steps, so the carry knows when what it read back is out of date. */
  private version = 0
  /** The cost of the last step (its loss before the per-example division). */
  private lastCost = 0
  /** Whether `W¹` is finite (at load, and after every step that kept Θ finite): the zero-column skip's premise. */
  private firstFinite = false
  /** Whether the scratch has the zero-column skip's room (`zeroSkipBytes`). */
  private skipRoom = false
  private readonly carryNow: PlanCarry<Ps>
  /** The storage and the products: float64 or float32. */
  private readonly num: Numerics
  /**
   * Float32: the input rows are always copied (and rounded) into the arena, which the f32 products read; so they
   * are with workers, which see only the arena.
   */
  private copyMax: number
  /** Threads asked for; threads that compute slices (1: the single-thread step); why fewer. */
  private readonly requested: number
  private threads: number
  private reason: string | undefined
  private readonly mode: 'sync' | 'async'
  private readonly env: WorkerEnvironment | undefined
  private pool: WorkerPool | undefined
  private poolReady = false
  /** Offsets (in numbers) of each layer's `W` and `b`, and of worker `k`'s gradient buffers (`[k − 1][l]`). */
  private wOff: Array<number> = []
  private bOff: Array<number> = []
  /** Offsets of each layer's gradients, and of its slots (layer after layer, slot after slot). */
  private gWOff: Array<number> = []
  private gbOff: Array<number> = []
  private sWOff: Array<number> = []
  private sbOff: Array<number> = []
  /** The tensors of the update, `W` then `b` per layer, with every slice's gradients (see `worker-update.ts`). */
  private updateTensors: ReadonlyArray<UpdateTensor> = []
  /** In `io`: η, `λ_{L2}`, whether L2 is on; then per thread one finiteness flag per tensor. */
  private paramsOff = 0
  private flagsOff = 0
  private gOff: Array<Array<{ readonly w: number; readonly b: number }>> = []
  /** Worker `k`'s gradient buffers, `[k − 1]`. */
  private workerGrads: Array<{ readonly gW: ReadonlyArray<Buf>; readonly gb: ReadonlyArray<Buf> }> = []
  /** With workers: the batch's target rows (float64) from 0, then each slice's cost share from `sharesOff`. */
  private io: Float64Array = new Float64Array(0)
  private sharesOff = 0
  private slices = new Map<number, ReadonlyArray<SliceViews>>()
  private sliceLayers: ReadonlyArray<SliceLayer> = []
  private arenaNumbers = 0
  /**
   * On one thread, where the WebAssembly kernels run: the arena is a block of their module memory, so the
   * products read and write it in place (bias added on the way out) and the bias gradient, L2 term and
   * optimizer rule are its SIMD loops (`elementwise.wat`, the same bits as the JavaScript loops). `base` is
   * its offset in numbers; `bound` the memory buffer the views were made on (remade after memory grows).
   */
  private module: ModuleArena | undefined
  /** With workers, where shared WebAssembly memory is available: the arena is in it, and `module` is this thread's. */
  private shared: SharedArenas | undefined
  /** Whether the pool was started on shared WebAssembly memory (a pool is reused only for the same kind). */
  private poolShared = false
  /** Float32 with a shared arena: byte address of the batch's input rows as float64, which each thread rounds. */
  private stageAt = -1
  /** Each layer's gradient buffers (slice 0's with workers). */
  private grads: SliceGrads | undefined
  private base = 0
  private bound: ArrayBuffer | undefined

  constructor(
    layers: ReadonlyArray<AnyLayer>,
    optimizer: Optimizer,
    config: PlanConfig,
    num: Numerics,
    threads: PlanThreads,
  ) {
    this.num = num
    this.copyMax = num === f32 ? Infinity : COPY_MAX
    this.requested = threads.workers
    this.threads = threads.workers
    this.mode = threads.mode
    if (threads.workers > 1) {
      const env = workerEnvironment()
      this.env = env
      if (env.unavailable !== undefined || env.spawn === undefined)
        this.fallBack(env.unavailable ?? 'no way to start a worker in this runtime')
      else if (threads.mode === 'sync' && !env.canBlock)
        this.fallBack(
          "train cannot wait for workers to start on a page's main thread (it may not block): use trainAsync",
        )
      else this.copyMax = Infinity
    }
    this.layers = layers
    this.optimizer = optimizer
    this.config = config
    this.cost = config.cost.spec.name as PlanCost
    this.sum = config.reduction === 'sum'
    this.alphaL2 = config.l2 ?? 0
    this.classification = config.task === 'classification'
    this.carryNow = lazyCarry(this)
  }

  /** Compiles the arena for batches of up to `maxB` rows and copies `carry` into it. */
  private load(carry: PlanCarry<Ps>, maxB: number): void {
    const ls = this.layers
    const nSlots = carry.opt.slots.length
    let total = 0
    for (const l of ls) total += (2 + nSlots) * (l.inputs * l.outputs + l.outputs)
    // the workers' gradient buffers, worker after worker
    const threads = Math.min(this.threads, maxB)
    if (threads < this.threads) this.reason = `a batch has at most ${maxB} rows, so ${threads} slices`
    const gradsAt = total
    if (threads > 1) for (const l of ls) total += (threads - 1) * (l.inputs * l.outputs + l.outputs)
    this.xOff = total
    total += maxB * (ls[0] as AnyLayer).inputs
    this.zOff = []
    this.aOff = []
    this.dOff = []
    for (const l of ls) {
      const size = maxB * l.outputs
      this.zOff.push(total)
      total += size
      if (actOf(l).act === 'identity') this.aOff.push(-1)
      else {
        this.aOff.push(total)
        total += size
      }
      this.dOff.push(total)
      total += size
    }
    const reuse =
      this.pool !== undefined &&
      total === this.arenaNumbers &&
      maxB === this.maxB &&
      threads === this.threads &&
      this.poolShared === inModule
    if (!reuse && this.pool !== undefined) {
      // a new layout: the workers of the old one end, and new ones start below
      this.pool.release()
      this.pool = undefined
      this.poolReady = false
    }
    this.threads = threads
    const bytes = total * this.num.bytes
    const f = this.num === f32
    const keepShared = reuse && this.shared !== undefined
    if (!keepShared) this.releaseModule()
    if (inModule && !keepShared) {
      let scratch = 0
      for (const l of ls) {
        const [i, o] = [l.inputs, l.outputs]
        for (const [m, n, k] of [
          [maxB, o, i],
          [i, o, maxB],
          [maxB, i, o],
        ] as const)
          if (arenaProduct(m, n, k)) scratch = Math.max(scratch, arenaScratch(f, m, n, k))
      }
      const inputs = (ls[0] as AnyLayer).inputs
      const rows = maxB * inputs * 8
      // float32: the one-thread step copies the input rows as they are (float64) into scratch, then rounds them
      // into the arena (a plan on workers too, after falling back to one thread)
      if (f) scratch = Math.max(scratch, rows)
      // the first layer's zero-column skip takes room at the end of the scratch: asked for first, and given up
      // (with the skip) where the memory would pass its limit with it
      const skipBytes = inputs >= SKIP_MIN_INPUTS ? zeroSkipBytes(f, maxB, inputs) : 0
      for (const extra of skipBytes > 0 ? [skipBytes, 0] : [0]) {
        if (threads === 1) {
          this.module = moduleArena(bytes, scratch + extra)
        } else {
          // float32: the batch's rows as float64 past the arena, each thread rounding its own into it
          const stage = f ? Math.ceil(bytes / 8) * 8 : -1
          const shared = sharedArenas(f ? stage + rows : bytes, threads, scratch + extra)
          if (typeof shared !== 'string') {
            this.shared = shared
            this.module = shared.arena
            sharedMade++
            this.stageAt = stage
          }
        }
        this.skipRoom = extra > 0
        if (this.module !== undefined) break
      }
    }
    const module = this.module
    if (module !== undefined) {
      this.copyMax = Infinity
      this.base = module.offset / this.num.bytes
      this.bound = module.buffer()
      if (this.shared === undefined) planArenas.register(this, module.release, this)
    } else this.base = 0
    const arena =
      module !== undefined
        ? module.buffer()
        : reuse
          ? (this.arena as ArrayBuffer)
          : threads > 1
            ? (new SharedArrayBuffer(bytes) as unknown as ArrayBuffer)
            : new ArrayBuffer(bytes)
    this.arenaNumbers = total
    const base = this.base
    const view = (b: ArrayBuffer, o: number, n: number): Buf => this.num.view(b, base + o, n)
    let off = 0
    this.wOff = []
    this.bOff = []
    this.gWOff = []
    this.gbOff = []
    this.sWOff = []
    this.sbOff = []
    const take = (n: number): Buf => {
      const v = view(arena, off, n)
      off += n
      return v
    }
    const theta = carry.theta as ReadonlyArray<ParamSet>
    this.built = ls.map((l, i) => {
      const p = theta[i] as ParamSet
      const nw = l.inputs * l.outputs
      const nb = l.outputs
      const lp: LayerPlan = {
        inputs: l.inputs,
        outputs: l.outputs,
        ...actOf(l),
        keys: Object.keys(p) as ReadonlyArray<'W' | 'b'>,
        shapeW: (p.W as Tensor<Shape>).shape,
        shapeB: (p.b as Tensor<Shape>).shape,
        W: (this.wOff.push(off), take(nw)),
        b: (this.bOff.push(off), take(nb)),
        gW: (this.gWOff.push(off), take(nw)),
        gb: (this.gbOff.push(off), take(nb)),
        sW: Array.from({ length: nSlots }, () => (this.sWOff.push(off), take(nw))),
        sb: Array.from({ length: nSlots }, () => (this.sbOff.push(off), take(nb))),
      }
      lp.W.set(buf(p.W as Tensor<Shape>))
      lp.b.set(buf(p.b as Tensor<Shape>))
      carry.opt.slots.forEach((s, k) => {
        const q = (s as ReadonlyArray<ParamSet>)[i] as ParamSet
        ;(lp.sW[k] as Buf).set(buf(q.W as Tensor<Shape>))
        ;(lp.sb[k] as Buf).set(buf(q.b as Tensor<Shape>))
      })
      return lp
    })
    this.grads = { gW: this.built.map((lp) => lp.gW), gb: this.built.map((lp) => lp.gb) }
    this.firstFinite = allFinite((this.built[0] as LayerPlan).W)
    if (threads > 1) {
      off = gradsAt
      this.gOff = []
      this.workerGrads = []
      for (let k = 1; k < threads; k++) {
        const at: Array<{ w: number; b: number }> = []
        const gW: Array<Buf> = []
        const gb: Array<Buf> = []
        for (const l of ls) {
          at.push({ w: off, b: off + l.inputs * l.outputs })
          gW.push(take(l.inputs * l.outputs))
          gb.push(take(l.outputs))
        }
        this.gOff.push(at)
        this.workerGrads.push({ gW, gb })
      }
      const nOut = (ls[ls.length - 1] as AnyLayer).outputs
      const tensors = 2 * ls.length
      if (!reuse) this.io = new Float64Array(new SharedArrayBuffer((maxB * nOut + threads + 4 + threads * tensors) * 8))
      this.sharesOff = maxB * nOut
      this.paramsOff = this.sharesOff + threads
      this.flagsOff = this.paramsOff + 4
      this.sliceLayers = this.built
      this.slices = new Map()
    }
    if (threads > 1) {
      const built = this.built
      this.updateTensors = built.flatMap((lp, l) => [
        {
          matrix: true,
          w: lp.W,
          g: lp.gW,
          others: this.workerGrads.map((g) => g.gW[l] as Buf),
          slots: lp.sW,
        },
        {
          matrix: false,
          w: lp.b,
          g: lp.gb,
          others: this.workerGrads.map((g) => g.gb[l] as Buf),
          slots: lp.sb,
        },
      ])
    }
    this.arena = arena
    this.maxB = maxB
    this.views = new Map()
    this.lastViews = undefined
    this.small = undefined
    let work = 0
    for (const l of ls) work += maxB * l.inputs * l.outputs
    this.yieldEvery = Math.max(1, Math.floor(YIELD_WORK / work))
    this.t = carry.opt.t
    this.version++
    compiled++
    if (threads > 1 && this.pool === undefined) this.startPool()
  }

  /** Gives the module arena back (reading the carry out of it first: nothing reads the arena after). */
  private releaseModule(): void {
    const module = this.module
    if (module === undefined) return
    if (this.built !== undefined) {
      void this.carryNow.theta
      void this.carryNow.opt
    }
    this.module = undefined
    this.bound = undefined
    if (this.shared === undefined) {
      planArenas.unregister(this)
      module.release()
    }
    this.shared = undefined
    this.stageAt = -1
  }

  /** After module memory grew (its old buffer detached): every view made again on the new buffer. */
  private rebind(): void {
    const module = this.module as ModuleArena
    const buffer = module.buffer()
    const at = (o: number, n: number): Buf => this.num.view(buffer, this.base + o, n)
    const ls = this.built as ReadonlyArray<LayerPlan>
    const nSlots = slotCount(this.optimizer.spec)
    this.built = ls.map((lp, l) => {
      const nw = lp.inputs * lp.outputs
      const nb = lp.outputs
      return {
        ...lp,
        W: at(this.wOff[l] as number, nw),
        b: at(this.bOff[l] as number, nb),
        gW: at(this.gWOff[l] as number, nw),
        gb: at(this.gbOff[l] as number, nb),
        sW: lp.sW.map((_, k) => at(this.sWOff[l * nSlots + k] as number, nw)),
        sb: lp.sb.map((_, k) => at(this.sbOff[l * nSlots + k] as number, nb)),
      }
    })
    this.grads = { gW: this.built.map((lp) => lp.gW), gb: this.built.map((lp) => lp.gb) }
    this.arena = buffer
    this.bound = buffer
    this.views = new Map()
    this.lastViews = undefined
  }

  /** Remakes the views if module memory grew since they were made. */
  private fresh(): void {
    if (this.module !== undefined && this.module.buffer() !== this.bound) this.rebind()
  }

  /** Trains on one thread from now on, saying why. */
  private fallBack(reason: string): void {
    this.pool?.close()
    this.pool = undefined
    this.poolReady = false
    this.threads = 1
    this.reason = reason
  }

  /** Starts workers `1 … threads − 1` on the arena (they report ready later; see `epoch`). */
  private startPool(): void {
    const ls = this.built as ReadonlyArray<LayerPlan>
    const arena = this.arena as unknown as SharedArrayBuffer
    const io = this.io.buffer as SharedArrayBuffer
    const threads = this.threads
    const init = (k: number, module: unknown, relaxed: boolean, ctrl: SharedArrayBuffer): WorkerInit => ({
      index: k,
      threads,
      arena,
      io,
      ctrl,
      f32: this.num === f32,
      module,
      relaxed,
      cost: this.cost,
      sum: this.sum,
      layers: ls.map((lp, l) => ({
        inputs: lp.inputs,
        outputs: lp.outputs,
        act: lp.act,
        alpha: lp.alpha,
        w: this.wOff[l] as number,
        b: this.bOff[l] as number,
        gW: ((this.gOff[k - 1] as ReadonlyArray<{ w: number; b: number }>)[l] as { w: number }).w,
        gb: ((this.gOff[k - 1] as ReadonlyArray<{ w: number; b: number }>)[l] as { b: number }).b,
      })),
      x: this.xOff,
      z: this.zOff,
      a: this.aOff,
      d: this.dOff,
      shares: this.sharesOff,
      spec: this.optimizer.spec,
      shared:
        this.shared === undefined
          ? undefined
          : {
              module: this.shared.module,
              memory: this.shared.memory,
              bytes: (this.module as ModuleArena).bytes,
              scratch: this.shared.scratchOf(k),
              scratchBytes: this.shared.scratchBytes,
              stage: this.stageAt,
            },
      params: this.paramsOff,
      flags: this.flagsOff,
      tensors: ls.flatMap((lp, l) => {
        const n = lp.sW.length
        const others = (key: 'w' | 'b') =>
          this.gOff.map((g) => (g[l] as { readonly w: number; readonly b: number })[key] as number)
        return [
          {
            matrix: true,
            n: lp.inputs * lp.outputs,
            w: this.wOff[l] as number,
            g: this.gWOff[l] as number,
            others: others('w'),
            slots: Array.from({ length: n }, (_, k) => this.sWOff[l * n + k] as number),
          },
          {
            matrix: false,
            n: lp.outputs,
            w: this.bOff[l] as number,
            g: this.gbOff[l] as number,
            others: others('b'),
            slots: Array.from({ length: n }, (_, k) => this.sbOff[l * n + k] as number),
          },
        ]
      }),
    })
    this.poolShared = this.shared !== undefined
    const pool = WorkerPool.acquire(this.env as WorkerEnvironment, threads - 1, init)
    if (typeof pool === 'string') this.fallBack(pool)
    else this.pool = pool
  }

  /** The slices of a batch of `B` rows (`min(threads, B)` of them), made once per batch size. */
  private slicesFor(B: number): ReadonlyArray<SliceViews> {
    const known = this.slices.get(B)
    if (known !== undefined) return known
    const ls = this.built as ReadonlyArray<LayerPlan>
    const full = this.viewsFor(B)
    const used = Math.min(this.threads, B)
    const out: Array<SliceViews> = []
    for (let k = 0; k < used; k++) {
      const g = k === 0 ? { gW: ls.map((l) => l.gW), gb: ls.map((l) => l.gb) } : this.workerGrads[k - 1]
      const grads = g as { readonly gW: ReadonlyArray<Buf>; readonly gb: ReadonlyArray<Buf> }
      out.push(
        sliceOf(
          this.sliceLayers,
          { x: full.x as Buf, z: full.z, a: full.a, d: full.d },
          sliceStart(B, used, k),
          sliceStart(B, used, k + 1),
          grads.gW,
          grads.gb,
        ),
      )
    }
    this.slices.set(B, out)
    return out
  }

  /**
   * {@link step} on `used = min(threads, B)` threads: the rows copied into the arena, slice `k` (rows
   * `⌊kB/used⌋ …`) computed by worker `k` and slice 0 here, the cost `C = C₀ + C₁ + …` in slice order, then
   * (unless `C` is not finite) the update shared out by ranges of entries: on each, `G = G₀ + G₁ + …` in slice
   * order, the L2 term and the optimizer's rule, as in {@link step}. A worker that fails has its part computed
   * here, and the run goes on in one thread.
   */
  private stepParallel(B: number, xs: Float64Array, xo: number, ys: Float64Array, yo: number): number {
    const ls = this.built as ReadonlyArray<LayerPlan>
    const pool = this.pool as WorkerPool
    const top = ls.length - 1
    const inputs = (ls[0] as LayerPlan).inputs
    const nOut = (ls[top] as LayerPlan).outputs
    const used = Math.min(this.threads, B)
    const slices = this.slicesFor(B)
    const x = this.viewsFor(B).x as Buf
    const io = this.io
    const module = this.module
    const stage = this.stageAt
    // float32 in a shared arena: the rows as they are (float64), each thread rounding its own into the arena
    const into = stage >= 0 ? new Float64Array((module as ModuleArena).buffer(), stage, B * inputs) : x
    // the workers' rows first, so that they start while this thread copies its own
    const r1 = sliceStart(B, used, 1)
    into.set(xs.subarray(xo + r1 * inputs, xo + B * inputs), r1 * inputs)
    io.set(ys.subarray(yo + r1 * nOut, yo + B * nOut), r1 * nOut)
    const skip = zeroSkip && this.firstFinite && this.skipRoom
    io[this.paramsOff + 3] = skip ? 1 : 0
    for (let k = 1; k < used; k++) pool.run(k, B, sliceStart(B, used, k), sliceStart(B, used, k + 1))
    into.set(xs.subarray(xo, xo + r1 * inputs))
    io.set(ys.subarray(yo, yo + r1 * nOut))
    const sl = this.sliceLayers
    let mean = runSlice(module, skip, this.num, sl, this.cost, this.sum, B, 0, r1, slices[0] as SliceViews, io, stage)
    let failed: string | undefined
    for (let k = 1; k < used; k++) {
      const r0 = sliceStart(B, used, k)
      if (!pool.join(k)) {
        // the worker failed: its slice is computed here, and the run goes on in one thread after this step
        failed = pool.status()
        const rk = sliceStart(B, used, k + 1)
        const v = slices[k] as SliceViews
        io[this.sharesOff + k] = runSlice(module, skip, this.num, sl, this.cost, this.sum, B, r0, rk, v, io, stage)
      }
      mean = mean + (io[this.sharesOff + k] as number)
    }
    if (failed !== undefined)
      this.fallBack(`a worker failed during training (${failed}); the run went on in one thread`)
    let cost = this.sum ? mean * B : mean
    const alpha = this.alphaL2
    const r = this.sum ? 1 : 1 / B
    if (alpha !== 0) {
      let s = 0
      for (const lp of ls) {
        const w = lp.W
        for (let k = 0; k < w.length; k++) s += (w[k] as number) ** 2
      }
      cost = cost + r * ((alpha / 2) * s)
    }
    this.lastCost = cost
    if (!Number.isFinite(cost)) return -1
    // the update on every thread, each on its range of every tensor: G = G₀ + G₁ + … (slice order), L2, rule
    const t = ++this.t
    this.version++
    const eta = this.optimizer.schedule.rate(t)
    const lam = r * alpha
    const l2 = alpha !== 0
    const spec = this.optimizer.spec
    const tensors = this.updateTensors
    const T = tensors.length
    const live = this.pool
    io[this.paramsOff] = eta
    io[this.paramsOff + 1] = lam
    io[this.paramsOff + 2] = l2 ? 1 : 0
    if (live !== undefined) for (let k = 1; k < used; k++) live.update(k, used, t)
    const loops = module?.loops(this.num === f32)
    const share = (k: number): void =>
      loops !== undefined
        ? updateShareInModule(loops, spec, t, eta, lam, l2, tensors, used, k, io, this.flagsOff + k * T)
        : updateShare(spec, t, eta, lam, l2, tensors, used, k, io, this.flagsOff + k * T)
    share(0)
    for (let k = 1; k < used; k++)
      if (live === undefined || !live.join(k)) {
        share(k)
        if (live !== undefined && failed === undefined) {
          failed = live.status()
          this.fallBack(`a worker failed during training (${failed}); the run went on in one thread`)
        }
      }
    let bad = 0
    for (let l = top; l >= 0; l--) {
      let fW = 0
      let fb = 0
      for (let k = 0; k < used; k++) {
        fW += io[this.flagsOff + k * T + 2 * l] as number
        fb += io[this.flagsOff + k * T + 2 * l + 1] as number
      }
      if (fW !== 0 || fb !== 0) {
        const lp = ls[l] as LayerPlan
        // NaN flags: the first key in Θ's order holding a non-finite entry
        const wBad = !(fW === 0)
        const bBad = !(fb === 0)
        const k = lp.keys[0] === 'W' ? (wBad ? 0 : 1) : bBad ? 0 : 1
        bad = 1 + 2 * l + k
      }
    }
    return bad
  }

  starting(): boolean {
    return this.pool !== undefined && !this.poolReady
  }

  parallel(): PlanParallel {
    return this.reason === undefined
      ? { requested: this.requested, used: this.threads }
      : { requested: this.requested, used: this.threads, reason: this.reason }
  }

  close(): void {
    this.releaseModule()
    this.pool?.release()
    this.pool = undefined
    this.poolReady = false
  }

  /** The arena's buffers for a batch of `B ≤ maxB` rows, made once per batch size. */
  private viewsFor(B: number): BatchViews {
    if (B === this.lastB && this.lastViews !== undefined) return this.lastViews
    const known = this.views.get(B) ?? this.makeViews(B)
    this.lastB = B
    this.lastViews = known
    return known
  }

  private makeViews(B: number): BatchViews {
    const arena = this.arena as ArrayBuffer
    const ls = this.built as ReadonlyArray<LayerPlan>
    const view = this.num.view
    const base = this.base
    const at = (off: number, n: number): Buf => view(arena, base + off, n)
    const inputs = (ls[0] as LayerPlan).inputs
    const z = ls.map((l, i) => at(this.zOff[i] as number, B * l.outputs))
    const v: BatchViews = {
      x: B * inputs <= this.copyMax ? at(this.xOff, B * inputs) : undefined,
      z,
      a: ls.map((l, i) => ((this.aOff[i] as number) < 0 ? (z[i] as Buf) : at(this.aOff[i] as number, B * l.outputs))),
      d: ls.map((l, i) => at(this.dOff[i] as number, B * l.outputs)),
    }
    this.views.set(B, v)
    return v
  }

  /**
   * One step on the `B` rows of `xs` from `xo` and of `ys` from `yo`: 0, `-1` when the loss is not finite
   * (nothing updated), or `1 + 2l + k` for the first layer `l` and key `k` (in Θ's order) holding a non-finite
   * entry after the update.
   */
  private step(B: number, xs: Float64Array, xo: number, ys: Float64Array, yo: number): number {
    this.fresh()
    const ls = this.built as ReadonlyArray<LayerPlan>
    const v = this.viewsFor(B)
    const top = ls.length - 1
    const { nn, tn, nt } = this.num
    // plan-small.ts's loops are the float64 kernels' bits; float32 always takes the f32 kernels
    if (B === 1 && this.small === undefined)
      this.small = this.num === f64 && ls.every((l) => smallProductsAgree(l.inputs, l.outputs))
    const one = B === 1 && this.small === true
    // in a module arena (and not a single-example step of plan-small.ts): worker-step.ts's pass on the whole batch
    const module = one ? undefined : this.module
    const f = this.num === f32
    let x: Buf
    if (v.x !== undefined) {
      x = v.x
      const n = x.length
      // TypedArray.set copies float64 rows fastest, but converts them to float32 slowly (and a loop storing into
      // module memory is slower still): float32 rows are copied into scratch as they are and rounded there
      if (f && module !== undefined && n >= LOOP_MIN) {
        const s = module.scratchAt()
        new Float64Array(module.buffer(), s, n).set(xs.subarray(xo, xo + n))
        module.loops(true).widen(s, x.byteOffset, n)
      } else if (!f && n >= LOOP_MIN) x.set(xs.subarray(xo, xo + n))
      else for (let i = 0; i < n; i++) x[i] = xs[xo + i] as number
    } else x = xs.subarray(xo, xo + B * (ls[0] as LayerPlan).inputs)
    const out = ls[top] as LayerPlan
    const nOut = out.outputs
    const zTop = v.z[top] as Buf
    const aTop = v.a[top] as Buf
    let mean: number
    if (module !== undefined) {
      const grads = this.grads as SliceGrads
      const views: SliceViews = { x, z: v.z, a: v.a, d: v.d, gW: grads.gW, gb: grads.gb }
      mean = sliceGradients(
        module,
        zeroSkip && this.firstFinite && this.skipRoom,
        this.num,
        ls,
        this.cost,
        this.sum,
        B,
        B,
        views,
        ys,
        yo,
      )
    } else {
      let aIn = x
      for (let l = 0; l <= top; l++) {
        const lp = ls[l] as LayerPlan
        const z = v.z[l] as Buf
        const n = lp.outputs
        if (one) rowTimes(n, lp.inputs, aIn as Float64Array, lp.W as Float64Array, z as Float64Array)
        else nn(B, n, lp.inputs, aIn, lp.W, z)
        const bs = lp.b
        for (let i = 0; i < B; i++) {
          const o = i * n
          for (let j = 0; j < n; j++) z[o + j] = (z[o + j] as number) + (bs[j] as number)
        }
        const a = v.a[l] as Buf
        activationForward(lp.act, lp.alpha, z, a, B, n)
        aIn = a
      }
      mean = costValue(this.cost, out.act, zTop, aTop, ys, yo, B, nOut)
    }
    // the cost
    let cost = this.sum ? mean * B : mean
    const alpha = this.alphaL2
    const r = this.sum ? 1 : 1 / B
    if (alpha !== 0) {
      let s = 0
      for (const lp of ls) {
        const w = lp.W
        for (let k = 0; k < w.length; k++) s += (w[k] as number) ** 2
      }
      cost = cost + r * ((alpha / 2) * s)
    }
    this.lastCost = cost
    if (!Number.isFinite(cost)) return -1
    if (module === undefined) {
      const dTop = v.d[top] as Buf
      costDelta(this.cost, out.act, out.alpha, zTop, aTop, ys, yo, dTop, B, nOut)
      if (this.sum) for (let i = 0; i < dTop.length; i++) dTop[i] = B * (dTop[i] as number)
    }
    // backward (unless done above) and update, from the top: a layer's W is updated after Δ below it is made
    const t = ++this.t
    this.version++
    const eta = this.optimizer.schedule.rate(t)
    const lam = r * alpha
    let bad = 0
    for (let l = top; l >= 0; l--) {
      const lp = ls[l] as LayerPlan
      if (module === undefined) {
        const d = v.d[l] as Buf
        const n = lp.outputs
        const below = l > 0 ? (ls[l - 1] as LayerPlan) : undefined
        const aPrev = l > 0 ? (v.a[l - 1] as Buf) : x
        if (one) outer1(lp.inputs, n, aPrev as Float64Array, d as Float64Array, lp.gW as Float64Array)
        else tn(lp.inputs, n, B, aPrev, d, lp.gW)
        const gb = lp.gb
        gb.fill(0)
        for (let i = 0; i < B; i++) {
          const o = i * n
          for (let j = 0; j < n; j++) gb[j] = (gb[j] as number) + (d[o + j] as number)
        }
        if (below !== undefined) {
          const dPrev = v.d[l - 1] as Buf
          if (one) rowTimesT(lp.inputs, n, d as Float64Array, lp.W as Float64Array, dPrev as Float64Array)
          else nt(B, lp.inputs, n, d, lp.W, dPrev)
          activationBackward(below.act, below.alpha, v.z[l - 1] as Buf, v.a[l - 1] as Buf, dPrev, B, lp.inputs)
        }
      }
      if (alpha !== 0) addL2(this.module?.loops(f), lp.gW, lp.W, lam)
      const fW = this.update(t, eta, true, lp.W, lp.gW, lp.sW)
      const fb = this.update(t, eta, false, lp.b, lp.gb, lp.sb)
      if (fW !== 0 || fb !== 0) {
        // the first key in Θ's order holding a non-finite entry
        const k = lp.keys[0] === 'W' ? (fW !== 0 ? 0 : 1) : fb !== 0 ? 0 : 1
        bad = 1 + 2 * l + k
      }
    }
    return bad
  }

  /**
   * The optimizer's rule on one tensor in place (`worker-update.ts`'s `applyRule` on every entry; in a module
   * arena `module-update.ts`'s SIMD loop, the same bits, for tensors of at least {@link LOOP_MIN} entries).
   * Returns 0 when every new entry is finite as stored, else `NaN`.
   */
  private update(t: number, eta: number, matrix: boolean, w: Buf, g: Buf, slots: ReadonlyArray<Buf>): number {
    const spec = this.optimizer.spec
    const module = this.module
    const len = w.length
    if (module === undefined || len < LOOP_MIN) return applyRule(spec, t, eta, matrix, w, g, slots, 0, len)
    return applyRuleInModule(module.loops(this.num === f32), spec, t, eta, matrix, w, g, slots)
  }

  *epoch(
    carry: PlanCarry<Ps>,
    ordered: Dataset<number, number>,
    epoch: number,
    acc: PlanTally,
    aborted: () => boolean,
  ): Generator<void, EpochEnd<Ps>, undefined> {
    const n = ordered.x.shape[0]
    const bs = this.config.batchSize
    const maxB = Math.min(bs, n)
    if (carry !== this.carryNow || this.built === undefined || maxB > this.maxB) {
      const from = carry === this.carryNow ? { theta: carry.theta, opt: carry.opt } : carry
      this.load(from, maxB)
    }
    if (this.pool !== undefined && !this.poolReady) {
      // the workers started in load; wait until each reports ready (or failed), blocking only where allowed
      let status: string
      if (this.mode === 'sync') status = this.pool.waitReady(READY_MS)
      else {
        const end = Date.now() + READY_MS
        while ((status = this.pool.status()) === 'pending') {
          if (Date.now() > end) {
            status = `a worker could not start: it was not ready within ${READY_MS} ms`
            break
          }
          yield
        }
      }
      if (status === 'ready') this.poolReady = true
      else this.fallBack(status)
    }
    const ls = this.built as ReadonlyArray<LayerPlan>
    const inputs = (ls[0] as LayerPlan).inputs
    const nOut = (ls[ls.length - 1] as LayerPlan).outputs
    const xs = buf(ordered.x)
    const ys = buf(ordered.y)
    const count = Math.ceil(n / bs)
    const onBatch = this.config.onBatch
    for (let b = 0; b < count; b++) {
      if (b > 0 && aborted()) return { carry: this.carryNow, stop: 'aborted' }
      const s = b * bs
      const B = Math.min(bs, n - s)
      const code =
        this.threads > 1 && B > 1
          ? this.stepParallel(B, xs, s * inputs, ys, s * nOut)
          : this.step(B, xs, s * inputs, ys, s * nOut)
      if (code > 0) this.firstFinite = false
      if (code !== 0) return { carry: this.carryNow, error: this.diverged(code, epoch, b + 1) }
      const loss = this.sum ? this.lastCost / B : this.lastCost
      recordBatch(acc, this.viewsFor(B).a[ls.length - 1] as Buf, ys, s * nOut, B, nOut, loss, this.classification)
      const request = onBatch === undefined ? undefined : onBatch({ epoch, batch: b + 1, batches: count, loss })
      if (++this.sinceYield >= this.yieldEvery) {
        this.sinceYield = 0
        yield
      }
      if (request === 'stop') return { carry: this.carryNow, stop: 'callback' }
    }
    return { carry: this.carryNow }
  }

  private diverged(code: number, epoch: number, batch: number): PlanDiverged {
    if (code < 0)
      return {
        _tag: 'Diverged',
        message: `diverged at epoch ${epoch}, batch ${batch}: the loss is ${this.lastCost}`,
        epoch,
        batch,
      }
    const l = (code - 1) >> 1
    const param = ((this.built as ReadonlyArray<LayerPlan>)[l] as LayerPlan).keys[(code - 1) & 1] as string
    return {
      _tag: 'Diverged',
      message: `diverged at epoch ${epoch}, batch ${batch}: layer ${l + 1} (${param}) has a non-finite entry`,
      epoch,
      batch,
      layer: l + 1,
    }
  }

  /** Fresh tensors of Θ, read from the arena. */
  readTheta(): Ps {
    this.fresh()
    return (this.built as ReadonlyArray<LayerPlan>).map((lp) => paramSet(lp, lp.W, lp.b)) as unknown as Ps
  }

  /** A fresh optimizer state, read from the arena. */
  readState(): OptimizerState<Ps> {
    this.fresh()
    const ls = this.built as ReadonlyArray<LayerPlan>
    const n = slotCount(this.optimizer.spec)
    return {
      t: this.t,
      slots: Array.from(
        { length: n },
        (_, k) => ls.map((lp) => paramSet(lp, lp.sW[k] as Buf, lp.sb[k] as Buf)) as unknown as Ps,
      ),
    }
  }

  /** The step count, which changes whenever the arena does. */
  stamp(): number {
    return this.version
  }
}

/** A fresh `Float64Array` of a buffer's values (a float32 plan's values, exactly). */
const wide = (v: Buf): Float64Array => (v instanceof Float64Array ? v.slice() : Float64Array.from(v))

/** A parameter set of fresh tensors with a layer's keys (in Θ's order) and shapes. */
const paramSet = (lp: LayerPlan, w: Buf, b: Buf): ParamSet => {
  const out: Record<string, Tensor<Shape>> = {}
  for (const k of lp.keys) out[k] = k === 'W' ? make(lp.shapeW, wide(w)) : make(lp.shapeB, wide(b))
  return out
}

/** The carry `train` holds while a plan runs: Θ and the state read back on first use after each step. */
const lazyCarry = <Ps extends ReadonlyArray<ParamSet>>(plan: Plan<Ps>): PlanCarry<Ps> => {
  let thetaAt = -1
  let theta: Ps | undefined
  let optAt = -1
  let opt: OptimizerState<Ps> | undefined
  return {
    get theta(): Ps {
      if (thetaAt !== plan.stamp() || theta === undefined) {
        theta = plan.readTheta()
        thetaAt = plan.stamp()
      }
      return theta
    },
    get opt(): OptimizerState<Ps> {
      if (optAt !== plan.stamp() || opt === undefined) {
        opt = plan.readState()
        optAt = plan.stamp()
      }
      return opt
    },
  }
}
